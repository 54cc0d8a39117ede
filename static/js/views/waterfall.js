// One weight (or bias) at a time: each example's delta_nabla_w as a bar stacked on the ones
// before it, so the running sum nabla_w is visibly built from its parts; after the update, the
// total and the step −(η/m)·nabla_w that moved the weight.

import { setChildren, setText } from "../dom.js";
import { baseLayout, draw, MONO } from "../plots.js";
import { fmt, NEGATIVE, POSITIVE, signed } from "../palette.js";
import { missingCell } from "./captions.js";
import { progress, stepFormula, updateWhen } from "./layers.js";

const TOTAL = "#334155";
const STEP = "#7c3aed";
const TEXT = { family: MONO, size: 10 };
const HTML = `<div class="wf-head"><h3>Waterfall of one <span class="wf-what">weight</span>
    <code class="wf-name"></code></h3>
    <p class="wf-hint">Click a cell or a bar above (or a link in the network) to follow another one.</p>
  </div>
  <div class="wf-body"><div class="plot" id="waterfall"></div><dl class="wf-facts"></dl></div>`;

// Plotly cannot scale an axis ("Something went wrong with axis scaling") whose numbers are all
// beyond these: a run gone wrong (ui/trouble.js says why) shows their size instead of bars.
const DRAWABLE = [1e-250, 1e100];

const pick = (sel, { w, b }) => (sel.kind === "w" ? w[sel.layer][sel.j][sel.k] : b[sel.layer][sel.j]);
const nameOf = (sel) => (sel.kind === "w" ? `[${sel.layer}][${sel.j}][${sel.k}]` : `[${sel.layer}][${sel.j}]`);

// Each summed example's delta for the selected parameter; examples without theirs (not sent, not
// restored, or not kept: model.js) are left out.
function contributions(batch, sel) {
  const x = [], y = [], text = [];
  for (let i = 0; i < batch.k; i++) {
    const d = batch.deltas[i];
    if (!d) continue;
    const v = pick(sel, d);
    x.push(String(i + 1));
    y.push(v);
    text.push(signed(v));
  }
  return { x, y, text, measure: x.map(() => "relative") };
}

// formula: the step's, on Σ (stepFormula).
function traces(parts, step, t, formula) {
  const many = parts.x.length > 16;
  const out = [{
    type: "waterfall", name: "examples", ...parts, textposition: many ? "none" : "outside",
    cliponaxis: false, textfont: TEXT,
    increasing: { marker: { color: POSITIVE } }, decreasing: { marker: { color: NEGATIVE } },
    totals: { marker: { color: TOTAL } }, connector: { line: { color: "#94a3b8", width: 1, dash: "dot" } },
    hovertemplate: "example %{x}: %{text}<extra></extra>",
  }];
  if (step !== null) {
    out.push({
      type: "bar", name: "update", x: ["step"], y: [step * t], marker: { color: STEP },
      text: [signed(step)], textposition: "outside", cliponaxis: false, textfont: TEXT,
      hovertemplate: `the update ${formula}: %{text}<extra></extra>`,
    });
  }
  return out;
}

// Plotly never wraps an annotation: a sentence wider than the chart is cut at its edges (a
// phone's is about 300 px wide). Lines of at most `most` characters, broken between words.
function wrapped(text, most = 34) {
  const lines = [];
  for (const word of text.split(" ")) {
    const last = lines.length - 1;
    if (last >= 0 && lines[last].length + 1 + word.length <= most) lines[last] += ` ${word}`;
    else lines.push(word);
  }
  return lines.join("<br>");
}

// A new object each time: Plotly writes its computed ranges back into the layout it is given.
// `empty`: the words shown when no bar is (null: there are bars); `formula`: the step's.
const layout = (empty, formula) => baseLayout({
  annotations: empty ? [{
    text: wrapped(empty),
    xref: "paper", yref: "paper", x: 0.5, y: 0.55, showarrow: false, font: { size: 12, color: "#8a94a6" },
  }] : [],
  margin: { l: 48, r: 8, t: 16, b: 48 },
  xaxis: {
    type: "category", tickfont: TEXT, tickangle: 0, fixedrange: true,
    // two lines: one is wider than the chart on a phone, and Plotly cuts it off
    title: {
      text: `example k of the mini-batch,<br>then the sum Σ and the step ${formula}`,
      font: { size: 10 }, standoff: 4,
    },
  },
  yaxis: { tickfont: { size: 9, family: MONO }, zerolinecolor: "#64748b", exponentformat: "e", fixedrange: true },
  bargap: 0.25,
});

export function createWaterfallView({ el, bus, model, invalidate, animation }) {
  el.classList.add("waterfall");
  el.innerHTML = HTML;
  const plot = el.querySelector("#waterfall");
  const facts = el.querySelector(".wf-facts");
  // Plotly is slow to redraw: a few times a second while playing (a heavy view, scheduler.js).
  // The facts beside it are light: drawn with the captions, the same moment as theirs.
  const view = { name: "waterfall", render, el: plot, minInterval: () => (model.playing ? 250 : 0) };
  const factsView = { name: "waterfall-facts", render: renderFacts, el: facts };
  for (const topic of ["session", "example", "update", "network", "selection", "reset"]) {
    bus.on(topic, () => {
      invalidate(view);
      invalidate(factsView);
    });
  }

  function fact(term, value) {
    const div = document.createElement("div");
    div.append(Object.assign(document.createElement("dt"), { textContent: term }),
      Object.assign(document.createElement("dd"), { textContent: value }));
    return div;
  }

  function showFacts(sel, sum, fresh) {
    const { batch, change, network, position, session } = model;
    const m = batch.m || position.m;
    const known = batch.nabla_w || batch.k === 0;
    const rows = [
      [`Σ after ${batch.k} of ${m}`, known ? fmt(sum, 4) : missingCell(batch.missing)],
      [sel.kind === "w" ? "w now" : "b now", fmt(pick(sel, { w: network.weights, b: network.biases }), 4)],
    ];
    if (fresh) {
      const from = pick(sel, { w: change.before.weights, b: change.before.biases });
      const to = pick(sel, { w: change.after.weights, b: change.after.biases });
      const term = session.config.update === "per_example" ? "last step" : "update";
      rows.push([term, `${fmt(from, 4)} → ${fmt(to, 4)}`]);
    } else {
      const applied = batch.updateMissing ? `applied (${missingCell(batch.updateMissing)})` : "applied";
      rows.push(["update", batch.complete ? applied : updateWhen(session.config, m)]);
    }
    setChildren(facts, JSON.stringify(rows), () => rows.map(([a, b]) => fact(a, b)));
  }

  // Whether the last update is this mini-batch's (its step shown), and the selected Σ.
  function moment() {
    const sel = model.selection;
    const { batch, change } = model;
    const fresh = Boolean(change && batch.complete && change.batchKey === batch.key);
    const sum = batch.nabla_w ? pick(sel, { w: batch.nabla_w, b: batch.nabla_b }) : 0;
    return { sel, batch, change, fresh, sum };
  }

  function renderFacts() {
    if (!model.network || !model.session) return false;
    const { sel, sum, fresh } = moment();
    showFacts(sel, sum, fresh);
    return false;
  }

  function render(now) {
    if (!model.network || !model.session) return false;
    const { sel, batch, change, fresh, sum } = moment();
    const prefix = sel.kind === "w" ? "nabla_w" : "nabla_b";
    setText(el.querySelector(".wf-what"), sel.kind === "w" ? "weight" : "bias");
    setText(el.querySelector(".wf-name"), `${prefix}${nameOf(sel)}`);
    const parts = contributions(batch, sel);
    const t = fresh ? progress(change, now, animation()) : 1;
    if (batch.complete && parts.x.length) {
      parts.x.push("Σ");
      parts.y.push(0);
      parts.text.push(fmt(sum));
      parts.measure.push("total");
    }
    const summed = `The shares of the ${batch.k} example${batch.k === 1 ? "" : "s"} summed so far`;
    let empty = "Step an example: its share of this sum becomes the first bar";
    if (batch.k > 0 && batch.missing) empty = `${summed}: ${missingCell(batch.missing)}`;
    else if (batch.k > 0 && batch.unkept) empty = `${summed}: too many numbers to keep on this page`;
    const formula = stepFormula(model.session.config, sel.kind, "Σ");
    let step = fresh ? pick(sel, change.step) : null;
    const largest = Math.max(0, ...parts.y.map(Math.abs), Math.abs(step ?? 0), Math.abs(sum));
    const [tiny, huge] = DRAWABLE;
    if (!(largest < huge) || (largest > 0 && largest < tiny)) { // NaN too
      const size = largest < tiny ? "too small" : "too large";
      empty = `Numbers ${size} to draw (at most ${fmt(largest)}): η is far too large`;
      [parts.x, parts.y, parts.text, parts.measure, step] = [[], [], [], [], null];
    }
    draw(plot, traces(parts, step, t, formula), layout(parts.x.length === 0 && empty, formula));
    return fresh && t < 1;
  }
  return view;
}
