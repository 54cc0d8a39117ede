// A matrix of coloured cells on a canvas, as Plotly's heatmap with xgap/ygap 1 drew it: k x k
// cells filling the plot (row 0 at the top), a text in each cell when asked, a tick under each
// column and beside each row (every few when they are too close), an axis title under the
// columns and one along the rows, and hover reported as (i, j). The confusion matrix draws
// on it: about half a millisecond, where Plotly.react took tens.

import { css, INK, makeCanvas, MONO_FONT, tickStep, TITLE_FONT, verticalText } from "./canvas.js";

const PAD = { left: 64, right: 8, top: 6, bottom: 34 }; // Plotly's margins for the same chart
const TICK_FONT = MONO_FONT.replace("10px", "9px");

// Dark cells get white text, light ones the ink (as Plotly's texttemplate picks).
const textOn = ([r, g, b]) => (0.299 * r + 0.587 * g + 0.114 * b < 140 ? "#ffffff" : INK);

// onHover(event, i, j) over cell (row i, column j); onLeave when off the cells.
export function createGrid(el, { onHover, onLeave } = {}) {
  const { canvas, prepare } = makeCanvas(el, "chart grid");
  canvas.setAttribute("role", "img");
  let geometry = null; // {x, y, cw, ch, rows, cols}

  function cellAt(event) {
    if (!geometry) return null;
    const r = canvas.getBoundingClientRect();
    const j = Math.floor((event.clientX - r.left - geometry.x) / geometry.cw);
    const i = Math.floor((event.clientY - r.top - geometry.y) / geometry.ch);
    return i >= 0 && j >= 0 && i < geometry.rows && j < geometry.cols ? [i, j] : null;
  }
  canvas.addEventListener("mousemove", (event) => {
    const cell = cellAt(event);
    if (cell && onHover) onHover(event, ...cell);
    else if (!cell && onLeave) onLeave();
  });
  canvas.addEventListener("mouseleave", () => onLeave && onLeave());

  // Cell edges on whole pixels: cell n spans [edge(n), edge(n + 1) - 1), the last pixel its gap.
  const edges = (from, size, n) => Array.from({ length: n + 1 }, (_, i) => Math.round(from + (i * size) / n));

  function cells(ctx, g, colours, texts) {
    ctx.font = TICK_FONT;
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    // Digits are all as wide in a monospace font: one measure says whether the texts fit.
    const longest = texts ? Math.max(0, ...texts.flat().map((t) => t.length)) : 0;
    const room = Math.min(g.xs[1] - g.xs[0], g.xs[g.xs.length - 1] - g.xs[g.xs.length - 2]) - 2;
    const written = longest > 0 && ctx.measureText("0".repeat(longest)).width < room && g.ys[1] - g.ys[0] > 8;
    colours.forEach((row, i) => row.forEach((rgb, j) => {
      const [x0, x1, y0, y1] = [g.xs[j], g.xs[j + 1], g.ys[i], g.ys[i + 1]];
      ctx.fillStyle = css(rgb);
      ctx.fillRect(x0, y0, x1 - x0 - 1, y1 - y0 - 1);
      if (written && texts[i][j]) {
        ctx.fillStyle = textOn(rgb);
        ctx.fillText(texts[i][j], (x0 + x1 - 1) / 2, (y0 + y1 - 1) / 2);
      }
    }));
  }

  function ticks(ctx, g, xTicks, yTicks) {
    ctx.font = TICK_FONT;
    ctx.fillStyle = INK;
    const xEvery = tickStep(xTicks.length, g.width, Math.max(...xTicks.map((t) => ctx.measureText(t).width)) + 6);
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    xTicks.forEach((t, j) => j % xEvery || ctx.fillText(t, (g.xs[j] + g.xs[j + 1] - 1) / 2, g.y + g.height + 3));
    const yEvery = tickStep(yTicks.length, g.height, 11);
    ctx.textAlign = "right";
    ctx.textBaseline = "middle";
    yTicks.forEach((t, i) => i % yEvery || ctx.fillText(t, g.x - 4, (g.ys[i] + g.ys[i + 1] - 1) / 2));
  }

  function titles(ctx, g, xTitle, yTitle) {
    ctx.font = TITLE_FONT;
    ctx.fillStyle = INK;
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    ctx.fillText(xTitle, g.x + g.width / 2, g.y + g.height + 16); // under the ticks, as Plotly's standoff
    verticalText(ctx, yTitle, 10, g.y + g.height / 2);
  }

  // colours[i][j]: [r, g, b]; texts[i][j] (or null: none); xTicks, yTicks: one per column and
  // row; xTitle, yTitle; label: what the chart shows, in words (for a screen reader).
  function draw({ colours, texts = null, xTicks, yTicks, xTitle, yTitle, label }) {
    const { ctx, w, h } = prepare();
    const rows = colours.length, cols = rows ? colours[0].length : 0;
    const g = { x: PAD.left, y: PAD.top, width: Math.max(10, w - PAD.left - PAD.right),
      height: Math.max(10, h - PAD.top - PAD.bottom) };
    g.xs = edges(g.x, g.width + 1, cols); // + 1: the last column's gap falls outside the plot
    g.ys = edges(g.y, g.height + 1, rows);
    geometry = { x: g.x, y: g.y, cw: (g.width + 1) / cols, ch: (g.height + 1) / rows, rows, cols };
    cells(ctx, g, colours, texts);
    ticks(ctx, g, xTicks, yTicks);
    titles(ctx, g, xTitle, yTitle);
    canvas.setAttribute("aria-label", label);
    el.dataset.drawn = String(Number(el.dataset.drawn || 0) + 1);
  }
  return { draw, canvas };
}
