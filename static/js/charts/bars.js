// Vertical bars on a canvas: a vector y[j], one bar per index, on a fixed range with a zero
// line; coloured by the diverging palette (biases, gradients) or by a function (outputs). With
// `keys`, the canvas is a stop in the Tab order, as the heatmap's (heatmap.js): ← and → move a
// cursor over the bars (keys.onMove), Enter reports the bar (keys.onEnter), and the canvas's
// label and the page's live region say which bar it is (keys.describe).

import { announce } from "../ui/announce.js";
import { diverging, FAINT, INK, keyStop, makeCanvas, MONO_FONT, short, tickStep } from "./canvas.js";

const STEPS = { ArrowLeft: -1, ArrowRight: 1 };

export function createBars(el, { onHover, onLeave, onClick, onDoubleClick, left = 42, right = 44,
  keys = null } = {}) {
  const { canvas, prepare } = makeCanvas(el, "chart bars");
  let geometry = null;
  let last = null;
  let cursor = 0; // the keyboard's: the selected bar drawn last, or where it moved since
  if (keys) listenToKeys();

  function listenToKeys() {
    keyStop(canvas, "bars", (event) => {
      if (!geometry) return false;
      if (event.key in STEPS) {
        cursor = Math.max(0, Math.min(geometry.n - 1, cursor + STEPS[event.key]));
        keys.onMove(cursor);
        announce(keys.describe(cursor));
      } else if (event.key === "Enter") {
        const r = canvas.getBoundingClientRect();
        keys.onEnter(cursor, { clientX: r.left + geometry.x + (cursor + 0.5) * geometry.bw,
          clientY: r.top + r.height / 2 });
      } else {
        return false;
      }
      return true;
    });
  }

  function indexAt(event) {
    if (!geometry) return null;
    const r = canvas.getBoundingClientRect();
    const j = Math.floor((event.clientX - r.left - geometry.x) / geometry.bw);
    return j >= 0 && j < geometry.n ? j : null;
  }
  canvas.addEventListener("mousemove", (event) => {
    const j = indexAt(event);
    if (j !== null && onHover) onHover(event, j, last.y[j]);
    else if (j === null && onLeave) onLeave();
  });
  canvas.addEventListener("mouseleave", () => onLeave && onLeave());
  canvas.addEventListener("click", (event) => {
    const j = indexAt(event);
    if (j !== null && onClick) onClick(j, event);
  });
  canvas.addEventListener("dblclick", (event) => {
    const j = indexAt(event);
    if (j !== null && onDoubleClick) onDoubleClick(j, event);
  });

  // y: values; range: [lo, hi]; colour(v, j) or the diverging palette on ±max(|lo|, |hi|);
  // extent: {x, width} to line the bars up with a chart above, else the full width; selected:
  // the bar the keyboard's cursor starts from (with `keys`).
  function draw({ y, range, colour = null, outline = () => false, labels = null, faded = false,
    extent = null, selected = null }) {
    last = { y };
    el.data = [{ type: "bar", y, range }];
    const { ctx, w, h } = prepare();
    const n = y.length;
    const [lo, hi] = range;
    const top = 6, bottom = 14;
    const ah = h - top - bottom;
    const x = extent ? Math.max(left, extent.x) : left;
    const bw = (extent ? Math.min(extent.width, w - x - 4) : w - left - right) / Math.max(1, n);
    geometry = { x, bw, n };
    const at = (v) => top + ((hi - Math.min(hi, Math.max(lo, v))) / (hi - lo || 1)) * ah;
    const paint = colour || ((v) => diverging(Math.max(Math.abs(lo), Math.abs(hi)))(v));
    const zero = at(0);
    const gap = bw > 5 ? Math.min(4, bw * 0.2) : 0;
    ctx.globalAlpha = faded ? 0.35 : 1;
    for (let j = 0; j < n; j++) {
      const y0 = Math.min(zero, at(y[j])), y1 = Math.max(zero, at(y[j]));
      ctx.fillStyle = paint(y[j], j);
      ctx.fillRect(x + j * bw + gap / 2, y0, bw - gap, Math.max(1, y1 - y0));
      if (outline(j)) {
        ctx.strokeStyle = INK;
        ctx.lineWidth = 2;
        ctx.strokeRect(x + j * bw + gap / 2, y0, bw - gap, Math.max(1, y1 - y0));
      }
    }
    ctx.globalAlpha = 1;
    ctx.strokeStyle = "#9aa5b8";
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(x, Math.round(zero) + 0.5);
    ctx.lineTo(x + n * bw, Math.round(zero) + 0.5);
    ctx.stroke();
    ctx.font = MONO_FONT;
    ctx.fillStyle = FAINT;
    ctx.textAlign = "right";
    ctx.textBaseline = "middle";
    ctx.fillText(short(hi), x - 4, top + 4);
    if (lo < 0) ctx.fillText(short(lo), x - 4, top + ah - 4);
    if (lo < 0 && hi > 0) ctx.fillText("0", x - 4, zero);
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    const step = tickStep(n, n * bw, 14);
    for (let j = 0; j < n; j += step) {
      ctx.fillText(labels ? labels[j] : String(j), x + (j + 0.5) * bw, top + ah + 3);
    }
    if (keys && n) {
      cursor = Math.min(selected ?? cursor, n - 1);
      const label = `${keys.describe(cursor)}. Arrow keys move, Enter sets it.`;
      if (canvas.getAttribute("aria-label") !== label) canvas.setAttribute("aria-label", label);
    }
    el.dataset.drawn = String(Number(el.dataset.drawn || 0) + 1);
  }
  return { draw, canvas };
}
