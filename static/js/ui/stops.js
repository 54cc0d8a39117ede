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

  return {
    // The play message's stop fields; the ones left empty are left out.
    values() {
      reason.hidden = true;
      const out = { stop_epochs: read(epochs), stop_cost: read(cost), stop_accuracy: read(accuracy, 100) };
      return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined));
    },
  };
}
