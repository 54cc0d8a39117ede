// The network on one canvas, for a network with too many links for SVG nodes (views/network.js
// decides): the links bundled by colour (one stroke per level of w, thin and translucent where a
// pair of layers has many), a wide layer drawn as a band of cells filled by their biases, the
// running sums as small squares. pick() finds the link or neuron under the pointer, so hover and
// click edit as the SVG's data attributes do.

import { colourOf } from "../palette.js";

const LEVELS = 8; // colour levels each side of 0
export const BAND = 16; // a layer wider than this is a band of cells, not circles
const PICK_PX = 4; // how near a link the pointer must be

const level = (v, max) => Math.max(-LEVELS, Math.min(LEVELS, Math.round((LEVELS * v) / max)));

// How many links are drawn one by one (none to or from a layer drawn as a block).
const linkCount = (sizes, place) => sizes.slice(1)
  .reduce((n, s, i) => n + (place.ys[i] && place.ys[i + 1] ? s * sizes[i] : 0), 0);

// The centre of neuron j of layer i, or null for a layer drawn as a block.
const at = (place, i, j) => (place.ys[i] ? place.ys[i][j] : null);

// A bitmap as large as the canvas, drawn by `paint(ctx)` only when `key` differs from the last:
// an array compared item by item, by identity (the model's arrays are replaced, never changed in
// place), a typed array value by value.
// The links of a 6x64 network are some 20,000 translucent strokes: rasterising them took most of
// a frame, and they only change at an update, not with every example.
const same = (a, b) => a === b || (ArrayBuffer.isView(a) && ArrayBuffer.isView(b)
  && a.length === b.length && a.every((v, i) => v === b[i]));

function cachedLayer() {
  let image = null, ctx = null, last = null;
  return {
    reset() { last = null; },
    get(canvas, ratio, key, paint) {
      if (last && key.length === last.length && key.every((v, i) => same(v, last[i]))) return image;
      if (!image || image.width !== canvas.width || image.height !== canvas.height) {
        image = new OffscreenCanvas(canvas.width, canvas.height);
        ctx = image.getContext("2d");
      }
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, image.width, image.height);
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      paint(ctx);
      last = key;
      return image;
    },
  };
}

export function createNetworkCanvas(parent) {
  const canvas = document.createElement("canvas");
  canvas.className = "network-canvas";
  canvas.setAttribute("aria-hidden", "true");
  parent.prepend(canvas);
  const ctx = canvas.getContext("2d");
  let width = 0, height = 0, ratio = 1;
  const layers = { links: cachedLayer(), neurons: cachedLayer() };

  function size(w, h) {
    ratio = window.devicePixelRatio || 1;
    [width, height] = [w, h];
    canvas.width = Math.round(w * ratio);
    canvas.height = Math.round(h * ratio);
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    layers.links.reset();
    layers.neurons.reset();
  }

  // A cached layer's bitmap onto the canvas, pixel for pixel.
  function blit(image) {
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(image, 0, 0);
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  }

  // Each drawn link's colour level, in the order drawLinks draws them: what the links look like
  // (a level's colour and width do not depend on wMax), so a new set of weights at the same
  // levels, as most updates of a deep network are, is not drawn again. NaN for a weight gone NaN.
  function linkLevels(sizes, place, weights, wMax) {
    const levels = new Float32Array(linkCount(sizes, place));
    let n = 0;
    for (let l = 0; l < sizes.length - 1; l++) {
      if (!place.ys[l] || !place.ys[l + 1]) continue;
      for (const row of weights[l]) for (const w of row) levels[n++] = level(w, wMax);
    }
    return levels;
  }

  // One stroke per colour level of each pair of layers: ~20 strokes instead of thousands.
  function drawLinks(c, sizes, place, levels) {
    let n = 0;
    for (let l = 0; l < sizes.length - 1; l++) {
      if (!place.ys[l] || !place.ys[l + 1]) continue;
      const many = sizes[l] * sizes[l + 1] > 400;
      const paths = new Map();
      const [x1, x2] = [place.x[l], place.x[l + 1]];
      for (let j = 0; j < sizes[l + 1]; j++) {
        const y2 = at(place, l + 1, j);
        for (let k = 0; k < sizes[l]; k++) {
          const q = levels[n++];
          let path = paths.get(q);
          if (!path) paths.set(q, (path = new Path2D()));
          path.moveTo(x1, at(place, l, k));
          path.lineTo(x2, y2);
        }
      }
      c.globalAlpha = many ? 0.35 : 0.85;
      for (const [q, path] of paths) {
        c.strokeStyle = colourOf(q / LEVELS, 1);
        c.lineWidth = (many ? 0.25 : 0.4) + ((many ? 1.2 : 4.2) * Math.abs(q)) / LEVELS;
        c.stroke(path);
      }
    }
    c.globalAlpha = 1;
  }

  // The running sums: a square at each link's middle, its area growing with |Σ nabla_w|; one
  // fill per colour level.
  function drawSums(sizes, place, sums, sMax, fade, maxDot) {
    const paths = new Map();
    for (let l = 0; l < sizes.length - 1; l++) {
      if (!place.ys[l] || !place.ys[l + 1]) continue;
      const xm = (place.x[l] + place.x[l + 1]) / 2;
      const dot = sizes[l] * sizes[l + 1] > 400 ? Math.min(maxDot, 2.5) : maxDot;
      for (let j = 0; j < sizes[l + 1]; j++) {
        const row = sums[l][j], y2 = place.ys[l + 1][j];
        for (let k = 0; k < sizes[l]; k++) {
          const side = 2 * dot * Math.sqrt(Math.abs(row[k]) / sMax) * fade;
          if (side < 0.5) continue;
          const q = level(row[k], sMax);
          let path = paths.get(q);
          if (!path) paths.set(q, (path = new Path2D()));
          path.rect(xm - side / 2, (place.ys[l][k] + y2) / 2 - side / 2, side, side);
        }
      }
    }
    for (const [q, path] of paths) {
      ctx.fillStyle = colourOf((q / LEVELS) * sMax, sMax);
      ctx.fill(path);
    }
  }

  function drawNeurons(c, sizes, place, biases, bMax) {
    const span = height - place.top - place.bottom;
    sizes.forEach((n, i) => {
      const x = place.x[i];
      c.strokeStyle = "#1b2538";
      if (!place.ys[i]) { // too many to draw one by one: a block
        c.fillStyle = "#eef2f8";
        c.fillRect(x - 9, place.top + 6, 18, span - 6);
        c.strokeRect(x - 9, place.top + 6, 18, span - 6);
        return;
      }
      if (n > BAND) { // a band of cells, each filled by its bias
        const cell = place.ys[i].length > 1 ? place.ys[i][1] - place.ys[i][0] : span;
        place.ys[i].forEach((y, j) => {
          c.fillStyle = i === 0 ? "#fff" : colourOf(biases[i - 1][j], bMax);
          c.fillRect(x - 5, y - cell / 2, 10, cell);
        });
        c.lineWidth = 1;
        c.strokeRect(x - 5, place.ys[i][0] - cell / 2, 10, cell * n);
        return;
      }
      c.lineWidth = 1.2;
      place.ys[i].forEach((y, j) => {
        c.beginPath();
        c.arc(x, y, place.radius[i], 0, 2 * Math.PI);
        c.fillStyle = i === 0 ? "#fff" : colourOf(biases[i - 1][j], bMax);
        c.fill();
        c.stroke();
      });
    });
  }

  function drawSelected(place, sel) {
    if (sel && sel.kind === "b") return ringNeuron(place, sel.layer + 1, sel.j);
    if (!sel || sel.kind !== "w") return;
    const y1 = at(place, sel.layer, sel.k), y2 = at(place, sel.layer + 1, sel.j);
    if (y1 == null || y2 == null) return;
    ctx.setLineDash([4, 3]);
    ctx.strokeStyle = "#111827";
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    ctx.moveTo(place.x[sel.layer], y1);
    ctx.lineTo(place.x[sel.layer + 1], y2);
    ctx.stroke();
    ctx.setLineDash([]);
  }

  // The selected neuron (a bias): a ring around it, or a box around its cell in a band.
  function ringNeuron(place, i, j) {
    const y = at(place, i, j);
    if (y == null) return;
    const ys = place.ys[i];
    const half = ys.length > BAND ? Math.max(2, (ys[1] - ys[0]) / 2) : place.radius[i] + 2.5;
    ctx.strokeStyle = "#111827";
    ctx.lineWidth = 2;
    ctx.beginPath();
    if (ys.length > BAND) ctx.rect(place.x[i] - 8, y - half - 1, 16, 2 * half + 2);
    else ctx.arc(place.x[i], y, half, 0, 2 * Math.PI);
    ctx.stroke();
  }

  return {
    canvas,
    size,
    // p: {sizes, place, weights, biases, wMax, bMax, sums, sMax, fade, maxDot, selection}
    draw(p) {
      ctx.clearRect(0, 0, width, height);
      const levels = linkLevels(p.sizes, p.place, p.weights, p.wMax);
      blit(layers.links.get(canvas, ratio, [p.place, levels], (c) => drawLinks(c, p.sizes, p.place, levels)));
      if (p.sums) drawSums(p.sizes, p.place, p.sums, p.sMax, p.fade, p.maxDot);
      blit(layers.neurons.get(canvas, ratio, [p.place, p.biases, p.bMax],
        (c) => drawNeurons(c, p.sizes, p.place, p.biases, p.bMax)));
      drawSelected(p.place, p.selection);
    },
    // What is under the pointer: {l, j, bias: 1} for a neuron, {l, j, k} for a link, or null.
    pick(event, sizes, place) {
      const box = canvas.getBoundingClientRect();
      const px = ((event.clientX - box.left) * width) / box.width;
      const py = ((event.clientY - box.top) * height) / box.height;
      for (let i = 1; i < sizes.length; i++) { // a neuron (or its cell in a band)
        if (!place.ys[i] || Math.abs(px - place.x[i]) > Math.max(5, place.radius[i])) continue;
        const ys = place.ys[i];
        const half = ys.length > 1 ? (ys[1] - ys[0]) / 2 : place.radius[i];
        const j = ys.findIndex((y) => Math.abs(py - y) <= Math.max(half, sizes[i] > BAND ? 0 : place.radius[i]));
        if (j >= 0) return { l: i - 1, j, bias: 1 };
      }
      const l = place.x.findIndex((x, i) => i < sizes.length - 1 && px > x && px < place.x[i + 1]);
      if (l < 0 || !place.ys[l] || !place.ys[l + 1]) return null;
      const t = (px - place.x[l]) / (place.x[l + 1] - place.x[l]);
      let best = null, nearest = PICK_PX;
      for (let j = 0; j < sizes[l + 1]; j++) { // the link whose line passes nearest, vertically
        for (let k = 0; k < sizes[l]; k++) {
          const y = place.ys[l][k] + t * (place.ys[l + 1][j] - place.ys[l][k]);
          if (Math.abs(py - y) < nearest) [nearest, best] = [Math.abs(py - y), { l, j, k }];
        }
      }
      return best;
    },
  };
}
