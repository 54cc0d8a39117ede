// One diverging, colour-blind-safe palette for every heatmap, link and point:
// orange for negative, white at 0, blue for positive (TF Playground's convention).

export const DIVERGING = [
  [0.0, "#8c3d00"],
  [0.12, "#d76a03"],
  [0.3, "#f6a85a"],
  [0.45, "#fde1c2"],
  [0.5, "#f7f7f7"],
  [0.55, "#d5e6f3"],
  [0.7, "#8ebfe0"],
  [0.88, "#2f7cbf"],
  [1.0, "#0b3f7a"],
];

export const NEGATIVE = "#d76a03";
export const POSITIVE = "#2f7cbf";
// One colour per class: the two of the diverging palette first (a 2-class decision is drawn
// on it), then distinct hues for the classes of uploaded or drawn data. Twenty, as many as
// NABLA_MAX_UPLOAD_CLASSES allows by default; a server allowing more repeats them.
export const CLASS_COLOURS = [
  NEGATIVE, POSITIVE, "#2e9b4f", "#c0398a", "#7a52c7", "#c9a400", "#1a9fb0", "#8c5a3c",
  "#d64541", "#5c6b7d", "#86b817", "#e377c2", "#0f5e58", "#f08a4b", "#3d3f9e", "#9e1b32",
  "#6fb7d6", "#a6763d", "#b28ce0", "#4f7a28",
];

// The colour of class k.
export function classColour(k) {
  return CLASS_COLOURS[((k % CLASS_COLOURS.length) + CLASS_COLOURS.length) % CLASS_COLOURS.length];
}

// A colour scale as Plotly's colorscale: [[t, "#rrggbb"], ...] from t = 0 to 1, interpolated
// in RGB; returns t -> [r, g, b] (t clamped to [0, 1]).
export function scaleOf(stops) {
  const rgb = stops.map(([t, hex]) => [t, [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16))]);
  return (t) => {
    const x = Math.min(1, Math.max(0, t));
    let i = 1;
    while (i < rgb.length - 1 && rgb[i][0] < x) i++;
    const [t0, c0] = rgb[i - 1];
    const [t1, c1] = rgb[i];
    const f = (x - t0) / (t1 - t0 || 1);
    return c0.map((c, k) => Math.round(c + (c1[k] - c) * f));
  };
}

// [r, g, b] at t in [0, 1] along the palette.
export const rgbAt = scaleOf(DIVERGING);

// The colour of value v on a scale symmetric around 0 reaching ±maxAbs.
export function colourOf(v, maxAbs) {
  const [r, g, b] = rgbAt(0.5 + (maxAbs > 0 ? v / maxAbs : 0) / 2);
  return `rgb(${r},${g},${b})`;
}

export function maxAbs(values, floor = 1e-12) {
  let m = floor;
  for (const row of values) {
    if (typeof row === "number") m = Math.max(m, Math.abs(row));
    else for (const v of row) m = Math.max(m, Math.abs(v));
  }
  return m;
}

// A whole number with commas between thousands (12,345), as toLocaleString("en-US") writes
// it: that call sets up the browser's locale data the first time, 30 ms of a page's first load.
export function thousands(v) {
  const n = Math.round(v);
  const digits = String(Math.abs(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return n < 0 ? `-${digits}` : digits;
}

// A number for people: 3 significant digits, exponent only when tiny or huge.
export function fmt(v, digits = 3) {
  if (v === null || v === undefined || Number.isNaN(v)) return "–";
  if (v === 0) return "0";
  const a = Math.abs(v);
  const text = a < 1e-3 || a >= 1e5 ? v.toExponential(digits - 1) : v.toPrecision(digits);
  return text.replace(/-/g, "−");
}

// A number in at most about 9 characters with `digits` significant digits, for narrow table
// cells: −0.3172, 12.35, and an exponent below 0.01 or from 10⁴ on (−5.123e−3, 2.500e+4).
export function compact(v, digits = 4) {
  if (v === null || v === undefined || Number.isNaN(v)) return "–";
  if (v === 0) return "0";
  const a = Math.abs(v);
  const text = a < 1e-2 || a >= 1e4 ? v.toExponential(digits - 1) : v.toPrecision(digits);
  return text.replace(/-/g, "−");
}

// Every digit of a float64: the shortest decimal that reads back as the same number.
export function exact(v) {
  return String(v).replace(/-/g, "−");
}

export function signed(v, digits = 3) {
  return v > 0 ? `+${fmt(v, digits)}` : fmt(v, digits);
}
