// The heart: for one layer, this example's delta_nabla_w, the running sum nabla_w after k of m
// examples, the update −(η/m)·nabla_w and the weights, side by side, with the biases as bars
// underneath. At the update, the step grows in and the weights move from old to new.

import { createBars } from "../charts/bars.js";
import { createHeatmap } from "../charts/heatmap.js";
import { setStyle, setText } from "../dom.js";
import { fmt, maxAbs } from "../palette.js";
import { hideTip, showTip } from "../ui/tooltip.js";
import {
  editSentence, exampleSentence, missingNote, missingSentence, resumedSentence, startSentence, updateSentence,
} from "./captions.js";
import {
  CODE, layerName, mix, plain, plainVector, progress, stepFormula, updateWhen, zeros,
} from "./layers.js";

const COLUMNS = [
  { key: "example", title: "This example's gradient", w: "delta_nabla_w", b: "delta_nabla_b",
    code: CODE.backprop, op: "+=" },
  { key: "sum", title: "The sum so far", w: "nabla_w", b: "nabla_b", code: CODE.sum, op: "× −η/m" },
  { key: "step", title: "The one update", w: "−(η/m)·nabla_w", b: "−(η/m)·nabla_b",
    code: CODE.step, op: "+" },
  { key: "weights", title: "The weights", w: "w", b: "b", code: CODE.update, op: null },
];
// In per_example mode (update_per_example) the step is this example's own, taken at once; the
// running sum is what update_mini_batch would have summed by now, kept to compare.
const PER_EXAMPLE_COLUMNS = {
  sum: { code: "kept only to compare", op: "" },
  step: { title: "This example's step", code: "-(eta/m)*dnw" },
  weights: { code: "w-(eta/m)*dnw" },
};
// ...and once the mini-batch is done, the step drawn is all of its m steps together.
const PER_EXAMPLE_TOTAL = { title: "Its m steps together", code: "Σ -(eta/m)*dnw" };
// The panel's heading in each update mode, in plain words first and the code's name beneath: the
// book's sum, or the weights moving inside the loop.
export const HEADINGS = {
  batch: {
    title: "Gradients summed, then one update",
    subtitle: "update_mini_batch: each example's gradient is added into nabla_w; the weights move "
      + "once per mini-batch",
  },
  per_example: {
    title: "The weights move after every example",
    subtitle: "update_per_example: each example's step −(η/m)·∇ᵢ moves the weights; the next "
      + "gradient is taken at the moved weights",
  },
};
const MIN_CELL = 18; // px: the least height of a heatmap row, so a wide layer (2×16) stays legible
const LAYER_TIP = "Which weights[l] to show: row j is a neuron of layer l+1, column k one of " +
  "layer l, so w[j][k] links neuron k to neuron j.";

function element(tag, className, text = "") {
  const el = document.createElement(tag);
  el.className = className;
  el.textContent = text;
  return el;
}

function columnElement(spec) {
  const col = element("div", `acc-col acc-${spec.key}`);
  col.innerHTML = `<h3><span class="acc-title"></span> <code class="acc-name"></code></h3>
    <p class="acc-code"><code></code></p>
    <div class="chart-box heat" id="acc-${spec.key}-w"><div class="acc-note" hidden></div></div>
    <div class="chart-box bars" id="acc-${spec.key}-b"></div>`;
  labelColumn(col, spec);
  return col;
}

// A column's title, name and line of code (and the operator after it) for the update mode.
function labelColumn(col, spec, op = null) {
  col.querySelector(".acc-title").textContent = spec.title;
  col.querySelector(".acc-name").textContent = spec.w;
  col.querySelector(".acc-code code").textContent = spec.code;
  if (op) op.textContent = spec.op;
}

// What each column holds for layer l at time `now`: {w, b} as plain arrays, or null while it
// waits; t is the update animation's progress, fresh whether the last change ended this batch.
function columnsAt(model, l, now, animation) {
  const { batch, change, network } = model;
  const [rows, cols] = [network.sizes[l + 1], network.sizes[l]];
  const last = batch.last && batch.last.delta_nabla_w ? batch.last : null;
  const fresh = Boolean(change && batch.key !== null && change.batchKey === batch.key);
  const t = fresh ? progress(change, now, animation) : 1;
  let sum = null;
  if (batch.nabla_w) sum = { w: plain(batch.nabla_w[l]), b: plainVector(batch.nabla_b[l]) };
  else if (batch.k === 0) sum = { w: zeros(rows, cols), b: new Array(rows).fill(0) };
  const out = {
    example: last && { w: plain(last.delta_nabla_w[l]), b: plainVector(last.delta_nabla_b[l]) },
    sum,
    step: fresh && { w: plain(change.step.w[l], t), b: plainVector(change.step.b[l], t) },
    weights: { w: plain(network.weights[l]), b: plainVector(network.biases[l]) },
  };
  if (fresh && t < 1) {
    const { before, after } = change;
    out.weights = {
      w: mix(before.weights[l], after.weights[l], t),
      b: mix(before.biases[l], after.biases[l], t),
    };
  }
  return { out, t, fresh };
}

// The caption: what just happened, in the book's words (captions.js, shared with the code panel).
function sentence(model, fresh) {
  const { batch, position, session } = model;
  const edit = model.history.edits[model.history.edits.length - 1];
  if (edit && edit.seq === model.lastSeq) return editSentence(edit);
  if (!batch.key || !batch.last) return startSentence(position.batch);
  const told = batch.update && (fresh || batch.update.mode === "per_example");
  if (batch.complete && told) return updateSentence(batch.update);
  if (batch.complete) return `Mini-batch done: its ${batch.m} gradients were summed and applied in one update.`;
  const mode = session.config.update;
  const said = batch.restored ? resumedSentence(batch, mode) : exampleSentence(batch.last, mode);
  const why = missingSentence(batch.last, batch.missing, mode);
  return why ? `${said} ${why}` : said;
}

export function createAccumulationView({
  el, tools, setTitle, bus, model, invalidate, animation, onLayer, editor,
}) {
  const select = element("select", "acc-layer");
  select.name = "layer";
  select.setAttribute("aria-label", "Layer shown");
  const label = element("label", "inline-field");
  label.dataset.tip = LAYER_TIP;
  label.append(element("span", "", "Layer"), select);
  tools.append(label);
  const caption = element("p", "caption");
  caption.id = "acc-caption";
  caption.setAttribute("aria-live", "polite");
  const grid = element("div", "acc-grid");
  const slot = element("div", "acc-slot");
  slot.dataset.slot = "waterfall";
  el.append(caption, grid, slot);

  const view = { name: "accumulation", render, minInterval: () => (model.playing ? 33 : 0) };
  el.addEventListener("chart-resize", () => invalidate(view)); // a chart's box resized (canvas.js)
  const charts = {};
  let shown = null; // what render drew last: {l, out}
  let sumScale = { key: null, max: 0 };

  for (const spec of COLUMNS) {
    const col = columnElement(spec);
    grid.append(col);
    const op = spec.op ? element("div", "acc-op", spec.op) : null;
    if (op) grid.append(op);
    const heat = createHeatmap(col.querySelector(".heat"), {
      minCell: MIN_CELL,
      onHover: (event, j, k) => tip(event, "w", j, k),
      onLeave: hideTip,
      onClick: (j, k, event) => (event.shiftKey ? edit("weight", j, k, event) : model.select({ kind: "w", j, k })),
      onDoubleClick: (j, k, event) => edit("weight", j, k, event),
      // the weights' heatmap is the one reached from the keyboard: its cells are what is set
      keys: spec.key === "weights" ? { describe: (j, k) => describe(j, k),
        onMove: (j, k) => model.select({ kind: "w", j, k }), onEnter: (j, k, at) => edit("weight", j, k, at) } : null,
    });
    const bars = createBars(col.querySelector(".bars"), {
      onHover: (event, j) => tip(event, "b", j),
      onLeave: hideTip,
      onClick: (j, event) => (event.shiftKey ? edit("bias", j, null, event) : model.select({ kind: "b", j })),
      onDoubleClick: (j, event) => edit("bias", j, null, event),
      // and its biases, beside them
      keys: spec.key === "weights" ? { describe: (j) => describe(j, null),
        onMove: (j) => model.select({ kind: "b", j }), onEnter: (j, at) => edit("bias", j, null, at) } : null,
    });
    charts[spec.key] = { col, op, heat, bars };
  }

  // Double-click (or shift-click) a cell: set that weight or bias of the layer shown by hand.
  function edit(kind, row, col, event) {
    if (!shown) return;
    model.select(kind === "weight" ? { kind: "w", j: row, k: col } : { kind: "b", j: row });
    editor.open({ layer: shown.l, kind, row, col }, event);
  }

  // What a weight (or bias) is in all four columns: [title, [[name, value]]].
  function entries(kind, j, k) {
    const l = shown.l;
    const value = (key) => {
      const d = shown.out[key];
      return d ? fmt(kind === "w" ? d.w[j][k] : d.b[j], 4) : "–";
    };
    const title = kind === "w"
      ? `[${l}][${j}][${k}] · neuron ${k} → neuron ${j}`
      : `[${l}][${j}] · bias of neuron ${j}`;
    const sum = `${shown.own ? "delta_" : ""}nabla_${kind}`;
    const name = (c) => (c.key === "step" ? stepFormula(model.session.config, kind, sum) : c[kind]);
    return [title, COLUMNS.map((c) => [name(c), value(c.key)])];
  }

  // Hovering a cell lists that weight (or bias) in all four columns.
  function tip(event, kind, j, k) {
    if (!shown) return;
    const [title, lines] = entries(kind, j, k);
    showTip(event, title, [...lines, ["double-click", "set by hand"]]);
  }

  // The keyboard's cell (or, k null, bar), in words, the value first: "weights[1][0][2], neuron 2 →
  // neuron 0: w 0.5, delta_nabla_w …" (a bias: "biases[1][0], bias of neuron 0: b …").
  function describe(j, k) {
    const bias = k === null; // a bias: its bar
    if (!shown) return bias ? `biases, row ${j}` : `weights, row ${j}, column ${k}`;
    const [title, lines] = entries(bias ? "b" : "w", j, k);
    const said = [lines[lines.length - 1], ...lines.slice(0, -1)].map(([n, v]) => `${n} ${v}`);
    return `${bias ? "biases" : "weights"}${title.replace(" · ", ", ")}: ${said.join(", ")}`;
  }

  select.addEventListener("change", () => {
    model.select({ layer: Number(select.value), kind: "w", j: 0, k: 0 });
    onLayer(Number(select.value));
  });
  for (const topic of ["session", "example", "update", "network", "selection", "state", "reset", "edit"]) {
    bus.on(topic, () => invalidate(view));
  }
  bus.on("session", () => {
    const { sizes, update } = model.session.config;
    const heading = HEADINGS[update] || HEADINGS.batch;
    setTitle(heading.title, heading.subtitle);
    const mode = update === "per_example" ? PER_EXAMPLE_COLUMNS : {};
    for (const spec of COLUMNS) labelColumn(charts[spec.key].col, { ...spec, ...mode[spec.key] }, charts[spec.key].op);
    const options = sizes.slice(0, -1).map((_, l) => new Option(layerName(sizes, l), String(l)));
    select.replaceChildren(...options);
  });

  // The colour scale of a column: ±max|value|; during the update, fixed across old and new.
  function scaleOf(key, data, l, fresh) {
    const c = model.change;
    if (key === "weights" && fresh) {
      const { before, after } = c;
      return Math.max(maxAbs(before.weights[l]), maxAbs(after.weights[l]),
        maxAbs(before.biases[l]), maxAbs(after.biases[l]));
    }
    if (key === "step" && fresh) return Math.max(maxAbs(c.step.w[l]), maxAbs(c.step.b[l]));
    if (!data) return 1;
    let own = Math.max(maxAbs(data.w), maxAbs(data.b));
    if (key === "sum") {
      // The running sum's scale only grows during a mini-batch, so its colours build up.
      const id = `${model.batch.key}:${l}`;
      if (sumScale.key !== id) sumScale = { key: id, max: 0 };
      sumScale.max = Math.max(sumScale.max, own);
      own = sumScale.max;
    }
    return own < 1e-9 ? 1 : own; // all zeros: any scale shows them white
  }

  // Cells as square as the width allows (at least 11 pixels tall): the box fits the matrix.
  function fitHeight(rows, cols) {
    const cell = Math.min(40, Math.max(((charts.example.heat.width() || 200) - 80) / cols, MIN_CELL));
    const height = Math.round(Math.max(72, Math.min(220, rows * cell + 22)));
    for (const { col } of Object.values(charts)) setStyle(col.querySelector(".heat"), "height", `${height}px`);
  }

  function drawColumn(key, data, scale, [rows, cols], l) {
    const sel = model.selection;
    const { heat, bars } = charts[key];
    const extent = heat.draw({
      z: data ? data.w : zeros(rows, cols), zmax: scale, faded: !data,
      selected: sel.kind === "w" && sel.layer === l ? sel : null,
    });
    charts[key].extent = extent;
    bars.draw({
      y: data ? data.b : new Array(rows).fill(0), range: [-scale, scale], faded: !data, extent,
      outline: (j) => sel.kind === "b" && sel.layer === l && sel.j === j,
      selected: sel.kind === "b" && sel.layer === l ? sel.j : null,
    });
  }

  // A note over the heatmap's cells, centred on them and no wider than they are (it wraps): the
  // axes' labels and the colour bar stay in view.
  function note(key, text) {
    const box = charts[key].col.querySelector(".acc-note");
    if (box.hidden !== !text) box.hidden = !text;
    setText(box, text || "");
    const at = charts[key].extent;
    if (!text || !at) return;
    const centre = at.x + at.width / 2;
    setStyle(box, "left", `${centre}px`);
    setStyle(box, "top", `${at.y + at.height / 2}px`);
    setStyle(box, "maxWidth", `${Math.max(40, Math.min(at.width, 2 * (at.barX - 4 - centre)))}px`);
  }

  function notes(out) {
    const { batch, position } = model;
    const summary = batch.last && !batch.last.delta_nabla_w ? missingNote(batch.missing) : "";
    note("example", out.example ? "" : summary || "waits for an example");
    note("sum", batch.k === 0 ? "np.zeros: nothing summed yet" : out.sum ? "" : summary);
    // applied, but not drawn: its step left out by the stream, or the weights changed since (an edit)
    const why = batch.updateMissing ? `; ${missingNote(batch.updateMissing)}` : "";
    const applied = batch.complete ? `applied${why}` : "";
    note("step", out.step ? "" : applied || `applied ${updateWhen(model.session.config, position.m || "m")}`);
  }

  function render(now) {
    if (!model.network || !model.session) return false;
    const l = Math.min(model.selection.layer, model.network.sizes.length - 2);
    if (select.value !== String(l)) select.value = String(l);
    const shape = [model.network.sizes[l + 1], model.network.sizes[l]];
    const { out, t, fresh } = columnsAt(model, l, now, animation());
    // per_example mode, mid-batch: the step drawn is the last example's own
    const own = fresh && model.change.mode === "per_example";
    shown = { l, out, own };
    fitHeight(...shape);
    for (const { key } of COLUMNS) drawColumn(key, out[key], scaleOf(key, out[key], l, fresh), shape, l);
    notes(out);
    const { batch, position } = model;
    setText(charts.sum.col.querySelector(".acc-name"), `nabla_w · ${batch.k} of ${batch.m || position.m}`);
    setText(charts.step.col.querySelector(".acc-name"),
      stepFormula(model.session.config, "w", own ? "delta_nabla_w" : "nabla_w"));
    if (model.session.config.update === "per_example") {
      const step = own || !out.step ? PER_EXAMPLE_COLUMNS.step : PER_EXAMPLE_TOTAL;
      setText(charts.step.col.querySelector(".acc-title"), step.title);
      setText(charts.step.col.querySelector(".acc-code code"), step.code);
    }
    charts.step.col.classList.toggle("pending", !out.step);
    charts.weights.col.classList.toggle("moving", fresh && t < 1);
    setText(caption, sentence(model, fresh));
    return fresh && t < 1;
  }
  return view;
}
