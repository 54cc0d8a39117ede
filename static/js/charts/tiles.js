// A grid of small images on one canvas: row j of a matrix shown as a rows×cols picture, e.g.
// each hidden neuron's incoming weights over the pixels of the input, on the diverging palette.

import { divergingRGB, keepSize } from "./canvas.js";

const PAD = 2;

export function createTiles(canvas, { onHover, onLeave, onClick } = {}) {
  let grid = null; // {perRow, cell, size, shape, n}
  // The canvas's width as last laid out (its height is what draw sets): a change of it asks the
  // view to redraw ("chart-resize", canvas.js).
  const laidOut = keepSize(canvas, { height: false });

  function hit(event) {
    if (!grid) return null;
    const r = canvas.getBoundingClientRect();
    const x = event.clientX - r.left, y = event.clientY - r.top;
    const j = Math.floor(y / grid.cell) * grid.perRow + Math.floor(x / grid.cell);
    const px = (x % grid.cell) - PAD, py = (y % grid.cell) - PAD;
    if (j >= grid.n || px < 0 || py < 0 || px >= grid.size || py >= grid.size) return null;
    const [rows, cols] = grid.shape;
    return { j, k: Math.floor((py * rows) / grid.size) * cols + Math.floor((px * cols) / grid.size) };
  }
  canvas.addEventListener("mousemove", (event) => {
    const h = hit(event);
    if (h && onHover) onHover(event, h.j, h.k);
    else if (!h && onLeave) onLeave();
  });
  canvas.addEventListener("mouseleave", () => onLeave && onLeave());
  canvas.addEventListener("click", (event) => {
    const h = hit(event);
    if (h && onClick) onClick(h.j, h.k);
  });

  // matrix: n rows of rows·cols values; zmax: the scale ±zmax.
  function draw(matrix, shape, zmax) {
    const [rows, cols] = shape;
    const n = matrix.length;
    const width = laidOut()[0] || 300;
    const perRow = Math.min(n, Math.max(1, Math.floor(width / Math.max(34, Math.min(64, width / 6)))));
    const cell = Math.floor(width / perRow);
    const height = Math.ceil(n / perRow) * cell;
    const dpr = window.devicePixelRatio || 1;
    canvas.width = Math.round(width * dpr);
    canvas.height = Math.round(height * dpr);
    canvas.style.height = `${height}px`;
    const ctx = canvas.getContext("2d");
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.imageSmoothingEnabled = false;
    const colour = divergingRGB(zmax);
    const tile = new OffscreenCanvas(cols, rows);
    const tileCtx = tile.getContext("2d");
    const image = tileCtx.createImageData(cols, rows);
    const size = cell - 2 * PAD;
    for (let j = 0; j < n; j++) {
      for (let k = 0; k < rows * cols; k++) {
        const [r, g, b] = colour(matrix[j][k]);
        image.data.set([r, g, b, 255], k * 4);
      }
      tileCtx.putImageData(image, 0, 0);
      ctx.drawImage(tile, (j % perRow) * cell + PAD, Math.floor(j / perRow) * cell + PAD, size, size);
    }
    grid = { perRow, cell, size, shape, n };
    canvas.dataset.drawn = String(Number(canvas.dataset.drawn || 0) + 1);
  }
  return { draw };
}
