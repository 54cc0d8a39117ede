// A long step (an epoch of mnist, many epochs of digits) runs on the server a chunk of
// examples at a time: this bar follows its progress messages, and Cancel stops it at the end
// of the chunk under way (whole mini-batches done, their events already shown).

import { thousands as number } from "../palette.js";

const LINGER_MS = 2500; // how long the bar stays up after a step ended or was cancelled

export function createProgress(root, { session, bus }) {
  const bar = root.querySelector("progress");
  const text = root.querySelector(".progress-text");
  const cancel = root.querySelector('[data-progress="cancel"]');
  let timer = null;

  function show(msg) {
    clearTimeout(timer);
    root.hidden = false;
    bar.max = msg.total;
    bar.value = msg.done;
    const units = `${msg.count} ${msg.unit}${msg.count === 1 ? "" : "s"}`;
    const ended = msg.cancelled || msg.done >= msg.total;
    root.dataset.state = msg.cancelled ? "cancelled" : ended ? "done" : "running";
    cancel.disabled = ended;
    text.textContent = msg.cancelled
      ? `Cancelled after ${number(msg.done)} of ${number(msg.total)} examples (${units}); ` +
        "training stopped at the end of a whole mini-batch."
      : `${units}: ${number(msg.done)} of ${number(msg.total)} examples`;
    if (ended) timer = setTimeout(() => { root.hidden = true; }, msg.cancelled ? 2 * LINGER_MS : LINGER_MS);
  }

  cancel.addEventListener("click", () => {
    cancel.disabled = true;
    text.textContent = "Cancelling at the end of this chunk…";
    session.cancel();
  });
  bus.on("progress", show);
  bus.on("session", () => {
    clearTimeout(timer);
    root.hidden = true;
  });
}
