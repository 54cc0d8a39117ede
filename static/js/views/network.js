// The network as TF Playground draws it: neurons in columns, links coloured by the sign of
// their weight and as thick as |w|, neurons filled by their bias. A dot on each link grows
// with the running sum nabla_w during a mini-batch; at the update the links move to the new
// weights and the dots, now applied, shrink away.

import { colourOf, fmt, maxAbs, signed } from "../palette.js";
import { hideTip, showTip } from "../ui/tooltip.js";
import { mix, progress } from "./layers.js";
import { createNetworkCanvas } from "./network-canvas.js";
import { createNetworkKeys } from "./network-keys.js";
import { fitLabels, layerLabel, ROW_PX } from "./network-labels.js";

const SVG = "http://www.w3.org/2000/svg";
const MAX_SHOWN = 64; // a bigger layer is drawn as one block, without its links
const HIT_LINKS = 800; // up to this many links get a wide invisible hover target
const CANVAS_LINKS = 400; // more links than this: drawn on a canvas (network-canvas.js), not SVG
const PAD = { x: 34, top: 26, bottom: 14 };
const LEGEND = `<span class="legend-bar"><i class="neg"></i><span class="ramp"></span><i class="pos"></i></span>
  <span>link: w, width |w|</span><span>fill: bias b</span>
  <span><span class="dot-key"></span> Σ nabla_w so far</span>`;

function make(tag, attrs, parent) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  if (parent) parent.append(el);
  return el;
}

// Where every neuron goes: x of each layer, y of each neuron (null for a layer too big to
// draw neuron by neuron) and a radius per layer.
function placement(sizes, width, height) {
  const x = sizes.map((_, i) => PAD.x + (i * (width - 2 * PAD.x)) / (sizes.length - 1));
  const fitted = fitLabels(sizes, x);
  const padTop = PAD.top + (fitted.rows - 1) * ROW_PX; // a second row of labels: room for it
  const span = height - padTop - PAD.bottom;
  const ys = sizes.map((n) => {
    if (n > MAX_SHOWN) return null;
    const gap = Math.min(44, span / n);
    const top = padTop + (span - gap * (n - 1)) / 2;
    return Array.from({ length: n }, (_, j) => top + j * gap);
  });
  const radius = sizes.map((n) => (n > MAX_SHOWN ? 0 : Math.max(2.2, Math.min(12, (span / n) * 0.36))));
  return { x, ys, radius, labels: fitted.labels, top: padTop, bottom: PAD.bottom };
}

// How many links the diagram draws one by one (a layer drawn as a block has none).
function linkCount(sizes) {
  return sizes.slice(1).reduce((n, s, i) => n + (s <= MAX_SHOWN && sizes[i] <= MAX_SHOWN ? s * sizes[i] : 0), 0);
}

export function createNetworkView({ el, bus, model, invalidate, animation, onLayer, editor }) {
  const svg = make("svg", { class: "network-svg", role: "group", "data-editable": "1",
    "aria-label": "The network's neurons and weights: arrow keys move between them, Enter sets one" });
  const legend = document.createElement("div");
  legend.className = "legend";
  legend.innerHTML = LEGEND;
  const stack = document.createElement("div");
  stack.className = "network-stack";
  stack.append(svg);
  el.append(stack, legend);
  const painter = createNetworkCanvas(stack); // used when the network has too many links for SVG
  const keys = createNetworkKeys({ stack, svg, canvas: painter.canvas, model, bus, open });
  const view = { name: "network", render };
  let shape = null; // {key, links: [{l, j, k, line, dot}], nodes: [{i, j, node}], highlight, radius}
  let width = 0;

  for (const topic of ["example", "update", "network", "selection", "reset"]) {
    bus.on(topic, () => invalidate(view));
  }
  bus.on("session", () => {
    shape = null;
    invalidate(view);
  });
  new ResizeObserver(() => {
    if (Math.abs(el.clientWidth - width) > 4) {
      shape = null;
      invalidate(view);
    }
  }).observe(el);

  function buildLinks(sizes, { x, ys }, gLinks, gDots) {
    const links = [];
    const total = sizes.slice(1).reduce((n, s, i) => n + (ys[i] && ys[i + 1] ? s * sizes[i] : 0), 0);
    for (let l = 0; l < sizes.length - 1; l++) {
      if (!ys[l] || !ys[l + 1]) continue;
      for (let j = 0; j < sizes[l + 1]; j++) {
        for (let k = 0; k < sizes[l]; k++) {
          const at = { x1: x[l], y1: ys[l][k], x2: x[l + 1], y2: ys[l + 1][j] };
          const line = make("line", { ...at, class: "link" }, gLinks);
          const mid = { cx: (at.x1 + at.x2) / 2, cy: (at.y1 + at.y2) / 2 };
          const dot = make("circle", { ...mid, r: 0, class: "acc-dot" }, gDots);
          const hit = total <= HIT_LINKS ? make("line", { ...at, class: "link-hit" }, gLinks) : line;
          Object.assign(hit.dataset, { l, j, k });
          links.push({ l, j, k, line, dot, hit });
        }
      }
    }
    return links;
  }

  function buildLabels(sizes, { x, labels }, gLabels) {
    labels.forEach(({ text, row }, i) => {
      if (!text) return;
      const label = make("text", { x: x[i], y: 12 + row * ROW_PX, class: "layer-label", "text-anchor": "middle" }, gLabels);
      label.textContent = text;
      label.dataset.layer = String(i);
    });
  }

  function buildNodes(sizes, { x, ys, radius, top: padTop }, height, gNodes) {
    const nodes = [];
    sizes.forEach((n, i) => {
      if (!ys[i]) {
        const top = padTop + 6;
        make("rect", { x: x[i] - 9, y: top, width: 18, height: height - top - PAD.bottom - 6, rx: 6,
          class: "layer-block" }, gNodes);
        return;
      }
      ys[i].forEach((y, j) => {
        const attrs = { cx: x[i], cy: y, r: radius[i], class: i === 0 ? "node input" : "node" };
        const node = make("circle", attrs, gNodes);
        if (i > 0) Object.assign(node.dataset, { l: i - 1, j, bias: 1 });
        nodes.push({ i, j, node });
      });
    });
    return nodes;
  }

  function build(sizes) {
    width = el.clientWidth || 400;
    const height = Math.max(220, Math.min(360, width * 0.62));
    const focused = svg.contains(document.activeElement); // the keyboard's cursor: kept
    svg.replaceChildren();
    svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    const place = placement(sizes, width, height);
    const groups = ["links", "dots", "nodes", "labels"].map((c) => make("g", { class: c }, svg));
    const [gLinks, gDots, gNodes, gLabels] = groups;
    buildLabels(sizes, place, gLabels);
    const onCanvas = linkCount(sizes) > CANVAS_LINKS;
    el.dataset.renderer = onCanvas ? "canvas" : "svg";
    svg.classList.toggle("labels-only", onCanvas);
    painter.canvas.hidden = !onCanvas;
    if (onCanvas) painter.size(width, height);
    const links = onCanvas ? [] : buildLinks(sizes, place, gLinks, gDots);
    const nodes = onCanvas ? [] : buildNodes(sizes, place, height, gNodes);
    const highlight = make("line", { class: "link-selected" }, gLabels);
    shape = { key: sizes.join(","), links, nodes, highlight, radius: place.radius, place, onCanvas };
    keys.built(shape, focused);
  }

  function tipLines(d) {
    const { batch, change, network, position } = model;
    const l = Number(d.l), j = Number(d.j), k = Number(d.k);
    const of = `${batch.k} of ${batch.m || position.m}`;
    if (d.bias) {
      return [`biases[${l}][${j}] · neuron ${j} of ${layerLabel(network.sizes, l + 1)}`, [
        ["b", fmt(network.biases[l][j], 4)],
        [`Σ nabla_b (${of})`, batch.nabla_b ? fmt(batch.nabla_b[l][j], 4) : "0"],
        ["last update Δb", change ? signed(change.step.b[l][j]) : "none yet"],
        ["click", "set it by hand"],
      ]];
    }
    return [`weights[${l}][${j}][${k}] · neuron ${k} → neuron ${j}`, [
      ["w", fmt(network.weights[l][j][k], 4)],
      [`Σ nabla_w (${of})`, batch.nabla_w ? fmt(batch.nabla_w[l][j][k], 4) : "0"],
      ["last update Δw", change ? signed(change.step.w[l][j][k]) : "none yet"],
      ["click", "set it by hand"],
    ]];
  }

  // What the pointer is on: an SVG element's data attributes, or what the canvas finds there.
  const under = (event) => (shape && shape.onCanvas
    ? painter.pick(event, model.network.sizes, shape.place) : event.target.dataset);
  function hover(event) {
    const d = model.network && under(event);
    if (!d || d.l === undefined) return hideTip();
    const [title, lines] = tipLines(d);
    showTip(event, title, lines);
  }
  for (const target of [svg, painter.canvas]) {
    target.addEventListener("mousemove", hover);
    target.addEventListener("mouseleave", hideTip);
    target.addEventListener("click", pick);
  }
  function pick(event) {
    const d = model.network && under(event);
    if (!d || d.l === undefined) return;
    open({ l: Number(d.l), j: Number(d.j), k: Number(d.k), bias: Boolean(d.bias) }, event);
  }
  // A click, or Enter on the keyboard's cursor (network-keys.js): select it, open the editor.
  function open({ l, j, k, bias }, at) {
    model.select(bias ? { layer: l, kind: "b", j } : { layer: l, kind: "w", j, k });
    onLayer(l);
    editor.open(bias ? { layer: l, kind: "bias", row: j, col: null } : { layer: l, kind: "weight", row: j, col: k }, at);
  }

  // The weights and biases to draw now: moving from old to new during the update animation.
  function parametersAt(now) {
    const { change, batch, network } = model;
    const fresh = Boolean(change && batch.key !== null && change.batchKey === batch.key);
    const t = fresh ? progress(change, now, animation()) : 1;
    if (!fresh || t >= 1) return { weights: network.weights, biases: network.biases, fresh, t };
    const { before, after } = change;
    return {
      weights: before.weights.map((w, l) => mix(w, after.weights[l], t)),
      biases: before.biases.map((b, l) => mix(b, after.biases[l], t)),
      fresh, t,
    };
  }

  function drawSelection() {
    const sel = model.selection;
    const link = sel.kind === "w" && shape.links.find((x) => x.l === sel.layer && x.j === sel.j && x.k === sel.k);
    shape.highlight.setAttribute("visibility", link ? "visible" : "hidden");
    if (link) for (const a of ["x1", "y1", "x2", "y2"]) shape.highlight.setAttribute(a, link.line.getAttribute(a));
  }

  function render(now) {
    const net = model.network;
    if (!net) return false;
    if (!shape || shape.key !== net.sizes.join(",")) build(net.sizes);
    const { batch } = model;
    const { weights, biases, fresh, t } = parametersAt(now);
    const wMax = maxAbs(weights.map((w) => maxAbs(w)));
    const bMax = maxAbs(biases.map((b) => maxAbs(b)));
    const sums = batch.nabla_w && (fresh || !batch.complete) ? batch.nabla_w : null;
    const sMax = sums ? maxAbs(sums.map((s) => maxAbs(s))) : 1;
    const fade = batch.complete && fresh ? 1 - t : 1; // the applied sum shrinks away
    const maxDot = Math.max(2.5, Math.min(7, (shape.radius[1] || 6) * 0.7));
    if (shape.onCanvas) {
      painter.draw({ sizes: net.sizes, place: shape.place, weights, biases, wMax, bMax, sums, sMax, fade,
        maxDot, selection: model.selection });
      el.dataset.drawn = String(Number(el.dataset.drawn || 0) + 1);
      return fresh && t < 1;
    }
    for (const { l, j, k, line, dot } of shape.links) {
      const w = weights[l][j][k];
      line.setAttribute("stroke", colourOf(w, wMax));
      line.setAttribute("stroke-width", (0.4 + (4.2 * Math.abs(w)) / wMax).toFixed(2));
      const s = sums ? sums[l][j][k] : 0;
      dot.setAttribute("r", (maxDot * Math.sqrt(Math.abs(s) / sMax) * fade).toFixed(2));
      dot.setAttribute("fill", colourOf(s, sMax));
    }
    for (const { i, j, node } of shape.nodes) {
      if (i > 0) node.setAttribute("fill", colourOf(biases[i - 1][j], bMax));
    }
    drawSelection();
    el.dataset.drawn = String(Number(el.dataset.drawn || 0) + 1);
    return fresh && t < 1;
  }
  return view;
}
