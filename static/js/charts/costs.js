// The cost curves of runs side by side (compare mode): each example's cost, faint, and the
// mean over blocks of examples, bold; one colour and dash per run. Plotly.

import { baseLayout, draw, LINE_AXIS } from "../plots.js";

export const COLOURS = ["#1f3b73", "#7c3aed", "#0f766e"];
const DASHES = ["solid", "dash", "dot"];
const MAX_POINTS = 1500;
const AXIS = LINE_AXIS;

// At most MAX_POINTS points: the mean of each bucket of consecutive ones.
function thin(points) {
  if (points.length <= MAX_POINTS) return { x: points.map((p) => p.x), y: points.map((p) => p.y) };
  const size = Math.ceil(points.length / MAX_POINTS);
  const x = [], y = [];
  for (let i = 0; i < points.length; i += size) {
    const part = points.slice(i, i + size);
    x.push(part[part.length - 1].x);
    y.push(part.reduce((s, p) => s + p.y, 0) / part.length);
  }
  return { x, y };
}

// The mean cost of each mini-batch of m (the book's cost per update), from example points.
function batchMeans(points, m, n) {
  const out = [];
  let key = null, sum = 0, count = 0, x = 0;
  for (const p of points) {
    const k = `${Math.floor((p.x - 1) / n)}:${Math.floor(((p.x - 1) % n) / m)}`;
    if (k !== key && count) { out.push({ x, y: sum / count }); sum = 0; count = 0; }
    key = k; sum += p.y; count += 1; x = p.x;
  }
  if (count) out.push({ x, y: sum / count });
  return out;
}

// members: [{label, config, points: [{x: examples seen, y: that example's cost}]}]
export function drawCosts(chart, members) {
  // Per run: each example's cost, faint (traces 0..k-1), and each mini-batch's mean, bold.
  const examples = members.map((m, i) => {
    const { x, y } = thin(m.points);
    return {
      type: "scatter", mode: x.length > 80 ? "lines" : "lines+markers", name: m.label, x, y,
      line: { color: COLOURS[i], width: 1, dash: DASHES[i] }, opacity: x.length > 80 ? 0.3 : 0.5, showlegend: false,
      marker: { size: 3.5, color: COLOURS[i] },
      hovertemplate: `${m.label}<br>example %{x}: cost %{y:.4f}<extra></extra>`,
    };
  });
  // Every run's means over the same blocks: the largest m (with m = 1 beside m = 10, the
  // mean of ten examples, not each example again).
  const block = Math.max(...members.map((m) => m.config.batch_size));
  const same = members.every((m) => m.config.batch_size === block);
  const meanName = same ? "mean per mini-batch" : `mean per ${block} examples`;
  const means = members.map((m, i) => {
    const { x, y } = thin(batchMeans(m.points, block, m.config.n_train));
    return {
      type: "scatter", mode: x.length > 40 ? "lines" : "lines+markers", name: `${m.label}: ${meanName}`,
      x, y, line: { color: COLOURS[i], width: 2.4, dash: DASHES[i] }, marker: { size: 6, color: COLOURS[i] },
      hovertemplate: `${m.label}<br>up to example %{x}: mean cost %{y:.4f}<extra></extra>`,
    };
  });
  const traces = [...examples, ...means];
  const last = Math.max(...members.map((m) => (m.points.length ? m.points[m.points.length - 1].x : 0)));
  const m = Math.min(...members.map((mm) => mm.config.batch_size));
  // the ends of the mini-batches, while few enough to see: where the book's weights move
  const shapes = last <= 12 * m ? Array.from({ length: Math.floor(last / m) }, (_, k) => ({
    type: "line", x0: (k + 1) * m + 0.5, x1: (k + 1) * m + 0.5, yref: "paper", y0: 0, y1: 1,
    line: { color: "#cbd3df", width: 1, dash: "dot" },
  })) : [];
  return draw(chart, traces, baseLayout({
    showlegend: true, shapes,
    legend: { orientation: "h", x: 0, y: 1.02, yanchor: "bottom", font: { size: 11 } },
    margin: { l: 46, r: 10, t: 28, b: 34 },
    xaxis: { ...AXIS, title: { text: "examples seen", font: { size: 10 }, standoff: 2 },
      rangemode: "tozero", tickformat: ",d" },
    yaxis: { ...AXIS, title: { text: "cost", font: { size: 10 }, standoff: 2 }, rangemode: "tozero" },
  }));
}
