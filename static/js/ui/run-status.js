// The page's status line about the runs themselves: where they came from when the page
// (re)opened: the same session (or comparison) again after a reload or Back, or a new one
// because that one had ended. One line per topic ("run", "compare"); they stay until another
// run takes this one's place (a change of configuration, Open run).

export function createRunStatus(el, { bus }) {
  const lines = new Map(); // topic -> {text, kind}

  function show() {
    el.replaceChildren(...[...lines].map(([topic, { text, kind }]) => {
      const line = document.createElement("span");
      line.className = "run-status-line";
      line.dataset.kind = kind;
      line.textContent = text;
      const close = document.createElement("button");
      close.type = "button";
      close.className = "run-status-close";
      close.textContent = "×";
      close.setAttribute("aria-label", "Dismiss");
      close.addEventListener("click", () => {
        lines.delete(topic);
        show();
      });
      line.append(close);
      return line;
    }));
    el.hidden = lines.size === 0;
  }

  bus.on("session", () => {
    lines.clear();
    show();
  });
  const say = (topic, text, kind = "info") => {
    lines.set(topic, { text, kind });
    show();
  };
  return {
    say,
    // The page came back to its session `p` (the model's position) after a reload or Back.
    back(p) {
      say("run", `Back to the same run, as the server has it: epoch ${p.epoch + 1}, mini-batch ` +
        `${p.batch + 1}, ${p.k} of ${p.m} examples summed, ${p.updates} update${p.updates === 1 ? "" : "s"} so far.`);
    },
    // Its session had ended: the run shown is a new one.
    gone() {
      say("run", "The run this page showed is no longer on the server (a session ends when unused " +
        "for a while, or when deleted): this is a new one, from the start, with the configuration " +
        "in the address.", "warning");
    },
  };
}
