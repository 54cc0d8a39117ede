// Round ticks and the words of a chart drawn by hand: the tick values of an axis that fit its
// length with room between labels, their text in the axis's tickformat (the few d3 formats the
// page uses), and a Plotly hovertemplate filled in for one point.

import { thousands } from "../palette.js";

const STEPS = [1, 2, 2.5, 5];
const INTEGER_STEPS = [1, 2, 5];
const minus = (text) => text.replace(/-/g, "−");

// The round steps from `least` up: 1, 2, 2.5, 5, 10, 20, … (no 2.5 on an axis of whole numbers).
function* stepsFrom(least, integer) {
  const from = integer ? Math.max(1, least) : least;
  let p = 10 ** Math.floor(Math.log10(from));
  for (;;) {
    for (const s of integer ? INTEGER_STEPS : STEPS) if (s * p >= from * (1 - 1e-9)) yield s * p;
    p *= 10;
  }
}

// The smallest round step of at least `least`.
export const roundStep = (least) => stepsFrom(least, false).next().value;

function decimalsOf(step) {
  return (String(Number(step.toPrecision(3))).split(".")[1] || "").length;
}

// A value as the axis's tickformat says: ".0%", ",d", "d", or plain with the step's decimals (an
// exponent when tiny or huge, as Plotly's exponentformat "e").
export function tickText(v, axis, step = 1) {
  const format = axis.tickformat || "";
  const percent = /^\.(\d)%$/.exec(format);
  // as many decimals as the format asks, more when the step needs them to tell ticks apart
  if (percent) return minus(`${(100 * v).toFixed(Math.max(Number(percent[1]), decimalsOf(100 * step)))}%`);
  if (format === ",d") return minus(thousands(v));
  if (format === "d") return minus(String(Math.round(v)));
  if (Math.abs(v) < step * 1e-9) return "0";
  if (step < 1e-3 || Math.abs(v) >= 1e5) return minus(v.toExponential(1).replace("e+", "e"));
  return minus(v.toFixed(decimalsOf(step)));
}

// The ticks on [lo, hi] over `length` pixels, about `gap` apart at most: axis.dtick if asked
// (made coarser only when the labels would touch), else the finest round step giving no more
// ticks than that whose labels do not touch; widthOf(text) is the room a label needs.
export function niceTicks([lo, hi], length, axis, widthOf, gap = 40) {
  const integer = /d$/.test(axis.tickformat || "");
  const span = hi - lo;
  if (!(span > 0) || !(length > 0)) return [];
  const most = Math.max(2, Math.floor(length / gap)) + 1;
  for (const step of stepsFrom(axis.dtick || span / most, integer)) {
    // The ticks are n · step for n from first to last; counted before any label is written:
    // too many for the axis (or, with a dtick, more than one per 4 pixels, narrower than any
    // label) is a finer step than can fit.
    const first = Math.ceil(lo / step - 1e-9);
    const last = Math.floor(hi / step + 1e-9);
    const count = last - first + 1;
    if ((!axis.dtick && count > most) || count > length / 4) continue;
    const ticks = [];
    for (let n = first; n <= last; n++) {
      const v = Math.abs(n) < 1e-9 ? 0 : n * step;
      ticks.push({ v, text: tickText(v, axis, step) });
    }
    const room = (step / span) * length;
    if (ticks.length <= 1 || ticks.every((t) => widthOf(t.text) <= room)) return ticks;
  }
  return [];
}

// A number as a d3 format the page's hovertemplates use: ".4f", ".1%", ".3g", "d", ",d".
function formatted(v, format) {
  if (typeof v !== "number") return String(v);
  if (!format) return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(4)));
  const spec = /^(,)?(?:\.(\d+))?([fg%d])$/.exec(format);
  if (!spec) return String(v);
  const [, comma, digits, kind] = spec;
  const n = digits === undefined ? 6 : Number(digits);
  if (kind === "%") return `${(100 * v).toFixed(n)}%`;
  if (kind === "f") return v.toFixed(n);
  if (kind === "g") return String(Number(v.toPrecision(Math.max(1, n))));
  return comma ? thousands(v) : String(Math.round(v));
}

// hovertemplate filled in for point i of trace t: its lines (<br>), without Plotly's <extra>.
export function formatTemplate(template, t, i) {
  const value = (name, index) => {
    if (name === "customdata") return t.customdata[i][Number(index)];
    const v = t[name];
    return Array.isArray(v) ? v[i] : v;
  };
  return template.replace(/<extra>.*?<\/extra>/g, "")
    .replace(/%\{(\w+)(?:\[(\d+)\])?(?::([^}]*))?\}/g, (_, name, index, format) => formatted(value(name, index), format))
    .split("<br>");
}
