// A heatmap on a canvas (TF Playground draws its own too): a matrix z[j][k], one cell per
// value, coloured on a scale symmetric around 0, with a colour bar, row and column ticks, a
// selected cell outlined, and hover and click reported as (j, k). With `keys`, the canvas is a
// stop in the Tab order: the arrow keys move a cursor over the cells (keys.onMove, which
// selects the cell so that it is outlined), Enter reports the cell (keys.onEnter) and the
// canvas's label and the page's live region say which cell it is (keys.describe).

import { announce } from "../ui/announce.js";
import {
  colourBar, css, divergingRGB, FAINT, greysRGB, INK, keyStop, makeCanvas, MONO_FONT, tickStep,
} from "./canvas.js";

const STEPS = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };

const SMALL = 2500; // up to this many cells are drawn one by one, with gaps
const BAR_LEAST = 44; // the colour bar's least height: room for its three labels

// bar: room on the right for the colour bar and its labels; minCell: least cell height.
export function createHeatmap(el, options = {}) {
  const { onHover, onLeave, onClick, onDoubleClick, square = true, ticks = true, bar = 52,
    minCell = 11, keys = null } = options;
  const { canvas, prepare, width } = makeCanvas(el, "chart heatmap");
  let geometry = null; // {x, y, cw, ch, rows, cols}
  let last = null;
  let cursor = { j: 0, k: 0 }; // the keyboard's: the selected cell drawn last, or where it moved since
  if (keys) listenToKeys();

  function listenToKeys() {
    keyStop(canvas, "matrix", (event) => {
      if (!geometry) return false;
      const { j, k } = cursor;
      if (STEPS[event.key]) {
        const [dj, dk] = STEPS[event.key];
        const next = [Math.max(0, Math.min(geometry.rows - 1, j + dj)), Math.max(0, Math.min(geometry.cols - 1, k + dk))];
        cursor = { j: next[0], k: next[1] };
        keys.onMove(...next);
        announce(keys.describe(...next));
      } else if (event.key === "Enter") {
        const r = canvas.getBoundingClientRect();
        keys.onEnter(j, k, { clientX: r.left + geometry.x + (k + 0.5) * geometry.cw,
          clientY: r.top + geometry.y + (j + 0.5) * geometry.ch });
      } else {
        return false;
      }
      return true;
    });
  }

  function cellAt(event) {
    if (!geometry) return null;
    const r = canvas.getBoundingClientRect();
    const k = Math.floor((event.clientX - r.left - geometry.x) / geometry.cw);
    const j = Math.floor((event.clientY - r.top - geometry.y) / geometry.ch);
    return j >= 0 && k >= 0 && j < geometry.rows && k < geometry.cols ? { j, k } : null;
  }
  canvas.addEventListener("mousemove", (event) => {
    const cell = cellAt(event);
    if (cell && onHover) onHover(event, cell.j, cell.k, last.z[cell.j][cell.k]);
    else if (!cell && onLeave) onLeave();
  });
  canvas.addEventListener("mouseleave", () => onLeave && onLeave());
  canvas.addEventListener("click", (event) => {
    const cell = cellAt(event);
    if (cell && onClick) onClick(cell.j, cell.k, event);
  });
  canvas.addEventListener("dblclick", (event) => {
    const cell = cellAt(event);
    if (cell && onDoubleClick) onDoubleClick(cell.j, cell.k, event);
  });

  function layout(w, h, rows, cols) {
    const left = ticks ? 24 : 2, bottom = ticks ? 15 : 2, top = 4;
    const aw = w - left - bar - 6, ah = h - top - bottom;
    let cw = aw / cols, ch = ah / rows;
    if (square) {
      // square cells when they fit; a wide matrix gets cells at least minCell pixels tall
      const c = Math.min(cw, ch, 40);
      cw = c;
      ch = Math.min(ch, Math.max(c, minCell));
    }
    const x = left + Math.max(0, (aw - cw * cols) / 2);
    return { x, y: top + Math.max(0, (ah - ch * rows) / 2), cw, ch, rows, cols };
  }

  function cells(ctx, z, g, colour) {
    const gap = g.cw > 6 && g.ch > 6 ? 1 : 0;
    if (z.length * z[0].length <= SMALL) {
      for (let j = 0; j < g.rows; j++) {
        for (let k = 0; k < g.cols; k++) {
          ctx.fillStyle = css(colour(z[j][k]));
          ctx.fillRect(g.x + k * g.cw, g.y + j * g.ch, g.cw - gap, g.ch - gap);
        }
      }
      return;
    }
    const image = new ImageData(g.cols, g.rows);
    for (let j = 0; j < g.rows; j++) {
      for (let k = 0; k < g.cols; k++) {
        const [r, gr, b] = colour(z[j][k]);
        image.data.set([r, gr, b, 255], (j * g.cols + k) * 4);
      }
    }
    const off = new OffscreenCanvas(g.cols, g.rows);
    off.getContext("2d").putImageData(image, 0, 0);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(off, g.x, g.y, g.cw * g.cols, g.ch * g.rows);
  }

  function axes(ctx, g) {
    ctx.fillStyle = FAINT;
    ctx.font = MONO_FONT;
    ctx.textAlign = "right";
    ctx.textBaseline = "middle";
    const rs = tickStep(g.rows, g.ch * g.rows, 12);
    for (let j = 0; j < g.rows; j += rs) ctx.fillText(String(j), g.x - 4, g.y + (j + 0.5) * g.ch);
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    const cs = tickStep(g.cols, g.cw * g.cols, 16);
    for (let k = 0; k < g.cols; k += cs) {
      ctx.fillText(String(k), g.x + (k + 0.5) * g.cw, g.y + g.rows * g.ch + 3);
    }
  }

  // z: rows of numbers; zmax: the scale (±zmax), or zmin/zmax with palette "greys".
  function draw({ z, zmax, zmin = -zmax, palette = "diverging", selected = null, faded = false }) {
    last = { z, zmax, zmin };
    el.data = [{ type: "heatmap", z, zmin, zmax }];
    const { ctx, w, h } = prepare();
    const rows = z.length, cols = z[0] ? z[0].length : 0;
    if (!rows || !cols) return null;
    const g = (geometry = layout(w, h, rows, cols));
    const colour = palette === "greys" ? greysRGB : divergingRGB(zmax);
    ctx.globalAlpha = faded ? 0.35 : 1;
    cells(ctx, z, g, colour);
    ctx.globalAlpha = 1;
    if (ticks) axes(ctx, g);
    if (selected && selected.j < rows && selected.k < cols) {
      ctx.strokeStyle = INK;
      ctx.lineWidth = 2;
      ctx.strokeRect(g.x + selected.k * g.cw - 1, g.y + selected.j * g.ch - 1, g.cw + 1, g.ch + 1);
    }
    // beside the cells, centred on them; at least BAR_LEAST tall when the canvas has room
    const height = Math.max(g.ch * rows, Math.min(BAR_LEAST, h - 4));
    const barY = Math.max(2, Math.min(g.y + (g.ch * rows - height) / 2, h - height - 2));
    // the diverging ramp from −zmax to zmax has the same colours whatever zmax: painted once
    const ramp = palette === "greys" ? `greys:${zmin}:${zmax}`
      : zmin === -zmax && zmax > 0 ? "diverging" : null;
    colourBar(ctx, { x: w - bar + 4, y: barY, height, lo: zmin, hi: zmax, colour: (v) => css(colour(v)), ramp });
    if (keys) {
      if (selected) cursor = { j: selected.j, k: selected.k };
      cursor = { j: Math.min(cursor.j, rows - 1), k: Math.min(cursor.k, cols - 1) };
      const label = `${keys.describe(cursor.j, cursor.k)}. Arrow keys move, Enter sets it.`;
      if (canvas.getAttribute("aria-label") !== label) canvas.setAttribute("aria-label", label);
    }
    el.dataset.drawn = String(Number(el.dataset.drawn || 0) + 1);
    el.drawnGeometry = { ...g, bar: { x: w - bar + 4, y: barY, height } };
    // the cells' box, and where the colour bar begins (notes go left of it)
    return { x: g.x, width: g.cw * cols, y: g.y, height: g.ch * rows, barX: w - bar + 4 };
  }
  return { draw, canvas, width };
}
