// The story "Why sum, then update once?": its steps, each a sentence or two in the book's notation
// (`code` between backquotes), the panels that answer it (CSS selectors, the first scrolled to),
// the lines of the code panel's listing it asks about (their marks), and what it does to the page to get there (driver.js). A step's drive brings the page into its
// state from any state, so a deep link (/?story=why-sum&step=4) or Back needs nothing before it.

export const STORY = "why-sum";
export const TITLE = "Why sum, then update once?";

export const STEPS = [
  {
    key: "question",
    title: "The question",
    text: "In the book's `update_mini_batch`, every example's gradient is added into `nabla_w`, and "
      + "the weights move once, after the loop. Why not move them after each example? Follow one "
      + "mini-batch of this run.",
    targets: ["#view-code .code-source"],
    lines: ["zeros_w", "loop", "backprop", "add_w", "update_w"], // marked in the code panel's listing
    drive: async (d) => {
      await d.closeCompare();
      await d.codeLive();
    },
  },
  {
    key: "example",
    title: "One example",
    text: "`backprop(x, y)` gives this example's gradient, `delta_nabla_w`: one matrix per layer. "
      + "It is added into `nabla_w`; the weights have not moved. Its `x` is ringed in the data.",
    targets: ["#view-accumulation .acc-example", "#view-data"],
    drive: async (d) => {
      await d.closeCompare();
      await d.oneExample();
      await d.codeLive();
    },
  },
  {
    key: "sum",
    title: "More examples",
    text: "Each next example adds its `delta_nabla_w`: the sum so far, `nabla_w`, grows, and the "
      + "weights stay where they were. Every gradient of the mini-batch is taken at the same `w`.",
    targets: ["#view-accumulation .acc-sum", "#view-accumulation .acc-weights"],
    drive: async (d) => {
      await d.closeCompare();
      await d.allButLast();
      await d.codeLive();
    },
  },
  {
    key: "update",
    title: "The m-th example: one update",
    text: "After the m-th example the loop ends, and the weights move once: "
      + "`w → w − (η/m)·nabla_w`, η times the mean of the m gradients. On the cost surface, "
      + "the m small steps `−(η/m)·∇ᵢ`, head to tail, end where that one update lands.",
    targets: ["#view-accumulation .acc-step", "#view-landscape"],
    drive: async (d) => {
      await d.closeCompare();
      await d.finishBatch();
      await d.codeLive();
    },
  },
  {
    key: "rebind",
    title: "The sum is never reset",
    text: "`nabla_w = [nw+dnw for …]` builds a new list, each element the old sum plus this "
      + "example's part, and only then rebinds the name `nabla_w` to it. Step into the line here.",
    targets: ["#view-code .code-rebind"],
    drive: async (d) => {
      await d.closeCompare();
      await d.finishBatch();
      await d.codeExample();
    },
  },
  {
    key: "compare",
    title: "What if the update were inside the loop?",
    text: "Compare trains the book's update beside the weights moving after every example, from "
      + "the same start on the same examples. Inside the loop, each gradient is taken at weights "
      + "the examples before it have already moved.",
    targets: ["#compare"],
    drive: async (d) => {
      await d.openCompare();
    },
  },
  {
    key: "estimate",
    title: "Why the sum points the right way",
    text: "`(1/m)·nabla_w` is the mean of m gradients: an estimate of the true gradient `∇C`, the "
      + "mean over all n training examples. Here, how closely it agrees, and how its noise "
      + "shrinks as m grows.",
    targets: ["#view-truth", "#view-noise"],
    drive: async (d) => {
      await d.closeCompare();
      await d.someUpdate();
      await d.measureNoise();
    },
  },
  {
    key: "matrix",
    title: "All m at once",
    text: "The same sum is one matrix product, `nabla_w = Δ·Aᵀ` over the whole mini-batch: "
      + "`update_mini_batch_matrix` computes it, and the tests check it equals the loop's.",
    targets: ["#view-code .code-matrix"],
    drive: async (d) => {
      await d.closeCompare();
      await d.someUpdate();
      await d.openMatrix();
    },
  },
];
