// Parallel coordinates on canvas: one vertical axis per input, every row of a table a polyline
// across them, coloured by its class. The inputs come scaled to [-1, 1] (app/core/table.py), so
// every axis spans the same range. The many rows are drawn once into an offscreen canvas (again
// only when the data or the size changes); a draw copies it and adds the highlighted lines on top.

import { FAINT, INK, makeCanvas, MONO_FONT } from "./canvas.js";

const RANGE = [-1.05, 1.05];
const PAD = { left: 24, right: 12, top: 8, bottom: 22 };

// The axes' frame in CSS pixels: {x(j), y(v), top, bottom, left, right, gap, range}.
function frameOf(w, h, d) {
  const left = PAD.left, right = w - PAD.right, top = PAD.top, bottom = h - PAD.bottom;
  const gap = d > 1 ? (right - left) / (d - 1) : 0;
  return {
    top, bottom, gap, left, right, range: RANGE,
    x: (j) => (d > 1 ? left + j * gap : (left + right) / 2),
    y: (v) => bottom - ((v - RANGE[0]) / (RANGE[1] - RANGE[0])) * (bottom - top),
  };
}

// Row x's line across the axes (with one input only, a tick across its one axis).
function polyline(ctx, f, x) {
  ctx.beginPath();
  if (x.length === 1) {
    ctx.moveTo(f.x(0) - 40, f.y(x[0]));
    ctx.lineTo(f.x(0) + 40, f.y(x[0]));
  }
  for (let j = 0; j < x.length; j++) ctx[j ? "lineTo" : "moveTo"](f.x(j), f.y(x[j]));
  ctx.stroke();
}

// A name cut to `room` pixels, with an ellipsis when cut.
function fit(ctx, name, room) {
  if (ctx.measureText(name).width <= room) return name;
  let n = name.length;
  while (n > 1 && ctx.measureText(`${name.slice(0, n)}…`).width > room) n--;
  return `${name.slice(0, n)}…`;
}

function drawAxes(ctx, f, names) {
  ctx.strokeStyle = "#cbd3df";
  ctx.lineWidth = 1;
  names.forEach((_, j) => {
    ctx.beginPath();
    ctx.moveTo(Math.round(f.x(j)) + 0.5, f.top);
    ctx.lineTo(Math.round(f.x(j)) + 0.5, f.bottom);
    ctx.stroke();
  });
  ctx.font = MONO_FONT;
  ctx.fillStyle = FAINT;
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  for (const v of [-1, 0, 1]) ctx.fillText(String(v).replace("-", "−"), f.left - 5, f.y(v));
  // The inputs' names under their axes: every one when they fit, else every few, each cut to fit.
  const every = names.length > 1 ? Math.max(1, Math.ceil(24 / f.gap)) : 1;
  const room = names.length > 1 ? Math.max(20, every * f.gap - 4) : f.right - f.left;
  ctx.fillStyle = INK;
  ctx.textBaseline = "top";
  names.forEach((name, j) => {
    if (j % every) return;
    const last = j === names.length - 1, first = j === 0;
    ctx.textAlign = names.length === 1 ? "center" : first ? "left" : last ? "right" : "center";
    ctx.fillText(fit(ctx, name, first || last ? room / 2 + PAD.left : room), f.x(j) - (first ? 6 : 0), f.bottom + 5);
  });
}

// `el`'s chart. draw({names, rows, labels, colour, key, seen, current}): rows are the inputs of
// every row (class `labels[i]`, drawn in `colour(k)`), `key` names them (the background is
// drawn again when it changes); seen: inputs of the rows to mark, current: the row under way.
export function createParallel(el) {
  const { canvas, prepare } = makeCanvas(el, "chart parallel");
  const back = document.createElement("canvas");
  let backKey = null;
  let frame = null;

  function drawBack(w, h, dpr, spec) {
    back.width = Math.round(w * dpr);
    back.height = Math.round(h * dpr);
    const ctx = back.getContext("2d");
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    drawAxes(ctx, frame, spec.names);
    // Fainter the more rows there are, so that where many go one way shows darker.
    ctx.globalAlpha = Math.min(0.6, Math.max(0.06, 6 / Math.sqrt(spec.rows.length + 1)));
    ctx.lineWidth = 1;
    spec.rows.forEach((x, i) => {
      ctx.strokeStyle = spec.colour(spec.labels[i]);
      polyline(ctx, frame, x);
    });
    ctx.globalAlpha = 1;
  }

  return {
    canvas,
    get frame() {
      return frame;
    },
    draw(spec) {
      const { ctx, w, h } = prepare();
      const dpr = window.devicePixelRatio || 1;
      frame = frameOf(w, h, spec.names.length);
      const key = `${spec.key}:${w}x${h}@${dpr}`;
      if (key !== backKey) {
        drawBack(w, h, dpr, spec);
        backKey = key;
      }
      ctx.drawImage(back, 0, 0, w, h);
      ctx.lineJoin = "round";
      ctx.strokeStyle = "#334155";
      ctx.lineWidth = 1.3;
      for (const x of spec.seen) polyline(ctx, frame, x);
      if (spec.current) {
        const { x, label } = spec.current;
        ctx.strokeStyle = "#ffffff";
        ctx.lineWidth = 5;
        polyline(ctx, frame, x);
        ctx.strokeStyle = "#111827";
        ctx.lineWidth = 2.5;
        polyline(ctx, frame, x);
        ctx.fillStyle = spec.colour(label);
        ctx.lineWidth = 1.5;
        const dot = Math.min(3.5, Math.max(1.5, frame.gap / 4 || 3.5)); // smaller when axes crowd
        x.forEach((v, j) => {
          ctx.beginPath();
          ctx.arc(frame.x(j), frame.y(v), dot, 0, 2 * Math.PI);
          ctx.fill();
          ctx.stroke();
        });
      }
    },
  };
}
