// Your hands on the run: a small popover that sets one weight or bias to a typed value. The
// network view (a click) and the accumulation view's heatmaps (a double-click) open it, and
// Enter on either's keyboard cursor; closing gives the focus back to where it was. The
// server takes an edit between two mini-batches only, so that every gradient of a mini-batch
// is taken at the same weights; in the middle of one the popover offers to finish it first.

import { fmt } from "../palette.js";

const BOUND = 1000;

function nameOf({ layer, kind, row, col }) {
  return kind === "weight" ? `weights[${layer}][${row}][${col}]` : `biases[${layer}][${row}]`;
}

function valueOf(network, { layer, kind, row, col }) {
  return kind === "weight" ? network.weights[layer][row][col] : network.biases[layer][row];
}

export function createEditor({ session, model, bus, notify }) {
  const box = document.createElement("form");
  box.className = "editor";
  box.id = "weight-editor";
  box.hidden = true;
  box.setAttribute("role", "dialog");
  box.setAttribute("aria-label", "Set a weight or a bias");
  box.innerHTML = `<p class="editor-title"><code></code><span class="editor-what"></span></p>
    <p class="editor-now">now <code></code></p>
    <label class="editor-field"><span>new value</span>
      <input type="number" name="value" step="any" min="-${BOUND}" max="${BOUND}" required></label>
    <p class="editor-note" aria-live="polite"></p>
    <div class="editor-buttons">
      <button type="submit" class="btn btn-primary btn-small" data-edit="set">Set</button>
      <button type="button" class="btn btn-small" data-edit="finish" hidden>Finish the mini-batch</button>
      <button type="button" class="btn btn-ghost btn-small" data-edit="close">Close</button>
    </div>`;
  document.body.append(box);
  const input = box.querySelector("input");
  const note = box.querySelector(".editor-note");
  const setButton = box.querySelector('[data-edit="set"]');
  const finish = box.querySelector('[data-edit="finish"]');
  let target = null;
  let opener = null; // what had the focus when the editor opened: it gets it back on close

  // In the middle of a mini-batch: some of its examples are summed, the others are not.
  function underWay() {
    const p = model.position;
    return Boolean(p && !p.applied && p.k > 0 && p.k < p.m);
  }

  function refresh() {
    if (!target || !model.network) return;
    const p = model.position;
    box.querySelector(".editor-now code").textContent = fmt(valueOf(model.network, target), 6);
    const busy = underWay();
    input.disabled = setButton.disabled = busy;
    finish.hidden = !busy;
    box.classList.remove("invalid");
    note.textContent = busy
      ? `Mini-batch ${p.batch + 1} is under way (${p.k} of ${p.m} examples summed at the current ` +
        "weights). Finish it first, so that all its gradients are taken at the same weights."
      : "The next example's gradient is taken at the new value; the history keeps the edit.";
  }

  function open(spec, event) {
    if (!model.network) return;
    if (box.hidden) opener = document.activeElement;
    target = spec;
    box.querySelector(".editor-title code").textContent = nameOf(spec);
    box.querySelector(".editor-what").textContent = spec.kind === "weight"
      ? ` neuron ${spec.col} → neuron ${spec.row}` : ` neuron ${spec.row}'s bias`;
    input.value = String(Number(valueOf(model.network, spec).toPrecision(6)));
    box.hidden = false;
    refresh();
    const x = Math.min(event.clientX + 12, window.innerWidth - box.offsetWidth - 8);
    const y = Math.min(event.clientY + 12, window.innerHeight - box.offsetHeight - 8);
    box.style.left = `${Math.max(8, x) + window.scrollX}px`;
    box.style.top = `${Math.max(8, y) + window.scrollY}px`;
    if (!input.disabled) input.select();
  }

  function close() {
    const inside = box.contains(document.activeElement);
    box.hidden = true;
    target = null;
    // a keyboard user goes on from the link, neuron or cell the editor was opened on
    if (inside && opener && opener.isConnected) opener.focus({ preventScroll: true });
    opener = null;
  }

  box.addEventListener("submit", async (event) => {
    event.preventDefault();
    const value = Number(input.value);
    if (!target || input.value.trim() === "" || !Number.isFinite(value) || Math.abs(value) > BOUND) {
      box.classList.add("invalid");
      note.textContent = `value: a number between −${BOUND} and ${BOUND}`;
      return;
    }
    const { layer, kind, row, col } = target;
    try {
      await session.edit(kind === "weight" ? { layer, kind, row, col, value } : { layer, kind, row, value });
      close();
    } catch (error) {
      box.classList.add("invalid");
      note.textContent = error.message;
    }
  });
  finish.addEventListener("click", () => session.step("batch"));
  box.querySelector('[data-edit="close"]').addEventListener("click", close);
  box.addEventListener("keydown", (event) => {
    if (event.key === "Escape") close();
    event.stopPropagation(); // typing a value is not a keyboard shortcut
  });
  document.addEventListener("mousedown", (event) => {
    if (!box.hidden && !box.contains(event.target) && !event.target.closest("[data-editable]")) close();
  });
  for (const topic of ["example", "update", "state", "network"]) bus.on(topic, refresh);
  bus.on("session", close);
  bus.on("edit", (e) => notify(`${nameOf(e)}: ${fmt(e.old, 4)} → ${fmt(e.new, 4)} (set by hand)`));
  return { open, close };
}
