// The network's layer labels, fitted to the room between two layers: "hidden 3 · 64" when it
// fits, else "h3 · 64", else the size alone, on one row or staggered on two, so that no two
// labels ever overlap (views/network.js draws them).

const CHAR_PX = 6.8; // a generous width per character of .layer-label (600 10.5px)
const GAP_PX = 6;
export const ROW_PX = 14;

export function layerLabel(sizes, i) {
  return i === 0 ? "input" : i === sizes.length - 1 ? "output" : `hidden ${i}`;
}

const FORMATS = [
  (sizes, i) => `${layerLabel(sizes, i)} · ${sizes[i]}`,
  (sizes, i) => `${i === 0 ? "in" : i === sizes.length - 1 ? "out" : `h${i}`} · ${sizes[i]}`,
  (sizes, i) => String(sizes[i]),
];

// Per layer: its text and row (0 or 1); `rows` says how many rows are used. `x`: each layer's
// x, in order, evenly spaced.
export function fitLabels(sizes, x) {
  const spacing = x.length > 1 ? x[1] - x[0] : Infinity;
  for (const format of FORMATS) {
    const texts = sizes.map((_, i) => format(sizes, i));
    const widest = Math.max(...texts.map((t) => t.length * CHAR_PX)) + GAP_PX;
    if (widest <= spacing) return { rows: 1, labels: texts.map((text) => ({ text, row: 0 })) };
    if (widest <= 2 * spacing) return { rows: 2, labels: texts.map((text, i) => ({ text, row: i % 2 })) };
  }
  return { rows: 2, labels: sizes.map((n, i) => ({ text: i % 2 ? "" : String(n), row: 0 })) };
}
