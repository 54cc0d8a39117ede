// Play's stop conditions: after some epochs, when the training cost falls below a value, or
// when the test accuracy reaches one. The server checks them at each epoch's end and says
// which one stopped it; the reason stays on show until the next Play.

function read(input, scale = 1) {
  const text = input.value.trim();
  if (text === "") return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value / scale : text; // a bad value goes on: the server names it
}

export function createStops(root, { bus, notify }) {
  const epochs = root.querySelector('[name="stop_epochs"]');
  const cost = root.querySelector('[name="stop_cost"]');
  const accuracy = root.querySelector('[name="stop_accuracy"]');
  const reason = document.getElementById("stopped-reason");

  bus.on("stopped", (msg) => {
    reason.textContent = msg.message;
    reason.dataset.reason = msg.reason;
    reason.hidden = false;
    notify(msg.message);
  });
  bus.on("session", () => { reason.hidden = true; });
  bus.on("error", (msg) => {
    const input = msg.field && root.querySelector(`[name="${msg.field}"]`);
    if (input) input.closest("label").classList.add("invalid");
  });
  root.addEventListener("input", (event) => event.target.closest("label").classList.remove("invalid"));

  // Each field's rule, in the page's own units (the accuracy in percent, as the field says).
  const RULES = [
    [epochs, (v) => Number.isInteger(v) && v >= 1, "Stop after … epochs: a whole number, 1 or more."],
    [cost, (v) => v > 0, "Stop when the cost falls below …: a number above 0."],
    [accuracy, (v) => v > 0 && v <= 100, "Stop when the test accuracy reaches … %: a percentage above 0 and at most 100."],
  ];

  return {
    // What is wrong with the stop fields, in a learner's words (the field marked), or null.
    problem() {
      for (const [input, ok, words] of RULES) {
        const text = input.value.trim();
        if (text !== "" && !(Number.isFinite(Number(text)) && ok(Number(text)))) {
          input.closest("label").classList.add("invalid");
          input.setAttribute("aria-invalid", "true");
          return words;
        }
        input.removeAttribute("aria-invalid");
      }
      return null;
    },
    // The play message's stop fields; the ones left empty are left out.
    values() {
      reason.hidden = true;
      const out = { stop_epochs: read(epochs), stop_cost: read(cost), stop_accuracy: read(accuracy, 100) };
      return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined));
    },
  };
}
