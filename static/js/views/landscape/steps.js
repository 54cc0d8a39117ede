// The steps drawn on the landscape: where each example's step −(η/m)·∇ᵢ goes, head to tail from
// the start of the mini-batch, and the overlay that draws them on the contour's canvas: the
// chain of steps, the dashed mean direction, the real per-example path, and the update's end.

import { NEGATIVE } from "../../palette.js";

const STEP = "#7c3aed";
const MEAN = "#0f766e";
const START = "#1f3b73";
export const FULL = "#b45309"; // −η·∇C: the step the whole training set's gradient would take

function arrow(ctx, [x0, y0], [x1, y1], { colour, width = 1.6, dash = null, head = 7 }) {
  const length = Math.hypot(x1 - x0, y1 - y0);
  ctx.strokeStyle = colour;
  ctx.fillStyle = colour;
  ctx.lineWidth = width;
  ctx.setLineDash(dash || []);
  if (length < 0.5) return;
  const [ux, uy] = [(x1 - x0) / length, (y1 - y0) / length];
  const h = Math.min(head, length * 0.6);
  ctx.beginPath();
  ctx.moveTo(x0, y0);
  ctx.lineTo(x1 - ux * h * 0.8, y1 - uy * h * 0.8);
  ctx.stroke();
  ctx.setLineDash([]);
  ctx.beginPath();
  ctx.moveTo(x1, y1);
  ctx.lineTo(x1 - ux * h - uy * h * 0.45, y1 - uy * h + ux * h * 0.45);
  ctx.lineTo(x1 - ux * h + uy * h * 0.45, y1 - uy * h - ux * h * 0.45);
  ctx.closePath();
  ctx.fill();
}

function dot(ctx, [x, y], { fill, stroke = "#1b2538", r = 4 }) {
  ctx.beginPath();
  ctx.arc(x, y, r, 0, 2 * Math.PI);
  if (fill) {
    ctx.fillStyle = fill;
    ctx.fill();
  }
  ctx.strokeStyle = stroke;
  ctx.lineWidth = 1.3;
  ctx.stroke();
}

// What to draw for landscape `ls` given how far the page's mini-batch is: k arrows, the chain's
// points, the mean-direction tip, the per-example path so far, and whether the update is done.
export function geometry(ls, k, done) {
  const chain = [ls.at];
  for (let i = 0; i < k; i++) chain.push([chain[i][0] + ls.steps[i][0], chain[i][1] + ls.steps[i][1]]);
  const last = chain[k];
  const mean = k > 0 ? [ls.at[0] + (ls.m / k) * (last[0] - ls.at[0]), ls.at[1] + (ls.m / k) * (last[1] - ls.at[1])] : null;
  const path = ls.path ? [ls.at, ...ls.path.slice(0, k)] : null;
  const full = ls.full_step ? [ls.at[0] + ls.full_step[0], ls.at[1] + ls.full_step[1]] : null;
  return { chain, mean, path, end: done ? ls.end : null, full };
}

function drawPath(ctx, real) {
  ctx.strokeStyle = NEGATIVE;
  ctx.lineWidth = 2;
  ctx.beginPath();
  real.forEach(([x, y], i) => (i ? ctx.lineTo(x, y) : ctx.moveTo(x, y)));
  ctx.stroke();
  for (const p of real.slice(1)) dot(ctx, p, { fill: NEGATIVE, stroke: "#fff", r: 3 });
}

// The contour's overlay for geometry `g`: (ctx, px) with px(a, b) the pixel of weights (a, b).
export function overlay(g) {
  return (ctx, px) => {
    const points = g.chain.map(([a, b]) => px(a, b));
    if (g.full) arrow(ctx, points[0], px(...g.full), { colour: FULL, width: 2.2, dash: [2, 3], head: 9 });
    if (g.mean) arrow(ctx, points[0], px(...g.mean), { colour: MEAN, width: 1.4, dash: [5, 4] });
    for (let i = 1; i < points.length; i++) {
      const newest = i === points.length - 1 && !g.end;
      arrow(ctx, points[i - 1], points[i], { colour: STEP, width: newest ? 2.6 : 1.7, head: newest ? 9 : 7 });
    }
    if (g.path) drawPath(ctx, g.path.map(([a, b]) => px(a, b)));
    if (g.end) {
      const tail = points[points.length - 1];
      const end = px(...g.end);
      if (Math.hypot(end[0] - tail[0], end[1] - tail[1]) > 0.5) arrow(ctx, tail, end, { colour: "#64748b", width: 1.4 });
      dot(ctx, end, { fill: "#fff", stroke: STEP, r: 6.5 });
      dot(ctx, end, { fill: STEP, stroke: STEP, r: 2.5 });
    }
    dot(ctx, points[0], { fill: START, stroke: "#fff", r: 4.5 });
  };
}
