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
  return {
    say(topic, text, kind = "info") {
      lines.set(topic, { text, kind });
      show();
    },
  };
}
