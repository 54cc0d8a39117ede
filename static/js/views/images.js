// An image data set (digits, mnist): the current example as an image with its label and the
// network's output bars, and each first-layer neuron's incoming weights as an image.

import { createBars } from "../charts/bars.js";
import { createHeatmap } from "../charts/heatmap.js";
import { createTiles } from "../charts/tiles.js";
import { fmt, maxAbs } from "../palette.js";
import { hideTip, showTip } from "../ui/tooltip.js";

const HTML = `<div class="images-top">
    <figure class="digit"><div class="chart-box" id="digit-plot"></div>
      <figcaption id="digit-caption">no example yet</figcaption></figure>
    <figure class="outputs"><div class="chart-box" id="output-plot"></div>
      <figcaption>outputs a; the label outlined</figcaption></figure>
  </div>
  <div class="neurons-head"><h3>Each neuron's incoming weights <small id="neurons-title"></small></h3>
    <span class="legend-bar small"><i class="neg"></i><span class="ramp"></span><i class="pos"></i></span>
    <span class="neurons-scale" id="neurons-scale"></span></div>
  <canvas class="neurons" id="neurons" aria-label="each neuron's incoming weights as an image"></canvas>`;

// Rows and columns of the input image: 8×8 for digits, 28×28 for mnist.
function imageShape(n) {
  const side = Math.round(Math.sqrt(n));
  return side * side === n ? [side, side] : [1, n];
}

export function createImagesView({ el, bus, model, invalidate, onLayer }) {
  el.innerHTML = HTML;
  const caption = el.querySelector("#digit-caption");
  const digit = createHeatmap(el.querySelector("#digit-plot"), {
    square: true, ticks: false, bar: 36, minCell: 0, onLeave: hideTip,
    onHover: (event, j, k, v) => showTip(event, `pixel (${j}, ${k})`, [["x", fmt(v, 3)]]),
  });
  const outputs = createBars(el.querySelector("#output-plot"), {
    left: 30, right: 6, onLeave: hideTip,
    onHover: (event, j, v) => showTip(event, `output ${j}`, [["a", fmt(v, 3)]]),
  });
  const tiles = createTiles(el.querySelector("#neurons"), {
    onLeave: hideTip,
    onHover: (event, j, k) => {
      const w = model.network.weights[0][j][k];
      showTip(event, `weights[0][${j}][${k}]`, [["neuron", String(j)], ["pixel", String(k)], ["w", fmt(w, 4)]]);
    },
    onClick: (j, k) => {
      model.select({ layer: 0, kind: "w", j, k });
      onLayer(0);
    },
  });
  const view = { name: "images", render, minInterval: () => (model.playing ? 120 : 0) };
  const topics = ["example", "update", "network", "reset", "session"];
  const offs = topics.map((t) => bus.on(t, () => invalidate(view)));

  function drawExample(e, [rows, cols]) {
    const z = Array.from({ length: rows }, (_, i) => Array.from(e.x.slice(i * cols, (i + 1) * cols)));
    digit.draw({ z, zmin: 0, zmax: 1, palette: "greys" });
    const label = Array.from(e.y).indexOf(1);
    const out = Array.from(e.output);
    const guess = out.indexOf(Math.max(...out));
    caption.textContent = label < 0 ? "Step an example to see it here"
      : `row ${e.sample} · label ${label} · network says ${guess}${guess === label ? " ✓" : " ✗"}`;
    outputs.draw({
      y: out, range: [0, 1], outline: (i) => i === label,
      colour: (v, i) => (i === guess ? "#2f7cbf" : "#a9bfd6"),
    });
  }

  function drawNeurons(shape) {
    const w = model.network.weights[0];
    const scale = maxAbs(w);
    tiles.draw(w, shape, scale);
    el.querySelector("#neurons-scale").textContent = `±${fmt(scale)}`;
    const [rows, cols] = shape;
    const layer = model.network.sizes.length > 2 ? "hidden 1" : "output";
    const text = `weights[0]: ${w.length} ${layer} neurons × ${rows}×${cols} pixels`;
    el.querySelector("#neurons-title").textContent = text;
  }

  function render() {
    if (!model.network) return false;
    const sizes = model.network.sizes;
    const shape = imageShape(sizes[0]);
    const e = model.batch.last;
    const blank = { x: new Array(sizes[0]).fill(0), y: [], output: new Array(sizes.at(-1)).fill(0) };
    drawExample(e && e.x ? e : blank, shape);
    drawNeurons(shape);
    el.dataset.drawn = String(Number(el.dataset.drawn || 0) + 1);
    return false;
  }
  view.destroy = () => offs.forEach((off) => off());
  return view;
}
