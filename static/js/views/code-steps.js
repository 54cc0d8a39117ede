// What the code panel shows beside the lit lines (views/code.js): the events of the mini-batch
// so far, and for the one shown its scalars and a few entries of each array it touched.

import { fmt } from "../palette.js";

const ENTRIES = 4;
const argmax = (v) => Array.from(v).reduce((best, x, i, a) => (x > a[best] ? i : best), 0);

// Up to ENTRIES entries of layer l around the selected one, in row-major order.
export function entriesAround(sel, sizes) {
  const l = Math.min(sel.layer, sizes.length - 2);
  const cols = sel.kind === "w" ? sizes[l] : 1;
  const total = sizes[l + 1] * cols;
  const at = sel.kind === "w" ? sel.j * cols + sel.k : sel.j;
  const start = Math.max(0, Math.min(at - 1, total - ENTRIES));
  const idx = [];
  for (let i = start; i < Math.min(total, start + ENTRIES); i++) {
    idx.push(sel.kind === "w" ? [Math.floor(i / cols), i % cols] : [i]);
  }
  const names = sel.kind === "w"
    ? { delta: "delta_nabla_w", sum: "nabla_w", param: "weights" }
    : { delta: "delta_nabla_b", sum: "nabla_b", param: "biases" };
  return { l, idx, selected: at - start, names };
}

// The events of the mini-batch so far, in order: its examples, then its update.
export function stepsOf(batch) {
  const steps = batch.examples.filter(Boolean);
  if (batch.complete && batch.update) steps.push(batch.update);
  return steps;
}

// The rows of values step `e` shows: scalars [name, value, note] and entry rows.
export function valuesOf(e, batch, mode, at) {
  const { l, idx, names } = at;
  const pick = (arrays) => (arrays ? idx.map((i) => (i.length === 2 ? arrays[l][i[0]][i[1]] : arrays[l][i[0]])) : null);
  const start = batch.start ? batch.start[names.param] : null;
  const self = `self.${names.param}`;
  if (e.type === "update") {
    const m = e.batch_size;
    const scalars = [["m", String(m), "len(mini_batch)"], ["η/m", fmt(e.eta / m, 4), `${fmt(e.eta)}/${m}`]];
    const rows = mode === "per_example"
      ? [{ id: "w-before", label: `${self} at the start`, values: pick(start) },
        { id: "w-after", label: `${self} now`, values: pick(e[names.param]), changed: true }]
      : [{ id: "sum", label: `${names.sum} (Σ of ${m})`, values: pick(e[names.sum]) },
        { id: "w-before", label: `${self} before`, values: pick(start) },
        { id: "w-after", label: `${self} after`, values: pick(e[names.param]), changed: true }];
    return { scalars, rows };
  }
  const k = e.index;
  const prev = k > 0 ? batch.examples[k - 1] : null;
  const scalars = [
    ["k", String(k), `example ${k + 1} of ${e.batch_size}`],
    ["x, y", `row ${e.sample}`, `label ${argmax(e.y)}`],
  ];
  const rows = [{ id: "delta", label: names.delta, values: pick(e[names.delta]), changed: true }];
  if (mode === "per_example") {
    const before = k === 0 ? start : prev && prev[names.param];
    rows.push({ id: "w-before", label: `${self} before`, values: pick(before) },
      { id: "w-after", label: `${self} after`, values: pick(e[names.param]), changed: true });
  } else {
    const before = k === 0 ? idx.map(() => 0) : pick(prev && prev[names.sum]);
    rows.push({ id: "sum-before", label: `${names.sum} before`, values: before },
      { id: "sum-after", label: `${names.sum} after`, values: pick(e[names.sum]), changed: true },
      { id: "w", label: self, values: pick(start), note: "not moved yet" });
  }
  return { scalars, rows };
}
