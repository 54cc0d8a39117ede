// Stepping into `nabla_b = [nb + dnb for nb, dnb in zip(nabla_b, delta_nabla_b)]`, the line the
// seed question's asker read as a reset. The right-hand side runs first: zip pairs the OLD list's
// arrays with the example's, and a NEW list is built from their sums, element by element; only
// then is the name nabla_b rebound to it (the old list, no longer named, is dropped). Nothing is
// reset: every element of the new list is an old sum plus this example's part. Shown for the
// example step the code panel shows (its "codestep" on the bus), in data-slot="rebind".

import { compact } from "../palette.js";

const ENTRIES = 3;
const HTML = `<details class="code-rebind">
    <summary>Step into <code>nabla_b = [nb + dnb for nb, dnb in zip(nabla_b, delta_nabla_b)]</code></summary>
    <div class="rebind-bar">
      <button type="button" class="btn btn-small" data-rebind="prev" aria-label="Previous part">◀</button>
      <input type="range" name="rebind-step" min="0" max="0" value="0" aria-label="Part of the line">
      <button type="button" class="btn btn-small" data-rebind="next" aria-label="Next part">▶</button>
      <output class="rebind-pos"></output>
    </div>
    <p class="caption rebind-say"></p>
    <div class="rebind-lists"></div>
  </details>`;

const entries = (v) => `[${Array.from(v).slice(0, ENTRIES).map((x) => compact(x, 3)).join(", ")}` +
  `${v.length > ENTRIES ? ", …" : ""}]`;

// The parts of the line for example e: 0 the start, 1..L element l−1 built, L+1 the name rebound.
function sayAt(i, layers, k) {
  if (i === 0) return `Before the line runs (example ${k + 1}): the name nabla_b refers to the OLD list, the sum over the first ${k} example${k === 1 ? "" : "s"}. Python evaluates the right-hand side first: zip pairs each of its arrays with delta_nabla_b's.`;
  if (i <= layers) return `Element ${i - 1} of the NEW list: nb + dnb = nabla_b[${i - 1}] + delta_nabla_b[${i - 1}], a new array. The old list is untouched, and nabla_b still refers to it.`;
  return "The list comprehension is done, and only now is the name nabla_b rebound to the new list. The old list, which no name refers to any more, is dropped. Nothing was reset: each element is the old sum plus this example's part.";
}

function listBox(title, arrays, { filled = arrays.length, className = "" } = {}) {
  const box = document.createElement("div");
  box.className = `rebind-list ${className}`;
  const h = document.createElement("p");
  h.className = "rebind-title";
  h.textContent = title;
  box.append(h);
  arrays.forEach((v, l) => {
    const row = document.createElement("div");
    row.className = `rebind-item${l < filled ? "" : " empty"}`;
    row.dataset.index = String(l);
    row.textContent = l < filled ? `[${l}] ${entries(v)}` : `[${l}] …`;
    if (l < filled) row.dataset.value = JSON.stringify(Array.from(v));
    box.append(row);
  });
  return box;
}

export function createRebindView({ el, bus, invalidate }) {
  el.innerHTML = HTML;
  const root = el.querySelector(".code-rebind");
  const slider = root.querySelector("[name='rebind-step']");
  const say = root.querySelector(".rebind-say");
  const lists = root.querySelector(".rebind-lists");
  const view = { name: "rebind", render, minInterval: () => 0 };
  let step = null; // the code panel's {fn, event, batch}
  let part = 0;
  let key = null;

  bus.on("codestep", (s) => {
    const next = s.event ? `${s.batch.key}:${s.event.seq}` : null;
    if (next !== key) part = 0;
    key = next;
    step = s;
    invalidate(view);
  });
  const go = (i) => {
    part = Math.max(0, Math.min(Number(slider.max), i));
    invalidate(view);
  };
  slider.addEventListener("input", () => go(Number(slider.value)));
  root.addEventListener("click", (event) => {
    const b = event.target.closest("button[data-rebind]");
    if (b) go(part + (b.dataset.rebind === "next" ? 1 : -1));
  });

  // The old list, the example's, the new: null when the events came without them.
  function valuesOf(e, batch) {
    if (!e.delta_nabla_b || !e.nabla_b) return null;
    const k = e.index;
    const prev = k > 0 ? batch.examples[k - 1] : null;
    const before = k === 0 ? e.delta_nabla_b.map((v) => new Array(v.length).fill(0)) : prev && prev.nabla_b;
    return before ? { before, delta: e.delta_nabla_b, after: e.nabla_b } : null;
  }

  function render() {
    const e = step && step.event;
    const usable = step && step.fn === "update_mini_batch" && e && e.type === "example";
    root.dataset.usable = usable ? "1" : "0";
    const v = usable ? valuesOf(e, step.batch) : null;
    if (!v) {
      say.textContent = usable ? "This step's values did not come at full detail: step by example to see them."
        : "Shown for an example step of update_mini_batch: step one example, or pick one above.";
      lists.replaceChildren();
      slider.max = "0";
      root.dataset.part = "0";
      return false;
    }
    const layers = v.after.length;
    slider.max = String(layers + 1);
    part = Math.min(part, layers + 1);
    slider.value = String(part);
    root.querySelector(".rebind-pos").textContent = part === 0 ? "the right-hand side starts"
      : part <= layers ? `element ${part - 1} of ${layers}` : "nabla_b rebound";
    say.textContent = sayAt(part, layers, e.index);
    const rebound = part > layers;
    lists.replaceChildren(
      listBox(rebound ? "old list (no name: dropped)" : "nabla_b → old list", v.before, { className: rebound ? "dropped" : "named" }),
      listBox("delta_nabla_b (this example)", v.delta),
      listBox(rebound ? "nabla_b → new list" : "new list, being built", v.after,
        { filled: Math.min(part, layers), className: rebound ? "named" : "building" }),
    );
    root.dataset.part = String(part);
    root.dataset.parts = String(layers + 2);
    return false;
  }
  return view;
}
