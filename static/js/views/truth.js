// The estimate and the truth: the mini-batch's mean gradient (1/m)·Σ∇Cₓ so far beside ∇C, the
// mean over all n training examples (the book's equations 18–19), both read from GET
// .../gradient (over=batch, and over=all at the weights the mini-batch started from). Per layer
// and overall, the cosine between them and the ratio of their norms; across the run, the cosine
// at each update the page saw. The numbers are computed here from the endpoint's own answers.

import { api } from "../api.js";
import { fmt } from "../palette.js";
import { drawLines } from "../charts/lines.js";
import { baseLayout, LINE_AXIS } from "../plots.js";
import { throttled } from "../throttle.js";

const FETCH_EVERY = 400; // ms between two requests while playing (two: over=batch and over=all)
const HTML = `<div class="why-body">
    <p class="caption why-caption" id="truth-caption" aria-live="polite"></p>
    <table class="why-table" id="truth-table">
      <thead><tr><th scope="col">layer</th><th scope="col">cos(estimate, ∇C)</th>
        <th scope="col">‖estimate‖ / ‖∇C‖</th></tr></thead><tbody></tbody>
    </table>
    <div class="chart-box why-chart" id="truth-chart"></div>
    <p class="why-note">Each point: one update, its mini-batch's mean gradient against ∇C at the
      same weights. While playing the page asks at most every ${FETCH_EVERY} ms (less often when
      ∇C takes the server long), so some updates have no point.</p>
  </div>`;

const dot = (a, b) => a.reduce((s, v, i) => s + v * b[i], 0);
const norm = (a) => Math.sqrt(dot(a, a));
// Layer l's weights, row by row, then its biases: one vector (the server's order too).
const layerVector = (g, l) => [...g.nabla_w[l].flat(), ...g.nabla_b[l]];

function cosRatio(e, t) {
  const [ne, nt] = [norm(e), norm(t)];
  const cos = ne > 0 && nt > 0 ? dot(e, t) / (ne * nt) : 0;
  return { cosine: cos, ratio: nt > 0 ? ne / nt : ne > 0 ? Infinity : 1 };
}

// Per layer and overall, as app/core/gradient.py's agreement(): cosine and ‖estimate‖/‖truth‖.
export function agreement(estimate, truth) {
  const layers = estimate.nabla_w.map((_, l) => cosRatio(layerVector(estimate, l), layerVector(truth, l)));
  const all = (g) => g.nabla_w.flatMap((_, l) => g.nabla_w[l].flat()).concat(g.nabla_b.flat());
  return { layers, overall: cosRatio(all(estimate), all(truth)) };
}

export function createTruthView({ el, bus, model, invalidate }) {
  el.innerHTML = HTML;
  const caption = el.querySelector("#truth-caption");
  const body = el.querySelector("#truth-table tbody");
  const chart = el.querySelector("#truth-chart");
  const view = { name: "truth", render }; // new numbers come a few times a second at most
  let shown = null; // {estimate, truth, agreement}
  let refused = null; // the server's reason, when ∇C is beyond its budget
  let history = new Map(); // "epoch:batch" -> {cosine, ratio} at its update
  let chartVersion = 0; // one more at each change of history
  let serverMs = 0; // what the last answers cost the server

  // Something to estimate from: an example of a mini-batch under way, or a finished one the
  // server keeps (a run restored between mini-batches keeps none: a 409).
  const started = () => Boolean(model.position && (model.position.k > 0 || model.hasLastBatch));

  function want() {
    invalidate(view);
    if (!model.session || refused) return;
    if (!started()) shown = null;
    else fetcher();
  }

  async function fetchNow() {
    const sid = model.session && model.session.id;
    if (!sid || refused || !started()) return;
    el.dataset.loading = "1";
    try {
      const [estimate, truth] = await Promise.all([api.gradient(sid, "batch"), api.gradient(sid, "all", "batch")]);
      const same = estimate.epoch === truth.epoch && estimate.batch === truth.batch;
      serverMs = 1000 * (estimate.seconds + truth.seconds);
      if (model.session && sid === model.session.id && same) {
        shown = { estimate, truth, agreement: agreement(estimate, truth) };
        if (estimate.finished) {
          history.set(`${estimate.epoch}:${estimate.batch}`, shown.agreement.overall);
          chartVersion += 1;
        }
      } else fetcher(); // training moved between the two answers: ask again
    } catch (error) {
      if (error.status === 409) shown = null; // no example yet
      else refused = error.message;
    } finally {
      el.dataset.loading = "0";
    }
  }
  // while playing, the server spends at most about a fifth of its time on these answers
  const every = () => (model.playing ? Math.max(FETCH_EVERY, 5 * serverMs) : 0);
  const fetcher = throttled(fetchNow, every, () => invalidate(view));

  for (const topic of ["example", "update", "network", "edit"]) bus.on(topic, want);
  const forget = () => {
    shown = null;
    refused = null;
    history = new Map();
    chartVersion += 1;
    want();
  };
  bus.on("session", forget);
  bus.on("reset", forget);

  function row(name, { cosine, ratio }, id) {
    const tr = document.createElement("tr");
    tr.dataset.layer = id;
    const th = document.createElement("th");
    th.scope = "row";
    th.textContent = name;
    const cells = [cosine, ratio].map((v, i) => {
      const td = document.createElement("td");
      td.textContent = fmt(v, 4);
      td.dataset.value = String(v);
      td.dataset.kind = i ? "ratio" : "cosine";
      return td;
    });
    tr.append(th, ...cells);
    return tr;
  }

  function captionText(e, t, a) {
    const which = e.finished ? `mini-batch ${e.batch + 1}'s ${e.m} examples (its update is applied)`
      : `the first ${e.m} examples of mini-batch ${e.batch + 1}`;
    const l2 = e.l2 ? " Both include L2's (λ/n)·w, as the update does." : "";
    return `The estimate is the mean gradient over ${which}; ∇C is the mean over all n = ${t.m} ` +
      `training examples at the same weights. The update moves by −η times the estimate: a ` +
      `cosine near 1 means it heads where ∇C does; the ratio says how much longer it is.${l2}`;
  }

  function drawChart() {
    const points = [...history.entries()];
    const x = points.map((_, i) => i + 1);
    const y = points.map(([, v]) => v.cosine);
    const text = points.map(([key]) => {
      const [epoch, batch] = key.split(":").map(Number);
      return `epoch ${epoch + 1}, mini-batch ${batch + 1}`;
    });
    drawLines(chart, [{ x, y, text, type: "scatter", mode: "lines+markers", marker: { size: 4 },
      line: { color: "#b45309", width: 1.5 }, hovertemplate: "%{text}<br>cos %{y:.4f}<extra></extra>" }],
    baseLayout({ margin: { l: 40, r: 8, t: 6, b: 30 },
      xaxis: { ...LINE_AXIS, range: [0.5, Math.max(5, x.length) + 0.5], tickformat: "d",
        title: { text: "update (as seen)", font: { size: 10 } } },
      yaxis: { ...LINE_AXIS, range: [-1.05, 1.05], title: { text: "cos", font: { size: 10 } } } }));
    chart.dataset.points = String(points.length);
  }

  let drawn = null; // [shown, refused, history size] of the last render: nothing new, no work
  let chartDrawn = -1; // the chartVersion the chart shows
  function render() {
    const now = [shown, refused, history.size];
    if (drawn && now.every((v, i) => v === drawn[i])) return false;
    drawn = now;
    if (refused) {
      caption.textContent = `∇C over the whole training set is not available here: ${refused}`;
      body.replaceChildren();
    } else if (!shown) {
      caption.textContent = "Step one example: its gradient is the first estimate of ∇C.";
      body.replaceChildren();
    } else {
      const { estimate, truth, agreement: a } = shown;
      caption.textContent = captionText(estimate, truth, a);
      body.replaceChildren(...a.layers.map((r, l) => row(`weights[${l}], biases[${l}]`, r, String(l))),
        row("all of them", a.overall, "all"));
      el.dataset.epoch = String(estimate.epoch);
      el.dataset.batch = String(estimate.batch);
      el.dataset.m = String(estimate.m);
      el.dataset.finished = estimate.finished ? "1" : "0";
    }
    // The chart changes only with an update (a point more): drawn only then.
    if (chartDrawn !== chartVersion) drawChart();
    chartDrawn = chartVersion;
    el.dataset.shown = shown ? "1" : "0";
    return false;
  }
  return view;
}
