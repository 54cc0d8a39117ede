// A run's configuration and its place in the URL: a link reproduces the same run.
// Field names are the protocol's (SessionCreate); view preferences ride along.

export const CHOICES = {
  activation: ["sigmoid", "tanh", "relu"],
  cost: ["quadratic", "cross_entropy"],
  init: ["gaussian", "scaled"],
  update: ["batch", "per_example"],
  rng: ["numpy", "book"],
};

const NUMBERS = { n_train: "int", n_test: "int", batch_size: "int", seed: "int" };
const FLOATS = ["noise", "eta", "lmbda"];
export const CONFIG_FIELDS = [
  "dataset", "sizes", "n_train", "n_test", "noise", "activation", "cost", "init",
  "eta", "batch_size", "lmbda", "update", "seed", "rng",
];

// Playback speeds in steps per second; null is "as fast as the server goes".
export const SPEEDS = [1, 2, 5, 10, 20, 50, 100, 200, 500, null];
export const UNITS = ["example", "batch", "epoch"];
export const PREFS = { unit: "example", speed: 3, layer: null, compare: null };
const COMPARE = ["1", "m1", "full"]; // compare mode: the runs beside the book's (views/compare/kinds.js)

function parseField(name, text) {
  if (name === "dataset") return /^[a-z0-9_-]{1,40}$/.test(text) ? text : undefined;
  if (name === "sizes") {
    const sizes = text.split(/[-,]/).map(Number);
    return sizes.length >= 2 && sizes.every((n) => Number.isInteger(n) && n > 0) ? sizes : undefined;
  }
  if (CHOICES[name]) return CHOICES[name].includes(text) ? text : undefined;
  const value = Number(text);
  if (text === "" || !Number.isFinite(value)) return undefined;
  if (NUMBERS[name]) return Number.isInteger(value) ? value : undefined;
  return FLOATS.includes(name) ? value : undefined;
}

// {config, prefs} from a query string; fields absent (or malformed) are left out.
export function fromQuery(search) {
  const params = new URLSearchParams(search);
  const config = {};
  for (const name of CONFIG_FIELDS) {
    if (!params.has(name)) continue;
    const value = parseField(name, params.get(name));
    if (value !== undefined) config[name] = value;
  }
  const prefs = { ...PREFS };
  if (UNITS.includes(params.get("unit"))) prefs.unit = params.get("unit");
  const speed = Number(params.get("speed"));
  if (params.has("speed") && Number.isInteger(speed) && speed >= 0 && speed < SPEEDS.length) {
    prefs.speed = speed;
  }
  const layer = Number(params.get("layer"));
  if (params.has("layer") && Number.isInteger(layer) && layer >= 0) prefs.layer = layer;
  if (COMPARE.includes(params.get("compare"))) prefs.compare = params.get("compare");
  return { config, prefs };
}

export function toQuery(config, prefs) {
  const params = new URLSearchParams();
  for (const name of CONFIG_FIELDS) {
    const value = config[name];
    if (value === null || value === undefined) continue;
    params.set(name, name === "sizes" ? value.join("-") : String(value));
  }
  params.set("unit", prefs.unit);
  params.set("speed", String(prefs.speed));
  if (prefs.layer !== null) params.set("layer", String(prefs.layer));
  if (prefs.compare) params.set("compare", prefs.compare);
  return params.toString();
}

// The address carries the configuration only; the history entry's state keeps what this tab
// was showing ({session, group}: ids on the server), so a reload or Back comes back to the same
// run while a copied link starts a run of its own from the same configuration.
export function writeURL(config, prefs) {
  const query = toQuery(config, prefs);
  if (location.search.slice(1) !== query) history.replaceState(history.state, "", `?${query}`);
}

// Merge `patch` into the history entry's state (the address stays as it is).
export function remember(patch) {
  history.replaceState({ ...(history.state || {}), ...patch }, "", location.href);
}

// What this history entry was showing before a reload or Back: {session, group}, null if none.
export function remembered() {
  const state = history.state || {};
  return { session: state.session || null, group: state.group || null };
}

// The configuration for a new data set: its input and output sizes, and its defaults where
// the old values do not carry over (sizes of another kind, counts, noise).
export function forDataset(config, info, oldInfo) {
  const sameKind = oldInfo && oldInfo.kind === info.kind;
  const hidden = sameKind ? config.sizes.slice(1, -1) : info.default_sizes.slice(1, -1);
  const next = {
    ...config,
    dataset: info.name,
    sizes: [info.n_inputs, ...hidden, info.n_classes],
    n_train: sameKind ? config.n_train : null,
    n_test: sameKind ? config.n_test : null,
    noise: info.has_noise ? (config.noise ?? null) : null,
  };
  if (!sameKind) next.batch_size = Math.min(config.batch_size ?? 10, info.default_n_train);
  return next;
}

export function speedLabel(index) {
  const rate = SPEEDS[index];
  return rate === null ? "max" : `${rate}/s`;
}
