// The network diagram from the keyboard, as the mouse has it: one stop in the Tab order (a
// roving tabindex on the SVG's links and neurons; the canvas itself when the network is drawn
// on one), the arrow keys walk the diagram, Enter opens the editor a click opens, Escape closes
// it and focus comes back. A cursor is {l, j, k} on the link weights[l][j][k] (neuron k of layer
// l to neuron j of layer l+1) or {l, j, bias: true} on neuron j of layer l+1 (biases[l][j]).
//
// The walk: on a neuron, Up/Down go to its neighbours, Left into its incoming links, Right into
// its outgoing ones; on a link, Up/Down go to the other links into the same neuron, Left to the
// neuron it leaves, Right to the neuron it enters.

import { announce } from "../ui/announce.js";
import { fmt } from "../palette.js";
import { layerLabel } from "./network-labels.js";

const clamp = (v, n) => Math.max(0, Math.min(n - 1, v));

// Of a layer of `from` neurons, the one at about the height of neuron j of a layer of `to`:
// the link between them runs most nearly straight.
const level = (j, from, to) => (to <= 1 ? Math.floor((from - 1) / 2) : Math.round((j * (from - 1)) / (to - 1)));

// The cursor after `key`; the same cursor when the key leads nowhere. shown(i): layer i is
// drawn neuron by neuron (a layer drawn as a block has nothing to reach).
export function move(c, key, sizes, shown) {
  if (c.bias) {
    const n = sizes[c.l + 1];
    if (key === "ArrowUp" || key === "ArrowDown") return { ...c, j: clamp(c.j + (key === "ArrowUp" ? -1 : 1), n) };
    if (key === "ArrowLeft" && shown(c.l)) return { l: c.l, j: c.j, k: level(c.j, sizes[c.l], n) };
    if (key === "ArrowRight" && c.l + 2 < sizes.length && shown(c.l + 2)) {
      return { l: c.l + 1, j: level(c.j, sizes[c.l + 2], n), k: c.j };
    }
    return c;
  }
  if (key === "ArrowUp" || key === "ArrowDown") return { ...c, k: clamp(c.k + (key === "ArrowUp" ? -1 : 1), sizes[c.l]) };
  if (key === "ArrowLeft" && c.l > 0) return { l: c.l - 1, j: c.k, bias: true };
  if (key === "ArrowRight") return { l: c.l, j: c.j, bias: true };
  return c;
}

// What the cursor is on, in words: its name, the neurons, its value now.
export function describe(c, network) {
  const { sizes } = network;
  if (c.bias) {
    return `biases[${c.l}][${c.j}]: neuron ${c.j} of ${layerLabel(sizes, c.l + 1)}, b = ${fmt(network.biases[c.l][c.j], 4)}`;
  }
  return `weights[${c.l}][${c.j}][${c.k}]: neuron ${c.k} of ${layerLabel(sizes, c.l)} → neuron ${c.j} of `
    + `${layerLabel(sizes, c.l + 1)}, w = ${fmt(network.weights[c.l][c.j][c.k], 4)}`;
}

const fromSelection = (s) => (s.kind === "b" ? { l: s.layer, j: s.j, bias: true } : { l: s.layer, j: s.j, k: s.k });

// stack: the element holding the SVG and the canvas; open(cursor, {clientX, clientY}) opens the
// editor on it and selects it, as a click does.
export function createNetworkKeys({ stack, svg, canvas, model, bus, open }) {
  let shape = null; // the view's shape: {links, nodes, place, onCanvas}
  let cursor = null;
  let current = null; // the SVG element holding tabindex 0
  canvas.tabIndex = 0;
  canvas.setAttribute("role", "application");
  canvas.setAttribute("aria-roledescription", "network diagram");

  const sizes = () => model.network.sizes;
  const shown = (i) => Boolean(shape.place.ys[i]);
  function valid(c) {
    const s = sizes();
    if (!c || c.l < 0 || c.l >= s.length - 1 || c.j >= s[c.l + 1] || !shown(c.l + 1)) return false;
    return c.bias || (shown(c.l) && c.k < s[c.l]);
  }
  // The first thing to reach: the first neuron with a bias drawn, else the first link drawn.
  function first() {
    const s = sizes();
    for (let l = 0; l < s.length - 1; l++) if (shown(l + 1)) return { l, j: 0, bias: true };
    return null;
  }

  function elementOf(c) {
    if (c.bias) return (shape.nodes.find((n) => n.i === c.l + 1 && n.j === c.j) || {}).node;
    const link = shape.links.find((x) => x.l === c.l && x.j === c.j && x.k === c.k);
    return link && link.hit;
  }

  // Where the cursor's item is on screen: a neuron's centre, a link's middle.
  function pointOf(c) {
    const { x, ys } = shape.place;
    const at = c.bias ? [x[c.l + 1], ys[c.l + 1][c.j]]
      : [(x[c.l] + x[c.l + 1]) / 2, (ys[c.l][c.k] + ys[c.l + 1][c.j]) / 2];
    const surface = shape.onCanvas ? canvas : svg;
    const r = surface.getBoundingClientRect();
    const scale = r.width / (Number(svg.viewBox.baseVal.width) || r.width);
    return { clientX: r.left + at[0] * scale, clientY: r.top + at[1] * scale };
  }

  // The tab stop's name: what the cursor is on, with its value now.
  function label() {
    const text = describe(cursor, model.network);
    if (shape.onCanvas) canvas.setAttribute("aria-label", `${text}. Arrow keys move, Enter sets it.`);
    else if (current) current.setAttribute("aria-label", `${text}. Enter sets it.`);
    return text;
  }

  // Put the cursor on c: its SVG element takes the tab stop, or the canvas's label says what
  // it is on. focus: the keyboard is in the diagram, so the focus (or the live region) follows.
  function place(c, focus) {
    cursor = c;
    if (!shape.onCanvas) {
      const el = elementOf(c);
      if (current && current !== el) current.setAttribute("tabindex", "-1");
      current = el;
      el.setAttribute("tabindex", "0");
      el.setAttribute("role", "button");
    }
    const text = label();
    if (focus && shape.onCanvas) announce(text);
    else if (focus) current.focus();
  }

  // The cursor is the selection (a click, an arrow key here, a heatmap's cell) when the diagram
  // draws it, else where it was, else the first neuron.
  function follow(focus = stack.contains(document.activeElement)) {
    if (!shape || !model.network) return;
    const c = [fromSelection(model.selection), cursor].find(valid) || first();
    if (c) place(c, focus);
  }
  bus.on("selection", () => follow());

  stack.addEventListener("keydown", (event) => {
    if (!shape || !cursor || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key.startsWith("Arrow")) {
      const c = move(cursor, event.key, sizes(), shown);
      if (valid(c)) model.select(c.bias ? { layer: c.l, kind: "b", j: c.j } : { layer: c.l, kind: "w", j: c.j, k: c.k });
    } else if (event.key === "Enter") {
      open(cursor, pointOf(cursor));
    } else {
      return; // other keys are the page's shortcuts
    }
    event.preventDefault();
    event.stopPropagation(); // an arrow here moves the cursor, not the run (transport.js)
  });
  // When the value under the cursor changes, its label says the new one.
  for (const topic of ["update", "edit", "network"]) {
    bus.on(topic, () => shape && cursor && valid(cursor) && label());
  }

  return {
    // After the view builds its diagram: the tab stop on the selection (or the first neuron);
    // focused: the old diagram had the focus (a resize rebuilds it), the new one takes it.
    built(next, focused) {
      shape = next;
      current = null;
      cursor = null;
      follow(focused || stack.contains(document.activeElement));
    },
    get cursor() {
      return cursor;
    },
  };
}
