// A waterfall on a canvas: bars that stand where the one before ended (each example's share of
// a running sum), dotted connectors from one bar's end to the next's start, totals from zero,
// a value over each bar when there are few, a y axis with round ticks and a two-line axis title
// under the bars. It changes with every example while playing: drawing it takes well under a
// millisecond, where Plotly's waterfall took tens (a long frame).
//
// bars: [{label, from, to, colour, text, tip, connect}] (connect: a dotted line to the next).

import { INK, makeCanvas, MONO_FONT, TITLE_FONT } from "./canvas.js";
import { roundStep, tickText } from "./ticks.js";

const PAD = { left: 48, right: 8, top: 16, bottom: 48 };
const GRID = "#eeeeee";
const ZERO = "#64748b";
const CONNECTOR = "#94a3b8";

// Sets the font for a bar's value: 10 px, or 8 px when 10 is wider than the bar; false: neither fits.
function fits(ctx, text, width) {
  for (const size of ["10px", "8px"]) {
    ctx.font = MONO_FONT.replace("10px", size);
    if (ctx.measureText(text).width <= width) return true;
  }
  return false;
}

export function createWaterfall(el, { onHover, onLeave } = {}) {
  const { canvas, prepare } = makeCanvas(el, "chart waterfall");
  let geometry = null; // {x, bw, bars}

  function barAt(event) {
    if (!geometry) return null;
    const r = canvas.getBoundingClientRect();
    const i = Math.floor((event.clientX - r.left - geometry.x) / geometry.bw);
    return i >= 0 && i < geometry.bars.length ? geometry.bars[i] : null;
  }
  canvas.addEventListener("mousemove", (event) => {
    const bar = barAt(event);
    if (bar && onHover) onHover(event, bar);
    else if (!bar && onLeave) onLeave();
  });
  canvas.addEventListener("mouseleave", () => onLeave && onLeave());

  function yAxis(ctx, g, lo, hi) {
    const step = roundStep((hi - lo) / 4);
    ctx.font = MONO_FONT.replace("10px", "9px");
    ctx.fillStyle = INK;
    ctx.textAlign = "right";
    ctx.textBaseline = "middle";
    for (let n = Math.ceil(lo / step - 1e-9); n * step <= hi + 1e-9 * step; n++) {
      const v = Math.abs(n) < 1e-9 ? 0 : n * step;
      const y = Math.round(g.at(v)) + 0.5;
      if (v !== 0) {
        ctx.strokeStyle = GRID;
        ctx.lineWidth = 1;
        ctx.beginPath();
        ctx.moveTo(g.x, y);
        ctx.lineTo(g.x + g.width, y);
        ctx.stroke();
      }
      ctx.fillText(tickText(v, {}, step), g.x - 4, y);
    }
  }

  // Each bar's name under it, none over another: the step's and Σ first, then the examples'
  // from the first, every few when they are narrow.
  function labels(ctx, bars, g, bw) {
    const every = Math.max(1, Math.ceil(28 / bw));
    const order = [...bars.keys()].filter((i) => !/^\d+$/.test(bars[i].label)).reverse();
    for (let i = 0; i < bars.length; i += every) if (/^\d+$/.test(bars[i].label)) order.push(i);
    const taken = [];
    for (const i of order) {
      const x = g.x + (i + 0.5) * bw;
      const half = ctx.measureText(bars[i].label).width / 2 + 3;
      if (taken.some(([a, b]) => x + half > a && x - half < b)) continue;
      taken.push([x - half, x + half]);
      ctx.fillText(bars[i].label, x, g.y + g.height + 4);
    }
  }

  function title(ctx, lines, w, h) {
    ctx.font = TITLE_FONT;
    ctx.fillStyle = INK;
    ctx.textAlign = "center";
    ctx.textBaseline = "bottom";
    const centre = PAD.left + (w - PAD.left - PAD.right) / 2;
    let left = w, right = 0;
    lines.forEach((line, i) => {
      ctx.fillText(line, centre, h - 2 - (lines.length - 1 - i) * 13);
      const width = ctx.measureText(line).width;
      left = Math.min(left, centre - width / 2);
      right = Math.max(right, centre + width / 2);
    });
    return { left, right };
  }

  // bars (above); xTitle: the axis title's lines; range: [lo, hi] to show at least (an empty
  // chart's axis). Returns nothing; el.drawnGeometry says where everything went.
  function draw({ bars, xTitle = [], range = [0, 1] }) {
    const { ctx, w, h } = prepare();
    let [lo, hi] = bars.length ? [0, 0] : [Math.min(0, range[0]), Math.max(0, range[1])];
    for (const b of bars) {
      lo = Math.min(lo, b.from, b.to);
      hi = Math.max(hi, b.from, b.to);
    }
    if (hi - lo <= 0) hi = lo + 1;
    const pad = (hi - lo) * (bars.length <= 16 && bars.length ? 0.14 : 0.05); // room for the values
    lo -= lo < 0 ? pad : 0;
    hi += hi > 0 ? pad : 0;
    const g = { x: PAD.left, y: PAD.top, width: Math.max(10, w - PAD.left - PAD.right),
      height: Math.max(10, h - PAD.top - PAD.bottom) };
    g.at = (v) => g.y + ((hi - v) / (hi - lo)) * g.height;
    yAxis(ctx, g, lo, hi);
    const n = Math.max(1, bars.length);
    const bw = g.width / n;
    const gap = bw * 0.25;
    geometry = { x: g.x, bw, bars };
    const many = bars.length > 16;
    bars.forEach((b, i) => {
      const x0 = g.x + i * bw + gap / 2;
      const [y0, y1] = [g.at(Math.max(b.from, b.to)), g.at(Math.min(b.from, b.to))];
      ctx.fillStyle = b.colour;
      ctx.fillRect(x0, y0, bw - gap, Math.max(1, y1 - y0));
      if (b.connect && i + 1 < bars.length) {
        const y = Math.round(g.at(b.to)) + 0.5;
        ctx.strokeStyle = CONNECTOR;
        ctx.lineWidth = 1;
        ctx.setLineDash([2, 2]);
        ctx.beginPath();
        ctx.moveTo(x0 + bw - gap, y);
        ctx.lineTo(x0 + bw, y);
        ctx.stroke();
        ctx.setLineDash([]);
      }
      if (!many && b.text && fits(ctx, b.text, bw)) { // its value, when it fits above its bar
        ctx.fillStyle = INK;
        ctx.textAlign = "center";
        const up = b.to >= b.from;
        ctx.textBaseline = up ? "bottom" : "top";
        ctx.fillText(b.text, x0 + (bw - gap) / 2, up ? y0 - 2 : y1 + 2);
      }
    });
    // the zero line, and each bar's name under the plot
    ctx.strokeStyle = ZERO;
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(g.x, Math.round(g.at(0)) + 0.5);
    ctx.lineTo(g.x + g.width, Math.round(g.at(0)) + 0.5);
    ctx.stroke();
    ctx.font = MONO_FONT;
    ctx.fillStyle = INK;
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    labels(ctx, bars, g, bw);
    const titled = title(ctx, xTitle, w, h);
    el.drawnGeometry = { ...g, at: undefined, width: g.width, canvasWidth: w, title: titled };
    el.dataset.drawn = String(Number(el.dataset.drawn || 0) + 1);
  }
  return { draw, canvas };
}
