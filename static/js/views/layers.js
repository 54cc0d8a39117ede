// Shared helpers for views that look at one layer of weights: names, values, interpolation.

export function layerName(sizes, l) {
  const name = (i) => (i === 0 ? "input" : i === sizes.length - 1 ? "output" : `hidden ${i}`);
  return `weights[${l}] · ${name(l)} → ${name(l + 1)} (${sizes[l + 1]}×${sizes[l]})`;
}

// The step's formula for the weights (kind "w") or the biases ("b") of a run of `config`, on
// `sum` (nabla_w, Σ, or in per_example mode one example's delta_nabla_w): with L2 the weights
// shrink too (network2's (1 − ηλ/n)·w − (η/m)·nabla_w; per example, by ηλ/(nm) each time),
// so their step has the decay term; biases never decay.
export function stepFormula(config, kind = "w", sum = "nabla_w") {
  const step = `−(η/m)·${sum}`;
  if (kind !== "w" || !(config.lmbda > 0)) return step;
  if (config.update === "batch") return `${step} − (ηλ/n)·w`;
  return sum.startsWith("delta") ? `${step} − (ηλ/nm)·w` : `${step} and m L2 decays`;
}

// When the update applies: in per_example mode after each example, else after the m-th.
export function updateWhen(config, m) {
  return config.update === "per_example" ? "after each example" : `after example ${m}`;
}

export function zeros(rows, cols) {
  return Array.from({ length: rows }, () => new Array(cols).fill(0));
}

// A matrix of rows (typed or plain) as plain arrays, optionally scaled.
export function plain(matrix, scale = 1) {
  return matrix.map((row) => Array.from(row, (v) => v * scale));
}

export function plainVector(vector, scale = 1) {
  return Array.from(vector, (v) => v * scale);
}

// a + t·(b − a), for matrices or vectors.
export function mix(a, b, t) {
  if (typeof a[0] === "number") return Array.from(a, (v, j) => v + t * (b[j] - v));
  return a.map((row, j) => Array.from(row, (v, k) => v + t * (b[j][k] - v)));
}

export const ease = (t) => (t <= 0 ? 0 : t >= 1 ? 1 : t * t * (3 - 2 * t));

// Progress of the last weight change's animation: 0 before, 1 when done.
export function progress(change, now, { hold, tween }) {
  if (!change || tween <= 0) return 1;
  return ease((now - change.at - hold) / tween);
}

// The fragments of the book's update_mini_batch each column shows.
export const CODE = {
  backprop: "self.backprop(x, y)",
  sum: "nw+dnw",
  step: "-(eta/len(mini_batch))*nw",
  update: "w-(eta/len(mini_batch))*nw",
};
