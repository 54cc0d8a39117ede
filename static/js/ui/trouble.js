// Training gone wrong, said once, in a learner's words, with what to try: training stopped
// because numbers overflowed (the state's status "diverged"), or every number is finite but
// the network has stopped learning or its weights have grown huge (an epoch's "warning",
// app/core/trouble.py). One notice at a time, never repeated while it stands: a state message
// arrives after every step and every second of play. A new run or a reset takes it away.

import { plain } from "../words.js";

export function createTroubleNotice({ bus, notify, session }) {
  let said = ""; // the text of the notice on screen ("" when none)
  let toast = null;

  function say(text, kind) {
    if (!text || text === said) return;
    clear();
    said = text;
    toast = notify(plain(text), {
      kind, sticky: true, action: { label: "Reset", run: () => session.reset() },
    });
    toast.dataset.trouble = kind;
  }
  function clear() {
    if (toast) toast.remove();
    [said, toast] = ["", null];
  }

  bus.on("state", (msg) => {
    const st = msg.state;
    if (st.status === "diverged") say(st.message, "error");
    else if (st.metrics && st.metrics.warning) say(st.metrics.warning, "warning");
  });
  bus.on("epoch", (e) => e && e.warning && say(e.warning, "warning"));
  bus.on("reset", clear);
  bus.on("session", clear);
}
