// The code, running: Network.update_mini_batch (or update_per_example) as the server has it,
// read from app/core/network.py by GET /api/code, never a copy. The lines the shown event ran
// are lit and, beside them as in Python Tutor, the values: k and the training row, a few entries
// of delta_nabla_w, nabla_w before and after the addition, the weights before and after a move.
// A slider steps back and forth over the events of the mini-batch received so far.

import { api } from "../api.js";
import { setAttribute, setChildren, setData, setHidden, setText } from "../dom.js";
import { compact, exact } from "../palette.js";
import { exampleSentence, missingCell, missingSentence, startSentence, updateSentence } from "./captions.js";
import { entriesAround, stepsOf, valuesOf } from "./code-steps.js";
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

// The table's head: the layer, then each entry's index.
function header(at) {
  const head = node("div", "code-row code-head");
  head.append(node("span", "name", `layer [${at.l}]`));
  at.idx.forEach((i, n) => head.append(node("span", n === at.selected ? "sel" : "", `[${i.join("][")}]`)));
  return head;
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

  function setSlider(max, value, disabled) {
    if (slider.max !== max) slider.max = max;
    if (slider.value !== value) slider.value = value;
    if (slider.disabled !== disabled) slider.disabled = disabled;
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
    setText(mainWhere, where(code[fn], "the lit lines ran for the step shown"));
    for (const button of tools.querySelectorAll("button[data-fn]")) {
      setAttribute(button, "aria-pressed", String(button.dataset.fn === fn));
    }
    const own = FUNCTION_OF[mode];
    setHidden(note, fn === own);
    if (fn !== own) {
      setText(note.querySelector("span"), `This run's mode is ${mode}: its events run ` +
        `${own}, not this code, so no line is lit.`);
      setText(note.querySelector("button"), `Run ${fn} instead`);
    }
    setHidden(backpropPart, !backpropCheck.checked);
    setData(root, { fn });
  }

  // `unsent`: what a cell says where the step's values did not come (captions.js).
  function showValues({ scalars, rows }, at, unsent) {
    const dl = root.querySelector(".code-scalars");
    setChildren(dl, JSON.stringify(scalars), () => scalars.map(([name, value, about]) => {
      const div = node("div", "");
      const dd = node("dd", "", value);
      dd.append(node("small", "", about));
      div.append(node("dt", "", name), dd);
      return div;
    }));
    const table = root.querySelector(".code-table");
    if (table.style.getPropertyValue("--entries") !== String(at.idx.length)) {
      table.style.setProperty("--entries", String(at.idx.length));
    }
    // rebuilt when what it shows changes (NaN and ±Infinity kept apart from null in the key)
    const key = JSON.stringify([at, unsent, rows], (_, v) => (Number.isFinite(v) || typeof v !== "number" ? v : String(v)));
    setChildren(table, key, () => [header(at), ...rows.map((row) => {
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
    })]);
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
    setSlider(String(Math.max(0, steps.length - 1)), String(Math.max(0, i)), steps.length < 2);
    setText(root.querySelector(".code-pos"), e
      ? `${i + 1} of ${steps.length}: ${e.type === "update" ? "the update" : `example ${e.index + 1}`}`
      : "no event yet");
    const live = root.querySelector(".code-live");
    if (live.disabled !== (pinned === null)) live.disabled = pinned === null;
    const own = fn === FUNCTION_OF[mode] && e;
    lightListing(listings[fn], own ? RUNS[fn][e.type] : [], own ? DONE[fn][e.type] : []);
    const called = Boolean(e && e.type === "example");
    lightListing(listings.backprop, called ? ["return"] : [], called ? ["forward", "output_delta", "backward"] : []);
    if (e && e.type === "example") {
      const why = missingSentence(e, batch.missing, mode);
      setText(caption, why ? `${exampleSentence(e, mode)} ${why}` : exampleSentence(e, mode));
    } else setText(caption, e ? updateSentence(e) : startSentence(model.position.batch));
    const at = entriesAround(model.selection, model.network.sizes);
    const unsent = missingCell(e && e.type === "update" ? batch.updateMissing : batch.missing);
    showValues(e ? valuesOf(e, batch, mode, at) : { scalars: [], rows: [] }, at, unsent);
    setData(root, {
      step: String(i), steps: String(steps.length), live: pinned === null ? "1" : "0",
      kind: e ? e.type : "none", seq: String(e ? e.seq : 0), k: e && e.type === "example" ? String(e.index) : "",
    });
    bus.emit("codestep", { fn, event: own ? e : null, batch }); // views/rebind.js steps into a line
    return false;
  }
  return view;
}
