// One plain sentence per step, in the book's terms: what the event just did. The accumulation
// view's caption and the code panel's say the same, from the same functions.

import { fmt } from "../palette.js";

// Before the first example of a mini-batch (batch counts from 0).
export function startSentence(batch) {
  return `Mini-batch ${batch + 1} is about to start: nabla_w is all zeros. ` +
    "Step an example to run backprop on its first (x, y).";
}

// Example event `e` of a run whose update mode is `mode`.
export function exampleSentence(e, mode) {
  const which = `Example ${e.index + 1} of ${e.batch_size} (training row ${e.sample})`;
  if (mode === "per_example") {
    return `${which}: the weights moved by −η/m times this example's gradient, ` +
      "so the next gradient is taken at the moved weights.";
  }
  return `${which}: its gradient is added to nabla_w; the weights have not moved yet.`;
}

// A mini-batch met part way (a saved run opened, a page reloaded): `batch` holds its examples
// so far, the last one `batch.last`.
export function resumedSentence(batch, mode) {
  const e = batch.last;
  const moved = mode === "per_example"
    ? `the weights moved after ${e.index === 0 ? "it" : "each of them"}`
    : "the weights have not moved yet";
  const summed = e.index === 0
    ? `example 1 of ${e.batch_size} is summed into nabla_w (training row ${e.sample})`
    : `examples 1 to ${e.index + 1} of ${e.batch_size} are summed into nabla_w (the last, ` +
      `training row ${e.sample})`;
  return `Mini-batch ${e.batch + 1}, part way: ${summed}; ${moved}. ` +
    `Step an example to go on with example ${e.index + 2}.`;
}

// Update event `u` (it carries its own eta, lmbda, mode and m).
export function updateSentence(u) {
  const m = u.batch_size;
  if (u.mode === "per_example") {
    return `End of the mini-batch: nothing moves now; the weights already moved ${m} ` +
      `time${m === 1 ? "" : "s"}, by −η/m times each example's gradient in turn.`;
  }
  const decay = u.lmbda > 0 ? ", after the L2 decay" : "";
  return `End of the mini-batch: the weights move once, by −η/m times the sum of ${m} ` +
    `gradient${m === 1 ? "" : "s"} (η/m = ${fmt(u.eta)}/${m} = ${fmt(u.eta / m)}${decay}).`;
}

// Edit event `e`: a weight or a bias set by hand, between two mini-batches.
export function editSentence(e) {
  const name = e.kind === "weight" ? `weights[${e.layer}][${e.row}][${e.col}]` : `biases[${e.layer}][${e.row}]`;
  return `Set by hand: ${name} went from ${fmt(e.old, 4)} to ${fmt(e.new, 4)}. Every gradient of ` +
    `mini-batch ${e.batch + 1} is taken at the new value, and its update starts from it.`;
}

// Why examples came without their gradients (in per_example mode, without the weights after
// them too): batch.missing, set by the model. `note`: a few words for a chart or a value cell;
// `sentence`: the reason, for a caption.
const MISSING = {
  speed: {
    note: "not sent at this speed", cell: "not sent",
    sentence: (what) => `Played too fast to send ${what}: pause and step to see them.`,
  },
  size: {
    note: "not sent for so large a step", cell: "not sent",
    sentence: (what) => `A step this large sends only each example's cost: ${what} would be ` +
      "too many numbers. Step fewer at a time to see them.",
  },
  fetch: {
    note: "not restored: too many numbers", cell: "not restored",
    sentence: (what) => `Restored from the server without ${what}: at full detail, the ` +
      "examples so far are too many numbers to fetch at once. The examples still to come bring theirs.",
  },
  limit: {
    note: "not restored: over the server's limit", cell: "not restored",
    sentence: (what) => `Restored from the server without ${what}: at full detail, the ` +
      "examples so far are more numbers than the server sends in one answer. The examples still " +
      "to come bring theirs.",
  },
  start: {
    note: "the weights it started from were not restored", cell: "not restored",
    sentence: () => "The weights this mini-batch started from were not restored.",
  },
  restored: {
    note: "not restored", cell: "not restored",
    sentence: (what) => `Restored from the server without ${what}. The examples still to come ` +
      "bring theirs.",
  },
};

const missingOf = (why) => MISSING[why] || MISSING.speed;

// The few words a chart or a value cell shows where `why` left an example's numbers out.
export function missingNote(why) {
  return missingOf(why).note;
}

export function missingCell(why) {
  return missingOf(why).cell;
}

// The sentence a caption adds for an example event `e` that came without its gradient, in a
// run whose update mode is `mode`; "" when it has it.
export function missingSentence(e, why, mode) {
  if (!e || e.type !== "example" || e.delta_nabla_w) return "";
  const what = mode === "per_example"
    ? "each example's gradient and the weights after it"
    : "each example's gradient";
  return missingOf(why).sentence(what);
}
