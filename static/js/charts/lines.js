// Line charts on a canvas, from the same description the page gave Plotly (a subset of its
// traces and layout): scatter traces with lines and markers on one or two stacked panels (xaxis,
// yaxis; xaxis2, yaxis2 with their domains), line shapes and text annotations, a legend above.
// The live charts (metrics, the estimate's cosine) change while playing: Plotly took 100–270 ms
// to redraw them (a long frame); this takes a millisecond or two. The description stays on the
// element (el.data, el.layout) as on a Plotly chart, for the tests; el.drawnTicks says where each
// tick label went.

import { drawChanged } from "../plots.js";
import { hideTip, showTip } from "../ui/tooltip.js";
import { INK, makeCanvas, MONO_FONT, TITLE_FONT, verticalText } from "./canvas.js";
import { formatTemplate, niceTicks } from "./ticks.js";

const GRID = "#e6e9f0";
const TICK_FONT = MONO_FONT.replace("10px", "9px");
const DASHES = { solid: [], dot: [2, 3], dash: [6, 4], dashdot: [6, 3, 2, 3] };
const dashOf = (line) => DASHES[(line && line.dash) || "solid"] || [];
const HIT = 24; // px: hovering this near a point explains it

const font = (size) => TITLE_FONT.replace("10px", `${size}px`);
const suffixOf = (ref = "x") => ref.replace(/^[xy]/, "").replace(" domain", "");

// The panels: one per axis pair (xaxis, yaxis), (xaxis2, yaxis2), with its pixel box.
function panels(layout, box) {
  return ["", "2"].filter((s) => layout[`xaxis${s}`] || (s === "" && layout.yaxis)).map((s) => {
    const [d0, d1] = (layout[`yaxis${s}`] || {}).domain || [0, 1];
    const top = box.top + (1 - d1) * box.height;
    const bottom = box.top + (1 - d0) * box.height;
    return { suffix: s, xa: layout[`xaxis${s}`] || {}, ya: layout[`yaxis${s}`] || {},
      left: box.left, right: box.left + box.width, top, bottom };
  });
}

// An axis's range: the one asked for, else the data's (with 0 when rangemode is "tozero"),
// padded a little so the markers at its ends are whole.
function range(axis, values) {
  if (axis.range) return axis.range;
  const finite = values.filter(Number.isFinite);
  if (!finite.length) return [0, 1];
  let [lo, hi] = [Math.min(...finite), Math.max(...finite)];
  const zero = axis.rangemode === "tozero";
  if (zero) [lo, hi] = [Math.min(0, lo), Math.max(0, hi)];
  if (hi === lo) return zero ? [lo, hi + 1] : [lo - 1, hi + 1];
  const pad = (hi - lo) * 0.05;
  return [zero && lo === 0 ? 0 : lo - pad, zero && hi === 0 ? 0 : hi + pad];
}

function scales(panel, traces) {
  const mine = traces.filter((t) => suffixOf(t.xaxis) === panel.suffix);
  const [x0, x1] = range(panel.xa, mine.flatMap((t) => t.x));
  const [y0, y1] = range(panel.ya, mine.flatMap((t) => t.y));
  panel.xRange = [x0, x1];
  panel.yRange = [y0, y1];
  panel.px = (v) => panel.left + ((v - x0) / (x1 - x0)) * (panel.right - panel.left);
  panel.py = (v) => panel.bottom - ((v - y0) / (y1 - y0)) * (panel.bottom - panel.top);
  panel.traces = mine;
}

function line(ctx, x0, y0, x1, y1) {
  ctx.beginPath();
  ctx.moveTo(x0, y0);
  ctx.lineTo(x1, y1);
  ctx.stroke();
}

// Grid lines and tick labels of one panel; returns the labels' boxes.
function axes(ctx, p) {
  ctx.font = TICK_FONT;
  ctx.strokeStyle = GRID;
  ctx.lineWidth = 1;
  ctx.fillStyle = INK;
  const drawn = { x: [], y: [] };
  const measure = (text) => ctx.measureText(text).width;
  for (const { v, text } of niceTicks(p.yRange, p.bottom - p.top, p.ya, () => 14, 24)) {
    const y = Math.round(p.py(v)) + 0.5;
    line(ctx, p.left, y, p.right, y);
    ctx.textAlign = "right";
    ctx.textBaseline = "middle";
    ctx.fillText(text, p.left - 4, y);
    drawn.y.push({ text, left: p.left - 4 - measure(text), right: p.left - 4, top: y - 5, bottom: y + 5 });
  }
  for (const { v, text } of niceTicks(p.xRange, p.right - p.left, p.xa, (t) => measure(t) + 10, 60)) {
    const x = Math.round(p.px(v)) + 0.5;
    line(ctx, x, p.top, x, p.bottom);
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    ctx.fillText(text, x, p.bottom + 6);
    const half = measure(text) / 2;
    drawn.x.push({ text, left: x - half, right: x + half, top: p.bottom + 6, bottom: p.bottom + 16 });
  }
  return drawn;
}

function titles(ctx, p) {
  ctx.fillStyle = INK;
  ctx.font = font(10);
  const xTitle = p.xa.title && p.xa.title.text;
  if (xTitle) {
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    ctx.fillText(xTitle, (p.left + p.right) / 2, p.bottom + 17);
  }
  const yTitle = p.ya.title && p.ya.title.text;
  if (yTitle) verticalText(ctx, yTitle, 9, (p.top + p.bottom) / 2);
}

function marker(ctx, x, y, m, colour) {
  const r = (m.size || 6) / 2;
  const symbol = m.symbol || "circle";
  ctx.beginPath();
  if (symbol.startsWith("diamond")) {
    ctx.moveTo(x, y - r);
    ctx.lineTo(x + r, y);
    ctx.lineTo(x, y + r);
    ctx.lineTo(x - r, y);
    ctx.closePath();
  } else ctx.arc(x, y, r, 0, 2 * Math.PI);
  if (symbol.endsWith("-open")) {
    ctx.strokeStyle = (m.line && m.line.color) || colour;
    ctx.lineWidth = (m.line && m.line.width) || 1.5;
    ctx.setLineDash([]);
    ctx.stroke();
  } else {
    ctx.fillStyle = m.color || colour;
    ctx.fill();
  }
}

function trace(ctx, p, t) {
  const colour = (t.line && t.line.color) || INK;
  const mode = t.mode || "lines+markers";
  const points = t.x.map((x, i) => [p.px(x), p.py(t.y[i])]).filter(([, y]) => Number.isFinite(y));
  if (mode.includes("lines") && points.length > 1) {
    ctx.strokeStyle = colour;
    ctx.lineWidth = (t.line && t.line.width) || 2;
    ctx.setLineDash(dashOf(t.line));
    ctx.beginPath();
    points.forEach(([x, y], i) => (i ? ctx.lineTo(x, y) : ctx.moveTo(x, y)));
    ctx.stroke();
    ctx.setLineDash([]);
  }
  if (mode.includes("markers")) for (const [x, y] of points) marker(ctx, x, y, t.marker || {}, colour);
}

// Where a shape's or annotation's coordinate lies: data on an axis, or a share of a panel.
function place(ref, v, all, vertical) {
  const p = all.find((q) => q.suffix === suffixOf(ref)) || all[0];
  if (ref && ref.endsWith("domain")) {
    return vertical ? p.bottom - v * (p.bottom - p.top) : p.left + v * (p.right - p.left);
  }
  return vertical ? p.py(v) : p.px(v);
}

function shapes(ctx, layout, all) {
  for (const s of layout.shapes || []) {
    ctx.strokeStyle = (s.line && s.line.color) || INK;
    ctx.lineWidth = (s.line && s.line.width) || 1;
    ctx.setLineDash(dashOf(s.line));
    line(ctx, place(s.xref, s.x0, all, false), place(s.yref, s.y0, all, true),
      place(s.xref, s.x1, all, false), place(s.yref, s.y1, all, true));
  }
  ctx.setLineDash([]);
  for (const a of layout.annotations || []) {
    ctx.font = font((a.font && a.font.size) || 10);
    ctx.fillStyle = (a.font && a.font.color) || INK;
    ctx.textAlign = a.xanchor === "right" ? "right" : a.xanchor === "left" ? "left" : "center";
    ctx.textBaseline = a.yanchor === "top" ? "top" : a.yanchor === "bottom" ? "bottom" : "middle";
    const nudge = a.xanchor === "left" ? 2 : a.xanchor === "right" ? -2 : 0;
    ctx.fillText(a.text, place(a.xref, a.x, all, false) + nudge, place(a.yref, a.y, all, true));
  }
}

// The legend in rows above the plot: a stroke of each trace's line and its marker, its name.
function legendRows(ctx, traces, width) {
  ctx.font = font(10);
  const rows = [[]];
  let x = 0;
  for (const t of traces.filter((t) => t.name && t.showlegend !== false)) {
    const w = 26 + ctx.measureText(t.name).width + 12;
    if (x + w > width && rows[rows.length - 1].length) {
      rows.push([]);
      x = 0;
    }
    rows[rows.length - 1].push([t, x]);
    x += w;
  }
  return rows.filter((r) => r.length);
}

function legend(ctx, rows, left, top) {
  rows.forEach((row, i) => {
    const y = top + 7 + i * 14;
    for (const [t, x0] of row) {
      const x = left + x0;
      const colour = (t.line && t.line.color) || INK;
      if ((t.mode || "lines").includes("lines")) {
        ctx.strokeStyle = colour;
        ctx.lineWidth = Math.min(2, (t.line && t.line.width) || 2);
        ctx.setLineDash(dashOf(t.line));
        line(ctx, x, y, x + 20, y);
        ctx.setLineDash([]);
      }
      if ((t.mode || "").includes("markers")) marker(ctx, x + 10, y, { ...t.marker, size: Math.min(8, (t.marker || {}).size || 6) }, colour);
      ctx.fillStyle = INK;
      ctx.textAlign = "left";
      ctx.textBaseline = "middle";
      ctx.fillText(t.name, x + 26, y);
    }
  });
}

// The point nearest the pointer, within HIT pixels, on the panel under it.
function nearest(all, x, y) {
  let best = null;
  for (const p of all) {
    if (y < p.top - HIT / 2 || y > p.bottom + HIT / 2) continue;
    for (const t of p.traces) {
      if (t.hoverinfo === "skip") continue;
      t.x.forEach((v, i) => {
        const d = Math.hypot(p.px(v) - x, p.py(t.y[i]) - y);
        if (d <= HIT && (!best || d < best.d)) best = { d, t, i };
      });
    }
  }
  return best;
}

export function createLines(el) {
  const { canvas, prepare } = makeCanvas(el, "chart lines");
  let drawn = null; // {all}: the panels of the last draw, for hovering
  let last = null; // [data, layout]
  const explain = (event) => {
    const r = canvas.getBoundingClientRect();
    const hit = drawn && nearest(drawn.all, event.clientX - r.left, event.clientY - r.top);
    if (!hit || !hit.t.hovertemplate) return hideTip();
    const [title, ...lines] = formatTemplate(hit.t.hovertemplate, hit.t, hit.i);
    showTip(event, title, lines);
  };
  canvas.addEventListener("pointermove", explain);
  canvas.addEventListener("pointerdown", explain); // a tap on a touch screen
  canvas.addEventListener("pointerleave", () => hideTip());
  el.addEventListener("chart-resize", () => last && draw(...last));

  function draw(data, layout) {
    last = [data, layout];
    const { ctx, w, h } = prepare();
    const m = { l: 40, r: 8, t: 8, b: 28, ...layout.margin };
    const rows = layout.showlegend ? legendRows(ctx, data, w - m.l - m.r) : [];
    const top = m.t + Math.max(0, rows.length - 1) * 14;
    const box = { left: m.l, top, width: Math.max(10, w - m.l - m.r), height: Math.max(10, h - top - m.b) };
    const all = panels(layout, box);
    all.forEach((p) => scales(p, data));
    const ticks = {};
    for (const p of all) ticks[`x${p.suffix}y${p.suffix}`] = axes(ctx, p);
    for (const p of all) titles(ctx, p);
    for (const p of all) {
      ctx.save();
      ctx.beginPath();
      ctx.rect(p.left - 6, p.top - 6, p.right - p.left + 12, p.bottom - p.top + 12);
      ctx.clip();
      p.traces.forEach((t) => trace(ctx, p, t));
      ctx.restore();
    }
    shapes(ctx, layout, all);
    legend(ctx, rows, m.l, Math.max(0, top - rows.length * 14 - 2));
    drawn = { all };
    el.drawnTicks = ticks;
  }
  return { draw, canvas };
}

const charts = new WeakMap(); // el -> its chart

// Draws `data` and `layout` on el's canvas (made at the first draw), as plots.js's draw does
// with Plotly: the same description as the last draw is not drawn again.
export function drawLines(el, data, layout) {
  drawChanged(el, JSON.stringify([data, layout]), () => {
    if (!charts.has(el)) charts.set(el, createLines(el));
    el.data = data;
    el.layout = layout;
    charts.get(el).draw(data, layout);
  });
}
