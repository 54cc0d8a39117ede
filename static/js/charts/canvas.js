// Shared canvas plumbing for the charts drawn by hand: sharp pixels on any screen, ticks, and
// a colour bar. Charts keep their plotted values on `el.data` in Plotly's shape
// ([{type, z | y, ...}]) so tests read every chart the same way.

import { rgbAt } from "../palette.js";

export const INK = "#33415c";
export const FAINT = "#8a94a6";
export const MONO_FONT = '10px ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace';
export const TITLE_FONT = '10px Inter, "Segoe UI", system-ui, -apple-system, Roboto, sans-serif';

// The size of `el` as last laid out ([clientWidth, clientHeight]; the height 0 unless `height`),
// kept from a ResizeObserver, never read while drawing: a read after a write to the page (any
// view's text) makes the browser lay the page out there and then, once per chart a frame. Once
// known, a change of it sends `el` a "chart-resize" event (it bubbles: the view that owns the
// chart redraws it). Returns its getter (the first draw may come before the observer's word).
export function keepSize(el, { height = true } = {}) {
  let size = null;
  const measure = () => [el.clientWidth, height ? el.clientHeight : 0];
  new ResizeObserver(() => {
    const next = measure();
    if (size && next[0] === size[0] && next[1] === size[1]) return;
    const known = size !== null;
    size = next;
    if (known) el.dispatchEvent(new Event("chart-resize", { bubbles: true }));
  }).observe(el);
  return () => (size ||= measure());
}

// `canvas` as a stop in the Tab order, a chart driven by keys (the heatmap's cells, the bars):
// `onKey(event)` answers whether it used the key; a used key goes no further (an arrow there
// moves the chart's cursor, not the run: transport.js), the others are the page's shortcuts.
export function keyStop(canvas, roleDescription, onKey) {
  canvas.tabIndex = 0;
  canvas.setAttribute("role", "application");
  canvas.setAttribute("aria-roledescription", roleDescription);
  canvas.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || !onKey(event)) return;
    event.preventDefault();
    event.stopPropagation();
  });
}

// A text turned a quarter left, centred on (x, y): a y axis's title.
export function verticalText(ctx, text, x, y) {
  ctx.save();
  ctx.translate(x, y);
  ctx.rotate(-Math.PI / 2);
  ctx.textAlign = "center";
  ctx.textBaseline = "middle";
  ctx.fillText(text, 0, 0);
  ctx.restore();
}

// A canvas filling `el`, and a function that readies it for a draw: returns {ctx, w, h}.
export function makeCanvas(el, className = "chart") {
  const canvas = document.createElement("canvas");
  canvas.className = className;
  el.append(canvas);
  const size = keepSize(el);
  return {
    canvas,
    prepare() {
      const [width, height] = size();
      const w = Math.max(40, width);
      const h = Math.max(30, height);
      const dpr = window.devicePixelRatio || 1;
      if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(h * dpr)) {
        canvas.width = Math.round(w * dpr);
        canvas.height = Math.round(h * dpr);
        canvas.style.width = `${w}px`;
        canvas.style.height = `${h}px`;
      }
      const ctx = canvas.getContext("2d");
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.clearRect(0, 0, w, h);
      return { ctx, w, h };
    },
    // el's width as last laid out (for a view that sizes the box from it)
    width: () => size()[0],
  };
}

// Index labels that do not collide: every `step`-th of `count` along `length` pixels.
export function tickStep(count, length, minGap = 14) {
  const steps = [1, 2, 5, 10, 20, 50, 100, 200, 500];
  return steps.find((s) => (length / count) * s >= minGap) || 1000;
}

// A colour bar's label: two significant digits, an exponent only when tiny or huge.
export function short(v) {
  const a = Math.abs(v);
  if (a === 0) return "0";
  const text = a >= 0.01 && a < 1000 ? v.toPrecision(2) : v.toExponential(1).replace("e+", "e");
  return text.replace(/-/g, "−");
}

// The ramps drawn, by `ramp` (what the caller says makes two ramps the same) and height: a
// ramp is a column of one-pixel rows, hundreds of fills, and the heatmaps draw theirs every frame.
const ramps = new Map();
const RAMPS_KEPT = 64;

function rampImage(ramp, height, width, lo, hi, colour) {
  const key = `${ramp}|${height}`;
  let image = ramp === null ? null : ramps.get(key);
  if (!image) {
    const rows = Math.max(1, Math.round(height));
    image = new OffscreenCanvas(width, rows);
    const ctx = image.getContext("2d");
    for (let i = 0; i < rows; i++) {
      ctx.fillStyle = colour(hi - ((hi - lo) * (i + 0.5)) / rows);
      ctx.fillRect(0, i, width, 1);
    }
    if (ramp !== null) {
      if (ramps.size >= RAMPS_KEPT) ramps.delete(ramps.keys().next().value);
      ramps.set(key, image);
    }
  }
  return image;
}

// The colour bar: a vertical ramp from lo to hi, labelled at both ends and at 0 when inside
// (or with `names`: {hi, lo} words instead of the end values). `ramp`: a name for the colours
// from lo to hi whatever their values (e.g. "diverging": the same colours for ±1 and ±5), so the
// ramp is painted once per name and height; null: painted every time.
export function colourBar(ctx, { x, y, height, lo, hi, colour, names = null, ramp = null }) {
  const width = 7;
  const smooth = ctx.imageSmoothingEnabled;
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(rampImage(ramp, height, width, lo, hi, colour), x, y, width, height);
  ctx.imageSmoothingEnabled = smooth;
  ctx.strokeStyle = "#cbd3df";
  ctx.lineWidth = 0.5;
  ctx.strokeRect(x + 0.25, y + 0.25, width - 0.5, height - 0.5);
  ctx.fillStyle = INK;
  ctx.font = MONO_FONT.replace("10px", "9px");
  ctx.textBaseline = "middle";
  ctx.textAlign = "left";
  const label = (v, at) => ctx.fillText(typeof v === "string" ? v : short(v), x + width + 3, at);
  label(names ? names.hi : hi, y + 4);
  label(names ? names.lo : lo, y + height - 4);
  if (lo < 0 && hi > 0) label(0, y + (height * hi) / (hi - lo));
}

// Colour functions giving [r, g, b]: the diverging palette symmetric around 0, greys for images.
export const divergingRGB = (zmax) => (v) => rgbAt(0.5 + (zmax > 0 ? v / zmax : 0) / 2);
export const greysRGB = (v) => {
  const c = Math.round(255 - 228 * Math.min(1, Math.max(0, v)));
  return [c, c, Math.min(255, c + 6)];
};
export const css = ([r, g, b]) => `rgb(${r},${g},${b})`;
export const diverging = (zmax) => (v) => css(divergingRGB(zmax)(v));
