// The code, running: Network.update_mini_batch (or update_per_example) as the server has it,
// read from app/core/network.py by GET /api/code, never a copy. The lines the shown event ran
// are lit and, beside them as in Python Tutor, the values: k and the training row, a few entries
// of delta_nabla_w, nabla_w before and after the addition, the weights before and after a move.
// A slider steps back and forth over the events of the mini-batch received so far.

import { api } from "../api.js";
import { compact, exact, fmt } from "../palette.js";
import { exampleSentence, missingCell, missingSentence, startSentence, updateSentence } from "./captions.js";
import { buildListing, lightListing } from "./listing.js";

const FUNCTION_OF = { batch: "update_mini_batch", per_example: "update_per_example" };
const MODE_OF = { update_mini_batch: "batch", update_per_example: "per_example" };
// The marks an event runs (lit), and those run before it in the same call (shown as done).
const RUNS = {
  update_mini_batch: { example: ["backprop", "add_b", "add_w"], update: ["update_w", "update_b"] },
  update_per_example: { example: ["backprop", "update_w", "update_b"], update: [] },
};
const DONE = {
  update_mini_batch: {
    example: ["zeros_b", "zeros_w", "loop"],
    update: ["zeros_b", "zeros_w", "loop", "backprop", "add_b", "add_w", "m"],
  },
  update_per_example: {
    example: ["m", "loop"],
    update: ["m", "loop", "backprop", "update_w", "update_b"],
  },
};
const ENTRIES = 4;
const HTML = `<div class="code-panel" id="code-panel" data-step="-1" data-steps="0" data-live="1">
    <div class="code-scrub">
      <span class="code-scrub-label">Step through this mini-batch</span>
      <button type="button" class="btn btn-small" data-code="prev" aria-label="Previous step">◀</button>
      <input type="range" name="code-step" min="0" max="0" value="0" aria-label="Step of this mini-batch">
      <button type="button" class="btn btn-small" data-code="next" aria-label="Next step">▶</button>
      <output class="code-pos"></output>
      <button type="button" class="btn btn-small code-live" data-code="live">latest</button>
    </div>
    <p class="caption code-caption" id="code-caption"></p>
    <div class="code-main">
      <div class="code-source">
        <p class="code-where"></p>
        <p class="code-note" hidden><span></span>
          <button type="button" class="btn btn-small" data-code="run"></button></p>
        <div class="code-listing"></div>
        <div class="code-backprop" hidden><p class="code-where"></p><div class="code-listing"></div></div>
      </div>
      <div class="code-values" aria-live="off">
        <h3>Values at this step</h3>
        <dl class="code-scalars"></dl>
        <div class="code-table" role="table"></div>
        <p class="code-hint">Entries around the selected weight: click a cell above to choose another.</p>
        <div data-slot="rebind"></div>
      </div>
    </div>
    <p class="code-foot">The trainer runs a mini-batch's m backprops as one matrix product; the
      tests check that it gives the numbers of this loop.</p>
    <div data-slot="matrix"></div>
  </div>`;
const TOOLS = `<div class="code-toggle" role="group" aria-label="Code shown">
    <button type="button" data-fn="update_mini_batch" aria-pressed="false">update_mini_batch</button>
    <button type="button" data-fn="update_per_example" aria-pressed="false">update_per_example</button>
  </div>
  <label class="check code-check"><input type="checkbox" name="code-backprop"> backprop</label>`;

const argmax = (v) => Array.from(v).reduce((best, x, i, a) => (x > a[best] ? i : best), 0);

// Up to ENTRIES entries of layer l around the selected one, in row-major order.
function entriesAround(sel, sizes) {
  const l = Math.min(sel.layer, sizes.length - 2);
  const cols = sel.kind === "w" ? sizes[l] : 1;
  const total = sizes[l + 1] * cols;
  const at = sel.kind === "w" ? sel.j * cols + sel.k : sel.j;
  const start = Math.max(0, Math.min(at - 1, total - ENTRIES));
  const idx = [];
  for (let i = start; i < Math.min(total, start + ENTRIES); i++) {
    idx.push(sel.kind === "w" ? [Math.floor(i / cols), i % cols] : [i]);
  }
  const names = sel.kind === "w"
    ? { delta: "delta_nabla_w", sum: "nabla_w", param: "weights" }
    : { delta: "delta_nabla_b", sum: "nabla_b", param: "biases" };
  return { l, idx, selected: at - start, names };
}

// The events of the mini-batch so far, in order: its examples, then its update.
function stepsOf(batch) {
  const steps = batch.examples.filter(Boolean);
  if (batch.complete && batch.update) steps.push(batch.update);
  return steps;
}

// The rows of values step `e` shows: scalars [name, value, note] and entry rows.
function valuesOf(e, batch, mode, at) {
  const { l, idx, names } = at;
  const pick = (arrays) => (arrays ? idx.map((i) => (i.length === 2 ? arrays[l][i[0]][i[1]] : arrays[l][i[0]])) : null);
  const start = batch.start ? batch.start[names.param] : null;
  const self = `self.${names.param}`;
  if (e.type === "update") {
    const m = e.batch_size;
    const scalars = [["m", String(m), "len(mini_batch)"], ["η/m", fmt(e.eta / m, 4), `${fmt(e.eta)}/${m}`]];
    const rows = mode === "per_example"
      ? [{ id: "w-before", label: `${self} at the start`, values: pick(start) },
        { id: "w-after", label: `${self} now`, values: pick(e[names.param]), changed: true }]
      : [{ id: "sum", label: `${names.sum} (Σ of ${m})`, values: pick(e[names.sum]) },
        { id: "w-before", label: `${self} before`, values: pick(start) },
        { id: "w-after", label: `${self} after`, values: pick(e[names.param]), changed: true }];
    return { scalars, rows };
  }
  const k = e.index;
  const prev = k > 0 ? batch.examples[k - 1] : null;
  const scalars = [
    ["k", String(k), `example ${k + 1} of ${e.batch_size}`],
    ["x, y", `row ${e.sample}`, `label ${argmax(e.y)}`],
  ];
  const rows = [{ id: "delta", label: names.delta, values: pick(e[names.delta]), changed: true }];
  if (mode === "per_example") {
    const before = k === 0 ? start : prev && prev[names.param];
    rows.push({ id: "w-before", label: `${self} before`, values: pick(before) },
      { id: "w-after", label: `${self} after`, values: pick(e[names.param]), changed: true });
  } else {
    const before = k === 0 ? idx.map(() => 0) : pick(prev && prev[names.sum]);
    rows.push({ id: "sum-before", label: `${names.sum} before`, values: before },
      { id: "sum-after", label: `${names.sum} after`, values: pick(e[names.sum]), changed: true },
      { id: "w", label: self, values: pick(start), note: "not moved yet" });
  }
  return { scalars, rows };
}

function node(tag, className, text = "") {
  const el = document.createElement(tag);
  if (className) el.className = className;
  el.textContent = text;
  return el;
}

export function createCodeView({ el, tools, bus, model, invalidate, notify }) {
  el.innerHTML = HTML;
  tools.innerHTML = TOOLS;
  const root = el.querySelector(".code-panel");
  const slider = root.querySelector("[name='code-step']");
  const caption = root.querySelector(".code-caption");
  const [mainWhere, backpropWhere] = root.querySelectorAll(".code-where");
  const [mainBox, backpropBox] = root.querySelectorAll(".code-listing");
  const backpropPart = root.querySelector(".code-backprop");
  const note = root.querySelector(".code-note");
  const backpropCheck = tools.querySelector("[name='code-backprop']");
  const view = { name: "code", render, minInterval: () => (model.playing ? 33 : 0) }; // light: scheduler.js
  let code = null; // GET /api/code's functions
  let choice = null; // the function the reader picked, or null: the run's own
  let pinned = null; // the step the reader went back to, or null: the latest
  let batchKey = null;
  const listings = {};

  api.code().then((answer) => {
    code = answer.functions;
    for (const [name, listing] of Object.entries(code)) listings[name] = buildListing(listing);
    backpropBox.append(listings.backprop);
    backpropWhere.textContent = where(code.backprop, "called on the lit backprop line");
    invalidate(view); // data-code="1" once render has shown a listing
  }).catch((error) => notify(`The code panel could not load the source: ${error.message}`, { kind: "error" }));

  function where(listing, what) {
    const last = listing.first_line + listing.source.trimEnd().split("\n").length - 1;
    return `Network.${listing.name} · ${listing.file}, lines ${listing.first_line}–${last} · ${what}`;
  }

  const stepTo = (i, count) => {
    pinned = i >= count - 1 ? null : Math.max(0, i);
    invalidate(view);
  };
  slider.addEventListener("input", () => stepTo(Number(slider.value), Number(slider.max) + 1));
  root.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-code]");
    if (!button) return;
    const count = Number(slider.max) + 1;
    const at = Number(root.dataset.step);
    if (button.dataset.code === "prev") stepTo(at - 1, count);
    else if (button.dataset.code === "next") stepTo(at + 1, count);
    else if (button.dataset.code === "live") stepTo(count, count);
    else if (button.dataset.code === "run") runShown();
  });
  tools.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-fn]");
    if (!button || !model.session) return;
    const own = FUNCTION_OF[model.session.config.update];
    choice = button.dataset.fn === own ? null : button.dataset.fn;
    invalidate(view);
  });
  backpropCheck.addEventListener("change", () => invalidate(view));

  // Start a run of the shown code's mode, through the controls (so the URL follows).
  function runShown() {
    const radio = document.querySelector(`#controls input[name='update'][value='${MODE_OF[choice]}']`);
    if (radio) radio.click();
  }

  for (const topic of ["example", "update", "network", "selection", "state", "reset"]) {
    bus.on(topic, () => invalidate(view));
  }
  bus.on("session", () => {
    choice = null;
    pinned = null;
    invalidate(view);
  });

  function showListing(fn, mode) {
    const pre = listings[fn];
    if (mainBox.firstChild !== pre) mainBox.replaceChildren(pre);
    mainWhere.textContent = where(code[fn], "the lit lines ran for the step shown");
    for (const button of tools.querySelectorAll("button[data-fn]")) {
      button.setAttribute("aria-pressed", String(button.dataset.fn === fn));
    }
    const own = FUNCTION_OF[mode];
    note.hidden = fn === own;
    if (fn !== own) {
      note.querySelector("span").textContent = `This run's mode is ${mode}: its events run ` +
        `${own}, not this code, so no line is lit.`;
      note.querySelector("button").textContent = `Run ${fn} instead`;
    }
    backpropPart.hidden = !backpropCheck.checked;
    root.dataset.fn = fn;
  }

  // `unsent`: what a cell says where the step's values did not come (captions.js).
  function showValues({ scalars, rows }, at, unsent) {
    const dl = root.querySelector(".code-scalars");
    dl.replaceChildren(...scalars.map(([name, value, about]) => {
      const div = node("div", "");
      const dd = node("dd", "", value);
      dd.append(node("small", "", about));
      div.append(node("dt", "", name), dd);
      return div;
    }));
    const head = node("div", "code-row code-head");
    head.append(node("span", "name", `layer [${at.l}]`));
    at.idx.forEach((i, n) => head.append(node("span", n === at.selected ? "sel" : "", `[${i.join("][")}]`)));
    const table = root.querySelector(".code-table");
    table.style.setProperty("--entries", String(at.idx.length));
    table.replaceChildren(head, ...rows.map((row) => {
      const div = node("div", `code-row${row.changed ? " changed" : ""}`);
      div.dataset.row = row.id;
      div.append(node("span", "name", row.label));
      if (!row.values) div.append(node("span", "missing", unsent)); // once, across the entries
      else {
        at.idx.forEach((i, n) => {
          const value = row.values[n];
          const cell = node("span", n === at.selected ? "sel" : "", compact(value));
          // The whole number on hover and on keyboard focus (ui/tooltip.js), and for screen readers.
          cell.dataset.value = String(value);
          cell.dataset.tipTitle = `${row.label} [${at.l}][${i.join("][")}]`;
          cell.dataset.tip = exact(value);
          cell.tabIndex = 0;
          cell.setAttribute("aria-label", `${row.label} [${i.join("][")}] = ${exact(value)}`);
          div.append(cell);
        });
      }
      if (row.note) div.append(node("small", "note", row.note));
      return div;
    }));
  }

  function render() {
    if (!code || !model.session || !model.network) return false;
    const mode = model.session.config.update;
    const fn = choice || FUNCTION_OF[mode];
    showListing(fn, mode);
    root.dataset.code = "1"; // the listing is on the page (the story and the tests wait for it)
    const { batch } = model;
    if (batch.key !== batchKey) {
      batchKey = batch.key;
      pinned = null;
    }
    const steps = stepsOf(batch);
    const i = pinned === null ? steps.length - 1 : Math.min(pinned, steps.length - 1);
    const e = steps[i] || null;
    slider.max = String(Math.max(0, steps.length - 1));
    slider.value = String(Math.max(0, i));
    slider.disabled = steps.length < 2;
    root.querySelector(".code-pos").textContent = e
      ? `${i + 1} of ${steps.length}: ${e.type === "update" ? "the update" : `example ${e.index + 1}`}`
      : "no event yet";
    root.querySelector(".code-live").disabled = pinned === null;
    const own = fn === FUNCTION_OF[mode] && e;
    lightListing(listings[fn], own ? RUNS[fn][e.type] : [], own ? DONE[fn][e.type] : []);
    const called = Boolean(e && e.type === "example");
    lightListing(listings.backprop, called ? ["return"] : [], called ? ["forward", "output_delta", "backward"] : []);
    if (e && e.type === "example") {
      const why = missingSentence(e, batch.missing, mode);
      caption.textContent = why ? `${exampleSentence(e, mode)} ${why}` : exampleSentence(e, mode);
    } else caption.textContent = e ? updateSentence(e) : startSentence(model.position.batch);
    const at = entriesAround(model.selection, model.network.sizes);
    const unsent = missingCell(e && e.type === "update" ? batch.updateMissing : batch.missing);
    showValues(e ? valuesOf(e, batch, mode, at) : { scalars: [], rows: [] }, at, unsent);
    Object.assign(root.dataset, {
      step: String(i), steps: String(steps.length), live: pinned === null ? "1" : "0",
      kind: e ? e.type : "none", seq: String(e ? e.seq : 0), k: e && e.type === "example" ? String(e.index) : "",
    });
    bus.emit("codestep", { fn, event: own ? e : null, batch }); // views/rebind.js steps into a line
    return false;
  }
  return view;
}
