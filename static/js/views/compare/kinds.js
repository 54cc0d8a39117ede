// What compare mode trains beside the book's update (the URL's compare=...), how each run is
// named, and how many examples a run has seen.

// What each kind of comparison trains beside the book's update.
export const KINDS = {
  1: { label: "batch vs per-example", extra: null },
  m1: { label: "+ m = 1", extra: () => ({ update: "batch", batch_size: 1 }) },
  full: { label: "+ full batch, m = n", extra: (c) => ({ update: "batch", batch_size: c.n_train }) },
};
// The fields of the single run's config a group is created with.
export const CREATE_FIELDS = ["dataset", "sizes", "n_train", "n_test", "noise", "activation", "cost",
  "init", "eta", "batch_size", "lmbda", "seed"];

export function labelOf(config, configs) {
  const base = config.update === "batch" ? "once per mini-batch (the book)" : "after every example";
  const differ = (name) => new Set(configs.map((c) => c[name])).size > 1;
  const extra = [differ("batch_size") && `m = ${config.batch_size}`, differ("eta") && `η = ${config.eta}`];
  return [base, ...extra.filter(Boolean)].join(", ");
}

// Examples seen, from a state: m is fixed in compare mode, so batch·m + index within the epoch.
export function seenOf(state, config) {
  return state.epoch * config.n_train + Math.min(state.batch * config.batch_size, config.n_train) + state.index;
}
