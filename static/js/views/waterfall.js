// One weight (or bias) at a time: each example's delta_nabla_w as a bar stacked on the ones
// before it, so the running sum nabla_w is visibly built from its parts; after the update, the
// total and the step −(η/m)·nabla_w that moved the weight.

import { createWaterfall } from "../charts/waterfall.js";
import { setChildren, setText } from "../dom.js";
import { fmt, NEGATIVE, POSITIVE, signed } from "../palette.js";
import { hideTip, showTip } from "../ui/tooltip.js";
import { missingCell } from "./captions.js";
import { progress, stepFormula, updateWhen } from "./layers.js";

const TOTAL = "#334155";
const STEP = "#7c3aed";
const HTML = `<div class="wf-head"><h3>Waterfall of one <span class="wf-what">weight</span>
    <code class="wf-name"></code></h3>
    <p class="wf-hint">Click a cell or a bar above (or a link in the network) to follow another one.</p>
  </div>
  <div class="wf-body"><div class="chart-box" id="waterfall"><p class="wf-empty" hidden></p></div>
    <dl class="wf-facts"></dl></div>`;

// Numbers beyond these cannot be drawn to scale: a run gone wrong (ui/trouble.js says why)
// shows their size instead of bars.
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

// What the chart shows in Plotly's trace shape (on the element, for tests; canvas.js): the
// examples' shares and their total, and the step. formula: the step's, on Σ (stepFormula).
function traces(parts, step, t, formula) {
  const out = [{ type: "waterfall", name: "examples", ...parts }];
  if (step !== null) {
    out.push({ type: "bar", name: "update", x: ["step"], y: [step * t], text: [signed(step)], formula });
  }
  return out;
}

// The bars drawn: each example's share standing on the sum before it, the total Σ from zero and
// the step beside it, with what hovering each says.
function barsOf(parts, step, t, formula) {
  const bars = [];
  let sum = 0;
  parts.x.forEach((x, i) => {
    if (parts.measure[i] === "total") {
      bars.push({ label: x, from: 0, to: sum, colour: TOTAL, text: parts.text[i],
        tip: ["Σ, the sum so far", parts.text[i]] });
      return;
    }
    const v = parts.y[i];
    bars.push({ label: x, from: sum, to: sum + v, colour: v >= 0 ? POSITIVE : NEGATIVE, text: parts.text[i],
      tip: [`example ${x}`, parts.text[i]], connect: true });
    sum += v;
  });
  if (step !== null) {
    bars.push({ label: "step", from: 0, to: step * t, colour: STEP, text: signed(step),
      tip: [`the update ${formula}`, signed(step)] });
  }
  return bars;
}

// The axis title, in two lines: one is wider than the chart on a phone.
const titleOf = (formula) => ["example k of the mini-batch,", `then the sum Σ and the step ${formula}`];

export function createWaterfallView({ el, bus, model, invalidate, animation }) {
  el.classList.add("waterfall");
  el.innerHTML = HTML;
  const plot = el.querySelector("#waterfall");
  const placeholder = plot.querySelector(".wf-empty");
  const chart = createWaterfall(plot, {
    onHover: (event, bar) => showTip(event, bar.tip[0], [bar.tip[1]]), onLeave: hideTip,
  });
  const facts = el.querySelector(".wf-facts");
  // Drawn on a canvas, cheap: with the captions, every moment (a light view, scheduler.js).
  const view = { name: "waterfall", render, el: plot };
  const factsView = { name: "waterfall-facts", render: renderFacts, el: facts };
  el.addEventListener("chart-resize", () => invalidate(view)); // the chart's box resized (canvas.js)
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
    plot.data = traces(parts, step, t, formula);
    plot.layout = { xaxis: { title: { text: titleOf(formula).join("<br>") } } };
    const none = parts.x.length === 0;
    if (placeholder.hidden !== !none) placeholder.hidden = !none;
    setText(placeholder, none ? empty : "");
    chart.draw({ bars: barsOf(parts, step, t, formula), xTitle: titleOf(formula) });
    return fresh && t < 1;
  }
  return view;
}
