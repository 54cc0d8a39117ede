// The line under η, m and λ: they change the run as it goes, and what a link means once they
// did (the settings in force now, from the start: not a replay of the changes).

const BEFORE = "η, m and λ change this run from its next mini-batch; the rest starts a new run.";

export function createLiveNote(el, { bus, model }) {
  function show() {
    const n = model.history.changes ? model.history.changes.length : 0;
    el.dataset.changes = String(n);
    el.textContent = n === 0 ? BEFORE
      : `η, m or λ changed ${n === 1 ? "once" : `${n} times`} in this run (dashed on the metrics `
        + "chart). A link opens a new run with the settings now, from the start: Download run keeps "
        + "the changes.";
  }
  for (const topic of ["session", "change", "reset", "epoch"]) bus.on(topic, show);
  show();
}
