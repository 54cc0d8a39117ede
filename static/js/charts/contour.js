// A contour map on a canvas: z[i][j] over (xs[j], ys[i]) as shaded bands and contour lines
// (marching squares), square axes with value ticks, and an overlay the caller draws in data
// coordinates (arrows, paths). The grid's picture is cached, so redrawing the overlay is cheap.

import { FAINT, INK, makeCanvas, MONO_FONT, short, verticalText } from "./canvas.js";

const LEVELS = 14;
const BOTTOM = 30; // px below the plot: the ticks and the x axis's label
const LOW = [250, 251, 253]; // the colour of the lowest cost
const HIGH = [150, 172, 200]; // and of the highest

function rangeOf(z) {
  let lo = Infinity, hi = -Infinity;
  for (const row of z) for (const v of row) if (Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  return lo <= hi ? [lo, hi] : [0, 1];
}

// The grid as an image, one pixel per grid point, row 0 (ys[0]) at the bottom.
function shade(z, lo, hi) {
  const rows = z.length, cols = z[0].length;
  const image = new ImageData(cols, rows);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const t = hi > lo ? Math.min(1, Math.max(0, (z[i][j] - lo) / (hi - lo))) : 0;
      const c = LOW.map((a, n) => Math.round(a + (HIGH[n] - a) * Math.sqrt(t)));
      image.data.set([...c, 255], ((rows - 1 - i) * cols + j) * 4);
    }
  }
  const off = new OffscreenCanvas(cols, rows);
  off.getContext("2d").putImageData(image, 0, 0);
  return off;
}

// Marching squares: the segments of the level set z = level, in grid coordinates (j, i).
function isoline(z, level) {
  const segments = [];
  const cross = (a, b) => (a - level) / (a - b);
  for (let i = 0; i + 1 < z.length; i++) {
    for (let j = 0; j + 1 < z[i].length; j++) {
      const c = [z[i][j], z[i][j + 1], z[i + 1][j + 1], z[i + 1][j]];
      const corners = [[j, i], [j + 1, i], [j + 1, i + 1], [j, i + 1]];
      const points = [];
      for (let e = 0; e < 4; e++) {
        const a = c[e], b = c[(e + 1) % 4];
        if ((a < level) !== (b < level)) {
          const t = cross(a, b);
          const [p, q] = [corners[e], corners[(e + 1) % 4]];
          points.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]);
        }
      }
      if (points.length >= 2) segments.push([points[0], points[1]]);
      if (points.length === 4) segments.push([points[2], points[3]]);
    }
  }
  return segments;
}

// A tick's label: as many decimals as the step needs, a minus sign for negatives.
function label(v, step) {
  const power = Math.floor(Math.log10(step) + 1e-9);
  const mantissa = Math.round((step / 10 ** power) * 100) / 100; // 1, 2, 2.5 or 5
  const decimals = Math.max(0, -power + (Number.isInteger(mantissa) ? 0 : 1));
  const text = Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0 && decimals > 6) ? short(v) : v.toFixed(Math.min(decimals, 8));
  return text.replace(/^-(0\.?0*)$/, "$1").replace(/-/g, "−");
}

function niceStep(span, count) {
  const raw = span / count;
  const p = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 2.5, 5, 10].map((s) => s * p).find((s) => s >= raw) || raw;
}

export function createContour(el) {
  const { canvas, prepare } = makeCanvas(el, "chart contour");
  let cache = null; // {grid, image, lo, hi, lines}
  let mapping = null;

  function build(grid) {
    const [lo, hi] = rangeOf(grid.z);
    const levels = Array.from({ length: LEVELS }, (_, n) => lo + ((hi - lo) * (n + 0.5)) / LEVELS);
    const marked = grid.mark !== undefined ? isoline(grid.z, grid.mark) : [];
    return { grid, image: shade(grid.z, lo, hi), lo, hi, lines: levels.flatMap((v) => isoline(grid.z, v)), marked };
  }

  function axes(ctx, g, xs, ys) {
    ctx.fillStyle = FAINT;
    ctx.font = MONO_FONT;
    const ticks = (values, place) => {
      const [a, b] = [values[0], values[values.length - 1]];
      const step = niceStep(b - a, 4);
      for (let n = Math.ceil(a / step); n * step <= b + 1e-9 * step; n++) place(n * step, step);
    };
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    ticks(xs, (v, step) => {
      const [x] = g.px(v, ys[0]);
      ctx.fillRect(x, g.y + g.size, 1, 3);
      ctx.fillText(label(v, step), x, g.y + g.size + 4);
    });
    ctx.textAlign = "right";
    ctx.textBaseline = "middle";
    ticks(ys, (v, step) => {
      const [, y] = g.px(xs[0], v);
      ctx.fillRect(g.x - 3, y, 3, 1);
      ctx.fillText(label(v, step), g.x - 5, y);
    });
  }

  function lines(ctx, segments, g, n) {
    ctx.beginPath();
    for (const [[j0, i0], [j1, i1]] of segments) {
      ctx.moveTo(g.x + (j0 / n.cols) * g.size, g.y + g.size - (i0 / n.rows) * g.size);
      ctx.lineTo(g.x + (j1 / n.cols) * g.size, g.y + g.size - (i1 / n.rows) * g.size);
    }
    ctx.stroke();
  }

  // Everything but the overlay, drawn on `ctx`: the shaded grid, its contour lines, the frame,
  // the ticks and the axis labels.
  function background(ctx, g, labels) {
    const { xs, ys } = cache.grid;
    const n = { cols: xs.length - 1, rows: ys.length - 1 };
    // each grid point is a pixel centre: the image reaches half a cell past the axes, clipped
    const [cw, ch] = [g.size / n.cols, g.size / n.rows];
    ctx.save();
    ctx.beginPath();
    ctx.rect(g.x, g.y, g.size, g.size);
    ctx.clip();
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(cache.image, g.x - cw / 2, g.y - ch / 2, g.size + cw, g.size + ch);
    ctx.strokeStyle = "rgba(71, 85, 105, 0.35)";
    ctx.lineWidth = 0.8;
    lines(ctx, cache.lines, g, n);
    ctx.strokeStyle = "rgba(31, 59, 115, 0.7)";
    ctx.lineWidth = 1.3;
    lines(ctx, cache.marked, g, n);
    ctx.restore();
    frame(ctx, g);
    axes(ctx, g, xs, ys);
    ctx.fillStyle = INK;
    ctx.font = MONO_FONT.replace("10px", "11px");
    ctx.textAlign = "center";
    ctx.textBaseline = "bottom";
    ctx.fillText(labels[0], g.x + g.size / 2, g.y + g.size + BOTTOM);
    verticalText(ctx, labels[1], g.x - 44, g.y + g.size / 2);
  }

  function frame(ctx, g) {
    ctx.strokeStyle = "#cbd3df";
    ctx.lineWidth = 1;
    ctx.strokeRect(g.x + 0.5, g.y + 0.5, g.size - 1, g.size - 1);
  }

  // grid: {xs, ys, z, mark?} (mark: one level drawn darker); overlay(ctx, px) draws on top.
  // While only the overlay changes (a step more), the rest is copied from a picture kept of it.
  function draw(grid, { labels = ["", ""], overlay = null } = {}) {
    const { ctx, w, h } = prepare();
    if (!grid) {
      mapping = null;
      return;
    }
    if (!cache || cache.grid !== grid) cache = build(grid);
    const { xs, ys } = grid;
    const left = 52, top = 6;
    const size = Math.max(60, Math.min(w - left - 8, h - top - BOTTOM));
    const g = { x: left + Math.max(0, (w - left - 8 - size) / 2), y: top, size };
    const [x0, x1, y0, y1] = [xs[0], xs[xs.length - 1], ys[0], ys[ys.length - 1]];
    g.px = (a, b) => [g.x + ((a - x0) / (x1 - x0)) * size, g.y + size - ((b - y0) / (y1 - y0)) * size];
    mapping = g;
    const key = `${canvas.width}x${canvas.height}:${labels.join("|")}`;
    if (!cache.back || cache.back.key !== key) {
      const picture = new OffscreenCanvas(canvas.width, canvas.height);
      const pctx = picture.getContext("2d");
      pctx.setTransform(canvas.width / w, 0, 0, canvas.height / h, 0, 0);
      background(pctx, g, labels);
      cache.back = { key, picture };
    }
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(cache.back.picture, 0, 0);
    ctx.restore();
    if (overlay) {
      ctx.save();
      ctx.beginPath();
      ctx.rect(g.x, g.y, size, size);
      ctx.clip();
      overlay(ctx, g.px);
      ctx.restore();
      frame(ctx, g); // the overlay under the frame, as in the picture
    }
    el.dataset.drawn = String(Number(el.dataset.drawn || 0) + 1);
  }

  // The data coordinates under a mouse event, or null outside the plot.
  function valueAt(event) {
    if (!mapping || !cache) return null;
    const r = canvas.getBoundingClientRect();
    const fx = (event.clientX - r.left - mapping.x) / mapping.size;
    const fy = 1 - (event.clientY - r.top - mapping.y) / mapping.size;
    if (fx < 0 || fx > 1 || fy < 0 || fy > 1) return null;
    const { xs, ys, z } = cache.grid;
    const j = Math.round(fx * (xs.length - 1)), i = Math.round(fy * (ys.length - 1));
    return {
      a: xs[0] + fx * (xs[xs.length - 1] - xs[0]), b: ys[0] + fy * (ys[ys.length - 1] - ys[0]), cost: z[i][j],
    };
  }

  return { draw, canvas, valueAt, range: () => cache && [cache.lo, cache.hi] };
}
