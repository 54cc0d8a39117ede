// One plain sentence per step, in the book's terms: what the event just did. The accumulation
// view's caption and the code panel's say the same, from the same functions.

import { fmt } from "../palette.js";

// Before the first example of a mini-batch (batch counts from 0).
export function startSentence(batch) {
  return `Mini-batch ${batch + 1} is about to start: nabla_w is all zeros. ` +
    "Step an example to run backprop on its first (x, y).";
}

// Example event `e` of a run whose update mode is `mode`.
export function exampleSentence(e, mode) {
  const which = `Example ${e.index + 1} of ${e.batch_size} (training row ${e.sample})`;
  if (mode === "per_example") {
    return `${which}: the weights moved by −η/m times this example's gradient, ` +
      "so the next gradient is taken at the moved weights.";
  }
  return `${which}: its gradient is added to nabla_w; the weights have not moved yet.`;
}

// A mini-batch met part way (a saved run opened, a page reloaded): `batch` holds its examples
// so far, the last one `batch.last`.
export function resumedSentence(batch, mode) {
  const e = batch.last;
  const moved = mode === "per_example"
    ? `the weights moved after each of them`
    : "the weights have not moved yet";
  return `Mini-batch ${e.batch + 1}, part way: examples 1 to ${e.index + 1} of ${e.batch_size} are ` +
    `summed into nabla_w (the last, training row ${e.sample}); ${moved}. ` +
    `Step an example to go on with example ${e.index + 2}.`;
}

// Update event `u` (it carries its own eta, lmbda, mode and m).
export function updateSentence(u) {
  const m = u.batch_size;
  if (u.mode === "per_example") {
    return `End of the mini-batch: nothing moves now; the weights already moved ${m} ` +
      `time${m === 1 ? "" : "s"}, by −η/m times each example's gradient in turn.`;
  }
  const decay = u.lmbda > 0 ? ", after the L2 decay" : "";
  return `End of the mini-batch: the weights move once, by −η/m times the sum of ${m} ` +
    `gradient${m === 1 ? "" : "s"} (η/m = ${fmt(u.eta)}/${m} = ${fmt(u.eta / m)}${decay}).`;
}

// Edit event `e`: a weight or a bias set by hand, between two mini-batches.
export function editSentence(e) {
  const name = e.kind === "weight" ? `weights[${e.layer}][${e.row}][${e.col}]` : `biases[${e.layer}][${e.row}]`;
  return `Set by hand: ${name} went from ${fmt(e.old, 4)} to ${fmt(e.new, 4)}. Every gradient of ` +
    `mini-batch ${e.batch + 1} is taken at the new value, and its update starts from it.`;
}
