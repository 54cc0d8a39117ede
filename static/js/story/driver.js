// What the story does to the page: the page's own actions (the session's step, the buttons of the
// transport, of compare, of the code panel and of the why views), each followed by a wait for the
// state it promises (the model's position, or the data attributes the views set when drawn).
// Training only ever goes forward: a step that needs examples takes them from the run as it is.

const WAIT_MS = 20000; // then go on anyway: a refused step (a diverged run) must not hang the story
const MODEL_TOPICS = ["example", "update", "state", "session", "reset", "loaded", "network"];

const $ = (selector) => document.querySelector(selector);

export function createDriver({ bus, model, session }) {
  const app = document.getElementById("app");

  let live = () => true; // false once the story has left this step: stop waiting, do no more

  // Resolves true once pred() holds, checked whenever watch(check) calls check (and every
  // 250 ms); false when the story left the step, or after WAIT_MS.
  function waitFor(pred, watch) {
    if (pred()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const started = performance.now();
      const check = () => {
        const ok = pred();
        if (!ok && live() && performance.now() - started < WAIT_MS) return;
        stop();
        clearInterval(timer);
        resolve(ok);
      };
      const stop = watch(check);
      const timer = setInterval(check, 250);
    });
  }

  // Checked when the model says it changed.
  const untilModel = (pred) => waitFor(pred, (check) => {
    const offs = MODEL_TOPICS.map((topic) => bus.on(topic, check));
    return () => offs.forEach((off) => off());
  });

  // Checked when an attribute (or a child) under `root` changes.
  const untilDom = (root, pred) => waitFor(pred, (check) => {
    const watch = new MutationObserver(check);
    watch.observe(root, { attributes: true, subtree: true, childList: true });
    return () => watch.disconnect();
  });

  // The size of the mini-batch the next example starts, once this one has its update.
  function nextM() {
    const { batch_size: size, n_train: n } = model.session.config;
    const { batch, batches } = model.position;
    const next = batch + 1 < batches ? batch + 1 : 0;
    return Math.min(size, n - next * size);
  }

  // n examples of the run through the session (as the step button), then the position they reach.
  async function examples(n) {
    if (n <= 0 || !model.session || !live()) return;
    pause();
    const p = model.position;
    const m = p.applied ? nextM() : p.m;
    const goal = (p.applied ? 0 : p.k) + n;
    const seq = p.seq;
    session.step("example", n);
    await untilModel(() => {
      const q = model.position;
      return q.seq > seq && q.k === goal && q.applied === (goal === m);
    });
  }

  function pause() {
    const play = $("#transport [data-act='play']");
    if (play && play.getAttribute("aria-pressed") === "true") play.click();
  }

  const comparing = () => app.classList.contains("comparing");

  async function codePanel() {
    const panel = $("#code-panel");
    await untilDom(panel, () => panel.dataset.code === "1");
    return panel;
  }

  return {
    // The story's own test of whether this step is still the one asked for.
    set live(fn) {
      live = fn;
    },
    // At least one example of an unfinished mini-batch: its gradient is shown.
    async oneExample() {
      const p = model.position;
      if (p.applied || p.k === 0) await examples(1);
    },
    // Every example of the mini-batch but its last (at least the first).
    async allButLast() {
      const p = model.position;
      const m = p.applied ? nextM() : p.m;
      await examples(Math.max(1, m - 1) - (p.applied ? 0 : p.k));
    },
    // The mini-batch finished: its m-th example, and with it the update.
    async finishBatch() {
      const p = model.position;
      if (!p.applied) await examples(p.m - p.k);
    },
    // At least one update applied (the matrix form shows the last finished mini-batch).
    async someUpdate() {
      if (model.position.updates === 0 && !model.position.applied) await this.finishBatch();
    },
    async closeCompare() {
      if (!comparing() || !live()) return;
      $("#compare [data-cmp='close']").click();
      await untilDom(app, () => !comparing());
    },
    // Compare open, with one mini-batch stepped in every run.
    async openCompare() {
      const el = $("#compare");
      if (!comparing() && live()) $("#compare-button").click();
      await untilDom(el, () => el.dataset.ready === "1" && el.dataset.settled === "1");
      if (el.dataset.steps !== "0" || !comparing() || !live()) return;
      el.querySelector("[data-cmp='batch']").click();
      await untilDom(el, () => Number(el.dataset.steps) > 0 && el.dataset.settled === "1");
    },
    // The code panel back at the latest step, as the run's events come.
    async codeLive() {
      const panel = await codePanel();
      const latest = panel.querySelector("[data-code='live']");
      if (!latest.disabled && live()) latest.click();
      await untilDom(panel, () => panel.dataset.live === "1");
    },
    // The code panel on the latest example (not the update), and the rebinding of its line open.
    async codeExample() {
      const panel = await codePanel();
      if (!live()) return;
      if (panel.dataset.kind === "update") panel.querySelector("[data-code='prev']").click();
      await untilDom(panel, () => panel.dataset.kind === "example");
      if (live()) panel.querySelector(".code-rebind").open = true;
    },
    async openMatrix() {
      const matrix = $(".code-matrix");
      if (matrix) matrix.open = true;
    },
    // The noise against m, measured at the current weights (once: it keeps what it drew).
    async measureNoise() {
      const chart = $("#noise-chart");
      if (chart.dataset.m || !live()) return;
      $("[data-act='noise']").click();
      await untilDom(chart, () => Boolean(chart.dataset.m));
    },
  };
}
