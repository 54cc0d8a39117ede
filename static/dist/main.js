/* nabla: static/js bundled by scripts/bundle.sh, sources de3e647b4040 */

// static/js/words.js
var NAMES = [
  [/\bn_train=(\d+)/g, "the $1 training examples"],
  [/\bn_test=(\d+)/g, "the $1 test examples"],
  [/\bbatch_size\b/g, "mini-batch size m"],
  [/\bn_train\b/g, "number of training examples"],
  [/\bn_test\b/g, "number of test examples"],
  [/\blmbda\b/g, "λ"],
  [/\beta\b/g, "learning rate η"],
  [/\bsizes\b/g, "layer sizes"],
  [/2\*\*32 - 1/g, "4294967295"],
  [/, got (\S+)$/, " (not $1)"],
  [/\bnon-finite\b/g, "too large to hold (they overflowed)"],
  [/\bnot finite\b/g, "too large to hold (it overflowed)"],
  [/\band reset\./g, "and press Reset."],
  [/^([\w.]+): Field required$/, "$1 is missing"],
  // pydantic's words, as the server passes them on
  [/: Input should be /, " should be "],
  [/: Extra inputs are not permitted$/, " is not something Nabla knows"]
];
var KINDS = {
  missing: "is missing",
  extra_forbidden: "is not a setting Nabla knows",
  json_invalid: "is not valid JSON",
  model_type: "is not what was expected"
};
function plain(text) {
  let out = String(text);
  for (const [pattern, words] of NAMES) out = out.replace(pattern, words);
  return out.charAt(0).toUpperCase() + out.slice(1);
}
function plainField(field, msg, type) {
  const what = KINDS[type] || String(msg || "is not valid").replace(/^Input should be/, "should be");
  return field ? `${plain(field)} ${what.charAt(0).toLowerCase()}${what.slice(1)}` : plain(what);
}

// static/js/api.js
var ApiError = class extends Error {
  constructor(message, { status = 0, field = null, kind = null } = {}) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.field = field;
    this.kind = kind;
  }
};
function errorOf(status, body) {
  const detail = body && body.detail;
  if (Array.isArray(detail) && detail.length) {
    const first = detail[0];
    const loc = (first.loc || []).filter((p) => p !== "body" && typeof p === "string");
    const field = loc.length ? String(loc[loc.length - 1]) : null;
    const msg = String(first.msg || "invalid value");
    const text2 = field && !msg.startsWith(field) ? plainField(field, msg, first.type) : plain(msg);
    return new ApiError(text2, { status, field, kind: first.type || null });
  }
  const text = typeof detail === "string" ? plain(detail) : `The server answered ${status}.`;
  return new ApiError(text, { status });
}
async function requestText(path) {
  let response;
  try {
    response = await fetch(path);
  } catch (error) {
    throw new ApiError(`cannot reach the server (${error.message})`);
  }
  const text = await response.text();
  if (!response.ok) throw errorOf(response.status, JSON.parse(text || "null"));
  return text;
}
async function request(method, path, body, type = "application/json") {
  const init = { method, headers: {} };
  if (body !== void 0) {
    init.headers["Content-Type"] = type;
    const json = type === "application/json" && typeof body !== "string";
    init.body = json ? JSON.stringify(body) : body;
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    throw new ApiError(`cannot reach the server (${error.message})`);
  }
  if (response.status === 204) return null;
  const data = await response.json().catch(() => null);
  if (!response.ok) throw errorOf(response.status, data);
  return data;
}
var codeAnswer = null;
var base = (id) => `/api/sessions/${encodeURIComponent(id)}`;
var api = {
  datasets: () => request("GET", "/api/datasets"),
  // The book's MNIST file: its state on the server, and its download (one, however many ask).
  mnist: () => request("GET", "/api/data/mnist"),
  downloadMnist: () => request("POST", "/api/data/mnist"),
  book: () => request("GET", "/api/book"),
  bookSpeed: (sizes, cost) => request("GET", `/api/book/speed?sizes=${sizes.join("-")}&cost=${cost}`),
  // The engine's source does not change while the server runs: asked once (the code and the
  // matrix views both read it), asked again only after a failure.
  code: () => {
    codeAnswer ||= request("GET", "/api/code").catch((error) => {
      codeAnswer = null;
      throw error;
    });
    return codeAnswer;
  },
  dataset: (name) => request("GET", `/api/datasets/${encodeURIComponent(name)}`),
  // Your own data: a CSV File sent as it is, or {rows, name}; the answer names its id.
  uploadCsv: (file, name) => request("POST", `/api/datasets?name=${encodeURIComponent(name)}`, file, "text/csv"),
  uploadRows: (body) => request("POST", "/api/datasets", body),
  csvURL: (name, query) => `/api/datasets/${encodeURIComponent(name)}/csv?${query}`,
  preview: (name) => request("GET", `/api/datasets/${encodeURIComponent(name)}/preview`),
  createSession: (config) => request("POST", "/api/sessions", config),
  deleteSession: (id) => request("DELETE", base(id)),
  createGroup: (body) => request("POST", "/api/groups", body),
  stepGroup: (id, body) => request("POST", `/api/groups/${encodeURIComponent(id)}/step`, body),
  resetGroup: (id) => request("POST", `/api/groups/${encodeURIComponent(id)}/reset`, {}),
  deleteGroup: (id) => request("DELETE", `/api/groups/${encodeURIComponent(id)}`),
  group: (id) => request("GET", `/api/groups/${encodeURIComponent(id)}`),
  session: (id) => request("GET", base(id)),
  network: (id) => request("GET", `${base(id)}/network`),
  landscape: (id, query) => request("GET", `${base(id)}/landscape?${query}`),
  // Why sum at all (routers/gradient.py): ∇C over the training set, the mini-batch's estimate,
  // the noise against m, and the loop beside the matrix form.
  gradient: (id, over, at2 = "current") => request("GET", `${base(id)}/gradient?over=${over}&at=${at2}`),
  noise: (id, k = 20, seed = 0) => request("GET", `${base(id)}/noise?k=${k}&seed=${seed}`),
  matrix: (id, batch) => request("GET", `${base(id)}/matrix?batch=${batch}`),
  history: (id) => request("GET", `${base(id)}/history`),
  // The examples of the mini-batch under way so far (detail "full" or "summary").
  batch: (id, detail) => request("GET", `${base(id)}/batch?detail=${detail}`),
  edit: (id, body) => request("POST", `${base(id)}/edit`, body),
  // η, m and λ from the next mini-batch on, in the same run (only the fields given).
  settings: (id, body) => request("PATCH", `${base(id)}/settings`, body),
  predict: (id, resolution) => request("GET", `${base(id)}/predict?resolution=${resolution}`),
  exportRun: (id) => requestText(`${base(id)}/export`),
  importRun: (text) => request("POST", "/api/sessions/import", text),
  data: (id, part, limit = 5e3) => request("GET", `${base(id)}/data?part=${part}&limit=${limit}`)
};

// static/js/book.js
var book = { presets: [], why_it_differs: "" };
var speeds = /* @__PURE__ */ new Map();
async function loadBook() {
  book = await api.book().catch(() => book);
  return book;
}
var presets = () => book.presets;
var whyItDiffers = () => book.why_it_differs;
var SAME = ["dataset", "cost", "init", "eta", "batch_size", "lmbda", "update"];
function presetOf(config) {
  if (!config) return null;
  return book.presets.find((p) => SAME.every((k) => p.config[k] === config[k]) && p.config.sizes.join() === (config.sizes || []).join()) || null;
}
function bookSpeed(sizes, cost) {
  const key = `${sizes.join("-")}/${cost}`;
  if (!speeds.has(key)) speeds.set(key, api.bookSpeed(sizes, cost).catch(() => null));
  return speeds.get(key);
}

// static/js/bus.js
function createBus() {
  const handlers = /* @__PURE__ */ new Map();
  return {
    on(topic, fn) {
      if (!handlers.has(topic)) handlers.set(topic, /* @__PURE__ */ new Set());
      handlers.get(topic).add(fn);
      return () => handlers.get(topic).delete(fn);
    },
    emit(topic, payload) {
      for (const fn of handlers.get(topic) || []) {
        try {
          fn(payload);
        } catch (error) {
          console.error(`bus: a "${topic}" handler failed`, error);
        }
      }
    }
  };
}

// static/js/config.js
var CHOICES = {
  activation: ["sigmoid", "tanh", "relu"],
  cost: ["quadratic", "cross_entropy"],
  init: ["gaussian", "scaled"],
  update: ["batch", "per_example"],
  rng: ["numpy", "book"]
};
var NUMBERS = { n_train: "int", n_test: "int", batch_size: "int", seed: "int" };
var FLOATS = ["noise", "eta", "lmbda"];
var CONFIG_FIELDS = [
  "dataset",
  "sizes",
  "n_train",
  "n_test",
  "noise",
  "activation",
  "cost",
  "init",
  "eta",
  "batch_size",
  "lmbda",
  "update",
  "seed",
  "rng"
];
var SPEEDS = [1, 2, 5, 10, 20, 50, 100, 200, 500, null];
var UNITS = ["example", "batch", "epoch"];
var PREFS = { unit: "example", speed: 3, layer: null, compare: null };
var COMPARE = ["1", "m1", "full"];
function parseField(name, text) {
  if (name === "dataset") return /^[a-z0-9_-]{1,40}$/.test(text) ? text : void 0;
  if (name === "sizes") {
    const sizes = text.split(/[-,]/).map(Number);
    return sizes.length >= 2 && sizes.every((n) => Number.isInteger(n) && n > 0) ? sizes : void 0;
  }
  if (CHOICES[name]) return CHOICES[name].includes(text) ? text : void 0;
  const value = Number(text);
  if (text === "" || !Number.isFinite(value)) return void 0;
  if (NUMBERS[name]) return Number.isInteger(value) ? value : void 0;
  return FLOATS.includes(name) ? value : void 0;
}
function fromQuery(search) {
  const params = new URLSearchParams(search);
  const config = {};
  for (const name of CONFIG_FIELDS) {
    if (!params.has(name)) continue;
    const value = parseField(name, params.get(name));
    if (value !== void 0) config[name] = value;
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
function toQuery(config, prefs) {
  const params = new URLSearchParams();
  for (const name of CONFIG_FIELDS) {
    const value = config[name];
    if (value === null || value === void 0) continue;
    params.set(name, name === "sizes" ? value.join("-") : String(value));
  }
  params.set("unit", prefs.unit);
  params.set("speed", String(prefs.speed));
  if (prefs.layer !== null) params.set("layer", String(prefs.layer));
  if (prefs.compare) params.set("compare", prefs.compare);
  return params.toString();
}
function writeURL(config, prefs) {
  const query = toQuery(config, prefs);
  if (location.search.slice(1) !== query) history.replaceState(history.state, "", `?${query}`);
}
function remember(patch) {
  history.replaceState({ ...history.state || {}, ...patch }, "", location.href);
}
function remembered() {
  const state = history.state || {};
  return { session: state.session || null, group: state.group || null };
}
function forDataset(config, info, oldInfo) {
  const sameKind = oldInfo && oldInfo.kind === info.kind;
  const hidden = sameKind ? config.sizes.slice(1, -1) : info.default_sizes.slice(1, -1);
  const next = {
    ...config,
    dataset: info.name,
    sizes: [info.n_inputs, ...hidden, info.n_classes],
    n_train: sameKind ? config.n_train : null,
    n_test: sameKind ? config.n_test : null,
    noise: info.has_noise ? config.noise ?? null : null
  };
  if (!sameKind) next.batch_size = Math.min(config.batch_size ?? 10, info.default_n_train);
  return next;
}
function speedLabel(index) {
  const rate = SPEEDS[index];
  return rate === null ? "max" : `${rate}/s`;
}

// static/js/datasets.js
function createDatasets(catalogue) {
  const uploads = /* @__PURE__ */ new Map();
  const infoOf = (name) => catalogue.find((d) => d.name === name) || uploads.get(name);
  return {
    catalogue,
    infoOf,
    add(info) {
      uploads.set(info.name, info);
    },
    // A data set's description, uploaded ones included (fetched when not known yet); null if gone.
    async infoFor(name) {
      if (infoOf(name)) return infoOf(name);
      const info = name.startsWith("user-") ? await api.dataset(name).catch(() => null) : null;
      if (info) uploads.set(info.name, info);
      return info;
    }
  };
}

// static/js/model.js
var DELTA_BUDGET = 4e6;
var count = (arrays) => arrays.reduce((n, m) => n + m.length * (m[0] ? m[0].length || 1 : 0), 0);
function emptyBatch(key = null, m = 0, start = null) {
  return {
    key,
    m,
    k: 0,
    examples: [],
    deltas: [],
    nabla_w: null,
    nabla_b: null,
    last: null,
    complete: false,
    partial: false,
    restored: false,
    start,
    missing: null,
    updateMissing: null,
    unkept: false
  };
}
var isVector = (a) => typeof a[0] === "number";
function difference(after, before) {
  return after.map(
    (layer, l) => isVector(layer) ? Array.from(layer, (v, j) => v - before[l][j]) : layer.map((row, j) => Array.from(row, (v, k) => v - before[l][j][k]))
  );
}
function createModel(bus) {
  const seconds2 = /* @__PURE__ */ new Map();
  const model = {
    session: null,
    // {id, config, info}
    server: null,
    // the last "state" message
    position: null,
    // {epoch, batch, k, m, batches, updates, seq}
    network: null,
    // {sizes, weights, biases}
    batch: emptyBatch(),
    change: null,
    // the last weight change: {seq, before, after, step, at, batchKey, mode}
    history: { updates: [], epochs: [], edits: [], changes: [] },
    selection: { layer: 0, kind: "w", j: 0, k: 0 },
    predict: null,
    data: null,
    // {train, test}
    lastSeq: 0,
    // the server keeps a finished mini-batch (batch=last answers): it said so, or an update came
    // since; unknown, so false, while the stream is closed (a restarted server restores none)
    hasLastBatch: false,
    unsent: "speed",
    // why the stream's examples come without their gradients, when they do
    get playing() {
      return Boolean(this.server && this.server.playing);
    }
  };
  model.startSession = (session, info, layer) => {
    const sizes = session.config.sizes;
    const last = sizes.length - 2;
    model.session = { id: session.id, config: session.config, info };
    model.server = null;
    model.network = null;
    model.batch = emptyBatch();
    model.change = null;
    model.history = { updates: [], epochs: [], edits: [], changes: [] };
    seconds2.clear();
    model.predict = null;
    model.data = null;
    model.lastSeq = session.state.seq;
    model.hasLastBatch = Boolean(session.state.has_last_batch);
    model.selection = { layer: layer !== null && layer <= last ? layer : last, kind: "w", j: 0, k: 0 };
    setPosition(session.state);
    bus.emit("session", model.session);
  };
  function batchesOf(config) {
    return Math.ceil(config.n_train / config.batch_size);
  }
  function setPosition(st) {
    model.position = {
      epoch: st.epoch,
      batch: st.batch,
      k: st.index,
      m: st.batch_size,
      batches: st.batches_per_epoch,
      updates: st.updates,
      seq: st.seq,
      applied: false
    };
  }
  model.setNetwork = (net) => {
    model.network = { sizes: net.sizes, weights: net.weights, biases: net.biases };
    model.change = null;
    bus.emit("network", model.network);
  };
  function record(before, after, extra) {
    model.change = {
      ...extra,
      before,
      after,
      at: extra.instant ? -Infinity : performance.now(),
      batchKey: model.batch.key,
      step: { w: difference(after.weights, before.weights), b: difference(after.biases, before.biases) }
    };
  }
  function moveTo(weights, biases, extra) {
    const before = model.network;
    model.network = { sizes: model.session.config.sizes, weights, biases };
    if (before) record(before, model.network, extra);
    bus.emit("network", model.network);
  }
  model.setHistory = (history2) => {
    model.history = {
      updates: history2.updates.map((u, i) => ({ ...u, n: i + 1 })),
      epochs: history2.epochs.map((e) => seconds2.has(e.seq) ? { ...e, seconds: seconds2.get(e.seq) } : e),
      edits: history2.edits || [],
      changes: history2.changes || []
    };
    bus.emit("epoch", null);
  };
  model.setConfig = (config) => {
    if (model.session) model.session.config = config;
  };
  model.setData = (data) => {
    model.data = data;
    bus.emit("data", data);
  };
  model.setPredict = (predict) => {
    model.predict = predict;
    bus.emit("predict", predict);
  };
  model.select = (patch) => {
    model.selection = { ...model.selection, ...patch };
    bus.emit("selection", model.selection);
  };
  function onState(msg) {
    const reset = msg.state.seq < model.lastSeq;
    model.server = msg;
    model.session.config = msg.config;
    model.hasLastBatch = Boolean(msg.state.has_last_batch);
    if (reset) {
      model.lastSeq = msg.state.seq;
      model.batch = emptyBatch();
      model.change = null;
      model.history = { updates: [], epochs: [], edits: [], changes: [] };
      seconds2.clear();
    }
    if (reset || msg.state.seq > model.position.seq) setPosition(msg.state);
    else Object.assign(model.position, { updates: msg.state.updates });
    bus.emit("state", msg);
    if (reset) bus.emit("reset", msg);
  }
  function batchFor(e) {
    const key = `${e.epoch}:${e.batch}`;
    if (model.batch.key !== key) model.batch = emptyBatch(key, e.batch_size, model.network);
    return model.batch;
  }
  function addExample(batch, e, why) {
    batch.examples[e.index] = e;
    batch.k = e.index + 1;
    batch.last = e;
    batch.restored = false;
    if (e.delta_nabla_w) {
      const kept = batch.deltas.filter(Boolean).length + 1;
      if (kept * count(e.delta_nabla_w) <= DELTA_BUDGET) {
        batch.deltas[e.index] = { w: e.delta_nabla_w, b: e.delta_nabla_b };
      } else {
        batch.partial = true;
        batch.unkept = true;
      }
      batch.nabla_w = e.nabla_w;
      batch.nabla_b = e.nabla_b;
    } else {
      batch.partial = true;
      batch.missing = why;
    }
  }
  model.setBatch = (answer, why = "restored") => {
    const last = answer.examples[answer.examples.length - 1];
    if (!last || model.batch.key !== null || last.seq !== model.lastSeq) return;
    restore(answer, why);
  };
  function restore(answer, why) {
    const last = answer.examples[answer.examples.length - 1];
    const start = model.session.config.update === "batch" ? model.network : answer.start && { sizes: model.session.config.sizes, ...answer.start };
    const batch = emptyBatch(`${last.epoch}:${last.batch}`, last.batch_size, start);
    for (const e of answer.examples) addExample(batch, e, why);
    batch.restored = true;
    model.batch = batch;
    model.lastSeq = Math.max(model.lastSeq, last.seq);
    bus.emit("example", last);
  }
  model.batchGap = () => {
    const p = model.position;
    if (p.applied || model.batch.key === `${p.epoch}:${p.batch}` && model.batch.k === p.k) return null;
    return p.k > 0 ? "part" : "start";
  };
  model.catchUpBatch = (answer, why = "restored") => {
    const gap = model.batchGap();
    const p = model.position;
    const last = answer && answer.examples[answer.examples.length - 1];
    if (gap === "start") {
      model.batch = emptyBatch();
      model.lastSeq = Math.max(model.lastSeq, p.seq);
      bus.emit("example", null);
    } else if (gap && last && `${last.epoch}:${last.batch}:${last.index + 1}` === `${p.epoch}:${p.batch}:${p.k}`) {
      restore(answer, why);
    }
  };
  function onExample(e) {
    const batch = batchFor(e);
    addExample(batch, e, model.unsent);
    const perExample = model.session.config.update === "per_example";
    if (e.weights) moveTo(e.weights, e.biases, { seq: e.seq, mode: "per_example" });
    Object.assign(model.position, {
      epoch: e.epoch,
      batch: e.batch,
      k: e.index + 1,
      m: e.batch_size,
      seq: e.seq,
      batches: batchesOf(model.session.config),
      applied: false,
      updates: model.position.updates + (perExample ? 1 : 0)
    });
    model.lastSeq = e.seq;
    bus.emit("example", e);
  }
  function onUpdate(u) {
    const batch = batchFor(u);
    batch.complete = true;
    batch.update = u;
    if (!u.weights) batch.updateMissing = model.unsent;
    else if (u.mode === "per_example" && !batch.start) batch.updateMissing = "start";
    if (u.nabla_w) {
      batch.nabla_w = u.nabla_w;
      batch.nabla_b = u.nabla_b;
    }
    model.history.updates.push({
      seq: u.seq,
      epoch: u.epoch,
      batch: u.batch,
      cost: u.cost,
      n: model.history.updates.length + 1
    });
    if (u.weights && u.mode === "batch") moveTo(u.weights, u.biases, { seq: u.seq, mode: "batch" });
    else if (u.weights && batch.start) {
      record(batch.start, model.network, { seq: u.seq, mode: "per_example_batch", instant: true });
    }
    Object.assign(model.position, {
      epoch: u.epoch,
      batch: u.batch,
      k: u.batch_size,
      m: u.batch_size,
      seq: u.seq,
      applied: true,
      updates: model.position.updates + (u.mode === "batch" ? 1 : 0)
    });
    model.lastSeq = u.seq;
    model.hasLastBatch = true;
    bus.emit("update", u);
    if (!u.weights) bus.emit("stale", "network");
  }
  function onEpoch(e) {
    if (e.seconds != null) seconds2.set(e.seq, e.seconds);
    model.history.epochs.push(e);
    model.lastSeq = Math.max(model.lastSeq, e.seq);
    const p = model.position;
    if (p.applied && p.epoch === e.epoch && p.batch === e.batch) p.seq = e.seq;
    bus.emit("epoch", e);
  }
  function onEdit(e) {
    const net = model.network;
    if (net) {
      const key = e.kind === "weight" ? "weights" : "biases";
      const layers = net[key].slice();
      const layer = layers[e.layer].slice();
      if (e.kind === "weight") {
        layer[e.row] = layer[e.row].slice();
        layer[e.row][e.col] = e.new;
      } else layer[e.row] = e.new;
      layers[e.layer] = layer;
      model.network = { ...net, [key]: layers };
    }
    model.change = null;
    model.history.edits.push(e);
    model.lastSeq = Math.max(model.lastSeq, e.seq);
    model.position.seq = Math.max(model.position.seq, e.seq);
    bus.emit("edit", e);
    if (net) bus.emit("network", model.network);
  }
  function onChange(c) {
    const changes = model.history.changes;
    if (changes.length && changes[changes.length - 1].seq === c.seq) changes[changes.length - 1] = c;
    else changes.push(c);
    bus.emit("change", c);
  }
  model.handle = (message) => {
    if (!model.session) return;
    switch (message.type) {
      case "state":
        return onState(message);
      case "example":
        return onExample(message);
      case "update":
        return onUpdate(message);
      case "epoch":
        return onEpoch(message);
      case "edit":
        return onEdit(message);
      case "change":
        return onChange(message);
      case "progress":
        return bus.emit("progress", message);
      case "stopped":
        return bus.emit("stopped", message);
      case "error":
        return bus.emit("error", message);
      default:
        return void 0;
    }
  };
  return model;
}

// static/js/plots.js
var FONT = {
  family: 'Inter, "Segoe UI", system-ui, -apple-system, Roboto, "Helvetica Neue", sans-serif',
  size: 11,
  color: "#33415c"
};
var MONO = 'ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace';
var CONFIG = { displayModeBar: "hover", responsive: true, displaylogo: false };
var NO_HOVER = window.matchMedia("(hover: none), (max-width: 640px)");
var configFor = (el) => ({
  ...CONFIG,
  displayModeBar: NO_HOVER.matches ? false : CONFIG.displayModeBar,
  toImageButtonOptions: { format: "png", scale: 2, filename: `nabla-${el.id || "chart"}` }
});
var GRID = "#e6e9f0";
var LINE_AXIS = {
  gridcolor: GRID,
  tickfont: { size: 9, family: MONO },
  zeroline: false,
  fixedrange: true,
  ticklabelstandoff: 4
};
function baseLayout(extra = {}) {
  return {
    font: FONT,
    margin: { l: 36, r: 8, t: 8, b: 28 },
    paper_bgcolor: "rgba(0,0,0,0)",
    plot_bgcolor: "rgba(0,0,0,0)",
    showlegend: false,
    hoverlabel: { font: { family: MONO, size: 11 }, bgcolor: "#ffffff", bordercolor: "#c9d1e0" },
    ...extra
  };
}
var waiting = /* @__PURE__ */ new Map();
var arrived = [];
var RETRY_MS = [500, 2e3, 8e3];
var loading = false;
var failures = 0;
var plotlyLoaded = () => typeof window.Plotly !== "undefined";
var chartsWaiting = () => waiting.size > 0;
function whenPlotly(callback) {
  if (plotlyLoaded()) callback();
  else arrived.push(callback);
}
function release(answer) {
  for (const [el, [data, layout3, resolves]] of waiting) {
    const drawn = answer(el, data, layout3);
    resolves.forEach((resolve) => resolve(drawn));
  }
  waiting.clear();
  for (const callback of arrived.splice(0)) callback();
}
function come() {
  loading = false;
  release((el, data, layout3) => {
    delete el.dataset.waiting;
    return draw(el, data, layout3);
  });
}
function failed(script) {
  script.remove();
  loading = false;
  if (failures < RETRY_MS.length) {
    setTimeout(load, RETRY_MS[failures]);
    failures += 1;
    return;
  }
  console.error("plotly.js could not be loaded: its charts cannot be drawn");
  release((el) => {
    el.dataset.waiting = "failed";
    return null;
  });
}
function load() {
  if (loading || plotlyLoaded()) return;
  const source = document.querySelector("meta[name='nabla-plotly']");
  if (!source) return console.error("no plotly.js on this page: its charts cannot be drawn");
  loading = true;
  const script = document.createElement("script");
  script.src = source.content;
  script.dataset.recover = "own";
  script.addEventListener("load", come, { once: true });
  script.addEventListener("error", () => failed(script), { once: true });
  document.head.append(script);
}
function draw(el, data, layout3) {
  if (!plotlyLoaded()) {
    const resolves = waiting.has(el) ? waiting.get(el)[2] : [];
    el.dataset.waiting = "1";
    load();
    return new Promise((resolve) => waiting.set(el, [data, layout3, [...resolves, resolve]]));
  }
  const key = JSON.stringify([data, layout3, NO_HOVER.matches]);
  return drawChanged(el, key, () => Plotly.react(el, data, layout3, configFor(el))) || Promise.resolve(el);
}
function drawChanged(el, key, drawIt) {
  if (el.nablaDrawn === key) return null;
  const result = drawIt();
  el.nablaDrawn = key;
  el.dataset.drawn = String(Number(el.dataset.drawn || 0) + 1);
  return result;
}

// static/js/scheduler.js
var HEAVY_MS = 100;
var LIGHT_MS = 33;
var COST_SHARE = 8;
var HEAVY_MOST_MS = 2e3;
var HEAVY_GAP_MS = 500;
var HEAVY_SHARE = 4;
var HEAVY_GAP_MOST_MS = 1e3;
var EMA = 0.2;
function createScheduler({ onFrame, onIdle, seqOf = () => 0, playing = () => false } = {}) {
  const dirty = /* @__PURE__ */ new Set();
  const lastDrawn = /* @__PURE__ */ new Map();
  const owned = /* @__PURE__ */ new Map();
  const stats = {};
  let lastLight = 0;
  let nextHeavy = 0;
  let pending = false;
  const isHeavy = (view) => playing() && view.minInterval && view.minInterval() >= HEAVY_MS;
  const cost = (view) => stats[view.name] ? stats[view.name].ema : 0;
  const lightCost = () => [...owned.keys()].reduce((s, v) => s + (isHeavy(v) ? 0 : cost(v)), 0);
  function draw2(view, now) {
    lastDrawn.set(view, now);
    const began = performance.now();
    let again = false;
    try {
      again = Boolean(view.render(now));
      if (again) dirty.add(view);
    } catch (error) {
      console.error(`render of ${view.name || "a view"} failed`, error);
    }
    const took = performance.now() - began;
    const s = stats[view.name] ||= { frames: 0, animated: 0, ms: 0, max: 0, ema: took };
    s.frames += 1;
    if (again) s.animated += 1;
    s.ms += took;
    s.max = Math.max(s.max, took);
    s.ema += EMA * (took - s.ema);
    const el = owned.get(view);
    if (el) el.dataset.seq = String(seqOf());
  }
  function heavyDue(heavy, now) {
    if (!heavy.length || now < nextHeavy) return null;
    let best = null;
    for (const view of heavy) {
      const every = Math.max(view.minInterval(), Math.min(HEAVY_MOST_MS, COST_SHARE * cost(view)));
      const since = now - (lastDrawn.get(view) || 0);
      if (since >= every && (!best || since > now - (lastDrawn.get(best) || 0))) best = view;
    }
    return best;
  }
  function frame(now) {
    const began = performance.now();
    pending = false;
    const views = [...dirty];
    const heavy = views.filter(isHeavy);
    const light = views.filter((v) => !heavy.includes(v));
    const lightEvery = playing() ? Math.max(LIGHT_MS, 3 * lightCost()) : 0;
    const drawLight = light.length > 0 && now - lastLight >= lightEvery;
    const chosen = drawLight || light.length === 0 ? heavyDue(heavy, now) : null;
    if (drawLight) {
      lastLight = now;
      let batch = light;
      for (let round = 0; round < 3 && batch.length; round++) {
        const drawn = new Set(batch);
        for (const view of batch) dirty.delete(view);
        for (const view of batch) draw2(view, now);
        batch = [...dirty].filter((v) => !isHeavy(v) && !drawn.has(v));
      }
      for (const [view, el] of owned) if (!isHeavy(view) && !dirty.has(view)) el.dataset.seq = String(seqOf());
    }
    if (chosen) {
      dirty.delete(chosen);
      draw2(chosen, now);
      const took = performance.now() - began;
      nextHeavy = now + Math.min(HEAVY_GAP_MOST_MS, Math.max(HEAVY_GAP_MS, HEAVY_SHARE * took));
    }
    if (onFrame) onFrame();
    if (dirty.size) schedule();
    else if (onIdle) onIdle();
  }
  function schedule() {
    if (!pending) {
      pending = true;
      requestAnimationFrame(frame);
    }
  }
  return {
    invalidate(view) {
      dirty.add(view);
      schedule();
    },
    // `el` (or the view's own view.el) shows what `view` draws: it carries data-seq, the
    // moment drawn there last.
    own(view, el) {
      if ((view.el || el) && !owned.has(view)) owned.set(view, view.el || el);
    },
    // Nothing left to draw: every view, heavy or light, shows the latest moment (a heavy view
    // the last events did not touch keeps what it drew, which is still the latest; an event no
    // view draws has the latest seq all the same). The page calls it as it settles.
    stamp() {
      if (pending || dirty.size) return;
      for (const el of owned.values()) el.dataset.seq = String(seqOf());
    },
    // The elements of the views that are heavy right now (for the tests: tests/browser).
    heavyElements: () => [...owned].filter(([view]) => isHeavy(view)).map(([, el]) => el),
    stats,
    get busy() {
      return pending || dirty.size > 0;
    }
  };
}

// static/js/detail.js
var FULL_EVENTS_PER_SECOND = 30;
var FULL_BYTES_PER_SECOND = 8e6;
var SUMMARY_EVENTS_PER_SECOND = 1500;
var SUMMARY_BURST = 300;
var FULL_STEP_NUMBERS = 4e6;
var SUMMARY_STEP_EXAMPLES = 2e4;
function paramCount(sizes) {
  let n = 0;
  for (let l = 1; l < sizes.length; l++) n += sizes[l] * (sizes[l - 1] + 1);
  return n;
}
function detailFor(config, unit, rate) {
  const perUnit = { example: 1, batch: config.batch_size, epoch: config.n_train }[unit];
  const events = rate === null ? Infinity : rate * perUnit;
  const bytes = events * paramCount(config.sizes) * 8;
  if (events <= FULL_EVENTS_PER_SECOND && bytes <= FULL_BYTES_PER_SECOND) return "full";
  return events <= SUMMARY_EVENTS_PER_SECOND && perUnit <= SUMMARY_BURST ? "summary" : "none";
}
function exampleNumbers(config, examples) {
  const params = paramCount(config.sizes);
  const neurons = config.sizes.reduce((sum, n) => sum + n, 0);
  const moved = config.update === "per_example" ? params : 0;
  return examples * (2 * params + neurons + moved);
}
function batchNumbers(config, k) {
  const start = config.update === "per_example" && k > 0 ? paramCount(config.sizes) : 0;
  return exampleNumbers(config, k) + start;
}
function detailForStep(config, unit, count2 = 1, fullSteps = null) {
  const examples = count2 * { example: 1, batch: config.batch_size, epoch: config.n_train }[unit];
  const fits3 = !fullSteps || count2 <= fullSteps[unit];
  if (fits3 && exampleNumbers(config, examples) <= FULL_STEP_NUMBERS) return "full";
  return examples <= SUMMARY_STEP_EXAMPLES ? "summary" : "none";
}
function detailForBatch(config, k) {
  return batchNumbers(config, k) <= FULL_STEP_NUMBERS ? "full" : "summary";
}

// static/js/throttle.js
function throttled(fn, every, done = () => {
}) {
  const gap = typeof every === "function" ? every : () => every;
  let last = 0, running = false, again = false, timer = null;
  const run = async () => {
    timer = null;
    if (running) {
      again = true;
      return;
    }
    running = true;
    again = false;
    last = performance.now();
    try {
      await fn();
    } catch (error) {
    }
    running = false;
    if (again) poke();
    done();
  };
  const poke = () => {
    if (timer) return;
    timer = setTimeout(run, Math.max(0, gap() - (performance.now() - last)));
  };
  poke.busy = () => running || timer !== null;
  return poke;
}

// static/js/feed.js
var PREDICT_EVERY = 250;
var NETWORK_EVERY = 250;
var HISTORY_EVERY = 700;
var CATCH_UP_MS = 400;
function createFeed({ bus, model, notify, playing, detail }) {
  let polling = null;
  let loading2 = 0;
  let again = null;
  const report = (error) => notify(error.message, { kind: "error" });
  const done = () => bus.emit("loaded");
  const id = () => model.session && model.session.id;
  const fetchNetwork = throttled(async () => {
    const sid = id();
    const net = await api.network(sid).catch(report);
    if (net && sid === id()) model.setNetwork(net);
  }, () => playing() ? NETWORK_EVERY : 0, done);
  const fetchHistory = throttled(async () => {
    const sid = id();
    const history2 = await api.history(sid).catch(report);
    if (history2 && sid === id()) model.setHistory(history2);
  }, () => playing() ? HISTORY_EVERY : 0, done);
  const fetchPredict = throttled(async () => {
    const sid = id();
    if (!sid || model.session.info.kind !== "points") return;
    const predict = await api.predict(sid, 48).catch(report);
    if (predict && sid === id()) model.setPredict(predict);
  }, PREDICT_EVERY, done);
  const fetchBatch = throttled(async () => {
    const sid = id();
    const gap = sid && model.batchGap();
    if (gap !== "part") {
      if (gap) model.catchUpBatch(null);
      return;
    }
    const answers = await Promise.all([api.network(sid), batchSoFar(sid, model.position.k)]).catch(report);
    if (!answers || sid !== id()) return;
    const [net, got] = answers;
    model.setNetwork(net);
    model.catchUpBatch(got.answer, got.why);
  }, NETWORK_EVERY, done);
  bus.on("network", fetchPredict);
  bus.on("stale", fetchNetwork);
  bus.on("reset", () => catchUp());
  bus.on("state", (msg) => {
    if (!msg.playing && !playing() && detail() !== "full") {
      catchUp();
      clearTimeout(again);
      again = setTimeout(() => {
        again = null;
        catchUp();
      }, CATCH_UP_MS);
    }
  });
  function catchUp() {
    fetchNetwork();
    fetchHistory();
    fetchBatch();
  }
  function stopPolling() {
    clearInterval(polling);
    polling = null;
  }
  async function batchSoFar(sid, k) {
    if (detailForBatch(model.session.config, k) !== "full") {
      return { answer: await api.batch(sid, "summary"), why: "fetch" };
    }
    try {
      return { answer: await api.batch(sid, "full"), why: null };
    } catch (error) {
      return { answer: await api.batch(sid, "summary"), why: error.status === 422 ? "limit" : "restored" };
    }
  }
  return {
    catchUp,
    stopPolling,
    startPolling() {
      stopPolling();
      polling = setInterval(() => {
        fetchNetwork();
        fetchHistory();
      }, NETWORK_EVERY);
    },
    // Everything session `sid` (data set `info`) holds already: its weights, its history, its
    // mini-batch so far (a saved run, a reload) and, for a 2-D data set or a table, its rows.
    async load(sid, info) {
      loading2 += 1;
      try {
        const k = model.position.k;
        const rows = info.kind === "points" || info.kind === "table";
        const [network, history2, batch, train, test] = await Promise.all([
          api.network(sid),
          api.history(sid),
          k > 0 ? batchSoFar(sid, k).catch(() => null) : null,
          rows ? api.data(sid, "train") : null,
          rows ? api.data(sid, "test") : null
        ]);
        if (sid !== id()) return;
        model.setNetwork(network);
        model.setHistory(history2);
        if (batch) model.setBatch(batch.answer, batch.why);
        if (rows) model.setData({ train, test });
      } finally {
        loading2 -= 1;
        done();
      }
    },
    // True while something the views will draw is still on its way from the server.
    get busy() {
      const fetching = fetchNetwork.busy() || fetchHistory.busy() || fetchPredict.busy() || fetchBatch.busy();
      return loading2 > 0 || again !== null || fetching;
    }
  };
}

// static/js/frames.js
var TYPES = { NBL2: Float64Array };
var decoder = new TextDecoder();
function shaped(data, offset, shape2) {
  if (shape2.length === 1) return data.subarray(offset, offset + shape2[0]);
  const [rows, cols] = shape2;
  const out = new Array(rows);
  for (let i = 0; i < rows; i++) out[i] = data.subarray(offset + i * cols, offset + (i + 1) * cols);
  return out;
}
function matrix(rows, cols) {
  const data = new Float64Array(rows * cols);
  return shaped(data, 0, [rows, cols]);
}
function addOuter(out, sum, delta, a) {
  for (let i = 0; i < delta.length; i++) {
    const row = out[i];
    const d = delta[i];
    if (sum === null) for (let j = 0; j < a.length; j++) row[j] = d * a[j];
    else for (let j = 0, s = sum[i]; j < a.length; j++) row[j] = s[j] + d * a[j];
  }
  return out;
}
function sameRows(kept, factors, count2) {
  return ["deltas", "activations"].every(
    (name) => factors[name].every((rows, l) => {
      for (let k = 0; k < count2; k++) {
        const mine = rows[k];
        const theirs = kept[name][l][k];
        if (!theirs || theirs.length !== mine.length) return false;
        for (let i = 0; i < mine.length; i++) if (!Object.is(mine[i], theirs[i])) return false;
      }
      return true;
    })
  );
}
function runningSums(d, a, k, kept) {
  const [rows, cols] = [d[0].length, a[0].length];
  if (kept) {
    const b2 = Float64Array.from(d[k], (v, i) => kept.b[i] + v);
    return { b: b2, w: addOuter(matrix(rows, cols), kept.w, d[k], a[k]) };
  }
  const b = new Float64Array(rows);
  const w = matrix(rows, cols);
  for (let r = 0; r <= k; r++) {
    for (let i = 0; i < rows; i++) b[i] += d[r][i];
    addOuter(w, w, d[r], a[r]);
  }
  return { b, w };
}
function rebuild(event, cache) {
  const factors = { deltas: event.deltas, activations: event.activations };
  delete event.deltas;
  delete event.activations;
  const last = cache.last;
  const follows = last && last.epoch === event.epoch && last.batch === event.batch && last.index === event.index - 1 && sameRows(last.factors, factors, event.index);
  const fields = { delta_nabla_b: [], delta_nabla_w: [], nabla_b: [], nabla_w: [] };
  factors.deltas.forEach((d, l) => {
    const a = factors.activations[l];
    const k = d.length - 1;
    const sums = runningSums(d, a, k, follows ? { b: last.nabla_b[l], w: last.nabla_w[l] } : null);
    fields.delta_nabla_b.push(d[k]);
    fields.delta_nabla_w.push(addOuter(matrix(d[k].length, a[k].length), null, d[k], a[k]));
    fields.nabla_b.push(sums.b);
    fields.nabla_w.push(sums.w);
  });
  Object.assign(event, fields);
  cache.last = { epoch: event.epoch, batch: event.batch, index: event.index, factors, ...fields };
  return event;
}
function decodeFrame(buffer, cache = {}, offset = 0, byteLength = buffer.byteLength - offset) {
  const bytes = new Uint8Array(buffer, offset, byteLength);
  const Type = TYPES[decoder.decode(bytes.subarray(0, 4))];
  if (!Type) throw new Error("not a Nabla binary frame");
  const size = Type.BYTES_PER_ELEMENT;
  const length = new DataView(buffer, offset).getUint32(4, true);
  const header2 = JSON.parse(decoder.decode(bytes.subarray(8, 8 + length)));
  const start = 8 + length + (size - (8 + length) % size) % size;
  const data = new Type(buffer, offset + start, (byteLength - start) / size);
  for (const entry of header2.arrays) {
    const array = shaped(data, entry.offset, entry.shape);
    if (entry.layer === null) header2[entry.name] = array;
    else (header2[entry.name] ||= [])[entry.layer] = array;
  }
  delete header2.arrays;
  return header2.deltas ? rebuild(header2, cache) : header2;
}
function framesOf(buffer) {
  const view = new DataView(buffer);
  if (buffer.byteLength < 8 || decoder.decode(new Uint8Array(buffer, 0, 4)) !== "NBLP") {
    return [[0, buffer.byteLength]];
  }
  const frames = [];
  let at2 = 8;
  for (let i = view.getUint32(4, true); i > 0; i--) {
    const length = view.getUint32(at2, true);
    frames.push([at2 + 8, length]);
    at2 += 8 + length;
  }
  return frames;
}

// static/js/stream.js
var SEEN_MS = 50;
function openStream(id, { detail = "full", format = "factored", group = false, onMessage, onClosed }) {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const query = group ? `detail=${detail}` : `detail=${detail}&format=${format}&pack=1`;
  const where = `${group ? "groups" : "sessions"}/${encodeURIComponent(id)}`;
  const url = `${scheme}://${location.host}/api/${where}/stream?${query}`;
  const socket = new WebSocket(url);
  socket.binaryType = "arraybuffer";
  const queue = [];
  const frames = {};
  let closing = false;
  let handled = 0;
  let ack = null;
  socket.addEventListener("open", () => {
    while (queue.length) socket.send(queue.shift());
  });
  const handle = (message) => {
    handled += 1;
    onMessage(message);
  };
  socket.addEventListener("message", (event) => {
    if (typeof event.data === "string") handle(JSON.parse(event.data));
    else {
      let failed2 = null;
      for (const [offset, length] of framesOf(event.data)) {
        try {
          handle(decodeFrame(event.data, frames, offset, length));
        } catch (error) {
          failed2 ||= error;
        }
      }
      if (failed2) throw failed2;
    }
    ack ||= setTimeout(() => {
      ack = null;
      if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ action: "seen", count: handled }));
    }, SEEN_MS);
  });
  socket.addEventListener("close", (event) => {
    if (!closing && onClosed) onClosed(event.code, event.reason);
  });
  return {
    send(action) {
      const text = JSON.stringify(action);
      if (socket.readyState === WebSocket.OPEN) socket.send(text);
      else if (socket.readyState === WebSocket.CONNECTING) queue.push(text);
    },
    close() {
      closing = true;
      clearTimeout(ack);
      socket.close(1e3, "page moved on");
    },
    get open() {
      return socket.readyState === WebSocket.OPEN;
    }
  };
}

// static/js/session.js
var GONE = 4410;
var NOT_FOUND = 4404;
var RESUME_MS = 1e3;
var RESUME_TRIES = 30;
var START_DEBOUNCE_MS = 180;
var LIVE = ["eta", "batch_size", "lmbda"];
function liveChange(current, next) {
  if (!current) return null;
  const keys = /* @__PURE__ */ new Set([...Object.keys(current), ...Object.keys(next)]);
  const same2 = (k) => JSON.stringify(current[k] ?? null) === JSON.stringify(next[k] ?? null);
  if ([...keys].some((k) => !LIVE.includes(k) && !same2(k))) return null;
  return Object.fromEntries(LIVE.filter((k) => !same2(k)).map((k) => [k, next[k]]));
}
var SYMBOL = { eta: "η", batch_size: "m", lmbda: "λ" };
function createSession({ bus, model, notify, datasets, prefs, ui }) {
  let stream = null;
  let generation = 0;
  let detail = "full";
  let playing = false;
  let timer = null;
  let wanted = null;
  const feed = createFeed({ bus, model, notify, playing: () => playing, detail: () => detail });
  const id = () => model.session && model.session.id;
  const stop = () => {
    playing = false;
    feed.stopPolling();
  };
  bus.on("stopped", () => {
    stop();
    feed.catchUp();
  });
  bus.on("state", (msg) => {
    if (msg.state.status !== "diverged") return;
    feed.stopPolling();
    bus.emit("diverged", msg.state.message);
  });
  bus.on("lost", () => start(model.session.config, false));
  bus.on("session", (s) => remember({ session: s.id }));
  function connect(sid) {
    if (stream) stream.close();
    detail = "full";
    stream = openStream(sid, {
      detail,
      onMessage: (message) => model.handle(message),
      onClosed: (code, reason) => {
        if (sid !== id()) return;
        stream = null;
        model.hasLastBatch = false;
        if (code === GONE || code === NOT_FOUND) restart(reason || code);
        else resume(sid, 0, reason || code);
      }
    });
  }
  function restart(why) {
    notify(`The connection closed (${why}); starting the run again.`, { kind: "error" });
    bus.emit("lost");
  }
  async function resume(sid, tries, why) {
    const mine = generation;
    try {
      const found = await api.session(sid);
      if (mine !== generation || sid !== id()) return;
      stop();
      model.startSession(found, model.session.info, model.selection.layer);
      connect(sid);
      notify(`Connected again: the run goes on from its last saved update, ${resumedAt(found.state)}.`);
      await feed.load(sid, model.session.info);
    } catch (error) {
      if (mine !== generation || sid !== id()) return;
      if (error.status === 404 || tries >= RESUME_TRIES) restart(why);
      else setTimeout(() => resume(sid, tries + 1, why), RESUME_MS);
    }
  }
  function resumedAt(state) {
    const updates = `${state.updates} update${state.updates === 1 ? "" : "s"}`;
    return `epoch ${state.epoch + 1}, mini-batch ${state.batch + 1} (${updates} made)`;
  }
  function setDetail(next, why) {
    if (next !== "full") model.unsent = why;
    if (next === detail || !stream) return;
    detail = next;
    stream.send({ action: "set", detail });
  }
  async function adopt(created, info, layer, mine) {
    if (mine !== generation) {
      api.deleteSession(created.id).catch(() => {
      });
      return null;
    }
    const old = id();
    feed.stopPolling();
    if (stream) stream.close();
    stream = null;
    if (old) api.deleteSession(old).catch(() => {
    });
    playing = false;
    model.startSession(created, info, layer);
    connect(created.id);
    await feed.load(created.id, info);
    return created;
  }
  async function arrive(how, after = () => {
  }) {
    ui.busy(true);
    try {
      const run = await how();
      if (run) {
        ui.show(run.config);
        ui.saveURL();
      }
      after(run);
      return run;
    } finally {
      ui.busy(false);
    }
  }
  function simpler(body, field) {
    if (field && field in body && field !== "dataset") {
      const { [field]: _, ...rest } = body;
      return rest;
    }
    return Object.keys(body).length > 1 && datasets.infoOf(body.dataset) ? { dataset: body.dataset } : {};
  }
  async function start(config, fallback = true, made = null) {
    const body = Object.fromEntries(Object.entries(config).filter(([, v]) => v !== void 0));
    const p = model.position;
    const left = Boolean(model.session && p && (p.updates > 0 || p.k > 0 || p.epoch > 0));
    const [info, layer, mine] = [datasets.infoOf(body.dataset || "moons"), prefs.layer, ++generation];
    ui.busy(true);
    try {
      const answer = made && await made || await api.createSession(body);
      const created = await adopt(answer, info, layer, mine);
      if (!created) return;
      ui.show(created.config);
      ui.saveURL();
      if (left) notify("A new run, from epoch 1: a changed setting starts training over, so that the link replays it.");
    } catch (error) {
      if (model.session) ui.show(model.session.config);
      if (!model.session || !ui.invalid(error.field, error.message)) notify(error.message, { kind: "error" });
      if (!model.session && fallback) await start(simpler(body, error.field), Object.keys(body).length > 0);
    } finally {
      ui.busy(false);
    }
  }
  async function changeLive(fields) {
    const sid = id();
    try {
      const answer = await api.settings(sid, fields);
      if (sid !== id()) return;
      model.setConfig(answer.config);
      ui.show(answer.config);
      ui.saveURL();
      if (answer.change) {
        const what = Object.keys(fields).map((k) => `${SYMBOL[k]} = ${fields[k]}`).join(", ");
        notify(`${what} from the next mini-batch: the same run goes on.`);
      }
    } catch (error) {
      notify(error.message, { kind: "error" });
      if (model.session) ui.show(model.session.config);
      ui.invalid(error.field, error.message);
    }
  }
  async function comeBack(sid) {
    const [layer, mine] = [prefs.layer, ++generation];
    try {
      const back = await arrive(async () => {
        const found = await api.session(sid).catch((error) => {
          if (error.status === 404) return null;
          throw error;
        });
        const info = found && await datasets.infoFor(found.config.dataset);
        return info ? adopt(found, info, layer, mine) : null;
      }, (run) => run && !prefs.compare && ui.back());
      return back ? "back" : "gone";
    } catch (error) {
      notify(error.message, { kind: "error" });
      return "failed";
    }
  }
  return {
    // The page's first run: the one this tab showed if the server still has it, else `asked`
    // (the address's configuration). made: POST /api/sessions for `asked`, asked already (the
    // page asks for it at once, beside the data sets); dropped if not used.
    async begin(asked, made = null) {
      const drop = () => made && made.then((s) => s && api.deleteSession(s.id)).catch(() => {
      });
      const earlier = remembered().session;
      const returned = earlier ? await comeBack(earlier) : null;
      if (returned === "back") {
        drop();
        return;
      }
      const missing = asked.dataset && !await datasets.infoFor(asked.dataset);
      if (missing) {
        drop();
        notify(asked.dataset.startsWith("user-") ? `The data set ${asked.dataset} is no longer on the server (uploaded data is kept for a while only): upload it again. Showing moons.` : `There is no data set named ${asked.dataset}; showing moons.`, { kind: "error" });
      }
      await start(missing ? {} : asked, true, missing ? null : made);
      if (returned === "gone" && model.session) ui.gone();
    },
    // A changed setting: η, m or λ alone change this run from its next mini-batch; anything
    // else (a preset, your data) is a new run for `config`, once the changes pause.
    request(config) {
      const live = timer === null ? liveChange(model.session && model.session.config, config) : null;
      if (live) {
        if (Object.keys(live).length) changeLive(live);
        return;
      }
      wanted = config;
      ui.show(config);
      clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        start(wanted);
      }, START_DEBOUNCE_MS);
    },
    // A saved run (the text of an exported file) goes on as a new session.
    async open(text) {
      const [layer, mine] = [prefs.layer, ++generation];
      await arrive(async () => {
        const created = await api.importRun(text);
        return adopt(created, datasets.infoOf(created.config.dataset), layer, mine);
      });
    },
    // `detail`: what the stream sends of the step; by default as much as its size allows.
    step(unit, count2 = 1, detail2 = null) {
      if (!stream) return;
      if (playing) this.pause();
      setDetail(
        detail2 || detailForStep(model.session.config, unit, count2, model.server?.full_steps),
        "size"
      );
      stream.send({ action: "step", unit, count: count2 });
    },
    // stops: {stop_epochs, stop_cost, stop_accuracy}, each left out when not set.
    play(unit, rate, stops = {}) {
      if (!stream) return;
      playing = true;
      const next = detailFor(model.session.config, unit, rate);
      setDetail(next, "speed");
      if (next === "none") feed.startPolling();
      else feed.stopPolling();
      stream.send({ action: "play", unit, rate, ...stops });
    },
    // Stop playing, and the step under way at the end of its current chunk.
    cancel() {
      if (!stream) return;
      stop();
      stream.send({ action: "cancel" });
    },
    // Set a weight (kind "weight", col) or a bias (kind "bias") by hand; throws ApiError.
    async edit(body) {
      const sid = id();
      if (!sid) return null;
      return api.edit(sid, body);
    },
    pause() {
      if (!stream) return;
      stop();
      stream.send({ action: "pause" });
    },
    reset() {
      if (!stream) return;
      stop();
      stream.send({ action: "pause" });
      setDetail("full", null);
      stream.send({ action: "reset" });
    },
    get detail() {
      return detail;
    },
    // True while something the views will draw is still on its way from the server.
    get loading() {
      return feed.busy;
    }
  };
}

// static/js/story/dialog.js
var HTML = `<div class="story-head">
    <p class="story-count" id="story-count"></p>
    <button type="button" class="story-close" data-story="close" aria-label="Leave the story">×</button>
  </div>
  <h2 class="story-title" id="story-title" tabindex="-1"></h2>
  <div class="story-text" id="story-text" aria-live="polite"></div>
  <ol class="story-dots" aria-label="Steps"></ol>
  <div class="story-nav">
    <button type="button" class="btn" data-story="back">← Back</button>
    <button type="button" class="btn btn-primary" data-story="next">Next →</button>
  </div>
  <p class="story-keys"><kbd>←</kbd> <kbd>→</kbd> to move · <kbd>Esc</kbd> to leave; the run stays where it is</p>`;
function withCode(text) {
  const p = document.createElement("p");
  text.split("`").forEach((piece, i) => {
    if (!piece) return;
    if (i % 2) {
      const code = document.createElement("code");
      code.textContent = piece;
      p.append(code);
    } else p.append(piece);
  });
  return p;
}
function createStoryDialog({ title: title2, steps, onGo, onClose }) {
  const el = document.createElement("section");
  el.className = "story";
  el.id = "story";
  el.hidden = true;
  el.setAttribute("role", "dialog");
  el.setAttribute("aria-modal", "false");
  el.setAttribute("aria-label", title2);
  el.setAttribute("aria-describedby", "story-count story-title story-text");
  el.innerHTML = HTML;
  const count2 = el.querySelector(".story-count");
  const heading = el.querySelector(".story-title");
  const body = el.querySelector(".story-text");
  const back = el.querySelector("[data-story='back']");
  const next = el.querySelector("[data-story='next']");
  const dots = el.querySelector(".story-dots");
  let at2 = 0;
  steps.forEach((step, i) => {
    const li = document.createElement("li");
    const dot4 = document.createElement("button");
    dot4.type = "button";
    dot4.className = "story-dot";
    dot4.dataset.go = String(i);
    dot4.setAttribute("aria-label", `Step ${i + 1}: ${step.title}`);
    li.append(dot4);
    dots.append(li);
  });
  el.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    if (!button) return;
    if (button.dataset.go !== void 0) onGo(Number(button.dataset.go));
    else if (button.dataset.story === "back") onGo(at2 - 1);
    else if (button.dataset.story === "next") at2 === steps.length - 1 ? onClose() : onGo(at2 + 1);
    else if (button.dataset.story === "close") onClose();
  });
  return {
    el,
    // Show step i (0-based); the page is not in its state yet (ready(true) says when it is).
    show(i) {
      at2 = i;
      const step = steps[i];
      count2.textContent = `Step ${i + 1} of ${steps.length}`;
      heading.textContent = step.title;
      body.replaceChildren(withCode(step.text));
      back.disabled = i === 0;
      next.textContent = i === steps.length - 1 ? "Done" : "Next →";
      dots.querySelectorAll(".story-dot").forEach((dot4, j) => {
        if (j === i) dot4.setAttribute("aria-current", "step");
        else dot4.removeAttribute("aria-current");
      });
      el.dataset.step = String(i + 1);
      el.dataset.key = step.key;
      el.dataset.ready = "0";
    },
    ready(on) {
      el.dataset.ready = on ? "1" : "0";
      el.setAttribute("aria-busy", String(!on));
    },
    get next() {
      return next;
    }
  };
}

// static/js/story/driver.js
var WAIT_MS = 2e4;
var MODEL_TOPICS = ["example", "update", "state", "session", "reset", "loaded", "network"];
var $ = (selector) => document.querySelector(selector);
function createDriver({ bus, model, session }) {
  const app = document.getElementById("app");
  let live = () => true;
  function waitFor(pred, watch) {
    if (pred()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const started = performance.now();
      const check = () => {
        const ok = pred();
        if (!ok && live() && performance.now() - started < WAIT_MS) return;
        stop();
        clearInterval(timer);
        resolve(ok);
      };
      const stop = watch(check);
      const timer = setInterval(check, 250);
    });
  }
  const untilModel = (pred) => waitFor(pred, (check) => {
    const offs = MODEL_TOPICS.map((topic) => bus.on(topic, check));
    return () => offs.forEach((off) => off());
  });
  const untilDom = (root, pred) => waitFor(pred, (check) => {
    const watch = new MutationObserver(check);
    watch.observe(root, { attributes: true, subtree: true, childList: true });
    return () => watch.disconnect();
  });
  function nextM() {
    const { batch_size: size, n_train: n } = model.session.config;
    const { batch, batches } = model.position;
    const next = batch + 1 < batches ? batch + 1 : 0;
    return Math.min(size, n - next * size);
  }
  async function examples(n) {
    if (n <= 0 || !model.session || !live()) return;
    pause();
    const p = model.position;
    const m = p.applied ? nextM() : p.m;
    const goal = (p.applied ? 0 : p.k) + n;
    const seq = p.seq;
    session.step("example", n);
    await untilModel(() => {
      const q = model.position;
      return q.seq > seq && q.k === goal && q.applied === (goal === m);
    });
  }
  function pause() {
    const play = $("#transport [data-act='play']");
    if (play && play.getAttribute("aria-pressed") === "true") play.click();
  }
  const comparing = () => app.classList.contains("comparing");
  async function codePanel() {
    const panel2 = $("#code-panel");
    await untilDom(panel2, () => panel2.dataset.code === "1");
    return panel2;
  }
  return {
    // The story's own test of whether this step is still the one asked for.
    set live(fn) {
      live = fn;
    },
    // At least one example of an unfinished mini-batch: its gradient is shown.
    async oneExample() {
      const p = model.position;
      if (p.applied || p.k === 0) await examples(1);
    },
    // Every example of the mini-batch but its last (at least the first).
    async allButLast() {
      const p = model.position;
      const m = p.applied ? nextM() : p.m;
      await examples(Math.max(1, m - 1) - (p.applied ? 0 : p.k));
    },
    // The mini-batch finished: its m-th example, and with it the update.
    async finishBatch() {
      const p = model.position;
      if (!p.applied) await examples(p.m - p.k);
    },
    // At least one update applied (the matrix form shows the last finished mini-batch).
    async someUpdate() {
      if (model.position.updates === 0 && !model.position.applied) await this.finishBatch();
    },
    async closeCompare() {
      if (!comparing() || !live()) return;
      $("#compare [data-cmp='close']").click();
      await untilDom(app, () => !comparing());
    },
    // Compare open, with one mini-batch stepped in every run.
    async openCompare() {
      const el = $("#compare");
      if (!comparing() && live()) $("#compare-button").click();
      await untilDom(el, () => el.dataset.ready === "1" && el.dataset.settled === "1");
      if (el.dataset.steps !== "0" || !comparing() || !live()) return;
      el.querySelector("[data-cmp='batch']").click();
      await untilDom(el, () => Number(el.dataset.steps) > 0 && el.dataset.settled === "1");
    },
    // The code panel back at the latest step, as the run's events come.
    async codeLive() {
      const panel2 = await codePanel();
      const latest = panel2.querySelector("[data-code='live']");
      if (!latest.disabled && live()) latest.click();
      await untilDom(panel2, () => panel2.dataset.live === "1");
    },
    // The code panel on the latest example (not the update), and the rebinding of its line open.
    async codeExample() {
      const panel2 = await codePanel();
      if (!live()) return;
      if (panel2.dataset.kind === "update") panel2.querySelector("[data-code='prev']").click();
      await untilDom(panel2, () => panel2.dataset.kind === "example");
      if (live()) panel2.querySelector(".code-rebind").open = true;
    },
    async openMatrix() {
      const matrix2 = $(".code-matrix");
      if (matrix2) matrix2.open = true;
    },
    // The noise against m, measured at the current weights (once: it keeps what it drew).
    async measureNoise() {
      const chart = $("#noise-chart");
      if (chart.dataset.m || !live()) return;
      $("[data-act='noise']").click();
      await untilDom(chart, () => Boolean(chart.dataset.m));
    }
  };
}

// static/js/story/steps.js
var STORY = "why-sum";
var TITLE = "Why sum, then update once?";
var STEPS = [
  {
    key: "question",
    title: "The question",
    text: "In the book's `update_mini_batch`, every example's gradient is added into `nabla_w`, and the weights move once, after the loop. Why not move them after each example? Follow one mini-batch of this run.",
    targets: ["#view-code .code-source"],
    lines: ["zeros_w", "loop", "backprop", "add_w", "update_w"],
    // marked in the code panel's listing
    drive: async (d) => {
      await d.closeCompare();
      await d.codeLive();
    }
  },
  {
    key: "example",
    title: "One example",
    text: "`backprop(x, y)` gives this example's gradient, `delta_nabla_w`: one matrix per layer. It is added into `nabla_w`; the weights have not moved. Its `x` is ringed in the data.",
    targets: ["#view-accumulation .acc-example", "#view-data"],
    drive: async (d) => {
      await d.closeCompare();
      await d.oneExample();
      await d.codeLive();
    }
  },
  {
    key: "sum",
    title: "More examples",
    text: "Each next example adds its `delta_nabla_w`: the sum so far, `nabla_w`, grows, and the weights stay where they were. Every gradient of the mini-batch is taken at the same `w`.",
    targets: ["#view-accumulation .acc-sum", "#view-accumulation .acc-weights"],
    drive: async (d) => {
      await d.closeCompare();
      await d.allButLast();
      await d.codeLive();
    }
  },
  {
    key: "update",
    title: "The m-th example: one update",
    text: "After the m-th example the loop ends, and the weights move once: `w → w − (η/m)·nabla_w`, η times the mean of the m gradients. On the cost surface, the m small steps `−(η/m)·∇ᵢ`, head to tail, end where that one update lands.",
    targets: ["#view-accumulation .acc-step", "#view-landscape"],
    drive: async (d) => {
      await d.closeCompare();
      await d.finishBatch();
      await d.codeLive();
    }
  },
  {
    key: "rebind",
    title: "The sum is never reset",
    text: "`nabla_w = [nw+dnw for …]` builds a new list, each element the old sum plus this example's part, and only then rebinds the name `nabla_w` to it. Step into the line here.",
    targets: ["#view-code .code-rebind"],
    drive: async (d) => {
      await d.closeCompare();
      await d.finishBatch();
      await d.codeExample();
    }
  },
  {
    key: "compare",
    title: "What if the update were inside the loop?",
    text: "Compare trains the book's update beside the weights moving after every example, from the same start on the same examples. Inside the loop, each gradient is taken at weights the examples before it have already moved.",
    targets: ["#compare"],
    drive: async (d) => {
      await d.openCompare();
    }
  },
  {
    key: "estimate",
    title: "Why the sum points the right way",
    text: "`(1/m)·nabla_w` is the mean of m gradients: an estimate of the true gradient `∇C`, the mean over all n training examples. Here, how closely it agrees, and how its noise shrinks as m grows.",
    targets: ["#view-truth", "#view-noise"],
    drive: async (d) => {
      await d.closeCompare();
      await d.someUpdate();
      await d.measureNoise();
    }
  },
  {
    key: "matrix",
    title: "All m at once",
    text: "The same sum is one matrix product, `nabla_w = Δ·Aᵀ` over the whole mini-batch: `update_mini_batch_matrix` computes it, and the tests check it equals the loop's.",
    targets: ["#view-code .code-matrix"],
    drive: async (d) => {
      await d.closeCompare();
      await d.someUpdate();
      await d.openMatrix();
    }
  }
];

// static/js/story/index.js
var OFFERED = "nabla.story";
var LISTING = "#view-code .code-source > .code-listing";
var reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)");
function offeredBefore() {
  try {
    return localStorage.getItem(OFFERED) !== null;
  } catch {
    return true;
  }
}
function rememberOffered() {
  try {
    localStorage.setItem(OFFERED, "1");
  } catch {
  }
}
function linkedStep(search) {
  const params = new URLSearchParams(search);
  if (params.get("story") !== STORY) return null;
  const n = Number(params.get("step") || "1");
  return Number.isInteger(n) ? Math.min(Math.max(n, 1), STEPS.length) - 1 : 0;
}
function bringIntoView(els, card) {
  const bar = document.querySelector(".topbar");
  const sticky = bar && getComputedStyle(bar).position === "sticky";
  const top = (sticky ? bar.getBoundingClientRect().bottom : 0) + 12;
  const sheet = card.getBoundingClientRect();
  const bottom = (sheet.width >= window.innerWidth - 1 ? sheet.top : window.innerHeight) - 12;
  const rects = els.map((el) => el.getBoundingClientRect());
  const from = Math.min(...rects.map((r) => r.top));
  const to = Math.max(...rects.map((r) => r.bottom));
  if (from >= top && to <= bottom) return;
  let by = rects[0].top - top;
  if (to - from <= bottom - top) by = from < top ? from - top : to - bottom;
  window.scrollBy({ top: by, behavior: reduceMotion.matches ? "auto" : "smooth" });
}
function createStory({ bus, model, session, button, notify }) {
  const driver = createDriver({ bus, model, session });
  const dialog = createStoryDialog({ title: TITLE, steps: STEPS, onGo: go, onClose: close });
  const app = document.getElementById("app");
  app.append(dialog.el);
  let open = false;
  let at2 = 0;
  let token = 0;
  let queue = Promise.resolve();
  let lit = [];
  let opener = null;
  let keeper = null;
  const READER = ["wheel", "touchstart", "pointerdown", "keydown"];
  function keepInView(els) {
    keeper?.disconnect();
    keeper = null;
    if (!els.length) return;
    const observer = keeper = new ResizeObserver(() => {
      if (keeper === observer) bringIntoView(els, dialog.el);
    });
    const stop = () => {
      observer.disconnect();
      if (keeper === observer) keeper = null;
      for (const type of READER) window.removeEventListener(type, stop, true);
    };
    for (const type of READER) window.addEventListener(type, stop, { capture: true, passive: true });
    observer.observe(document.body);
    for (const el of els) observer.observe(el);
  }
  function light(selectors, marks = []) {
    for (const el of lit) el.removeAttribute("data-story-focus");
    for (const el of document.querySelectorAll("[data-story-line]")) el.removeAttribute("data-story-line");
    for (const mark of marks) {
      for (const el of document.querySelectorAll(`${LISTING} .code-line[data-mark="${mark}"]`)) {
        el.setAttribute("data-story-line", "");
      }
    }
    lit = selectors.map((s) => document.querySelector(s)).filter((el) => el && el.offsetParent);
    for (const el of lit) el.setAttribute("data-story-focus", "");
    if (lit.length) bringIntoView(lit, dialog.el);
    keepInView(lit);
    dialog.el.dataset.lit = selectors.filter((s) => lit.some((el) => el.matches(s))).join(" | ");
  }
  function go(i) {
    if (!open || i < 0 || i >= STEPS.length) return;
    const mine = ++token;
    const still = () => open && mine === token;
    at2 = i;
    dialog.show(i);
    queue = queue.then(() => {
      driver.live = still;
      return still() ? STEPS[i].drive(driver) : null;
    }).catch((error) => notify(`The story could not drive the page: ${error.message}`, { kind: "error" })).then(() => {
      if (!still()) return;
      light(STEPS[i].targets, STEPS[i].lines);
      dialog.ready(true);
    });
  }
  function start(i = 0) {
    rememberOffered();
    button.classList.remove("offer");
    if (!open) opener = document.activeElement;
    open = true;
    dialog.el.hidden = false;
    app.classList.add("story-open");
    button.setAttribute("aria-expanded", "true");
    go(i);
    dialog.next.focus({ preventScroll: true });
  }
  function close() {
    if (!open) return;
    const inside = dialog.el.contains(document.activeElement);
    open = false;
    token += 1;
    light([]);
    dialog.el.hidden = true;
    app.classList.remove("story-open");
    button.setAttribute("aria-expanded", "false");
    if (inside) (opener && opener.isConnected && opener !== document.body ? opener : button).focus();
  }
  button.addEventListener("click", () => open ? close() : start(0));
  window.addEventListener("keydown", (event) => {
    if (!open || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest && event.target.closest("input, select, textarea, [contenteditable]")) return;
    const actions = { ArrowRight: () => go(at2 + 1), ArrowLeft: () => go(at2 - 1), Escape: close };
    const action = actions[event.key];
    if (!action) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    action();
  }, true);
  const linked = linkedStep(location.search);
  if (linked === null && !offeredBefore()) {
    button.classList.add("offer");
    rememberOffered();
  }
  if (linked !== null) {
    const off = bus.on("loaded", () => {
      off();
      if (model.session) start(linked);
    });
  }
  return { start, close };
}

// static/js/ui/book.js
var POLL_MS = 400;
var MNIST_LABEL = "MNIST (the book's file, 17 MB)";
function createBookPanel(root, { catalogue, model, bus, session, prefs, notify, onPreset }) {
  const hasMnist = () => catalogue.some((d) => d.name === "mnist");
  root.hidden = false;
  root.innerHTML = `<h2>The book's experiments</h2>
    <div class="book-presets" role="list"></div>
    <p class="book-fetch" hidden><progress max="1" value="0"></progress> <span></span></p>
    <p class="book-run" hidden><button type="button" class="btn btn-small btn-primary" data-act="book-epochs"></button></p>
    <p class="book-running" hidden><progress max="1" value="0"></progress> <span></span>
      <button type="button" class="btn btn-small" data-act="book-cancel">Cancel</button></p>`;
  const list = root.querySelector(".book-presets");
  const fetchLine = root.querySelector(".book-fetch");
  const runLine = root.querySelector(".book-run");
  const runButton = runLine.querySelector("button");
  const runningLine = root.querySelector(".book-running");
  let running = null;
  for (const preset of presets()) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-small book-preset";
    button.dataset.preset = preset.id;
    button.setAttribute("role", "listitem");
    button.textContent = preset.title;
    const figure = preset.figure === null ? "" : ` The book: ${(100 * preset.figure).toFixed(2)} %.`;
    button.dataset.tip = `${preset.epochs} epochs, rng book.${figure} ${preset.quote}`;
    button.addEventListener("click", () => choose(preset));
    list.append(button);
  }
  if (!hasMnist()) {
    const datasets = document.getElementById("datasets");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "dataset dataset-fetch";
    button.dataset.dataset = "mnist";
    button.dataset.tip = "The book's MNIST: 50,000 training and 10,000 test digits. The server downloads its mnist.pkl.gz once (17 MB), checks it, and keeps it.";
    button.innerHTML = `<span class="fetch-icon" aria-hidden="true">⇩</span><span></span>`;
    button.lastElementChild.textContent = MNIST_LABEL;
    button.addEventListener("click", () => fetchMnist(null));
    datasets.append(button);
  }
  async function choose(preset) {
    if (!hasMnist()) return fetchMnist(preset);
    onPreset(preset.config);
  }
  async function fetchMnist(preset) {
    fetchLine.hidden = false;
    const bar = fetchLine.querySelector("progress");
    const text = fetchLine.querySelector("span");
    text.textContent = "Asking the server for the book's mnist.pkl.gz…";
    let status;
    try {
      status = await api.downloadMnist();
      while (status.state === "downloading") {
        if (status.total) {
          bar.max = status.total;
          bar.value = status.done;
        }
        text.textContent = `Downloading the book's mnist.pkl.gz: ${(status.done / 1e6).toFixed(1)}` + (status.total ? ` of ${(status.total / 1e6).toFixed(1)} MB` : " MB");
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        status = await api.mnist();
      }
    } catch (error) {
      status = { state: "failed", message: error.message };
    }
    fetchLine.dataset.state = status.state;
    if (status.state !== "ready") {
      text.textContent = `MNIST could not be downloaded: ${status.message}`;
      notify(`MNIST could not be downloaded: ${status.message}`, { kind: "error" });
      return;
    }
    bar.max = bar.value = 1;
    text.textContent = "MNIST is here; starting…";
    const config = preset ? preset.config : { dataset: "mnist", sizes: [784, 30, 10] };
    location.assign(`?${toQuery(config, prefs)}`);
  }
  function show() {
    const preset = model.session && presetOf(model.session.config);
    for (const button of list.children) {
      button.classList.toggle("selected", Boolean(preset && button.dataset.preset === preset.id));
    }
    runLine.hidden = !preset;
    if (!preset) return;
    const done = model.history.epochs.length;
    const left = Math.max(0, preset.epochs - done);
    runButton.textContent = left ? `▶ Train ${left} epoch${left === 1 ? "" : "s"} (the book's ${preset.epochs})` : `The book's ${preset.epochs} epochs are done`;
    runButton.disabled = left === 0 || Boolean(running);
    runButton.dataset.epochs = String(left);
  }
  function showRunning() {
    runningLine.hidden = !running;
    root.dataset.running = running ? "1" : "0";
    if (!running) return;
    const bar = runningLine.querySelector("progress");
    bar.max = running.total;
    bar.value = running.done;
    runningLine.querySelector("span").textContent = `the book's run: epoch ${running.done} of ${running.total}`;
  }
  function stop() {
    running = null;
    showRunning();
    show();
  }
  const nextEpoch = () => session.step("epoch", 1, "none");
  runButton.addEventListener("click", () => {
    running = { from: model.history.epochs.length, done: 0, total: Number(runButton.dataset.epochs) };
    showRunning();
    nextEpoch();
  });
  runningLine.querySelector("button").addEventListener("click", () => {
    stop();
    session.cancel();
  });
  bus.on("epoch", (event) => {
    if (!running) return;
    running.done = model.history.epochs.length - running.from;
    if (running.done >= running.total) return stop();
    showRunning();
    if (event) nextEpoch();
  });
  bus.on("progress", (msg) => {
    if (msg.cancelled) stop();
  });
  bus.on("session", () => stop());
  bus.on("reset", () => stop());
  for (const topic of ["session", "epoch", "reset"]) bus.on(topic, show);
}

// static/js/palette.js
var DIVERGING = [
  [0, "#8c3d00"],
  [0.12, "#d76a03"],
  [0.3, "#f6a85a"],
  [0.45, "#fde1c2"],
  [0.5, "#f7f7f7"],
  [0.55, "#d5e6f3"],
  [0.7, "#8ebfe0"],
  [0.88, "#2f7cbf"],
  [1, "#0b3f7a"]
];
var NEGATIVE = "#d76a03";
var POSITIVE = "#2f7cbf";
var CLASS_COLOURS = [
  NEGATIVE,
  POSITIVE,
  "#2e9b4f",
  "#c0398a",
  "#7a52c7",
  "#c9a400",
  "#1a9fb0",
  "#8c5a3c",
  "#d64541",
  "#5c6b7d",
  "#86b817",
  "#e377c2",
  "#0f5e58",
  "#f08a4b",
  "#3d3f9e",
  "#9e1b32",
  "#6fb7d6",
  "#a6763d",
  "#b28ce0",
  "#4f7a28"
];
function classColour(k) {
  return CLASS_COLOURS[(k % CLASS_COLOURS.length + CLASS_COLOURS.length) % CLASS_COLOURS.length];
}
function scaleOf(stops) {
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
var rgbAt = scaleOf(DIVERGING);
function colourOf(v, maxAbs2) {
  const [r, g, b] = rgbAt(0.5 + (maxAbs2 > 0 ? v / maxAbs2 : 0) / 2);
  return `rgb(${r},${g},${b})`;
}
function maxAbs(values, floor = 1e-12) {
  let m = floor;
  for (const row of values) {
    if (typeof row === "number") m = Math.max(m, Math.abs(row));
    else for (const v of row) m = Math.max(m, Math.abs(v));
  }
  return m;
}
function thousands(v) {
  const n = Math.round(v);
  const digits = String(Math.abs(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return n < 0 ? `-${digits}` : digits;
}
function fmt(v, digits = 3) {
  if (v === null || v === void 0 || Number.isNaN(v)) return "–";
  if (v === 0) return "0";
  const a = Math.abs(v);
  const text = a < 1e-3 || a >= 1e5 ? v.toExponential(digits - 1) : v.toPrecision(digits);
  return text.replace(/-/g, "−");
}
function compact(v, digits = 4) {
  if (v === null || v === void 0 || Number.isNaN(v)) return "–";
  if (v === 0) return "0";
  const a = Math.abs(v);
  const text = a < 0.01 || a >= 1e4 ? v.toExponential(digits - 1) : v.toPrecision(digits);
  return text.replace(/-/g, "−");
}
function exact(v) {
  return String(v).replace(/-/g, "−");
}
function signed(v, digits = 3) {
  return v > 0 ? `+${fmt(v, digits)}` : fmt(v, digits);
}

// static/js/ui/controls.js
var MAX_HIDDEN_LAYERS = 6;
var MAX_NEURONS = 512;
var NUMBER_FIELDS = ["n_train", "n_test", "eta", "batch_size", "lmbda", "seed"];
var SELECT_FIELDS = ["activation", "init", "cost", "rng"];
var INTEGERS = ["n_train", "n_test", "batch_size", "seed"];
function drawPoints(ctx, preview, size) {
  ctx.fillStyle = "#fbfcfe";
  ctx.fillRect(0, 0, size, size);
  preview.x.forEach(([px, py], i) => {
    ctx.fillStyle = classColour(preview.labels[i]);
    ctx.beginPath();
    ctx.arc((px + 1) / 2 * size, (1 - py) / 2 * size, size / 36, 0, 2 * Math.PI);
    ctx.fill();
  });
}
function drawImages(ctx, preview, size) {
  const [rows, cols] = preview.image_shape;
  const half = size / 2;
  const image = ctx.createImageData(cols, rows);
  preview.x.slice(0, 4).forEach((pixels, n) => {
    pixels.forEach((v, i) => {
      const g = Math.round(255 * (1 - v));
      image.data.set([g, g, g, 255], i * 4);
    });
    const tmp = new OffscreenCanvas(cols, rows);
    tmp.getContext("2d").putImageData(image, 0, 0);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(tmp, n % 2 * half + 2, Math.floor(n / 2) * half + 2, half - 4, half - 4);
  });
}
function createControls(root, { catalogue, previews, onChange }) {
  const byName = Object.fromEntries(catalogue.map((d) => [d.name, d]));
  let config = null;
  const input = (name) => root.querySelector(`[name="${name}"]`);
  const change = (next) => onChange(next);
  const details = root.querySelector("#controls-details");
  const narrow = window.matchMedia("(max-width: 860px)");
  if (narrow.matches) details.open = false;
  narrow.addEventListener("change", () => {
    if (!narrow.matches) details.open = true;
  });
  const list = root.querySelector("#datasets");
  for (const info of catalogue) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "dataset";
    button.dataset.dataset = info.name;
    button.setAttribute("role", "radio");
    button.dataset.tip = `${info.name}: ${info.description}`;
    const canvas = document.createElement("canvas");
    canvas.width = canvas.height = 72;
    const label3 = document.createElement("span");
    label3.textContent = info.name;
    button.append(canvas, label3);
    button.addEventListener("click", () => {
      if (config && config.dataset !== info.name) {
        change(forDataset(config, info, byName[config.dataset]));
      }
    });
    list.append(button);
    previews(info.name).then((preview) => {
      const ctx = canvas.getContext("2d");
      if (preview.kind === "points") drawPoints(ctx, preview, canvas.width);
      else drawImages(ctx, preview, canvas.width);
    }, () => {
    });
  }
  for (const name of NUMBER_FIELDS) {
    input(name).addEventListener("change", (event) => {
      const text = event.target.value.trim();
      const value = Number(text);
      if (text === "" || !Number.isFinite(value)) return show(config);
      change({ ...config, [name]: INTEGERS.includes(name) ? Math.round(value) : value });
    });
  }
  for (const name of SELECT_FIELDS) {
    input(name).addEventListener("change", (event) => change({ ...config, [name]: event.target.value }));
  }
  for (const radio of root.querySelectorAll('[name="update"]')) {
    radio.addEventListener("change", () => change({ ...config, update: radio.value }));
  }
  const noise = input("noise");
  noise.addEventListener("input", () => {
    root.querySelector('[name="noise-label"]').textContent = Number(noise.value).toFixed(2);
  });
  noise.addEventListener("change", () => change({ ...config, noise: Number(noise.value) }));
  root.querySelector('[data-act="new-seed"]').addEventListener("click", () => {
    change({ ...config, seed: Math.floor(Math.random() * 1e5) });
  });
  const arch = root.querySelector("#architecture");
  arch.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-arch]");
    if (!button || !config) return;
    const sizes = [...config.sizes];
    const l = Number(button.dataset.layer);
    const lastHidden = sizes[sizes.length - 2];
    if (button.dataset.arch === "add-layer") sizes.splice(sizes.length - 1, 0, lastHidden > 2 ? lastHidden : 4);
    if (button.dataset.arch === "remove-layer") sizes.splice(sizes.length - 2, 1);
    if (button.dataset.arch === "plus") sizes[l] = Math.min(MAX_NEURONS, sizes[l] + 1);
    if (button.dataset.arch === "minus") sizes[l] = Math.max(1, sizes[l] - 1);
    if (sizes.join() !== config.sizes.join()) change({ ...config, sizes });
  });
  function archButton(act, text, label3, layer = "") {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "btn btn-small";
    b.dataset.arch = act;
    if (layer !== "") b.dataset.layer = String(layer);
    b.setAttribute("aria-label", label3);
    b.textContent = text;
    return b;
  }
  function layerRow(title2, count2, note, l = null) {
    const row = document.createElement("div");
    row.className = `layer-row${l === null ? " fixed" : ""}`;
    const name = document.createElement("span");
    name.className = "layer-name";
    name.textContent = title2;
    const value = document.createElement("span");
    value.className = "layer-count";
    value.textContent = String(count2);
    const hint = document.createElement("span");
    hint.className = "layer-note";
    hint.textContent = note;
    if (l === null) row.append(name, value, hint);
    else {
      const fewer = archButton("minus", "−", `fewer neurons in layer ${l}`, l);
      const more = archButton("plus", "+", `more neurons in layer ${l}`, l);
      fewer.disabled = count2 <= 1;
      more.disabled = count2 >= MAX_NEURONS;
      row.append(name, fewer, value, more, hint);
    }
    return row;
  }
  function showArchitecture(sizes) {
    const hidden = sizes.length - 2;
    root.querySelector("#sizes-code").textContent = `sizes = [${sizes.join(", ")}]`;
    const head = document.createElement("div");
    head.className = "layer-row layers-head";
    head.dataset.tip = "Add or remove a hidden layer; input and output sizes follow the data set.";
    const title2 = document.createElement("span");
    title2.className = "layer-name";
    title2.textContent = `${hidden} hidden layer${hidden === 1 ? "" : "s"}`;
    const remove = archButton("remove-layer", "−", "remove the last hidden layer");
    remove.disabled = hidden === 0;
    const add = archButton("add-layer", "+", "add a hidden layer");
    add.disabled = hidden >= MAX_HIDDEN_LAYERS;
    head.append(title2, remove, add);
    const rows = [head, layerRow("input", sizes[0], "follows the data")];
    for (let l = 1; l <= hidden; l++) rows.push(layerRow(`hidden ${l}`, sizes[l], "neurons", l));
    rows.push(layerRow("output", sizes[sizes.length - 1], "one per class"));
    arch.replaceChildren(...rows);
  }
  function show(next) {
    config = { ...next };
    const info = byName[config.dataset];
    for (const button of list.children) {
      const on = button.dataset.dataset === config.dataset;
      button.classList.toggle("selected", on);
      button.setAttribute("aria-checked", String(on));
    }
    root.querySelector("#dataset-about").textContent = info ? info.description : "";
    for (const name of NUMBER_FIELDS) {
      const el = input(name);
      if (el !== document.activeElement) el.value = String(config[name] ?? "");
    }
    for (const name of SELECT_FIELDS) input(name).value = config[name];
    for (const radio of root.querySelectorAll('[name="update"]')) {
      radio.checked = radio.value === config.update;
    }
    const noiseField = root.querySelector('[data-field="noise"]');
    noiseField.hidden = !info || !info.has_noise;
    if (config.noise !== null) noise.value = String(config.noise);
    const noiseText = config.noise === null ? "" : Number(config.noise).toFixed(2);
    root.querySelector('[name="noise-label"]').textContent = noiseText;
    if (info) {
      input("n_train").max = String(info.max_n_train);
      input("n_test").max = String(info.max_n_test);
    }
    showArchitecture(config.sizes);
    root.querySelector("#controls-digest").textContent = `${config.dataset} · [${config.sizes.join(", ")}]`;
    markInvalid(null);
  }
  function markInvalid(field, message = "") {
    for (const el2 of root.querySelectorAll(".invalid")) el2.classList.remove("invalid");
    for (const el2 of root.querySelectorAll(".field-error")) el2.remove();
    const el = field && root.querySelector(`[data-field="${field}"]`);
    if (!el) return false;
    details.open = true;
    el.classList.add("invalid");
    const said = document.createElement("span");
    said.className = "field-error";
    said.setAttribute("role", "alert");
    said.textContent = message;
    el.append(said);
    if (config && NUMBER_FIELDS.includes(field)) input(field).value = String(config[field] ?? "");
    return true;
  }
  return { show, markInvalid, get config() {
    return config;
  } };
}

// static/js/ui/copy-link.js
var CONFIRM = "Link copied: it opens this page with the same data, network and training.";
function copyBySelection(text) {
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.top = "-1000px";
  area.style.opacity = "0";
  document.body.append(area);
  area.select();
  let copied = false;
  try {
    copied = document.execCommand("copy");
  } catch {
    copied = false;
  }
  area.remove();
  return copied;
}
async function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
    }
  }
  return copyBySelection(text);
}
function createCopyLink(button, { notify }) {
  button.addEventListener("click", async () => {
    const url = location.href;
    if (await copyText(url)) notify(CONFIRM);
    else notify(`Copy this link by hand: ${url}`, { sticky: true });
  });
}

// static/js/ui/editor.js
var BOUND = 1e3;
function nameOf({ layer, kind, row, col }) {
  return kind === "weight" ? `weights[${layer}][${row}][${col}]` : `biases[${layer}][${row}]`;
}
function valueOf(network, { layer, kind, row, col }) {
  return kind === "weight" ? network.weights[layer][row][col] : network.biases[layer][row];
}
function createEditor({ session, model, bus, notify }) {
  const box = document.createElement("form");
  box.className = "editor";
  box.id = "weight-editor";
  box.hidden = true;
  box.setAttribute("role", "dialog");
  box.setAttribute("aria-label", "Set a weight or a bias");
  box.innerHTML = `<p class="editor-title"><code></code><span class="editor-what"></span></p>
    <p class="editor-now">now <code></code></p>
    <label class="editor-field"><span>new value</span>
      <input type="number" name="value" step="any" min="-${BOUND}" max="${BOUND}" required></label>
    <p class="editor-note" aria-live="polite"></p>
    <div class="editor-buttons">
      <button type="submit" class="btn btn-primary btn-small" data-edit="set">Set</button>
      <button type="button" class="btn btn-small" data-edit="finish" hidden>Finish the mini-batch</button>
      <button type="button" class="btn btn-ghost btn-small" data-edit="close">Close</button>
    </div>`;
  document.body.append(box);
  const input = box.querySelector("input");
  const note = box.querySelector(".editor-note");
  const setButton = box.querySelector('[data-edit="set"]');
  const finish = box.querySelector('[data-edit="finish"]');
  let target = null;
  let opener = null;
  function underWay() {
    const p = model.position;
    return Boolean(p && !p.applied && p.k > 0 && p.k < p.m);
  }
  function refresh() {
    if (!target || !model.network) return;
    const p = model.position;
    box.querySelector(".editor-now code").textContent = fmt(valueOf(model.network, target), 6);
    const busy = underWay();
    input.disabled = setButton.disabled = busy;
    finish.hidden = !busy;
    box.classList.remove("invalid");
    note.textContent = busy ? `Mini-batch ${p.batch + 1} is under way (${p.k} of ${p.m} examples summed at the current weights). Finish it first, so that all its gradients are taken at the same weights.` : "The next example's gradient is taken at the new value; the history keeps the edit.";
  }
  function open(spec, event) {
    if (!model.network) return;
    if (box.hidden) opener = document.activeElement;
    target = spec;
    box.querySelector(".editor-title code").textContent = nameOf(spec);
    box.querySelector(".editor-what").textContent = spec.kind === "weight" ? ` neuron ${spec.col} → neuron ${spec.row}` : ` neuron ${spec.row}'s bias`;
    input.value = String(Number(valueOf(model.network, spec).toPrecision(6)));
    box.hidden = false;
    refresh();
    const x = Math.min(event.clientX + 12, window.innerWidth - box.offsetWidth - 8);
    const y = Math.min(event.clientY + 12, window.innerHeight - box.offsetHeight - 8);
    box.style.left = `${Math.max(8, x) + window.scrollX}px`;
    box.style.top = `${Math.max(8, y) + window.scrollY}px`;
    if (!input.disabled) input.select();
  }
  function close() {
    const inside = box.contains(document.activeElement);
    box.hidden = true;
    target = null;
    if (inside && opener && opener.isConnected) opener.focus({ preventScroll: true });
    opener = null;
  }
  box.addEventListener("submit", async (event) => {
    event.preventDefault();
    const value = Number(input.value);
    if (!target || input.value.trim() === "" || !Number.isFinite(value) || Math.abs(value) > BOUND) {
      box.classList.add("invalid");
      note.textContent = `value: a number between −${BOUND} and ${BOUND}`;
      return;
    }
    const { layer, kind, row, col } = target;
    try {
      await session.edit(kind === "weight" ? { layer, kind, row, col, value } : { layer, kind, row, value });
      close();
    } catch (error) {
      box.classList.add("invalid");
      note.textContent = error.message;
    }
  });
  finish.addEventListener("click", () => session.step("batch"));
  box.querySelector('[data-edit="close"]').addEventListener("click", close);
  box.addEventListener("keydown", (event) => {
    if (event.key === "Escape") close();
    event.stopPropagation();
  });
  document.addEventListener("mousedown", (event) => {
    if (!box.hidden && !box.contains(event.target) && !event.target.closest("[data-editable]")) close();
  });
  for (const topic of ["example", "update", "state", "network"]) bus.on(topic, refresh);
  bus.on("session", close);
  bus.on("edit", (e) => notify(`${nameOf(e)}: ${fmt(e.old, 4)} → ${fmt(e.new, 4)} (set by hand)`));
  return { open, close };
}

// static/js/ui/live-note.js
var BEFORE = "η, m and λ change this run from its next mini-batch; the rest starts a new run.";
function createLiveNote(el, { bus, model }) {
  function show() {
    const n = model.history.changes ? model.history.changes.length : 0;
    el.dataset.changes = String(n);
    el.textContent = n === 0 ? BEFORE : `η, m or λ changed ${n === 1 ? "once" : `${n} times`} in this run (dashed on the metrics chart). A link opens a new run with the settings now, from the start: Download run keeps the changes.`;
  }
  for (const topic of ["session", "change", "reset", "epoch"]) bus.on(topic, show);
  show();
}

// static/js/ui/progress.js
var LINGER_MS = 2500;
function createProgress(root, { session, bus }) {
  const bar = root.querySelector("progress");
  const text = root.querySelector(".progress-text");
  const cancel = root.querySelector('[data-progress="cancel"]');
  let timer = null;
  function show(msg) {
    clearTimeout(timer);
    root.hidden = false;
    bar.max = msg.total;
    bar.value = msg.done;
    const units = `${msg.count} ${msg.unit}${msg.count === 1 ? "" : "s"}`;
    const ended = msg.cancelled || msg.done >= msg.total;
    root.dataset.state = msg.cancelled ? "cancelled" : ended ? "done" : "running";
    cancel.disabled = ended;
    text.textContent = msg.cancelled ? `Cancelled after ${thousands(msg.done)} of ${thousands(msg.total)} examples (${units}); training stopped at the end of a whole mini-batch.` : `${units}: ${thousands(msg.done)} of ${thousands(msg.total)} examples`;
    if (ended) timer = setTimeout(() => {
      root.hidden = true;
    }, msg.cancelled ? 2 * LINGER_MS : LINGER_MS);
  }
  cancel.addEventListener("click", () => {
    cancel.disabled = true;
    text.textContent = "Cancelling at the end of this chunk…";
    session.cancel();
  });
  bus.on("progress", show);
  bus.on("session", () => {
    clearTimeout(timer);
    root.hidden = true;
  });
}

// static/js/ui/run-status.js
function createRunStatus(el, { bus }) {
  const lines = /* @__PURE__ */ new Map();
  function show() {
    el.replaceChildren(...[...lines].map(([topic, { text, kind }]) => {
      const line2 = document.createElement("span");
      line2.className = "run-status-line";
      line2.dataset.kind = kind;
      line2.textContent = text;
      const close = document.createElement("button");
      close.type = "button";
      close.className = "run-status-close";
      close.textContent = "×";
      close.setAttribute("aria-label", "Dismiss");
      close.addEventListener("click", () => {
        lines.delete(topic);
        show();
      });
      line2.append(close);
      return line2;
    }));
    el.hidden = lines.size === 0;
  }
  bus.on("session", () => {
    lines.clear();
    show();
  });
  const say = (topic, text, kind = "info") => {
    lines.set(topic, { text, kind });
    show();
  };
  return {
    say,
    // The page came back to its session `p` (the model's position) after a reload or Back.
    back(p) {
      say("run", `Back to the same run, as the server has it: epoch ${p.epoch + 1}, mini-batch ${p.batch + 1}, ${p.k} of ${p.m} examples summed, ${p.updates} update${p.updates === 1 ? "" : "s"} so far.`);
    },
    // Its session had ended: the run shown is a new one.
    gone() {
      say("run", "The run this page showed is no longer on the server (a session ends when unused for a while, or when deleted): this is a new one, from the start, with the configuration in the address.", "warning");
    }
  };
}

// static/js/ui/stops.js
function read(input, scale = 1) {
  const text = input.value.trim();
  if (text === "") return void 0;
  const value = Number(text);
  return Number.isFinite(value) ? value / scale : text;
}
function createStops(root, { bus, notify }) {
  const epochs = root.querySelector('[name="stop_epochs"]');
  const cost = root.querySelector('[name="stop_cost"]');
  const accuracy = root.querySelector('[name="stop_accuracy"]');
  const reason = document.getElementById("stopped-reason");
  bus.on("stopped", (msg) => {
    reason.textContent = msg.message;
    reason.dataset.reason = msg.reason;
    reason.hidden = false;
    notify(msg.message);
  });
  bus.on("session", () => {
    reason.hidden = true;
  });
  bus.on("error", (msg) => {
    const input = msg.field && root.querySelector(`[name="${msg.field}"]`);
    if (input) input.closest("label").classList.add("invalid");
  });
  root.addEventListener("input", (event) => event.target.closest("label").classList.remove("invalid"));
  const RULES = [
    [epochs, (v) => Number.isInteger(v) && v >= 1, "Stop after … epochs: a whole number, 1 or more."],
    [cost, (v) => v > 0, "Stop when the cost falls below …: a number above 0."],
    [accuracy, (v) => v > 0 && v <= 100, "Stop when the test accuracy reaches … %: a percentage above 0 and at most 100."]
  ];
  return {
    // What is wrong with the stop fields, in a learner's words (the field marked), or null.
    problem() {
      for (const [input, ok, words] of RULES) {
        const text = input.value.trim();
        if (text !== "" && !(Number.isFinite(Number(text)) && ok(Number(text)))) {
          input.closest("label").classList.add("invalid");
          input.setAttribute("aria-invalid", "true");
          return words;
        }
        input.removeAttribute("aria-invalid");
      }
      return null;
    },
    // The play message's stop fields; the ones left empty are left out.
    values() {
      reason.hidden = true;
      const out = { stop_epochs: read(epochs), stop_cost: read(cost), stop_accuracy: read(accuracy, 100) };
      return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== void 0));
    }
  };
}

// static/js/ui/runs.js
var lower = (text) => text.charAt(0).toLowerCase() + text.slice(1);
function fileName(model) {
  const c = model.session.config;
  const at2 = model.position ? `-epoch${model.position.epoch + 1}-batch${model.position.batch + 1}` : "";
  return `nabla-${c.dataset}-${c.sizes.join("-")}${at2}.json`;
}
function createRunFiles(el, { model, notify, onOpen }) {
  const download = el.querySelector("[data-act='download-run']");
  const input = el.querySelector("input[type='file']");
  download.addEventListener("click", async () => {
    if (!model.session) return;
    try {
      const text = await api.exportRun(model.session.id);
      const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
      const link = document.createElement("a");
      link.href = url;
      link.download = fileName(model);
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1e3);
    } catch (error) {
      notify(`Download run: ${error.message}`, { kind: "error" });
    }
  });
  input.addEventListener("change", async () => {
    const file = input.files && input.files[0];
    input.value = "";
    if (!file) return;
    try {
      await onOpen(await file.text());
      notify(`Opened ${file.name}: the run goes on from where it was saved.`);
    } catch (error) {
      const notRun = error.status === 422 || error.status === 400;
      notify(notRun ? `${file.name} is not a run saved by Nabla (${lower(error.message)}). Open run reads the .json files that Download run writes.` : `${file.name}: ${error.message}`, { kind: "error" });
    }
  });
}

// static/js/ui/toast.js
function createNotifier(container) {
  function notify(message, { kind = "info", sticky = false, action = null } = {}) {
    const toast = document.createElement("div");
    toast.className = `toast toast-${kind}`;
    toast.setAttribute("role", kind === "error" ? "alert" : "status");
    const text = document.createElement("span");
    text.className = "toast-text";
    text.textContent = message;
    toast.append(text);
    if (action) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "toast-action";
      button.textContent = action.label;
      button.addEventListener("click", () => {
        action.run();
        toast.remove();
      });
      toast.append(button);
    }
    const close = document.createElement("button");
    close.type = "button";
    close.className = "toast-close";
    close.setAttribute("aria-label", "Dismiss");
    close.textContent = "×";
    close.addEventListener("click", () => toast.remove());
    toast.append(close);
    container.append(toast);
    if (!sticky) setTimeout(() => toast.remove(), kind === "error" ? 9e3 : 4e3);
    while (container.children.length > 4) container.firstElementChild.remove();
    return toast;
  }
  return notify;
}

// static/js/ui/tooltip.js
var tip = null;
function element() {
  if (!tip) {
    tip = document.createElement("div");
    tip.className = "floating-tip";
    tip.setAttribute("role", "tooltip");
    document.body.append(tip);
  }
  return tip;
}
function showTip(event, title2, lines) {
  const el = element();
  el.replaceChildren();
  const head = document.createElement("div");
  head.className = "tip-title";
  head.textContent = title2;
  el.append(head);
  for (const line2 of lines) {
    const row = document.createElement("div");
    row.className = "tip-row";
    if (Array.isArray(line2)) {
      const label3 = document.createElement("span");
      label3.textContent = line2[0];
      const value = document.createElement("b");
      value.textContent = line2[1];
      row.append(label3, value);
    } else row.textContent = line2;
    el.append(row);
  }
  el.classList.add("shown");
  const pad = 14;
  const { innerWidth: w, innerHeight: h } = window;
  const rect = el.getBoundingClientRect();
  const x = event.clientX + pad + rect.width > w ? event.clientX - pad - rect.width : event.clientX + pad;
  const y = event.clientY + pad + rect.height > h ? event.clientY - pad - rect.height : event.clientY + pad;
  el.style.transform = `translate(${Math.max(4, x)}px, ${Math.max(4, y)}px)`;
}
function hideTip() {
  if (tip) tip.classList.remove("shown");
}
function installTips(root) {
  let current = null;
  const show = (el, event) => {
    current = el;
    const rect = el.getBoundingClientRect();
    const at2 = event.clientX !== void 0 ? event : { clientX: rect.left, clientY: rect.bottom };
    const error = el.classList.contains("invalid") && el.dataset.error ? [`⚠ ${el.dataset.error}`] : [];
    showTip(at2, el.dataset.tipTitle || "", [el.dataset.tip, ...error]);
  };
  root.addEventListener("mouseover", (event) => {
    const el = event.target.closest("[data-tip]");
    if (el && el !== current) show(el, event);
    if (!el && current) {
      current = null;
      hideTip();
    }
  });
  root.addEventListener("mouseleave", () => {
    current = null;
    hideTip();
  });
  root.addEventListener("focusin", (event) => {
    const el = event.target.closest("[data-tip]");
    if (el && event.target.matches(":focus-visible")) show(el, {});
  });
  root.addEventListener("pointerdown", (event) => {
    const el = event.pointerType === "touch" && event.target.closest("[data-tip]");
    if (el) return show(el, event);
    current = null;
    hideTip();
  });
  root.addEventListener("focusout", () => {
    current = null;
    hideTip();
  });
}

// static/js/ui/trace.js
var EXAMPLE_FIELDS = [
  "seq",
  "epoch",
  "batch",
  "index",
  "sample",
  "cost",
  "x",
  "y",
  "output",
  "delta_nabla_b",
  "delta_nabla_w",
  "nabla_b",
  "nabla_w",
  "weights",
  "biases"
];
var UPDATE_FIELDS = [
  "seq",
  "epoch",
  "batch",
  "batch_size",
  "mode",
  "eta",
  "lmbda",
  "cost",
  "nabla_b",
  "nabla_w",
  "weights",
  "biases"
];
var HEADER = "epoch,batch,example,sample,layer,kind,row,col,delta,running_sum,after";
function plain2(value) {
  if (ArrayBuffer.isView(value)) return Array.from(value);
  if (Array.isArray(value)) return value.map(plain2);
  return value;
}
function pick(event, fields) {
  const out = {};
  for (const name of fields) if (event[name] !== void 0) out[name] = plain2(event[name]);
  return out;
}
function currentBatch(model) {
  const batch = model.batch;
  const seen = batch.examples.filter(Boolean);
  if (!model.session || seen.length === 0) return null;
  const p = model.position;
  const here = batch.key === `${p.epoch}:${p.batch}`;
  const previous = p.batch > 0 ? `${p.epoch}:${p.batch - 1}` : `${p.epoch - 1}:${p.batches - 1}`;
  return here || batch.complete && p.k === 0 && batch.key === previous ? batch : null;
}
function buildTrace(model, batch) {
  const examples = batch.examples.filter(Boolean).map((e) => pick(e, EXAMPLE_FIELDS));
  const first = examples[0];
  return {
    session: model.session.id,
    config: model.session.config,
    epoch: first.epoch,
    batch: first.batch,
    batch_size: batch.m,
    examples,
    complete: examples.every((e) => e.delta_nabla_w !== void 0),
    update: batch.update ? pick(batch.update, UPDATE_FIELDS) : null
  };
}
function layerRows(lead, kind, sum, delta, after, out) {
  const cell2 = (arrays, l, j, k) => arrays ? k === "" ? arrays[l][j] : arrays[l][j][k] : "";
  sum.forEach((layer, l) => {
    layer.forEach((row, j) => {
      for (const k of kind === "b" ? [""] : row.keys()) {
        out.push(`${lead},${l},${kind},${j},${k},${cell2(delta, l, j, k)},${cell2(sum, l, j, k)},${cell2(after, l, j, k)}`);
      }
    });
  });
}
function traceCSV(trace2) {
  const out = [HEADER];
  for (const e of trace2.examples) {
    if (e.delta_nabla_w === void 0) continue;
    const lead = `${e.epoch},${e.batch},${e.index},${e.sample}`;
    layerRows(lead, "b", e.nabla_b, e.delta_nabla_b, null, out);
    layerRows(lead, "w", e.nabla_w, e.delta_nabla_w, null, out);
  }
  const u = trace2.update;
  if (u && u.nabla_w && u.weights) {
    const lead = `${u.epoch},${u.batch},update,`;
    layerRows(lead, "b", u.nabla_b, null, u.biases, out);
    layerRows(lead, "w", u.nabla_w, null, u.weights, out);
  }
  return `${out.join("\n")}
`;
}
function save(text, type, name) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1e3);
}
function createTraceDownload(root, { model, notify }) {
  root.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-format]");
    if (!button) return;
    const batch = model.session && currentBatch(model);
    if (!batch) {
      notify("No example of the current mini-batch on the page yet: step one example, then download its trace.");
      return;
    }
    const trace2 = buildTrace(model, batch);
    const name = `nabla-trace-epoch${trace2.epoch + 1}-batch${trace2.batch + 1}`;
    if (button.dataset.format === "csv") save(traceCSV(trace2), "text/csv", `${name}.csv`);
    else save(`${JSON.stringify(trace2, null, 1)}
`, "application/json", `${name}.json`);
    if (!trace2.complete) {
      notify("Some examples came without their gradients (played fast): step one example at a time for a full trace.", { kind: "error" });
    }
  });
}

// static/js/dom.js
function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}
function setStyle(el, name, value) {
  if (el.style[name] !== value) el.style[name] = value;
}
function setAttribute(el, name, value) {
  if (el.getAttribute(name) !== value) el.setAttribute(name, value);
}
function setHidden(el, hidden) {
  if (el.hidden !== hidden) el.hidden = hidden;
}
function setData(el, values) {
  for (const [k, v] of Object.entries(values)) if (el.dataset[k] !== v) el.dataset[k] = v;
}
function setChildren(el, key, make2) {
  if (el.nabla_key === key) return;
  el.nabla_key = key;
  el.replaceChildren(...make2());
}

// static/js/ui/play-button.js
function setPlayButton(button, on) {
  button.setAttribute("aria-pressed", String(on));
  button.classList.toggle("playing", on);
  button.querySelector(".play-label").textContent = on ? "Pause" : "Play";
  button.querySelector(".play-icon").textContent = on ? "❚❚" : "▶";
}

// static/js/ui/transport.js
function createTransport(root, { session, model, bus, prefs, onPrefs, notify, stops, invalidate }) {
  const play = root.querySelector('[data-act="play"]');
  const times = root.querySelector('[name="count"]');
  const unit = root.querySelector('[name="unit"]');
  const speed = root.querySelector('[name="speed"]');
  const speedOut = root.querySelector('[name="speed-label"]');
  const counters = Object.fromEntries(
    [...root.querySelectorAll("[data-counter]")].map((el) => [el.dataset.counter, el])
  );
  let playing = false;
  function showSpeed() {
    speedOut.textContent = speedLabel(prefs.speed);
    const rate = SPEEDS[prefs.speed];
    speed.setAttribute("aria-valuetext", rate === null ? "as fast as possible" : `${rate} steps per second`);
  }
  function showPlaying(on) {
    playing = on;
    setPlayButton(play, on);
  }
  const start = () => {
    if (!model.session) return;
    if (model.server && model.server.state.status === "diverged") {
      notify("Training has diverged: reset, or lower η, to go on.", { kind: "error" });
      return;
    }
    const problem = stops.problem();
    if (problem) {
      notify(problem, { kind: "error" });
      return;
    }
    showPlaying(true);
    session.play(prefs.unit, SPEEDS[prefs.speed], stops.values());
  };
  const stop = () => {
    showPlaying(false);
    session.pause();
  };
  const toggle = () => playing ? stop() : start();
  const count2 = () => {
    const value = Number(times.value);
    const ok = times.value.trim() !== "" && Number.isInteger(value) && value >= 1 && value <= 1e3;
    times.closest("label").classList.toggle("invalid", !ok);
    times.toggleAttribute("aria-invalid", !ok);
    if (!ok) notify(`× steps: a whole number from 1 to 1000, not “${times.value}”.`, { kind: "error" });
    return ok ? value : null;
  };
  const step = (what) => {
    const n = count2();
    if (n === null) return;
    if (playing) showPlaying(false);
    session.step(what, n);
  };
  const reset = () => {
    showPlaying(false);
    session.reset();
  };
  let asking = null;
  const askReset = () => {
    const p = model.position;
    const updates = p ? p.updates : 0;
    if (!p || updates === 0 && p.k === 0 && p.epoch === 0 || asking && asking.isConnected) {
      if (asking) asking.remove();
      asking = null;
      reset();
      return;
    }
    const what = updates === 1 ? "the 1 update" : `the ${updates} updates`;
    asking = notify(
      `Reset to the initial weights? ${what} so far will be lost. Press R again to reset.`,
      { action: { label: "Reset", run: reset } }
    );
    asking.dataset.ask = "reset";
  };
  const faster = (delta) => {
    prefs.speed = Math.min(SPEEDS.length - 1, Math.max(0, prefs.speed + delta));
    speed.value = String(prefs.speed);
    changedSpeed();
  };
  function changedSpeed() {
    showSpeed();
    onPrefs(prefs);
    if (playing) session.play(prefs.unit, SPEEDS[prefs.speed], stops.values());
  }
  const actions = {
    reset,
    "step-example": () => step("example"),
    "step-batch": () => step("batch"),
    "step-epoch": () => step("epoch"),
    play: toggle
  };
  root.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-act]");
    if (button && actions[button.dataset.act]) actions[button.dataset.act]();
  });
  unit.value = prefs.unit;
  speed.value = String(prefs.speed);
  showSpeed();
  unit.addEventListener("change", () => {
    prefs.unit = unit.value;
    onPrefs(prefs);
    if (playing) session.play(prefs.unit, SPEEDS[prefs.speed], stops.values());
  });
  speed.addEventListener("input", () => {
    prefs.speed = Number(speed.value);
    showSpeed();
  });
  speed.addEventListener("change", () => changedSpeed());
  const help = document.getElementById("shortcuts");
  const helpButton = document.getElementById("shortcuts-button");
  const toggleHelp = () => {
    help.hidden = !help.hidden;
    helpButton.setAttribute("aria-expanded", String(!help.hidden));
  };
  helpButton.addEventListener("click", toggleHelp);
  const keys = {
    ArrowRight: actions["step-example"],
    ".": actions["step-example"],
    b: actions["step-batch"],
    e: actions["step-epoch"],
    " ": toggle,
    r: askReset,
    "[": () => faster(-1),
    "]": () => faster(1),
    "?": toggleHelp,
    Escape: () => {
      if (!help.hidden) toggleHelp();
    }
  };
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest("input, select, textarea, [contenteditable]")) return;
    if (event.key === " " && event.target.closest("button")) return;
    const action = keys[event.key.length === 1 ? event.key.toLowerCase() : event.key];
    if (action) {
      event.preventDefault();
      action();
    }
  });
  const view = { name: "counters", render: () => showCounters() };
  function showCounters() {
    const p = model.position;
    if (!p) return false;
    setText(counters.epoch, String(p.epoch + 1));
    setText(counters.batch, String(Math.min(p.batch + 1, p.batches)));
    setText(counters.batches, String(p.batches));
    setText(counters.k, String(p.k));
    setText(counters.m, String(p.m));
    setText(counters.updates, String(p.updates));
    root.querySelector("#counters").classList.toggle("applied", p.applied);
    return false;
  }
  for (const topic of ["session", "example", "update", "state", "reset", "edit"]) {
    bus.on(topic, () => invalidate(view));
  }
  bus.on("state", (msg) => {
    if (msg.state.status !== "ready" && playing) showPlaying(false);
  });
  bus.on("stopped", () => showPlaying(false));
  bus.on("error", (msg) => {
    if (playing && msg.field && /^(stop_|rate$|unit$)/.test(msg.field)) showPlaying(false);
  });
  bus.on("session", () => showPlaying(false));
  return { stop };
}

// static/js/ui/trouble.js
function createTroubleNotice({ bus, notify, session }) {
  let said = "";
  let toast = null;
  function say(text, kind) {
    if (!text || text === said) return;
    clear();
    said = text;
    toast = notify(plain(text), {
      kind,
      sticky: true,
      action: { label: "Reset", run: () => session.reset() }
    });
    toast.dataset.trouble = kind;
  }
  function clear() {
    if (toast) toast.remove();
    [said, toast] = ["", null];
  }
  bus.on("state", (msg) => {
    const st = msg.state;
    if (st.status === "diverged") say(st.message, "error");
    else if (st.metrics && st.metrics.warning) say(st.metrics.warning, "warning");
  });
  bus.on("epoch", (e) => e && e.warning && say(e.warning, "warning"));
  bus.on("reset", clear);
  bus.on("session", clear);
}

// static/js/ui/userdata.js
var DECIMALS = 1e3;
var MAX_DRAWN = 2e3;
var MIN_POINTS = 5;
var MAX_CLASSES = CLASS_COLOURS.length;
var clamp = (v) => Math.round(Math.max(-1, Math.min(1, v)) * DECIMALS) / DECIMALS;
function pointsOf(data) {
  if (!data) return [];
  const rows = (part) => part.x.map(([a, b], i) => [clamp(a), clamp(b), part.labels[i]]);
  return [...rows(data.train), ...rows(data.test)];
}
function csvQuery(config) {
  const params = new URLSearchParams({ n_train: config.n_train, n_test: config.n_test, seed: config.seed });
  if (config.noise !== null && config.noise !== void 0) params.set("noise", String(config.noise));
  return params.toString();
}
function createUserData(root, { bus, model, notify, onData }) {
  const drawButton = root.querySelector('[data-act="draw"]');
  const bar = root.querySelector("#draw-bar");
  const trainButton = root.querySelector('[data-act="train-drawn"]');
  const count2 = root.querySelector("#drawn-count");
  const file = root.querySelector('[name="upload"]');
  const download = root.querySelector('[data-act="download"]');
  const about = root.querySelector("#userdata-about");
  const picker = root.querySelector(".draw-classes");
  let draft = null;
  function showClasses(info) {
    const n = Math.min(MAX_CLASSES, Math.max(2, info && info.n_classes || 2) + 1);
    const names = info && info.class_names || [];
    const chosen = Math.min(n - 1, Number((picker.querySelector(":checked") || { value: 0 }).value));
    picker.replaceChildren(...Array.from({ length: n }, (_, k) => {
      const label3 = document.createElement("label");
      const radio = Object.assign(document.createElement("input"), { type: "radio", name: "draw-class", value: String(k) });
      radio.checked = k === chosen;
      const swatch = document.createElement("i");
      swatch.className = "swatch";
      swatch.style.background = classColour(k);
      const named = names[k] !== void 0 && String(names[k]) !== String(k) ? ` · ${names[k]}` : "";
      label3.append(radio, swatch, `class ${k}${named}`);
      if (k === n - 1 && k >= (info && info.n_classes || 2)) label3.dataset.tip = "A class the data set does not have yet.";
      return label3;
    }));
  }
  function changed() {
    const n = draft ? draft.points.length : 0;
    const from = draft && draft.fromData && n ? ", the data set's" : "";
    count2.textContent = draft ? `${n} point${n === 1 ? "" : "s"}${from}` : "";
    trainButton.disabled = n < MIN_POINTS;
    if (n < MIN_POINTS) trainButton.dataset.tip = `Draw at least ${MIN_POINTS} points, of both classes.`;
    else delete trainButton.dataset.tip;
    bus.emit("draft", draft);
  }
  function setDrawing(on) {
    if (on) {
      const points = pointsOf(model.data);
      draft = {
        points,
        cls: Number(picker.querySelector('[name="draw-class"]:checked').value),
        fromData: true,
        // untouched: the points of the data set shown
        add(x, y) {
          if (points.length < MAX_DRAWN) points.push([clamp(x), clamp(y), draft.cls]);
          draft.fromData = false;
          changed();
        },
        remove(i) {
          points.splice(i, 1);
          draft.fromData = false;
          changed();
        }
      };
    } else {
      draft = null;
    }
    placeBar(on);
    drawButton.setAttribute("aria-pressed", String(on));
    drawButton.classList.toggle("active", on);
    changed();
  }
  function placeBar(on) {
    const slot = document.getElementById("draw-slot");
    bar.hidden = !on;
    if (on && slot) {
      slot.append(bar);
    } else if (!on && bar.parentElement !== root) {
      root.append(bar);
    }
  }
  async function use(upload, what) {
    try {
      const info = await upload();
      setDrawing(false);
      await onData(info);
    } catch (error) {
      notify(`${what}: ${error.message}`, { kind: "error" });
    }
  }
  drawButton.addEventListener("click", () => setDrawing(!draft));
  picker.addEventListener("change", (event) => {
    if (!draft || event.target.name !== "draw-class") return;
    draft.cls = Number(event.target.value);
    changed();
  });
  bar.querySelector('[data-act="clear-drawn"]').addEventListener("click", () => {
    if (!draft) return;
    draft.points.length = 0;
    draft.fromData = false;
    changed();
  });
  bar.querySelector('[data-act="cancel-drawn"]').addEventListener("click", () => {
    setDrawing(false);
    drawButton.focus({ preventScroll: true });
  });
  trainButton.addEventListener("click", () => {
    const rows = draft.points.map((p) => [...p]);
    use(() => api.uploadRows({ rows, name: "drawn points" }), "The drawn points");
  });
  file.addEventListener("change", () => {
    const chosen = file.files[0];
    file.value = "";
    if (chosen) use(() => api.uploadCsv(chosen, chosen.name.replace(/\.[^.]*$/, "")), chosen.name);
  });
  bus.on("session", (session) => {
    const { config, info } = session;
    download.href = api.csvURL(config.dataset, csvQuery(config));
    download.download = `${config.dataset}-seed${config.seed}.csv`;
    about.hidden = !info || !info.title;
    about.textContent = info && info.title ? info.description : "";
    const points = info && info.kind === "points";
    drawButton.disabled = !points;
    drawButton.dataset.tip = points ? "Draw: click on the data to add a point of the chosen class, click a point to remove it; then train on them." : "Drawing needs a 2-D data set: pick one of the point sets first.";
    if (draft && !points) setDrawing(false);
    if (!draft) showClasses(info);
  });
  changed();
}

// static/js/ui/announce.js
var region = null;
function announce(text) {
  if (!region) {
    region = document.createElement("p");
    region.className = "sr-only";
    region.id = "announce";
    region.setAttribute("aria-live", "polite");
    document.body.append(region);
  }
  region.textContent = text;
}

// static/js/charts/canvas.js
var INK = "#33415c";
var FAINT = "#8a94a6";
var MONO_FONT = '10px ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace';
var TITLE_FONT = '10px Inter, "Segoe UI", system-ui, -apple-system, Roboto, sans-serif';
function keepSize(el, { height = true } = {}) {
  let size = null;
  const measure = () => [el.clientWidth, height ? el.clientHeight : 0];
  new ResizeObserver(() => {
    const next = measure();
    if (size && next[0] === size[0] && next[1] === size[1]) return;
    const known = size !== null;
    size = next;
    if (known) el.dispatchEvent(new Event("chart-resize", { bubbles: true }));
  }).observe(el);
  return () => size ||= measure();
}
function keyStop(canvas, roleDescription, onKey) {
  canvas.tabIndex = 0;
  canvas.setAttribute("role", "application");
  canvas.setAttribute("aria-roledescription", roleDescription);
  canvas.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || !onKey(event)) return;
    event.preventDefault();
    event.stopPropagation();
  });
}
function verticalText(ctx, text, x, y) {
  ctx.save();
  ctx.translate(x, y);
  ctx.rotate(-Math.PI / 2);
  ctx.textAlign = "center";
  ctx.textBaseline = "middle";
  ctx.fillText(text, 0, 0);
  ctx.restore();
}
function makeCanvas(el, className = "chart") {
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
    width: () => size()[0]
  };
}
function tickStep(count2, length, minGap = 14) {
  const steps = [1, 2, 5, 10, 20, 50, 100, 200, 500];
  return steps.find((s) => length / count2 * s >= minGap) || 1e3;
}
function short(v) {
  const a = Math.abs(v);
  if (a === 0) return "0";
  const text = a >= 0.01 && a < 1e3 ? v.toPrecision(2) : v.toExponential(1).replace("e+", "e");
  return text.replace(/-/g, "−");
}
var ramps = /* @__PURE__ */ new Map();
var RAMPS_KEPT = 64;
function rampImage(ramp, height, width, lo, hi, colour) {
  const key = `${ramp}|${height}`;
  let image = ramp === null ? null : ramps.get(key);
  if (!image) {
    const rows = Math.max(1, Math.round(height));
    image = new OffscreenCanvas(width, rows);
    const ctx = image.getContext("2d");
    for (let i = 0; i < rows; i++) {
      ctx.fillStyle = colour(hi - (hi - lo) * (i + 0.5) / rows);
      ctx.fillRect(0, i, width, 1);
    }
    if (ramp !== null) {
      if (ramps.size >= RAMPS_KEPT) ramps.delete(ramps.keys().next().value);
      ramps.set(key, image);
    }
  }
  return image;
}
function colourBar(ctx, { x, y, height, lo, hi, colour, names = null, ramp = null }) {
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
  const label3 = (v, at2) => ctx.fillText(typeof v === "string" ? v : short(v), x + width + 3, at2);
  label3(names ? names.hi : hi, y + 4);
  label3(names ? names.lo : lo, y + height - 4);
  if (lo < 0 && hi > 0) label3(0, y + height * hi / (hi - lo));
}
var divergingRGB = (zmax) => (v) => rgbAt(0.5 + (zmax > 0 ? v / zmax : 0) / 2);
var greysRGB = (v) => {
  const c = Math.round(255 - 228 * Math.min(1, Math.max(0, v)));
  return [c, c, Math.min(255, c + 6)];
};
var css = ([r, g, b]) => `rgb(${r},${g},${b})`;
var diverging = (zmax) => (v) => css(divergingRGB(zmax)(v));

// static/js/charts/bars.js
var STEPS2 = { ArrowLeft: -1, ArrowRight: 1 };
function createBars(el, {
  onHover,
  onLeave,
  onClick,
  onDoubleClick,
  left = 42,
  right = 44,
  keys = null
} = {}) {
  const { canvas, prepare } = makeCanvas(el, "chart bars");
  let geometry2 = null;
  let last = null;
  let cursor = 0;
  if (keys) listenToKeys();
  function listenToKeys() {
    keyStop(canvas, "bars", (event) => {
      if (!geometry2) return false;
      if (event.key in STEPS2) {
        cursor = Math.max(0, Math.min(geometry2.n - 1, cursor + STEPS2[event.key]));
        keys.onMove(cursor);
        announce(keys.describe(cursor));
      } else if (event.key === "Enter") {
        const r = canvas.getBoundingClientRect();
        keys.onEnter(cursor, {
          clientX: r.left + geometry2.x + (cursor + 0.5) * geometry2.bw,
          clientY: r.top + r.height / 2
        });
      } else {
        return false;
      }
      return true;
    });
  }
  function indexAt(event) {
    if (!geometry2) return null;
    const r = canvas.getBoundingClientRect();
    const j = Math.floor((event.clientX - r.left - geometry2.x) / geometry2.bw);
    return j >= 0 && j < geometry2.n ? j : null;
  }
  canvas.addEventListener("mousemove", (event) => {
    const j = indexAt(event);
    if (j !== null && onHover) onHover(event, j, last.y[j]);
    else if (j === null && onLeave) onLeave();
  });
  canvas.addEventListener("mouseleave", () => onLeave && onLeave());
  canvas.addEventListener("click", (event) => {
    const j = indexAt(event);
    if (j !== null && onClick) onClick(j, event);
  });
  canvas.addEventListener("dblclick", (event) => {
    const j = indexAt(event);
    if (j !== null && onDoubleClick) onDoubleClick(j, event);
  });
  function draw2({
    y,
    range: range2,
    colour = null,
    outline = () => false,
    labels = null,
    faded = false,
    extent = null,
    selected = null
  }) {
    last = { y };
    el.data = [{ type: "bar", y, range: range2 }];
    const { ctx, w, h } = prepare();
    const n = y.length;
    const [lo, hi] = range2;
    const top = 6, bottom = 14;
    const ah = h - top - bottom;
    const x = extent ? Math.max(left, extent.x) : left;
    const bw = (extent ? Math.min(extent.width, w - x - 4) : w - left - right) / Math.max(1, n);
    geometry2 = { x, bw, n };
    const at2 = (v) => top + (hi - Math.min(hi, Math.max(lo, v))) / (hi - lo || 1) * ah;
    const paint = colour || ((v) => diverging(Math.max(Math.abs(lo), Math.abs(hi)))(v));
    const zero = at2(0);
    const gap = bw > 5 ? Math.min(4, bw * 0.2) : 0;
    ctx.globalAlpha = faded ? 0.35 : 1;
    for (let j = 0; j < n; j++) {
      const y0 = Math.min(zero, at2(y[j])), y1 = Math.max(zero, at2(y[j]));
      ctx.fillStyle = paint(y[j], j);
      ctx.fillRect(x + j * bw + gap / 2, y0, bw - gap, Math.max(1, y1 - y0));
      if (outline(j)) {
        ctx.strokeStyle = INK;
        ctx.lineWidth = 2;
        ctx.strokeRect(x + j * bw + gap / 2, y0, bw - gap, Math.max(1, y1 - y0));
      }
    }
    ctx.globalAlpha = 1;
    ctx.strokeStyle = "#9aa5b8";
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(x, Math.round(zero) + 0.5);
    ctx.lineTo(x + n * bw, Math.round(zero) + 0.5);
    ctx.stroke();
    ctx.font = MONO_FONT;
    ctx.fillStyle = FAINT;
    ctx.textAlign = "right";
    ctx.textBaseline = "middle";
    ctx.fillText(short(hi), x - 4, top + 4);
    if (lo < 0) ctx.fillText(short(lo), x - 4, top + ah - 4);
    if (lo < 0 && hi > 0) ctx.fillText("0", x - 4, zero);
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    const step = tickStep(n, n * bw, 14);
    for (let j = 0; j < n; j += step) {
      ctx.fillText(labels ? labels[j] : String(j), x + (j + 0.5) * bw, top + ah + 3);
    }
    if (keys && n) {
      cursor = Math.min(selected ?? cursor, n - 1);
      const label3 = `${keys.describe(cursor)}. Arrow keys move, Enter sets it.`;
      if (canvas.getAttribute("aria-label") !== label3) canvas.setAttribute("aria-label", label3);
    }
    el.dataset.drawn = String(Number(el.dataset.drawn || 0) + 1);
  }
  return { draw: draw2, canvas };
}

// static/js/charts/heatmap.js
var STEPS3 = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
var SMALL = 2500;
var BAR_LEAST = 44;
function createHeatmap(el, options = {}) {
  const {
    onHover,
    onLeave,
    onClick,
    onDoubleClick,
    square = true,
    ticks = true,
    bar = 52,
    minCell = 11,
    keys = null
  } = options;
  const { canvas, prepare, width } = makeCanvas(el, "chart heatmap");
  let geometry2 = null;
  let last = null;
  let cursor = { j: 0, k: 0 };
  if (keys) listenToKeys();
  function listenToKeys() {
    keyStop(canvas, "matrix", (event) => {
      if (!geometry2) return false;
      const { j, k } = cursor;
      if (STEPS3[event.key]) {
        const [dj, dk] = STEPS3[event.key];
        const next = [Math.max(0, Math.min(geometry2.rows - 1, j + dj)), Math.max(0, Math.min(geometry2.cols - 1, k + dk))];
        cursor = { j: next[0], k: next[1] };
        keys.onMove(...next);
        announce(keys.describe(...next));
      } else if (event.key === "Enter") {
        const r = canvas.getBoundingClientRect();
        keys.onEnter(j, k, {
          clientX: r.left + geometry2.x + (k + 0.5) * geometry2.cw,
          clientY: r.top + geometry2.y + (j + 0.5) * geometry2.ch
        });
      } else {
        return false;
      }
      return true;
    });
  }
  function cellAt(event) {
    if (!geometry2) return null;
    const r = canvas.getBoundingClientRect();
    const k = Math.floor((event.clientX - r.left - geometry2.x) / geometry2.cw);
    const j = Math.floor((event.clientY - r.top - geometry2.y) / geometry2.ch);
    return j >= 0 && k >= 0 && j < geometry2.rows && k < geometry2.cols ? { j, k } : null;
  }
  canvas.addEventListener("mousemove", (event) => {
    const cell2 = cellAt(event);
    if (cell2 && onHover) onHover(event, cell2.j, cell2.k, last.z[cell2.j][cell2.k]);
    else if (!cell2 && onLeave) onLeave();
  });
  canvas.addEventListener("mouseleave", () => onLeave && onLeave());
  canvas.addEventListener("click", (event) => {
    const cell2 = cellAt(event);
    if (cell2 && onClick) onClick(cell2.j, cell2.k, event);
  });
  canvas.addEventListener("dblclick", (event) => {
    const cell2 = cellAt(event);
    if (cell2 && onDoubleClick) onDoubleClick(cell2.j, cell2.k, event);
  });
  function layout3(w, h, rows, cols) {
    const left = ticks ? 24 : 2, bottom = ticks ? 15 : 2, top = 4;
    const aw = w - left - bar - 6, ah = h - top - bottom;
    let cw = aw / cols, ch = ah / rows;
    if (square) {
      const c = Math.min(cw, ch, 40);
      cw = c;
      ch = Math.min(ch, Math.max(c, minCell));
    }
    const x = left + Math.max(0, (aw - cw * cols) / 2);
    return { x, y: top + Math.max(0, (ah - ch * rows) / 2), cw, ch, rows, cols };
  }
  function cells(ctx, z, g, colour) {
    const gap = g.cw > 6 && g.ch > 6 ? 1 : 0;
    if (z.length * z[0].length <= SMALL) {
      for (let j = 0; j < g.rows; j++) {
        for (let k = 0; k < g.cols; k++) {
          ctx.fillStyle = css(colour(z[j][k]));
          ctx.fillRect(g.x + k * g.cw, g.y + j * g.ch, g.cw - gap, g.ch - gap);
        }
      }
      return;
    }
    const image = new ImageData(g.cols, g.rows);
    for (let j = 0; j < g.rows; j++) {
      for (let k = 0; k < g.cols; k++) {
        const [r, gr, b] = colour(z[j][k]);
        image.data.set([r, gr, b, 255], (j * g.cols + k) * 4);
      }
    }
    const off = new OffscreenCanvas(g.cols, g.rows);
    off.getContext("2d").putImageData(image, 0, 0);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(off, g.x, g.y, g.cw * g.cols, g.ch * g.rows);
  }
  function axes2(ctx, g) {
    ctx.fillStyle = FAINT;
    ctx.font = MONO_FONT;
    ctx.textAlign = "right";
    ctx.textBaseline = "middle";
    const rs = tickStep(g.rows, g.ch * g.rows, 12);
    for (let j = 0; j < g.rows; j += rs) ctx.fillText(String(j), g.x - 4, g.y + (j + 0.5) * g.ch);
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    const cs = tickStep(g.cols, g.cw * g.cols, 16);
    for (let k = 0; k < g.cols; k += cs) {
      ctx.fillText(String(k), g.x + (k + 0.5) * g.cw, g.y + g.rows * g.ch + 3);
    }
  }
  function draw2({ z, zmax, zmin = -zmax, palette = "diverging", selected = null, faded = false }) {
    last = { z, zmax, zmin };
    el.data = [{ type: "heatmap", z, zmin, zmax }];
    const { ctx, w, h } = prepare();
    const rows = z.length, cols = z[0] ? z[0].length : 0;
    if (!rows || !cols) return null;
    const g = geometry2 = layout3(w, h, rows, cols);
    const colour = palette === "greys" ? greysRGB : divergingRGB(zmax);
    ctx.globalAlpha = faded ? 0.35 : 1;
    cells(ctx, z, g, colour);
    ctx.globalAlpha = 1;
    if (ticks) axes2(ctx, g);
    if (selected && selected.j < rows && selected.k < cols) {
      ctx.strokeStyle = INK;
      ctx.lineWidth = 2;
      ctx.strokeRect(g.x + selected.k * g.cw - 1, g.y + selected.j * g.ch - 1, g.cw + 1, g.ch + 1);
    }
    const height = Math.max(g.ch * rows, Math.min(BAR_LEAST, h - 4));
    const barY = Math.max(2, Math.min(g.y + (g.ch * rows - height) / 2, h - height - 2));
    const ramp = palette === "greys" ? `greys:${zmin}:${zmax}` : zmin === -zmax && zmax > 0 ? "diverging" : null;
    colourBar(ctx, { x: w - bar + 4, y: barY, height, lo: zmin, hi: zmax, colour: (v) => css(colour(v)), ramp });
    if (keys) {
      if (selected) cursor = { j: selected.j, k: selected.k };
      cursor = { j: Math.min(cursor.j, rows - 1), k: Math.min(cursor.k, cols - 1) };
      const label3 = `${keys.describe(cursor.j, cursor.k)}. Arrow keys move, Enter sets it.`;
      if (canvas.getAttribute("aria-label") !== label3) canvas.setAttribute("aria-label", label3);
    }
    el.dataset.drawn = String(Number(el.dataset.drawn || 0) + 1);
    el.drawnGeometry = { ...g, bar: { x: w - bar + 4, y: barY, height } };
    return { x: g.x, width: g.cw * cols, y: g.y, height: g.ch * rows, barX: w - bar + 4 };
  }
  return { draw: draw2, canvas, width };
}

// static/js/views/captions.js
function startSentence(batch) {
  return `Mini-batch ${batch + 1} is about to start: nabla_w is all zeros. Step an example to run backprop on its first (x, y).`;
}
function exampleSentence(e, mode) {
  const which = `Example ${e.index + 1} of ${e.batch_size} (training row ${e.sample})`;
  if (mode === "per_example") {
    return `${which}: the weights moved by −η/m times this example's gradient, so the next gradient is taken at the moved weights.`;
  }
  return `${which}: its gradient is added to nabla_w; the weights have not moved yet.`;
}
function resumedSentence(batch, mode) {
  const e = batch.last;
  const moved = mode === "per_example" ? `the weights moved after ${e.index === 0 ? "it" : "each of them"}` : "the weights have not moved yet";
  const summed = e.index === 0 ? `example 1 of ${e.batch_size} is summed into nabla_w (training row ${e.sample})` : `examples 1 to ${e.index + 1} of ${e.batch_size} are summed into nabla_w (the last, training row ${e.sample})`;
  return `Mini-batch ${e.batch + 1}, part way: ${summed}; ${moved}. Step an example to go on with example ${e.index + 2}.`;
}
function updateSentence(u) {
  const m = u.batch_size;
  if (u.mode === "per_example") {
    return `End of the mini-batch: nothing moves now; the weights already moved ${m} time${m === 1 ? "" : "s"}, by −η/m times each example's gradient in turn.`;
  }
  const decay = u.lmbda > 0 ? ", after the L2 decay" : "";
  return `End of the mini-batch: the weights move once, by −η/m times the sum of ${m} gradient${m === 1 ? "" : "s"} (η/m = ${fmt(u.eta)}/${m} = ${fmt(u.eta / m)}${decay}).`;
}
function editSentence(e) {
  const name = e.kind === "weight" ? `weights[${e.layer}][${e.row}][${e.col}]` : `biases[${e.layer}][${e.row}]`;
  return `Set by hand: ${name} went from ${fmt(e.old, 4)} to ${fmt(e.new, 4)}. Every gradient of mini-batch ${e.batch + 1} is taken at the new value, and its update starts from it.`;
}
var MISSING = {
  speed: {
    note: "not sent at this speed",
    cell: "not sent",
    sentence: (what) => `Played too fast to send ${what}: pause and step to see them.`
  },
  size: {
    note: "not sent for so large a step",
    cell: "not sent",
    sentence: (what) => `A step this large sends only each example's cost: ${what} would be too many numbers. Step fewer at a time to see them.`
  },
  fetch: {
    note: "not restored: too many numbers",
    cell: "not restored",
    sentence: (what) => `Restored from the server without ${what}: at full detail, the examples so far are too many numbers to fetch at once. The examples still to come bring theirs.`
  },
  limit: {
    note: "not restored: over the server's limit",
    cell: "not restored",
    sentence: (what) => `Restored from the server without ${what}: at full detail, the examples so far are more numbers than the server sends in one answer. The examples still to come bring theirs.`
  },
  start: {
    note: "the weights it started from were not restored",
    cell: "not restored",
    sentence: () => "The weights this mini-batch started from were not restored."
  },
  restored: {
    note: "not restored",
    cell: "not restored",
    sentence: (what) => `Restored from the server without ${what}. The examples still to come bring theirs.`
  }
};
var missingOf = (why) => MISSING[why] || MISSING.speed;
function missingNote(why) {
  return missingOf(why).note;
}
function missingCell(why) {
  return missingOf(why).cell;
}
function missingSentence(e, why, mode) {
  if (!e || e.type !== "example" || e.delta_nabla_w) return "";
  const what = mode === "per_example" ? "each example's gradient and the weights after it" : "each example's gradient";
  return missingOf(why).sentence(what);
}

// static/js/views/layers.js
function layerName(sizes, l) {
  const name = (i) => i === 0 ? "input" : i === sizes.length - 1 ? "output" : `hidden ${i}`;
  return `weights[${l}] · ${name(l)} → ${name(l + 1)} (${sizes[l + 1]}×${sizes[l]})`;
}
function stepFormula(config, kind = "w", sum = "nabla_w") {
  const step = `−(η/m)·${sum}`;
  if (kind !== "w" || !(config.lmbda > 0)) return step;
  if (config.update === "batch") return `${step} − (ηλ/n)·w`;
  return sum.startsWith("delta") ? `${step} − (ηλ/nm)·w` : `${step} and m L2 decays`;
}
function updateWhen(config, m) {
  return config.update === "per_example" ? "after each example" : `after example ${m}`;
}
function zeros(rows, cols) {
  return Array.from({ length: rows }, () => new Array(cols).fill(0));
}
function plain3(matrix2, scale = 1) {
  return matrix2.map((row) => Array.from(row, (v) => v * scale));
}
function plainVector(vector, scale = 1) {
  return Array.from(vector, (v) => v * scale);
}
function mix(a, b, t) {
  if (typeof a[0] === "number") return Array.from(a, (v, j) => v + t * (b[j] - v));
  return a.map((row, j) => Array.from(row, (v, k) => v + t * (b[j][k] - v)));
}
var ease = (t) => t <= 0 ? 0 : t >= 1 ? 1 : t * t * (3 - 2 * t);
function progress(change, now, { hold, tween }) {
  if (!change || tween <= 0) return 1;
  return ease((now - change.at - hold) / tween);
}
var CODE = {
  backprop: "self.backprop(x, y)",
  sum: "nw+dnw",
  step: "-(eta/len(mini_batch))*nw",
  update: "w-(eta/len(mini_batch))*nw"
};

// static/js/views/accumulation.js
var COLUMNS = [
  {
    key: "example",
    title: "This example's gradient",
    w: "delta_nabla_w",
    b: "delta_nabla_b",
    code: CODE.backprop,
    op: "+="
  },
  { key: "sum", title: "The sum so far", w: "nabla_w", b: "nabla_b", code: CODE.sum, op: "× −η/m" },
  {
    key: "step",
    title: "The one update",
    w: "−(η/m)·nabla_w",
    b: "−(η/m)·nabla_b",
    code: CODE.step,
    op: "+"
  },
  { key: "weights", title: "The weights", w: "w", b: "b", code: CODE.update, op: null }
];
var PER_EXAMPLE_COLUMNS = {
  sum: { code: "kept only to compare", op: "" },
  step: { title: "This example's step", code: "-(eta/m)*dnw" },
  weights: { code: "w-(eta/m)*dnw" }
};
var PER_EXAMPLE_TOTAL = { title: "Its m steps together", code: "Σ -(eta/m)*dnw" };
var HEADINGS = {
  batch: {
    title: "Gradients summed, then one update",
    subtitle: "update_mini_batch: each example's gradient is added into nabla_w; the weights move once per mini-batch"
  },
  per_example: {
    title: "The weights move after every example",
    subtitle: "update_per_example: each example's step −(η/m)·∇ᵢ moves the weights; the next gradient is taken at the moved weights"
  }
};
var MIN_CELL = 18;
var LAYER_TIP = "Which weights[l] to show: row j is a neuron of layer l+1, column k one of layer l, so w[j][k] links neuron k to neuron j.";
function element2(tag, className, text = "") {
  const el = document.createElement(tag);
  el.className = className;
  el.textContent = text;
  return el;
}
function columnElement(spec) {
  const col = element2("div", `acc-col acc-${spec.key}`);
  col.innerHTML = `<h3><span class="acc-title"></span> <code class="acc-name"></code></h3>
    <p class="acc-code"><code></code></p>
    <div class="chart-box heat" id="acc-${spec.key}-w"><div class="acc-note" hidden></div></div>
    <div class="chart-box bars" id="acc-${spec.key}-b"></div>`;
  labelColumn(col, spec);
  return col;
}
function labelColumn(col, spec, op = null) {
  col.querySelector(".acc-title").textContent = spec.title;
  col.querySelector(".acc-name").textContent = spec.w;
  col.querySelector(".acc-code code").textContent = spec.code;
  if (op) op.textContent = spec.op;
}
function columnsAt(model, l, now, animation) {
  const { batch, change, network } = model;
  const [rows, cols] = [network.sizes[l + 1], network.sizes[l]];
  const last = batch.last && batch.last.delta_nabla_w ? batch.last : null;
  const fresh = Boolean(change && batch.key !== null && change.batchKey === batch.key);
  const t = fresh ? progress(change, now, animation) : 1;
  let sum = null;
  if (batch.nabla_w) sum = { w: plain3(batch.nabla_w[l]), b: plainVector(batch.nabla_b[l]) };
  else if (batch.k === 0) sum = { w: zeros(rows, cols), b: new Array(rows).fill(0) };
  const out = {
    example: last && { w: plain3(last.delta_nabla_w[l]), b: plainVector(last.delta_nabla_b[l]) },
    sum,
    step: fresh && { w: plain3(change.step.w[l], t), b: plainVector(change.step.b[l], t) },
    weights: { w: plain3(network.weights[l]), b: plainVector(network.biases[l]) }
  };
  if (fresh && t < 1) {
    const { before, after } = change;
    out.weights = {
      w: mix(before.weights[l], after.weights[l], t),
      b: mix(before.biases[l], after.biases[l], t)
    };
  }
  return { out, t, fresh };
}
function sentence(model, fresh) {
  const { batch, position, session } = model;
  const edit = model.history.edits[model.history.edits.length - 1];
  if (edit && edit.seq === model.lastSeq) return editSentence(edit);
  if (!batch.key || !batch.last) return startSentence(position.batch);
  const told = batch.update && (fresh || batch.update.mode === "per_example");
  if (batch.complete && told) return updateSentence(batch.update);
  if (batch.complete) return `Mini-batch done: its ${batch.m} gradients were summed and applied in one update.`;
  const mode = session.config.update;
  const said = batch.restored ? resumedSentence(batch, mode) : exampleSentence(batch.last, mode);
  const why = missingSentence(batch.last, batch.missing, mode);
  return why ? `${said} ${why}` : said;
}
function createAccumulationView({
  el,
  tools,
  setTitle,
  bus,
  model,
  invalidate,
  animation,
  onLayer,
  editor
}) {
  const select = element2("select", "acc-layer");
  select.name = "layer";
  select.setAttribute("aria-label", "Layer shown");
  const label3 = element2("label", "inline-field");
  label3.dataset.tip = LAYER_TIP;
  label3.append(element2("span", "", "Layer"), select);
  tools.append(label3);
  const caption = element2("p", "caption");
  caption.id = "acc-caption";
  caption.setAttribute("aria-live", "polite");
  const grid = element2("div", "acc-grid");
  const slot = element2("div", "acc-slot");
  slot.dataset.slot = "waterfall";
  el.append(caption, grid, slot);
  const view = { name: "accumulation", render, minInterval: () => model.playing ? 33 : 0 };
  el.addEventListener("chart-resize", () => invalidate(view));
  const charts2 = {};
  let shown = null;
  let sumScale = { key: null, max: 0 };
  for (const spec of COLUMNS) {
    const col = columnElement(spec);
    grid.append(col);
    const op = spec.op ? element2("div", "acc-op", spec.op) : null;
    if (op) grid.append(op);
    const heat = createHeatmap(col.querySelector(".heat"), {
      minCell: MIN_CELL,
      onHover: (event, j, k) => tip2(event, "w", j, k),
      onLeave: hideTip,
      onClick: (j, k, event) => event.shiftKey ? edit("weight", j, k, event) : model.select({ kind: "w", j, k }),
      onDoubleClick: (j, k, event) => edit("weight", j, k, event),
      // the weights' heatmap is the one reached from the keyboard: its cells are what is set
      keys: spec.key === "weights" ? {
        describe: (j, k) => describe3(j, k),
        onMove: (j, k) => model.select({ kind: "w", j, k }),
        onEnter: (j, k, at2) => edit("weight", j, k, at2)
      } : null
    });
    const bars = createBars(col.querySelector(".bars"), {
      onHover: (event, j) => tip2(event, "b", j),
      onLeave: hideTip,
      onClick: (j, event) => event.shiftKey ? edit("bias", j, null, event) : model.select({ kind: "b", j }),
      onDoubleClick: (j, event) => edit("bias", j, null, event),
      // and its biases, beside them
      keys: spec.key === "weights" ? {
        describe: (j) => describe3(j, null),
        onMove: (j) => model.select({ kind: "b", j }),
        onEnter: (j, at2) => edit("bias", j, null, at2)
      } : null
    });
    charts2[spec.key] = { col, op, heat, bars };
  }
  function edit(kind, row, col, event) {
    if (!shown) return;
    model.select(kind === "weight" ? { kind: "w", j: row, k: col } : { kind: "b", j: row });
    editor.open({ layer: shown.l, kind, row, col }, event);
  }
  function entries2(kind, j, k) {
    const l = shown.l;
    const value = (key) => {
      const d = shown.out[key];
      return d ? fmt(kind === "w" ? d.w[j][k] : d.b[j], 4) : "–";
    };
    const title2 = kind === "w" ? `[${l}][${j}][${k}] · neuron ${k} → neuron ${j}` : `[${l}][${j}] · bias of neuron ${j}`;
    const sum = `${shown.own ? "delta_" : ""}nabla_${kind}`;
    const name = (c) => c.key === "step" ? stepFormula(model.session.config, kind, sum) : c[kind];
    return [title2, COLUMNS.map((c) => [name(c), value(c.key)])];
  }
  function tip2(event, kind, j, k) {
    if (!shown) return;
    const [title2, lines] = entries2(kind, j, k);
    showTip(event, title2, [...lines, ["double-click", "set by hand"]]);
  }
  function describe3(j, k) {
    const bias = k === null;
    if (!shown) return bias ? `biases, row ${j}` : `weights, row ${j}, column ${k}`;
    const [title2, lines] = entries2(bias ? "b" : "w", j, k);
    const said = [lines[lines.length - 1], ...lines.slice(0, -1)].map(([n, v]) => `${n} ${v}`);
    return `${bias ? "biases" : "weights"}${title2.replace(" · ", ", ")}: ${said.join(", ")}`;
  }
  select.addEventListener("change", () => {
    model.select({ layer: Number(select.value), kind: "w", j: 0, k: 0 });
    onLayer(Number(select.value));
  });
  for (const topic of ["session", "example", "update", "network", "selection", "state", "reset", "edit"]) {
    bus.on(topic, () => invalidate(view));
  }
  bus.on("session", () => {
    const { sizes, update } = model.session.config;
    const heading = HEADINGS[update] || HEADINGS.batch;
    setTitle(heading.title, heading.subtitle);
    const mode = update === "per_example" ? PER_EXAMPLE_COLUMNS : {};
    for (const spec of COLUMNS) labelColumn(charts2[spec.key].col, { ...spec, ...mode[spec.key] }, charts2[spec.key].op);
    const options = sizes.slice(0, -1).map((_, l) => new Option(layerName(sizes, l), String(l)));
    select.replaceChildren(...options);
  });
  function scaleOf2(key, data, l, fresh) {
    const c = model.change;
    if (key === "weights" && fresh) {
      const { before, after } = c;
      return Math.max(
        maxAbs(before.weights[l]),
        maxAbs(after.weights[l]),
        maxAbs(before.biases[l]),
        maxAbs(after.biases[l])
      );
    }
    if (key === "step" && fresh) return Math.max(maxAbs(c.step.w[l]), maxAbs(c.step.b[l]));
    if (!data) return 1;
    let own = Math.max(maxAbs(data.w), maxAbs(data.b));
    if (key === "sum") {
      const id = `${model.batch.key}:${l}`;
      if (sumScale.key !== id) sumScale = { key: id, max: 0 };
      sumScale.max = Math.max(sumScale.max, own);
      own = sumScale.max;
    }
    return own < 1e-9 ? 1 : own;
  }
  function fitHeight(rows, cols) {
    const cell2 = Math.min(40, Math.max(((charts2.example.heat.width() || 200) - 80) / cols, MIN_CELL));
    const height = Math.round(Math.max(72, Math.min(220, rows * cell2 + 22)));
    for (const { col } of Object.values(charts2)) setStyle(col.querySelector(".heat"), "height", `${height}px`);
  }
  function drawColumn(key, data, scale, [rows, cols], l) {
    const sel = model.selection;
    const { heat, bars } = charts2[key];
    const extent = heat.draw({
      z: data ? data.w : zeros(rows, cols),
      zmax: scale,
      faded: !data,
      selected: sel.kind === "w" && sel.layer === l ? sel : null
    });
    charts2[key].extent = extent;
    bars.draw({
      y: data ? data.b : new Array(rows).fill(0),
      range: [-scale, scale],
      faded: !data,
      extent,
      outline: (j) => sel.kind === "b" && sel.layer === l && sel.j === j,
      selected: sel.kind === "b" && sel.layer === l ? sel.j : null
    });
  }
  function note(key, text) {
    const box = charts2[key].col.querySelector(".acc-note");
    if (box.hidden !== !text) box.hidden = !text;
    setText(box, text || "");
    const at2 = charts2[key].extent;
    if (!text || !at2) return;
    const centre = at2.x + at2.width / 2;
    setStyle(box, "left", `${centre}px`);
    setStyle(box, "top", `${at2.y + at2.height / 2}px`);
    setStyle(box, "maxWidth", `${Math.max(40, Math.min(at2.width, 2 * (at2.barX - 4 - centre)))}px`);
  }
  function notes(out) {
    const { batch, position } = model;
    const summary = batch.last && !batch.last.delta_nabla_w ? missingNote(batch.missing) : "";
    note("example", out.example ? "" : summary || "waits for an example");
    note("sum", batch.k === 0 ? "np.zeros: nothing summed yet" : out.sum ? "" : summary);
    const why = batch.updateMissing ? `; ${missingNote(batch.updateMissing)}` : "";
    const applied = batch.complete ? `applied${why}` : "";
    note("step", out.step ? "" : applied || `applied ${updateWhen(model.session.config, position.m || "m")}`);
  }
  function render(now) {
    if (!model.network || !model.session) return false;
    const l = Math.min(model.selection.layer, model.network.sizes.length - 2);
    if (select.value !== String(l)) select.value = String(l);
    const shape2 = [model.network.sizes[l + 1], model.network.sizes[l]];
    const { out, t, fresh } = columnsAt(model, l, now, animation());
    const own = fresh && model.change.mode === "per_example";
    shown = { l, out, own };
    fitHeight(...shape2);
    for (const { key } of COLUMNS) drawColumn(key, out[key], scaleOf2(key, out[key], l, fresh), shape2, l);
    notes(out);
    const { batch, position } = model;
    setText(charts2.sum.col.querySelector(".acc-name"), `nabla_w · ${batch.k} of ${batch.m || position.m}`);
    setText(
      charts2.step.col.querySelector(".acc-name"),
      stepFormula(model.session.config, "w", own ? "delta_nabla_w" : "nabla_w")
    );
    if (model.session.config.update === "per_example") {
      const step = own || !out.step ? PER_EXAMPLE_COLUMNS.step : PER_EXAMPLE_TOTAL;
      setText(charts2.step.col.querySelector(".acc-title"), step.title);
      setText(charts2.step.col.querySelector(".acc-code code"), step.code);
    }
    charts2.step.col.classList.toggle("pending", !out.step);
    charts2.weights.col.classList.toggle("moving", fresh && t < 1);
    setText(caption, sentence(model, fresh));
    return fresh && t < 1;
  }
  return view;
}

// static/js/views/code-steps.js
var ENTRIES = 4;
var argmax = (v) => Array.from(v).reduce((best, x, i, a) => x > a[best] ? i : best, 0);
function entriesAround(sel, sizes) {
  const l = Math.min(sel.layer, sizes.length - 2);
  const cols = sel.kind === "w" ? sizes[l] : 1;
  const total = sizes[l + 1] * cols;
  const at2 = sel.kind === "w" ? sel.j * cols + sel.k : sel.j;
  const start = Math.max(0, Math.min(at2 - 1, total - ENTRIES));
  const idx = [];
  for (let i = start; i < Math.min(total, start + ENTRIES); i++) {
    idx.push(sel.kind === "w" ? [Math.floor(i / cols), i % cols] : [i]);
  }
  const names = sel.kind === "w" ? { delta: "delta_nabla_w", sum: "nabla_w", param: "weights" } : { delta: "delta_nabla_b", sum: "nabla_b", param: "biases" };
  return { l, idx, selected: at2 - start, names };
}
function stepsOf(batch) {
  const steps = batch.examples.filter(Boolean);
  if (batch.complete && batch.update) steps.push(batch.update);
  return steps;
}
function valuesOf(e, batch, mode, at2) {
  const { l, idx, names } = at2;
  const pick3 = (arrays) => arrays ? idx.map((i) => i.length === 2 ? arrays[l][i[0]][i[1]] : arrays[l][i[0]]) : null;
  const start = batch.start ? batch.start[names.param] : null;
  const self = `self.${names.param}`;
  if (e.type === "update") {
    const m = e.batch_size;
    const scalars2 = [["m", String(m), "len(mini_batch)"], ["η/m", fmt(e.eta / m, 4), `${fmt(e.eta)}/${m}`]];
    const rows2 = mode === "per_example" ? [
      { id: "w-before", label: `${self} at the start`, values: pick3(start) },
      { id: "w-after", label: `${self} now`, values: pick3(e[names.param]), changed: true }
    ] : [
      { id: "sum", label: `${names.sum} (Σ of ${m})`, values: pick3(e[names.sum]) },
      { id: "w-before", label: `${self} before`, values: pick3(start) },
      { id: "w-after", label: `${self} after`, values: pick3(e[names.param]), changed: true }
    ];
    return { scalars: scalars2, rows: rows2 };
  }
  const k = e.index;
  const prev = k > 0 ? batch.examples[k - 1] : null;
  const scalars = [
    ["k", String(k), `example ${k + 1} of ${e.batch_size}`],
    ["x, y", `row ${e.sample}`, `label ${argmax(e.y)}`]
  ];
  const rows = [{ id: "delta", label: names.delta, values: pick3(e[names.delta]), changed: true }];
  if (mode === "per_example") {
    const before = k === 0 ? start : prev && prev[names.param];
    rows.push(
      { id: "w-before", label: `${self} before`, values: pick3(before) },
      { id: "w-after", label: `${self} after`, values: pick3(e[names.param]), changed: true }
    );
  } else {
    const before = k === 0 ? idx.map(() => 0) : pick3(prev && prev[names.sum]);
    rows.push(
      { id: "sum-before", label: `${names.sum} before`, values: before },
      { id: "sum-after", label: `${names.sum} after`, values: pick3(e[names.sum]), changed: true },
      { id: "w", label: self, values: pick3(start), note: "not moved yet" }
    );
  }
  return { scalars, rows };
}

// static/js/views/listing.js
var TOKENS = new RegExp([
  String.raw`(?<doc>"""[\s\S]*?""")`,
  String.raw`(?<comment>#[^\n]*)`,
  String.raw`(?<str>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')`,
  String.raw`(?<kw>\b(?:def|for|in|return|if|else|elif|not|and|or|lambda|None|True|False|with|as)\b)`,
  String.raw`(?<self>\bself\b)`,
  String.raw`(?<num>\b\d+(?:\.\d+)?\b)`
].join("|"), "g");
function tokenize(source) {
  const tokens = [];
  let at2 = 0;
  for (const match of source.matchAll(TOKENS)) {
    if (match.index > at2) tokens.push({ text: source.slice(at2, match.index), cls: "" });
    const cls = Object.entries(match.groups).find(([, v]) => v !== void 0)[0];
    tokens.push({ text: match[0], cls: cls === "doc" ? "str doc" : cls });
    at2 = match.index + match[0].length;
  }
  if (at2 < source.length) tokens.push({ text: source.slice(at2), cls: "" });
  const lines = [{ tokens: [], docRest: false }];
  for (const { text, cls } of tokens) {
    text.split("\n").forEach((piece, i) => {
      if (i > 0) lines.push({ tokens: [], docRest: cls === "str doc" });
      if (piece) lines[lines.length - 1].tokens.push({ text: piece, cls });
    });
  }
  return lines;
}
function markOfLines(marks) {
  const of = /* @__PURE__ */ new Map();
  for (const [name, { line: line2, end_line: end }] of Object.entries(marks)) {
    for (let n = line2; n <= end; n++) if (!of.has(n)) of.set(n, name);
  }
  return of;
}
function buildListing(listing) {
  const pre = document.createElement("pre");
  pre.className = "code";
  pre.dataset.fn = listing.name;
  const marks = markOfLines(listing.marks);
  const lines = tokenize(listing.source.replace(/\n$/, ""));
  lines.forEach(({ tokens, docRest }, i) => {
    const row = document.createElement("div");
    row.className = "code-line";
    if (docRest) row.classList.add("doc-rest");
    else if (lines[i + 1] && lines[i + 1].docRest) row.classList.add("doc-first");
    row.dataset.line = String(i + 1);
    if (marks.has(i + 1)) row.dataset.mark = marks.get(i + 1);
    const number = document.createElement("span");
    number.className = "ln";
    number.textContent = String(listing.first_line + i);
    const text = document.createElement("span");
    text.className = "code-text";
    const indent = tokens.length ? tokens[0].text.match(/^ */)[0].length : 0;
    text.style.setProperty("--indent", String(indent));
    tokens.forEach(({ text: piece, cls }, t) => {
      const span = document.createElement("span");
      if (cls) span.className = cls;
      span.textContent = t === 0 ? piece.slice(indent) : piece;
      text.append(span);
    });
    row.append(number, text);
    pre.append(row);
  });
  pre.classList.add("folded");
  pre.addEventListener("click", (event) => {
    if (event.target.closest(".doc-first")) pre.classList.toggle("folded");
  });
  return pre;
}
function lightListing(pre, lit, done = []) {
  let first = true;
  for (const row of pre.querySelectorAll(".code-line")) {
    const mark = row.dataset.mark;
    const on = Boolean(mark) && lit.includes(mark);
    row.classList.toggle("lit", on);
    row.classList.toggle("done", Boolean(mark) && !on && done.includes(mark));
    row.classList.toggle("arrow", on && first && mark === lit[0]);
    if (on && mark === lit[0]) first = false;
  }
}

// static/js/views/code.js
var FUNCTION_OF = { batch: "update_mini_batch", per_example: "update_per_example" };
var MODE_OF = { update_mini_batch: "batch", update_per_example: "per_example" };
var RUNS = {
  update_mini_batch: { example: ["backprop", "add_b", "add_w"], update: ["update_w", "update_b"] },
  update_per_example: { example: ["backprop", "update_w", "update_b"], update: [] }
};
var DONE = {
  update_mini_batch: {
    example: ["zeros_b", "zeros_w", "loop"],
    update: ["zeros_b", "zeros_w", "loop", "backprop", "add_b", "add_w", "m"]
  },
  update_per_example: {
    example: ["m", "loop"],
    update: ["m", "loop", "backprop", "update_w", "update_b"]
  }
};
var HTML2 = `<div class="code-panel" id="code-panel" data-step="-1" data-steps="0" data-live="1">
    <div class="code-scrub">
      <span class="code-scrub-label">Step through this mini-batch</span>
      <button type="button" class="btn btn-small" data-code="prev" aria-label="Previous step">◀</button>
      <input type="range" name="code-step" min="0" max="0" value="0" aria-label="Step of this mini-batch">
      <button type="button" class="btn btn-small" data-code="next" aria-label="Next step">▶</button>
      <output class="code-pos"></output>
      <button type="button" class="btn btn-small code-live" data-code="live">latest</button>
    </div>
    <p class="caption code-caption" id="code-caption"></p>
    <div class="code-main">
      <div class="code-source">
        <p class="code-where"></p>
        <p class="code-note" hidden><span></span>
          <button type="button" class="btn btn-small" data-code="run"></button></p>
        <div class="code-listing"></div>
        <div class="code-backprop" hidden><p class="code-where"></p><div class="code-listing"></div></div>
      </div>
      <div class="code-values" aria-live="off">
        <h3>Values at this step</h3>
        <dl class="code-scalars"></dl>
        <div class="code-table" role="table"></div>
        <p class="code-hint">Entries around the selected weight: click a cell above to choose another.</p>
        <div data-slot="rebind"></div>
      </div>
    </div>
    <p class="code-foot">The trainer runs a mini-batch's m backprops as one matrix product; the
      tests check that it gives the numbers of this loop.</p>
    <div data-slot="matrix"></div>
  </div>`;
var TOOLS = `<div class="code-toggle" role="group" aria-label="Code shown">
    <button type="button" data-fn="update_mini_batch" aria-pressed="false">update_mini_batch</button>
    <button type="button" data-fn="update_per_example" aria-pressed="false">update_per_example</button>
  </div>
  <label class="check code-check"><input type="checkbox" name="code-backprop"> backprop</label>`;
function header(at2) {
  const head = node("div", "code-row code-head");
  head.append(node("span", "name", `layer [${at2.l}]`));
  at2.idx.forEach((i, n) => head.append(node("span", n === at2.selected ? "sel" : "", `[${i.join("][")}]`)));
  return head;
}
function node(tag, className, text = "") {
  const el = document.createElement(tag);
  if (className) el.className = className;
  el.textContent = text;
  return el;
}
function createCodeView({ el, tools, bus, model, invalidate, notify }) {
  el.innerHTML = HTML2;
  tools.innerHTML = TOOLS;
  const root = el.querySelector(".code-panel");
  const slider = root.querySelector("[name='code-step']");
  const caption = root.querySelector(".code-caption");
  const [mainWhere, backpropWhere] = root.querySelectorAll(".code-where");
  const [mainBox, backpropBox] = root.querySelectorAll(".code-listing");
  const backpropPart = root.querySelector(".code-backprop");
  const note = root.querySelector(".code-note");
  const backpropCheck = tools.querySelector("[name='code-backprop']");
  const view = { name: "code", render, minInterval: () => model.playing ? 33 : 0 };
  let code = null;
  let choice = null;
  let pinned = null;
  let batchKey = null;
  const listings = {};
  api.code().then((answer) => {
    code = answer.functions;
    for (const [name, listing] of Object.entries(code)) listings[name] = buildListing(listing);
    backpropBox.append(listings.backprop);
    backpropWhere.textContent = where(code.backprop, "called on the lit backprop line");
    invalidate(view);
  }).catch((error) => notify(`The code panel could not load the source: ${error.message}`, { kind: "error" }));
  function where(listing, what) {
    const last = listing.first_line + listing.source.trimEnd().split("\n").length - 1;
    return `Network.${listing.name} · ${listing.file}, lines ${listing.first_line}–${last} · ${what}`;
  }
  function setSlider(max, value, disabled) {
    if (slider.max !== max) slider.max = max;
    if (slider.value !== value) slider.value = value;
    if (slider.disabled !== disabled) slider.disabled = disabled;
  }
  const stepTo = (i, count2) => {
    pinned = i >= count2 - 1 ? null : Math.max(0, i);
    invalidate(view);
  };
  slider.addEventListener("input", () => stepTo(Number(slider.value), Number(slider.max) + 1));
  root.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-code]");
    if (!button) return;
    const count2 = Number(slider.max) + 1;
    const at2 = Number(root.dataset.step);
    if (button.dataset.code === "prev") stepTo(at2 - 1, count2);
    else if (button.dataset.code === "next") stepTo(at2 + 1, count2);
    else if (button.dataset.code === "live") stepTo(count2, count2);
    else if (button.dataset.code === "run") runShown();
  });
  tools.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-fn]");
    if (!button || !model.session) return;
    const own = FUNCTION_OF[model.session.config.update];
    choice = button.dataset.fn === own ? null : button.dataset.fn;
    invalidate(view);
  });
  backpropCheck.addEventListener("change", () => invalidate(view));
  function runShown() {
    const radio = document.querySelector(`#controls input[name='update'][value='${MODE_OF[choice]}']`);
    if (radio) radio.click();
  }
  for (const topic of ["example", "update", "network", "selection", "state", "reset"]) {
    bus.on(topic, () => invalidate(view));
  }
  bus.on("session", () => {
    choice = null;
    pinned = null;
    invalidate(view);
  });
  function showListing(fn, mode) {
    const pre = listings[fn];
    if (mainBox.firstChild !== pre) mainBox.replaceChildren(pre);
    setText(mainWhere, where(code[fn], "the lit lines ran for the step shown"));
    for (const button of tools.querySelectorAll("button[data-fn]")) {
      setAttribute(button, "aria-pressed", String(button.dataset.fn === fn));
    }
    const own = FUNCTION_OF[mode];
    setHidden(note, fn === own);
    if (fn !== own) {
      setText(note.querySelector("span"), `This run's mode is ${mode}: its events run ${own}, not this code, so no line is lit.`);
      setText(note.querySelector("button"), `Run ${fn} instead`);
    }
    setHidden(backpropPart, !backpropCheck.checked);
    setData(root, { fn });
  }
  function showValues({ scalars, rows }, at2, unsent) {
    const dl = root.querySelector(".code-scalars");
    setChildren(dl, JSON.stringify(scalars), () => scalars.map(([name, value, about]) => {
      const div = node("div", "");
      const dd = node("dd", "", value);
      dd.append(node("small", "", about));
      div.append(node("dt", "", name), dd);
      return div;
    }));
    const table = root.querySelector(".code-table");
    if (table.style.getPropertyValue("--entries") !== String(at2.idx.length)) {
      table.style.setProperty("--entries", String(at2.idx.length));
    }
    const key = JSON.stringify([at2, unsent, rows], (_, v) => Number.isFinite(v) || typeof v !== "number" ? v : String(v));
    setChildren(table, key, () => [header(at2), ...rows.map((row) => {
      const div = node("div", `code-row${row.changed ? " changed" : ""}`);
      div.dataset.row = row.id;
      div.append(node("span", "name", row.label));
      if (!row.values) div.append(node("span", "missing", unsent));
      else {
        at2.idx.forEach((i, n) => {
          const value = row.values[n];
          const cell2 = node("span", n === at2.selected ? "sel" : "", compact(value));
          cell2.dataset.value = String(value);
          cell2.dataset.tipTitle = `${row.label} [${at2.l}][${i.join("][")}]`;
          cell2.dataset.tip = exact(value);
          cell2.tabIndex = 0;
          cell2.setAttribute("aria-label", `${row.label} [${i.join("][")}] = ${exact(value)}`);
          div.append(cell2);
        });
      }
      if (row.note) div.append(node("small", "note", row.note));
      return div;
    })]);
  }
  function render() {
    if (!code || !model.session || !model.network) return false;
    const mode = model.session.config.update;
    const fn = choice || FUNCTION_OF[mode];
    showListing(fn, mode);
    root.dataset.code = "1";
    const { batch } = model;
    if (batch.key !== batchKey) {
      batchKey = batch.key;
      pinned = null;
    }
    const steps = stepsOf(batch);
    const i = pinned === null ? steps.length - 1 : Math.min(pinned, steps.length - 1);
    const e = steps[i] || null;
    setSlider(String(Math.max(0, steps.length - 1)), String(Math.max(0, i)), steps.length < 2);
    setText(root.querySelector(".code-pos"), e ? `${i + 1} of ${steps.length}: ${e.type === "update" ? "the update" : `example ${e.index + 1}`}` : "no event yet");
    const live = root.querySelector(".code-live");
    if (live.disabled !== (pinned === null)) live.disabled = pinned === null;
    const own = fn === FUNCTION_OF[mode] && e;
    lightListing(listings[fn], own ? RUNS[fn][e.type] : [], own ? DONE[fn][e.type] : []);
    const called = Boolean(e && e.type === "example");
    lightListing(listings.backprop, called ? ["return"] : [], called ? ["forward", "output_delta", "backward"] : []);
    if (e && e.type === "example") {
      const why = missingSentence(e, batch.missing, mode);
      setText(caption, why ? `${exampleSentence(e, mode)} ${why}` : exampleSentence(e, mode));
    } else setText(caption, e ? updateSentence(e) : startSentence(model.position.batch));
    const at2 = entriesAround(model.selection, model.network.sizes);
    const unsent = missingCell(e && e.type === "update" ? batch.updateMissing : batch.missing);
    showValues(e ? valuesOf(e, batch, mode, at2) : { scalars: [], rows: [] }, at2, unsent);
    setData(root, {
      step: String(i),
      steps: String(steps.length),
      live: pinned === null ? "1" : "0",
      kind: e ? e.type : "none",
      seq: String(e ? e.seq : 0),
      k: e && e.type === "example" ? String(e.index) : ""
    });
    bus.emit("codestep", { fn, event: own ? e : null, batch });
    return false;
  }
  return view;
}

// static/js/charts/costs.js
var COLOURS = ["#1f3b73", "#7c3aed", "#0f766e"];
var DASHES = ["solid", "dash", "dot"];
var MAX_POINTS = 1500;
var AXIS = LINE_AXIS;
function thin(points) {
  if (points.length <= MAX_POINTS) return { x: points.map((p) => p.x), y: points.map((p) => p.y) };
  const size = Math.ceil(points.length / MAX_POINTS);
  const x = [], y = [];
  for (let i = 0; i < points.length; i += size) {
    const part = points.slice(i, i + size);
    x.push(part[part.length - 1].x);
    y.push(part.reduce((s, p) => s + p.y, 0) / part.length);
  }
  return { x, y };
}
function batchMeans(points, m, n) {
  const out = [];
  let key = null, sum = 0, count2 = 0, x = 0;
  for (const p of points) {
    const k = `${Math.floor((p.x - 1) / n)}:${Math.floor((p.x - 1) % n / m)}`;
    if (k !== key && count2) {
      out.push({ x, y: sum / count2 });
      sum = 0;
      count2 = 0;
    }
    key = k;
    sum += p.y;
    count2 += 1;
    x = p.x;
  }
  if (count2) out.push({ x, y: sum / count2 });
  return out;
}
function drawCosts(chart, members) {
  const examples = members.map((m2, i) => {
    const { x, y } = thin(m2.points);
    return {
      type: "scatter",
      mode: x.length > 80 ? "lines" : "lines+markers",
      name: m2.label,
      x,
      y,
      line: { color: COLOURS[i], width: 1, dash: DASHES[i] },
      opacity: x.length > 80 ? 0.3 : 0.5,
      showlegend: false,
      marker: { size: 3.5, color: COLOURS[i] },
      hovertemplate: `${m2.label}<br>example %{x}: cost %{y:.4f}<extra></extra>`
    };
  });
  const block = Math.max(...members.map((m2) => m2.config.batch_size));
  const same2 = members.every((m2) => m2.config.batch_size === block);
  const meanName = same2 ? "mean per mini-batch" : `mean per ${block} examples`;
  const means = members.map((m2, i) => {
    const { x, y } = thin(batchMeans(m2.points, block, m2.config.n_train));
    return {
      type: "scatter",
      mode: x.length > 40 ? "lines" : "lines+markers",
      name: `${m2.label}: ${meanName}`,
      x,
      y,
      line: { color: COLOURS[i], width: 2.4, dash: DASHES[i] },
      marker: { size: 6, color: COLOURS[i] },
      hovertemplate: `${m2.label}<br>up to example %{x}: mean cost %{y:.4f}<extra></extra>`
    };
  });
  const traces3 = [...examples, ...means];
  const last = Math.max(...members.map((m2) => m2.points.length ? m2.points[m2.points.length - 1].x : 0));
  const m = Math.min(...members.map((mm) => mm.config.batch_size));
  const shapes2 = last <= 12 * m ? Array.from({ length: Math.floor(last / m) }, (_, k) => ({
    type: "line",
    x0: (k + 1) * m + 0.5,
    x1: (k + 1) * m + 0.5,
    yref: "paper",
    y0: 0,
    y1: 1,
    line: { color: "#cbd3df", width: 1, dash: "dot" }
  })) : [];
  return draw(chart, traces3, baseLayout({
    showlegend: true,
    shapes: shapes2,
    legend: { orientation: "h", x: 0, y: 1.02, yanchor: "bottom", font: { size: 11 } },
    margin: { l: 46, r: 10, t: 28, b: 34 },
    xaxis: {
      ...AXIS,
      title: { text: "examples seen", font: { size: 10 }, standoff: 2 },
      rangemode: "tozero",
      tickformat: ",d"
    },
    yaxis: { ...AXIS, title: { text: "cost", font: { size: 10 }, standoff: 2 }, rangemode: "tozero" }
  }));
}

// static/js/views/compare/group.js
var SHARED = ["dataset", "sizes", "n_train", "n_test", "noise", "activation", "cost", "init", "lmbda", "seed"];
var VARIANT = ["update", "batch_size", "eta"];
function fits(found, base2, variants) {
  if (found.sessions.length !== variants.length) return false;
  return found.sessions.every((s, i) => {
    const want = { ...base2, ...variants[i] };
    return [...SHARED, ...VARIANT].every((k) => want[k] === void 0 || JSON.stringify(s.config[k]) === JSON.stringify(want[k]));
  });
}
function createGroups({ status }) {
  let first = true;
  async function earlier(base2, variants) {
    const id = first ? remembered().group : null;
    first = false;
    if (!id) return null;
    const found = await api.group(id).catch(() => null);
    if (found && fits(found, base2, variants)) {
      status.say("compare", "Back to the same comparison, as the server has it: every run where it was.");
      return found;
    }
    if (found) api.deleteGroup(found.id).catch(() => {
    });
    status.say("compare", "The comparison this page showed is no longer on the server (its runs end when unused for a while): these runs are new, from the start, with the same configuration.", "warning");
    return null;
  }
  return {
    // {group, resumed}: the group to show for `base` and `variants`.
    async open(base2, variants) {
      const found = await earlier(base2, variants);
      const group = found || await api.createGroup({ ...base2, variants });
      return { group, resumed: Boolean(found) };
    },
    shown(id) {
      remember({ group: id });
    }
  };
}

// static/js/views/compare/kinds.js
var KINDS2 = {
  1: { label: "batch vs per-example", extra: null },
  m1: { label: "+ m = 1", extra: () => ({ update: "batch", batch_size: 1 }) },
  full: { label: "+ full batch, m = n", extra: (c) => ({ update: "batch", batch_size: c.n_train }) }
};
var CREATE_FIELDS = [
  "dataset",
  "sizes",
  "n_train",
  "n_test",
  "noise",
  "activation",
  "cost",
  "init",
  "eta",
  "batch_size",
  "lmbda",
  "seed"
];
function labelOf(config, configs) {
  const base2 = config.update === "batch" ? "once per mini-batch (the book)" : "after every example";
  const differ = (name) => new Set(configs.map((c) => c[name])).size > 1;
  const extra = [differ("batch_size") && `m = ${config.batch_size}`, differ("eta") && `η = ${config.eta}`];
  return [base2, ...extra.filter(Boolean)].join(", ");
}
function seenOf(state, config) {
  return state.epoch * config.n_train + Math.min(state.batch * config.batch_size, config.n_train) + state.index;
}

// static/js/views/compare/layout.js
function toolbar() {
  return `<div class="compare-bar">
    <button type="button" class="btn btn-ghost" data-cmp="close" data-tip="Back to one run, with every view.">← One run</button>
    <button type="button" class="btn btn-ghost" data-cmp="reset" data-tip="Reset every run: the same initial weights and the same order again.">↺ Reset</button>
    <div class="step-group" role="group" aria-label="Step every run">
      <span class="step-label">Step both</span>
      <button type="button" class="btn" data-cmp="example" data-tip="One example in every run: in the book's mode it is only added into nabla_w; after every example, the weights move.">example</button>
      <button type="button" class="btn" data-cmp="batch" data-tip="One mini-batch (of the run with the largest m); the others run as many examples.">mini-batch</button>
      <button type="button" class="btn" data-cmp="epoch" data-tip="The rest of the epoch, in every run.">epoch</button>
    </div>
    <button type="button" class="btn btn-primary play" data-cmp="play" aria-pressed="false"><span class="icon play-icon" aria-hidden="true">▶</span><span class="play-label">Play</span></button>
    <label class="inline-field"><span>by</span><select name="cmp-unit">
      <option value="example">example</option><option value="batch">mini-batch</option><option value="epoch">epoch</option>
    </select></label>
    <label class="inline-field speed"><span>Speed</span><input type="range" name="cmp-speed" min="0" max="9" step="1"><output name="cmp-speed-label"></output></label>
    <label class="inline-field" data-tip="What runs beside the book's update: the weights moving after every example, and optionally m = 1 or the full batch."><span>Runs</span><select name="cmp-kind">
      ${Object.entries(KINDS2).map(([k, v]) => `<option value="${k}">${v.label}</option>`).join("")}
    </select></label>
    <span class="compare-seen" id="compare-seen"></span>
  </div>`;
}
function layout() {
  return `${toolbar()}
    <div class="compare-top">
      <section class="panel compare-panel">
        <header class="panel-head"><div class="panel-titles"><h2>Cost, same examples, same start</h2>
          <p class="panel-sub">faint: the cost of each example, at the weights its gradient was taken at · bold: the mean of each mini-batch, as the book's cost per update</p></div></header>
        <div class="panel-body"><div class="plot compare-cost" id="compare-cost"></div></div>
      </section>
      <section class="panel compare-paths-panel" id="compare-paths-panel"></section>
    </div>
    <div class="compare-runs" id="compare-runs"></div>`;
}

// static/js/charts/contour.js
var LEVELS = 14;
var BOTTOM = 30;
var LOW = [250, 251, 253];
var HIGH = [150, 172, 200];
function rangeOf(z) {
  let lo = Infinity, hi = -Infinity;
  for (const row of z) for (const v of row) if (Number.isFinite(v)) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  return lo <= hi ? [lo, hi] : [0, 1];
}
function shade(z, lo, hi) {
  const rows = z.length, cols = z[0].length;
  const image = new ImageData(cols, rows);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const t = hi > lo ? Math.min(1, Math.max(0, (z[i][j] - lo) / (hi - lo))) : 0;
      const c = LOW.map((a, n) => Math.round(a + (HIGH[n] - a) * Math.sqrt(t)));
      image.data.set([...c, 255], ((rows - 1 - i) * cols + j) * 4);
    }
  }
  const off = new OffscreenCanvas(cols, rows);
  off.getContext("2d").putImageData(image, 0, 0);
  return off;
}
function isoline(z, level3) {
  const segments = [];
  const cross = (a, b) => (a - level3) / (a - b);
  for (let i = 0; i + 1 < z.length; i++) {
    for (let j = 0; j + 1 < z[i].length; j++) {
      const c = [z[i][j], z[i][j + 1], z[i + 1][j + 1], z[i + 1][j]];
      const corners = [[j, i], [j + 1, i], [j + 1, i + 1], [j, i + 1]];
      const points = [];
      for (let e = 0; e < 4; e++) {
        const a = c[e], b = c[(e + 1) % 4];
        if (a < level3 !== b < level3) {
          const t = cross(a, b);
          const [p, q] = [corners[e], corners[(e + 1) % 4]];
          points.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]);
        }
      }
      if (points.length >= 2) segments.push([points[0], points[1]]);
      if (points.length === 4) segments.push([points[2], points[3]]);
    }
  }
  return segments;
}
function label(v, step) {
  const power = Math.floor(Math.log10(step) + 1e-9);
  const mantissa = Math.round(step / 10 ** power * 100) / 100;
  const decimals = Math.max(0, -power + (Number.isInteger(mantissa) ? 0 : 1));
  const text = Math.abs(v) >= 1e4 || Math.abs(v) < 1e-3 && v !== 0 && decimals > 6 ? short(v) : v.toFixed(Math.min(decimals, 8));
  return text.replace(/^-(0\.?0*)$/, "$1").replace(/-/g, "−");
}
function niceStep(span, count2) {
  const raw = span / count2;
  const p = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 2.5, 5, 10].map((s) => s * p).find((s) => s >= raw) || raw;
}
function createContour(el) {
  const { canvas, prepare } = makeCanvas(el, "chart contour");
  let cache = null;
  let mapping = null;
  function build(grid) {
    const [lo, hi] = rangeOf(grid.z);
    const levels = Array.from({ length: LEVELS }, (_, n) => lo + (hi - lo) * (n + 0.5) / LEVELS);
    const marked = grid.mark !== void 0 ? isoline(grid.z, grid.mark) : [];
    return { grid, image: shade(grid.z, lo, hi), lo, hi, lines: levels.flatMap((v) => isoline(grid.z, v)), marked };
  }
  function axes2(ctx, g, xs, ys) {
    ctx.fillStyle = FAINT;
    ctx.font = MONO_FONT;
    const ticks = (values, place2) => {
      const [a, b] = [values[0], values[values.length - 1]];
      const step = niceStep(b - a, 4);
      for (let n = Math.ceil(a / step); n * step <= b + 1e-9 * step; n++) place2(n * step, step);
    };
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    ticks(xs, (v, step) => {
      const [x] = g.px(v, ys[0]);
      ctx.fillRect(x, g.y + g.size, 1, 3);
      ctx.fillText(label(v, step), x, g.y + g.size + 4);
    });
    ctx.textAlign = "right";
    ctx.textBaseline = "middle";
    ticks(ys, (v, step) => {
      const [, y] = g.px(xs[0], v);
      ctx.fillRect(g.x - 3, y, 3, 1);
      ctx.fillText(label(v, step), g.x - 5, y);
    });
  }
  function lines(ctx, segments, g, n) {
    ctx.beginPath();
    for (const [[j0, i0], [j1, i1]] of segments) {
      ctx.moveTo(g.x + j0 / n.cols * g.size, g.y + g.size - i0 / n.rows * g.size);
      ctx.lineTo(g.x + j1 / n.cols * g.size, g.y + g.size - i1 / n.rows * g.size);
    }
    ctx.stroke();
  }
  function background(ctx, g, labels) {
    const { xs, ys } = cache.grid;
    const n = { cols: xs.length - 1, rows: ys.length - 1 };
    const [cw, ch] = [g.size / n.cols, g.size / n.rows];
    ctx.save();
    ctx.beginPath();
    ctx.rect(g.x, g.y, g.size, g.size);
    ctx.clip();
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(cache.image, g.x - cw / 2, g.y - ch / 2, g.size + cw, g.size + ch);
    ctx.strokeStyle = "rgba(71, 85, 105, 0.35)";
    ctx.lineWidth = 0.8;
    lines(ctx, cache.lines, g, n);
    ctx.strokeStyle = "rgba(31, 59, 115, 0.7)";
    ctx.lineWidth = 1.3;
    lines(ctx, cache.marked, g, n);
    ctx.restore();
    frame(ctx, g);
    axes2(ctx, g, xs, ys);
    ctx.fillStyle = INK;
    ctx.font = MONO_FONT.replace("10px", "11px");
    ctx.textAlign = "center";
    ctx.textBaseline = "bottom";
    ctx.fillText(labels[0], g.x + g.size / 2, g.y + g.size + BOTTOM);
    verticalText(ctx, labels[1], g.x - 44, g.y + g.size / 2);
  }
  function frame(ctx, g) {
    ctx.strokeStyle = "#cbd3df";
    ctx.lineWidth = 1;
    ctx.strokeRect(g.x + 0.5, g.y + 0.5, g.size - 1, g.size - 1);
  }
  function draw2(grid, { labels = ["", ""], overlay: overlay2 = null } = {}) {
    const { ctx, w, h } = prepare();
    if (!grid) {
      mapping = null;
      return;
    }
    if (!cache || cache.grid !== grid) cache = build(grid);
    const { xs, ys } = grid;
    const left = 52, top = 6;
    const size = Math.max(60, Math.min(w - left - 8, h - top - BOTTOM));
    const g = { x: left + Math.max(0, (w - left - 8 - size) / 2), y: top, size };
    const [x0, x1, y0, y1] = [xs[0], xs[xs.length - 1], ys[0], ys[ys.length - 1]];
    g.px = (a, b) => [g.x + (a - x0) / (x1 - x0) * size, g.y + size - (b - y0) / (y1 - y0) * size];
    mapping = g;
    const key = `${canvas.width}x${canvas.height}:${labels.join("|")}`;
    if (!cache.back || cache.back.key !== key) {
      const picture = new OffscreenCanvas(canvas.width, canvas.height);
      const pctx = picture.getContext("2d");
      pctx.setTransform(canvas.width / w, 0, 0, canvas.height / h, 0, 0);
      background(pctx, g, labels);
      cache.back = { key, picture };
    }
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(cache.back.picture, 0, 0);
    ctx.restore();
    if (overlay2) {
      ctx.save();
      ctx.beginPath();
      ctx.rect(g.x, g.y, size, size);
      ctx.clip();
      overlay2(ctx, g.px);
      ctx.restore();
      frame(ctx, g);
    }
    el.dataset.drawn = String(Number(el.dataset.drawn || 0) + 1);
  }
  function valueAt(event) {
    if (!mapping || !cache) return null;
    const r = canvas.getBoundingClientRect();
    const fx = (event.clientX - r.left - mapping.x) / mapping.size;
    const fy = 1 - (event.clientY - r.top - mapping.y) / mapping.size;
    if (fx < 0 || fx > 1 || fy < 0 || fy > 1) return null;
    const { xs, ys, z } = cache.grid;
    const j = Math.round(fx * (xs.length - 1)), i = Math.round(fy * (ys.length - 1));
    return {
      a: xs[0] + fx * (xs[xs.length - 1] - xs[0]),
      b: ys[0] + fy * (ys[ys.length - 1] - ys[0]),
      cost: z[i][j]
    };
  }
  return { draw: draw2, canvas, valueAt, range: () => cache && [cache.lo, cache.hi] };
}

// static/js/views/landscape/params.js
var paramName = (p) => p.kind === "w" ? `w[${p.layer}][${p.j}][${p.k}]` : `b[${p.layer}][${p.j}]`;
var paramQuery = (p) => p.kind === "w" ? `${p.layer},${p.j},${p.k}` : `${p.layer},${p.j}`;
var sameParam = (a, b) => Boolean(a && b) && paramQuery(a) === paramQuery(b);
var keyOf = (epoch, batch) => `${epoch}:${batch}`;
var order = (key) => key.split(":").map(Number);
function compareKeys(a, b) {
  const [x, y] = [order(a), order(b)];
  return x[0] - y[0] || x[1] - y[1];
}

// static/js/views/compare/paths.js
var NETWORK_EVERY2 = 250;
var CONTOUR_EVERY = 1e3;
var FLOOR = 0.05;
var MARGIN = 1.3;
var DASHES2 = [[], [6, 4], [2, 3]];
var DOTS_UP_TO = 80;
var valueOf2 = (net, p) => p.kind === "w" ? net.weights[p.layer][p.j][p.k] : net.biases[p.layer][p.j];
function batchOf(state) {
  const { epoch, batch, index, updates, batches_per_epoch: per } = state;
  if (index > 0 || updates === 0) return { which: "current", key: `${epoch}:${batch}` };
  return { which: "last", key: batch > 0 ? `${epoch}:${batch - 1}` : `${epoch - 1}:${per - 1}` };
}
function dot(ctx, [x, y], r, fill, stroke) {
  ctx.beginPath();
  ctx.arc(x, y, r, 0, 2 * Math.PI);
  ctx.fillStyle = fill;
  ctx.fill();
  ctx.strokeStyle = stroke;
  ctx.lineWidth = 1.4;
  ctx.stroke();
}
async function landscapeOf(id, which, query) {
  try {
    return await api.landscape(id, `batch=${which}&${query}`);
  } catch (error) {
    if (which !== "last" || error.status !== 409) throw error;
    return api.landscape(id, `batch=current&${query}`);
  }
}
function createComparePaths({ panel: panel2, throttled: throttled2, settle, report }) {
  panel2.innerHTML = `<header class="panel-head"><div class="panel-titles"><h2>Weight paths</h2>
      <p class="panel-sub" id="compare-paths-sub">the book's current mini-batch cost over two weights</p></div>
      <div class="panel-tools"><button type="button" class="btn btn-small btn-ghost" data-paths="repick"
        data-tip="Pick again the two weights with the largest |nabla_w| of the book's current mini-batch; the paths start again from here.">↻ re-pick</button></div></header>
    <div class="panel-body"><div class="chart-box compare-paths" id="compare-paths"></div>
      <ul class="compare-paths-legend" id="compare-paths-legend"></ul></div>`;
  const box = panel2.querySelector("#compare-paths");
  const sub = panel2.querySelector("#compare-paths-sub");
  const legend2 = panel2.querySelector("#compare-paths-legend");
  const chart = createContour(box);
  let group = null;
  let params = null;
  let paths = [];
  let from = 0;
  let shown = null;
  let grid = null;
  let token = 0;
  let asked = 0;
  let drawnSeq = 0;
  let least = FLOOR;
  let starting = 0;
  function show(ls) {
    shown = ls;
    grid = { xs: ls.xs, ys: ls.ys, z: ls.cost, mark: ls.start_cost };
    draw2();
  }
  const extent = (at2 = paths[0] && paths[0][paths[0].length - 1]) => {
    if (!at2) return FLOOR;
    let far = 0;
    for (const path of paths) for (const [a, b] of path) far = Math.max(far, Math.abs(a - at2[0]), Math.abs(b - at2[1]));
    return Math.max(FLOOR, MARGIN * far);
  };
  const outside = () => {
    if (!shown) return true;
    const [x0, x1, y0, y1] = [shown.xs[0], shown.xs[shown.xs.length - 1], shown.ys[0], shown.ys[shown.ys.length - 1]];
    const pad = 0.03 * (x1 - x0);
    return paths.some((path) => path.some(([a, b]) => a < x0 + pad || a > x1 - pad || b < y0 + pad || b > y1 - pad));
  };
  async function contour() {
    const g = group, mine = token, seq = ++asked;
    if (!g || !params) return;
    const { which, key } = batchOf(g.members[0].state);
    const centre = shown && `${shown.epoch}:${shown.batch}` === key ? shown.at : void 0;
    const span = Math.min(1e6, Math.max(least, extent(centre)));
    const query = `resolution=41&w1=${paramQuery(params[0])}&w2=${paramQuery(params[1])}&span=${span}`;
    try {
      const ls = await landscapeOf(g.members[0].id, which, query);
      if (g === group && mine === token && seq > drawnSeq) {
        drawnSeq = seq;
        show(ls);
        if (!centre && outside()) contourSoon();
      }
    } catch (error) {
      if (g === group && mine === token) report(error);
    }
  }
  const contourSoon = throttled2(contour, 250, settle);
  const contourLater = throttled2(contour, CONTOUR_EVERY, settle);
  const fetchPoints = throttled2(async () => {
    const g = group, mine = token;
    if (!g || !params) return;
    const nets = await Promise.all(g.members.map((m) => api.network(m.id))).catch((error) => {
      if (g === group && mine === token) report(error);
    });
    if (!nets || g !== group || mine !== token) return;
    nets.forEach((net, i) => {
      const p = [valueOf2(net, params[0]), valueOf2(net, params[1])];
      if (p.every(Number.isFinite)) paths[i].push(p);
    });
    draw2();
    if (outside()) contourSoon();
    else contourLater();
  }, NETWORK_EVERY2, settle);
  async function begin() {
    const g = group, mine = ++token;
    params = null;
    shown = null;
    paths = g.members.map(() => []);
    starting += 1;
    draw2();
    try {
      const ls = await landscapeOf(g.members[0].id, batchOf(g.members[0].state).which, "resolution=41");
      if (g !== group || mine !== token) return;
      const nets = await Promise.all(g.members.map((m) => api.network(m.id)));
      if (g !== group || mine !== token) return;
      params = [ls.w1, ls.w2];
      least = (ls.xs[ls.xs.length - 1] - ls.xs[0]) / 2;
      nets.forEach((net, i) => {
        paths[i].push([valueOf2(net, params[0]), valueOf2(net, params[1])]);
      });
      drawnSeq = ++asked;
      show(ls);
    } catch (error) {
      if (g === group && mine === token) report(error);
    } finally {
      starting -= 1;
      settle();
    }
  }
  function overlay2(ctx, px) {
    const start = paths[0] && paths[0][0];
    [...paths.keys()].reverse().forEach((i) => {
      const path = paths[i];
      if (!path.length) return;
      const pts = path.map(([a, b]) => px(a, b));
      ctx.strokeStyle = COLOURS[i];
      ctx.lineWidth = i ? 3.2 : 2;
      ctx.lineJoin = "round";
      ctx.setLineDash(DASHES2[i]);
      ctx.beginPath();
      pts.forEach(([x, y], n) => n ? ctx.lineTo(x, y) : ctx.moveTo(x, y));
      ctx.stroke();
      ctx.setLineDash([]);
      if (pts.length <= DOTS_UP_TO) for (const p of pts.slice(1, -1)) dot(ctx, p, 2.2, COLOURS[i], COLOURS[i]);
      if (pts.length > 1) dot(ctx, pts[pts.length - 1], 5, COLOURS[i], "#fff");
    });
    if (start) {
      const p = px(...start);
      dot(ctx, p, 5.5, "#fff", "#1b2538");
      dot(ctx, p, 1.8, "#1b2538", "#1b2538");
    }
  }
  function draw2() {
    const drawn = paths.map((path) => path.map((p) => [...p]));
    box.drawnPaths = drawn;
    box.dataset.points = paths.map((p) => p.length).join(",");
    box.dataset.params = params ? params.map(paramQuery).join(";") : "";
    box.dataset.members = group ? group.members.map((m) => m.id).join(",") : "";
    if (!group || !shown || !params) {
      chart.draw(null);
      legend2.replaceChildren();
      return;
    }
    chart.draw(grid, { labels: params.map(paramName), overlay: overlay2 });
    box.dataset.batch = `${shown.epoch}:${shown.batch}`;
    box.drawnAt = [...shown.at];
    box.drawnRange = [shown.xs[0], shown.xs[shown.xs.length - 1], shown.ys[0], shown.ys[shown.ys.length - 1]];
    sub.textContent = `the mean cost of the book's mini-batch ${shown.batch + 1} (epoch ${shown.epoch + 1}) over two weights · each run's path${from ? ` since step ${from}` : ""}, from the common start (○)`;
    legend2.replaceChildren(...group.members.map((m, i) => {
      const li = document.createElement("li");
      const key = document.createElement("span");
      key.className = `compare-paths-key dash-${i}`;
      key.style.borderColor = COLOURS[i];
      const last = paths[i][paths[i].length - 1];
      const name = document.createElement("span");
      name.textContent = m.label;
      const at2 = document.createElement("span");
      at2.className = "compare-paths-at";
      at2.textContent = last ? `(${fmt(last[0], 4)}, ${fmt(last[1], 4)})` : "…";
      li.append(key, name, at2);
      return li;
    }));
  }
  new ResizeObserver(() => {
    if (shown) draw2();
  }).observe(box);
  panel2.querySelector("[data-paths='repick']").addEventListener("click", () => {
    if (!group) return;
    from = Number(panel2.closest(".compare").dataset.steps || 0);
    begin().catch(report);
  });
  return {
    // A new group (or none): pick the pair and start the paths.
    open(g) {
      group = g;
      from = 0;
      if (g) begin().catch(report);
      else {
        token += 1;
        paths = [];
        shown = null;
        draw2();
      }
    },
    // After a reset: the same pair, the paths from the start again.
    reset() {
      if (!group) return;
      from = 0;
      token += 1;
      paths = group.members.map(() => []);
      draw2();
      fetchPoints();
    },
    step: () => fetchPoints(),
    busy: () => starting > 0 || contourSoon.busy() || contourLater.busy() || fetchPoints.busy()
  };
}

// static/js/charts/decision.js
var PAPER = [247, 247, 247];
var rgbOf = (hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
var difference2 = (o) => o[o.length - 1] - o[0];
function winner(o) {
  let best = 0;
  for (let c = 1; c < o.length; c++) if (o[c] > o[best]) best = c;
  let second = -Infinity;
  for (let c = 0; c < o.length; c++) if (c !== best && o[c] > second) second = o[c];
  return [best, Math.min(1, Math.max(0, o[best] - second))];
}
function decisionImage(predict) {
  const n = predict.resolution;
  const classes = predict.outputs[0][0].length;
  const image = new ImageData(n, n);
  let z;
  if (classes <= 2) {
    const colour = divergingRGB(1);
    z = predict.outputs.map((row) => row.map(difference2));
    z.forEach((row, i) => row.forEach((v, j) => image.data.set([...colour(v), 150], ((n - 1 - i) * n + j) * 4)));
  } else {
    const tints = Array.from({ length: classes }, (_, c) => rgbOf(classColour(c)));
    z = predict.outputs.map((row, i) => row.map((o, j) => {
      const [c, lead] = winner(o);
      const t = 0.3 + 0.7 * lead;
      const rgb = tints[c].map((v, k) => Math.round(PAPER[k] + (v - PAPER[k]) * t));
      image.data.set([...rgb, 150], ((n - 1 - i) * n + j) * 4);
      return c;
    }));
  }
  return { image, z, classes };
}
function drawDecision(ctx, predict, { x0, y0, size }) {
  const { image, z, classes } = decisionImage(predict);
  const n = predict.resolution;
  const off = new OffscreenCanvas(n, n);
  off.getContext("2d").putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = true;
  const cell2 = size / (n - 1);
  ctx.drawImage(off, x0 - cell2 / 2, y0 - cell2 / 2, size + cell2, size + cell2);
  return { z, classes };
}

// static/js/charts/boundary.js
var PAD = { left: 26, right: 6, top: 4, bottom: 18 };
function createBoundary(el) {
  const { prepare } = makeCanvas(el, "chart boundary");
  function draw2(predict, train) {
    const { ctx, w, h } = prepare();
    const size = Math.max(60, Math.min(w - PAD.left - PAD.right, h - PAD.top - PAD.bottom));
    const x0 = PAD.left + (w - PAD.left - PAD.right - size) / 2, y0 = PAD.top;
    const lo = predict ? predict.xs[0] : -1.2, hi = predict ? predict.xs[predict.xs.length - 1] : 1.2;
    const px = (v) => x0 + (v - lo) / (hi - lo) * size;
    const py = (v) => y0 + (1 - (v - lo) / (hi - lo)) * size;
    ctx.fillStyle = "#f7f7f7";
    ctx.fillRect(x0, y0, size, size);
    const z = predict ? drawDecision(ctx, predict, { x0, y0, size }).z : null;
    if (train) {
      train.x.forEach(([a, b], i) => {
        ctx.beginPath();
        ctx.arc(px(a), py(b), 3, 0, 2 * Math.PI);
        ctx.fillStyle = classColour(train.labels[i]);
        ctx.fill();
        ctx.strokeStyle = "rgba(255,255,255,0.9)";
        ctx.lineWidth = 0.7;
        ctx.stroke();
      });
    }
    ctx.strokeStyle = "#cbd3df";
    ctx.lineWidth = 1;
    ctx.strokeRect(x0 + 0.5, y0 + 0.5, size - 1, size - 1);
    ctx.fillStyle = FAINT;
    ctx.font = MONO_FONT;
    for (const v of [-1, 0, 1]) {
      ctx.textAlign = "center";
      ctx.textBaseline = "top";
      ctx.fillText(String(v), px(v), y0 + size + 4);
      ctx.textAlign = "right";
      ctx.textBaseline = "middle";
      ctx.fillText(String(v), x0 - 4, py(v));
    }
    el.data = [{ type: "heatmap", z }];
    el.dataset.drawn = String(Number(el.dataset.drawn || 0) + 1);
  }
  return { draw: draw2 };
}

// static/js/views/compare/runs.js
function buildRuns(runs, members, points) {
  runs.replaceChildren();
  runs.classList.toggle("three", members.length === 3);
  members.forEach((m, i) => {
    const panel2 = document.createElement("section");
    panel2.className = "panel compare-run";
    panel2.innerHTML = `<header class="panel-head"><div class="panel-titles">
        <h2><span class="swatch"></span><span class="run-label"></span></h2>
        <p class="panel-sub"></p></div></header>
      <div class="panel-body"><div class="chart-box compare-boundary"></div><p class="compare-readout"></p></div>`;
    panel2.querySelector(".swatch").style.background = COLOURS[i];
    panel2.querySelector(".run-label").textContent = m.label;
    panel2.querySelector(".panel-sub").textContent = m.config.update === "batch" ? `w − (η/m)·nabla_w, once after all m = ${m.config.batch_size}` : `w − (η/m)·delta_nabla_w, after each example`;
    const box = panel2.querySelector(".compare-boundary");
    box.id = `compare-boundary-${i}`;
    if (points) m.boundary = createBoundary(box);
    else box.replaceWith(Object.assign(document.createElement("p"), {
      className: "compare-note",
      textContent: "The decision boundary is drawn for the 2-D data sets."
    }));
    m.readout = panel2.querySelector(".compare-readout");
    runs.append(panel2);
  });
}
function drawRuns(members, train, seen) {
  for (const m of members) {
    if (m.boundary) m.boundary.draw(m.predict, train);
    const st = m.state;
    const last = m.points.length ? m.points[m.points.length - 1] : null;
    const cost = last && last.mean ? "last mini-batch's mean cost" : "last example's cost";
    const status = st.status === "diverged" ? " · diverged" : "";
    const percent2 = (v) => `${(100 * v).toFixed(1)}%`;
    const accuracy = st.metrics ? ` · test ${percent2(st.metrics.test_accuracy)}` : "";
    m.readout.textContent = `${st.updates} weight update${st.updates === 1 ? "" : "s"} · ${cost} ${fmt(last && last.y, 3)}${accuracy}${status}`;
  }
  const s = seenOf(members[0].state, members[0].config);
  seen.textContent = `${s} example${s === 1 ? "" : "s"} seen · epoch ${members[0].state.epoch + 1}`;
}

// static/js/views/compare/socket.js
function createGroupSocket({ onStep, onEnded, onError }) {
  let socket = null;
  let starting = false;
  let pausing = false;
  function handle(message, id, detail) {
    if (message.type === "step") onStep(message, id, detail);
    else if (message.type === "state" && message.playing) starting = false;
    else if (message.type === "state") {
      pausing = false;
      if (!starting) onEnded();
    } else if (message.type === "error") {
      if (starting) {
        starting = false;
        onEnded();
      }
      onError(new Error(message.message));
    }
  }
  function opened(id, detail) {
    if (socket && socket.id === id && socket.detail === detail) return socket.stream;
    close();
    const stream = openStream(id, {
      group: true,
      detail,
      onMessage: (message) => handle(message, id, detail),
      onClosed: (code, reason) => {
        starting = pausing = false;
        socket = null;
        onError(new Error(reason || `The comparison's connection closed (${code}).`));
        onEnded();
      }
    });
    socket = { stream, id, detail };
    return stream;
  }
  function close() {
    if (socket) socket.stream.close();
    socket = null;
    starting = pausing = false;
  }
  return {
    play(id, detail, unit, rate) {
      const stream = opened(id, detail);
      starting = true;
      stream.send({ action: "play", unit, rate });
    },
    pause() {
      if (!socket) return;
      pausing = true;
      socket.stream.send({ action: "pause" });
    },
    close,
    busy: () => pausing
    // until the pause's state: every step before it has arrived
  };
}

// static/js/views/compare.js
var CHART_EVERY = 500;
var PREDICT_EVERY2 = 300;
var SUMMARY_EXAMPLES = 2e4;
function createCompareView({ el, button, bus, model, notify, prefs, onPrefs, status }) {
  el.innerHTML = layout();
  const app = el.closest(".app");
  const chart = el.querySelector("#compare-cost");
  const runs = el.querySelector("#compare-runs");
  const seen = el.querySelector("#compare-seen");
  const play = el.querySelector('[data-cmp="play"]');
  const unit = el.querySelector('[name="cmp-unit"]');
  const speed = el.querySelector('[name="cmp-speed"]');
  const kind = el.querySelector('[name="cmp-kind"]');
  let group = null;
  let train = null;
  let generation = 0;
  let stepping = 0;
  let playing = false;
  let steps = 0;
  const report = (error) => notify(error.message, { kind: "error" });
  const groups = createGroups({ status });
  const socket = createGroupSocket({
    onStep: (...args) => {
      onStep(...args);
    },
    onEnded: () => {
      showPlaying(false);
      settle();
    },
    onError: report
  });
  function settle() {
    const busy = stepping > 0 || socket.busy() || redraw.busy() || fetchPredict.busy() || paths.busy();
    el.dataset.settled = busy || !group ? "0" : "1";
    el.dataset.steps = String(steps);
  }
  const redraw = throttled(async () => drawChart(), CHART_EVERY, settle);
  const paths = createComparePaths({ panel: el.querySelector("#compare-paths-panel"), throttled, settle, report });
  const fetchPredict = throttled(async () => {
    const g = group;
    if (!g || !train) return;
    const answers = await Promise.all(g.members.map((m) => api.predict(m.id, 40))).catch((error) => g === group && report(error));
    if (!answers || g !== group) return;
    g.members.forEach((m, i) => {
      m.predict = answers[i];
    });
    showRuns();
  }, PREDICT_EVERY2, settle);
  function drawChart() {
    if (group) return drawCosts(chart, group.members);
    return null;
  }
  function showRuns() {
    if (group) drawRuns(group.members, train, seen);
  }
  async function open(which = prefs.compare || "1") {
    const config = model.session && model.session.config;
    if (!config) return;
    const mine = ++generation;
    stop();
    socket.close();
    const base2 = Object.fromEntries(CREATE_FIELDS.filter((k) => config[k] !== null && config[k] !== void 0).map((k) => [k, config[k]]));
    const variants = [{ update: "batch" }, { update: "per_example" }];
    const extra = KINDS2[which] && KINDS2[which].extra;
    if (extra) variants.push(extra(config));
    show(true, which);
    el.dataset.ready = "0";
    stepping += 1;
    settle();
    try {
      const { group: created, resumed } = await groups.open(base2, variants);
      if (mine !== generation) {
        api.deleteGroup(created.id).catch(() => {
        });
        return;
      }
      groups.shown(created.id);
      if (group) api.deleteGroup(group.id).catch(() => {
      });
      const configs = created.sessions.map((s) => s.config);
      group = { id: created.id, kind: which, members: created.sessions.map((s) => ({
        id: s.id,
        config: s.config,
        state: s.state,
        label: labelOf(s.config, configs),
        points: [],
        predict: null
      })) };
      const points = model.session.info && model.session.info.kind === "points";
      train = points ? await api.data(group.members[0].id, "train") : null;
      if (resumed) await catchUp();
      if (mine !== generation) return;
      buildRuns(runs, group.members, points);
      paths.open(group);
      drawChart();
      showRuns();
      fetchPredict();
      el.dataset.ready = "1";
    } catch (error) {
      report(error);
      if (mine === generation) close();
    } finally {
      stepping -= 1;
      settle();
    }
  }
  function show(on, which) {
    app.classList.toggle("comparing", on);
    el.hidden = !on;
    button.setAttribute("aria-pressed", String(on));
    prefs.compare = on ? which : null;
    if (on) kind.value = which;
    onPrefs();
  }
  function close() {
    generation += 1;
    stop();
    socket.close();
    if (group) api.deleteGroup(group.id).catch(() => {
    });
    group = null;
    groups.shown(null);
    train = null;
    paths.open(null);
    show(false);
    settle();
  }
  function absorb(answer, detail) {
    answer.members.forEach((result, i) => {
      const m = group.members[i];
      let x = seenOf(m.state, m.config);
      for (const e of result.events) if (e.type === "example") m.points.push({ x: ++x, y: e.cost });
      m.state = result.state;
    });
    if (detail === "none") return catchUp();
    return null;
  }
  async function catchUp() {
    const g = group;
    const histories = await Promise.all(g.members.map((m) => api.history(m.id)));
    if (g !== group) return;
    g.members.forEach((m, i) => {
      const { n_train: n, batch_size: size } = m.config;
      m.points = histories[i].updates.map((u) => ({
        x: u.epoch * n + Math.min((u.batch + 1) * size, n),
        y: u.cost,
        mean: true
      }));
    });
  }
  const perUnit = (u) => ({
    example: 1,
    batch: Math.max(...group.members.map((m) => m.config.batch_size)),
    epoch: group.members[0].config.n_train
  })[u];
  async function step(what, count2 = 1) {
    if (!group) return;
    const g = group;
    const detail = perUnit(what) * count2 <= SUMMARY_EXAMPLES ? "summary" : "none";
    stepping += 1;
    try {
      const answer = await api.stepGroup(g.id, { unit: what, count: count2, detail });
      if (g !== group) return;
      await absorb(answer, detail);
      shown();
    } finally {
      stepping -= 1;
      settle();
    }
  }
  function shown() {
    steps += 1;
    if (group.members.some((m) => m.state.status === "diverged")) {
      const gone = group.members.filter((m) => m.state.status === "diverged").map((m) => m.label);
      if (playing && gone.length === group.members.length) stop();
      notify(`Diverged: ${gone.join("; ")}. Reset, or lower η.`, { kind: "error" });
    }
    showRuns();
    redraw();
    fetchPredict();
    paths.step();
  }
  async function reset() {
    if (!group) return;
    stop();
    const g = group;
    stepping += 1;
    try {
      const answer = await api.resetGroup(g.id);
      if (g !== group) return;
      answer.sessions.forEach((s, i) => {
        g.members[i].state = s.state;
        g.members[i].points = [];
      });
      paths.reset();
      drawChart();
      showRuns();
      fetchPredict();
    } catch (error) {
      report(error);
    } finally {
      stepping -= 1;
      settle();
    }
  }
  function showPlaying(on) {
    playing = on;
    setPlayButton(play, on);
  }
  const detailFor2 = (what) => perUnit(what) <= SUMMARY_EXAMPLES ? "summary" : "none";
  function start() {
    if (!group || playing) return;
    showPlaying(true);
    sendPlay();
  }
  function sendPlay() {
    socket.play(group.id, detailFor2(prefs.unit), prefs.unit, SPEEDS[prefs.speed]);
  }
  function stop() {
    if (playing) socket.pause();
    showPlaying(false);
  }
  async function onStep(message, id, detail) {
    const g = group;
    if (!g || g.id !== id) return;
    stepping += 1;
    try {
      await absorb(message, detail);
      if (g === group) shown();
    } catch (error) {
      report(error);
    } finally {
      stepping -= 1;
      settle();
    }
  }
  const toggle = () => playing ? stop() : start();
  const stepNow = (what) => {
    stop();
    step(what).catch(report);
  };
  const actions = {
    close,
    reset,
    play: toggle,
    example: () => stepNow("example"),
    batch: () => stepNow("batch"),
    epoch: () => stepNow("epoch")
  };
  el.addEventListener("click", (event) => {
    const b = event.target.closest("button[data-cmp]");
    if (b && actions[b.dataset.cmp]) actions[b.dataset.cmp]();
  });
  const showSpeed = () => {
    el.querySelector('[name="cmp-speed-label"]').textContent = speedLabel(prefs.speed);
  };
  unit.value = prefs.unit;
  speed.value = String(prefs.speed);
  showSpeed();
  const reaim = () => {
    if (playing) sendPlay();
  };
  unit.addEventListener("change", () => {
    prefs.unit = unit.value;
    onPrefs();
    reaim();
  });
  speed.addEventListener("input", () => {
    prefs.speed = Number(speed.value);
    showSpeed();
  });
  speed.addEventListener("change", () => {
    onPrefs();
    reaim();
  });
  kind.addEventListener("change", () => open(kind.value));
  button.addEventListener("click", () => group || el.dataset.ready === "0" && !el.hidden ? close() : open(kind.value));
  const keys = {
    ArrowRight: actions.example,
    ".": actions.example,
    b: actions.batch,
    e: actions.epoch,
    " ": toggle,
    r: reset
  };
  window.addEventListener("keydown", (event) => {
    if (el.hidden || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest("input, select, textarea, [contenteditable]")) return;
    if (event.key === " " && event.target.closest("button")) return;
    const action = keys[event.key.length === 1 ? event.key.toLowerCase() : event.key];
    if (!action) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    action();
  }, true);
  bus.on("session", () => {
    if (prefs.compare) open(prefs.compare);
  });
  return { open, close };
}

// static/js/charts/grid.js
var PAD2 = { left: 64, right: 8, top: 6, bottom: 34 };
var TICK_FONT = MONO_FONT.replace("10px", "9px");
var textOn = ([r, g, b]) => 0.299 * r + 0.587 * g + 0.114 * b < 140 ? "#ffffff" : INK;
function createGrid(el, { onHover, onLeave } = {}) {
  const { canvas, prepare } = makeCanvas(el, "chart grid");
  canvas.setAttribute("role", "img");
  let geometry2 = null;
  function cellAt(event) {
    if (!geometry2) return null;
    const r = canvas.getBoundingClientRect();
    const j = Math.floor((event.clientX - r.left - geometry2.x) / geometry2.cw);
    const i = Math.floor((event.clientY - r.top - geometry2.y) / geometry2.ch);
    return i >= 0 && j >= 0 && i < geometry2.rows && j < geometry2.cols ? [i, j] : null;
  }
  canvas.addEventListener("mousemove", (event) => {
    const cell2 = cellAt(event);
    if (cell2 && onHover) onHover(event, ...cell2);
    else if (!cell2 && onLeave) onLeave();
  });
  canvas.addEventListener("mouseleave", () => onLeave && onLeave());
  const edges = (from, size, n) => Array.from({ length: n + 1 }, (_, i) => Math.round(from + i * size / n));
  function cells(ctx, g, colours, texts) {
    ctx.font = TICK_FONT;
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    const longest = texts ? Math.max(0, ...texts.flat().map((t) => t.length)) : 0;
    const room = Math.min(g.xs[1] - g.xs[0], g.xs[g.xs.length - 1] - g.xs[g.xs.length - 2]) - 2;
    const written = longest > 0 && ctx.measureText("0".repeat(longest)).width < room && g.ys[1] - g.ys[0] > 8;
    colours.forEach((row, i) => row.forEach((rgb, j) => {
      const [x0, x1, y0, y1] = [g.xs[j], g.xs[j + 1], g.ys[i], g.ys[i + 1]];
      ctx.fillStyle = css(rgb);
      ctx.fillRect(x0, y0, x1 - x0 - 1, y1 - y0 - 1);
      if (written && texts[i][j]) {
        ctx.fillStyle = textOn(rgb);
        ctx.fillText(texts[i][j], (x0 + x1 - 1) / 2, (y0 + y1 - 1) / 2);
      }
    }));
  }
  function ticks(ctx, g, xTicks, yTicks) {
    ctx.font = TICK_FONT;
    ctx.fillStyle = INK;
    const xEvery = tickStep(xTicks.length, g.width, Math.max(...xTicks.map((t) => ctx.measureText(t).width)) + 6);
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    xTicks.forEach((t, j) => j % xEvery || ctx.fillText(t, (g.xs[j] + g.xs[j + 1] - 1) / 2, g.y + g.height + 3));
    const yEvery = tickStep(yTicks.length, g.height, 11);
    ctx.textAlign = "right";
    ctx.textBaseline = "middle";
    yTicks.forEach((t, i) => i % yEvery || ctx.fillText(t, g.x - 4, (g.ys[i] + g.ys[i + 1] - 1) / 2));
  }
  function titles2(ctx, g, xTitle, yTitle) {
    ctx.font = TITLE_FONT;
    ctx.fillStyle = INK;
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    ctx.fillText(xTitle, g.x + g.width / 2, g.y + g.height + 16);
    verticalText(ctx, yTitle, 10, g.y + g.height / 2);
  }
  function draw2({ colours, texts = null, xTicks, yTicks, xTitle, yTitle, label: label3 }) {
    const { ctx, w, h } = prepare();
    const rows = colours.length, cols = rows ? colours[0].length : 0;
    const g = {
      x: PAD2.left,
      y: PAD2.top,
      width: Math.max(10, w - PAD2.left - PAD2.right),
      height: Math.max(10, h - PAD2.top - PAD2.bottom)
    };
    g.xs = edges(g.x, g.width + 1, cols);
    g.ys = edges(g.y, g.height + 1, rows);
    geometry2 = { x: g.x, y: g.y, cw: (g.width + 1) / cols, ch: (g.height + 1) / rows, rows, cols };
    cells(ctx, g, colours, texts);
    ticks(ctx, g, xTicks, yTicks);
    titles2(ctx, g, xTitle, yTitle);
    canvas.setAttribute("aria-label", label3);
    el.dataset.drawn = String(Number(el.dataset.drawn || 0) + 1);
  }
  return { draw: draw2, canvas };
}

// static/js/views/confusion.js
var percent = (v) => v === null ? "–" : `${Math.round(100 * v)}%`;
var COLOURS2 = scaleOf([
  [0, "#8c3d00"],
  [0.3, "#d76a03"],
  [0.46, "#fde1c2"],
  [0.5, "#f7f7f7"],
  [0.54, "#d5e6f3"],
  [0.75, "#8ebfe0"],
  [1, "#0b3f7a"]
]);
var X_TITLE = "the network's class (argmax)";
var Y_TITLE = "true class · its accuracy";
var MOST_TEXTS = 12;
function classAccuracy(confusion) {
  return confusion.map((row, i) => {
    const total = row.reduce((s, c) => s + c, 0);
    return total ? row[i] / total : null;
  });
}
function traceOf(confusion) {
  const classes = confusion.map((_, i) => i);
  const totals = confusion.map((row) => row.reduce((s, c) => s + c, 0));
  const share = (i, c) => totals[i] ? c / totals[i] : 0;
  const z = confusion.map((row, i) => row.map((c, j) => (i === j ? 1 : -1) * share(i, c)));
  const text = confusion.map((row) => row.map((c) => c ? String(c) : ""));
  const customdata = confusion.map((row, i) => row.map((c, j) => [c, `${Math.round(100 * share(i, c))}%`, i === j ? "right" : "wrong"]));
  return { type: "heatmap", x: classes, y: classes, z, text, customdata, zmin: -1, zmax: 1 };
}
function layoutOf(confusion) {
  const accuracy = classAccuracy(confusion);
  const classes = confusion.map((_, i) => i);
  return {
    xaxis: { title: { text: X_TITLE }, tickvals: classes },
    yaxis: {
      title: { text: Y_TITLE },
      tickvals: classes,
      autorange: "reversed",
      ticktext: classes.map((i) => `${i} · ${percent(accuracy[i])}`)
    }
  };
}
function labelOf2(last) {
  const accuracy = classAccuracy(last.confusion).map((a, i) => `${i}: ${percent(a)}`);
  return `Confusion matrix of the test set after epoch ${last.epoch + 1}: rows are the true classes, columns the network's; ${percent(last.test_accuracy)} classed right. Each class's accuracy: ${accuracy.join(", ")}.`;
}
function createConfusionView({ el, bus, model, invalidate }) {
  el.className = "confusion";
  el.innerHTML = `<h3 class="confusion-title">Confusion matrix of the test set</h3>
    <div class="chart-box confusion-plot" id="confusion-plot"></div>
    <p class="confusion-readout" id="confusion-readout"></p>`;
  const plot = el.querySelector("#confusion-plot");
  const readout = el.querySelector("#confusion-readout");
  const chart = createGrid(plot, { onHover: hover, onLeave: hideTip });
  const view = { name: "confusion", render, el: plot };
  for (const topic of ["session", "epoch", "reset"]) bus.on(topic, () => invalidate(view));
  el.addEventListener("chart-resize", () => invalidate(view));
  function hover(event, i, j) {
    const [count2, share, right] = plot.data[0].customdata[i][j];
    showTip(event, `class ${i} → ${j}`, [`${count2} examples, ${share} of class ${i}, classed ${right}`]);
  }
  function render() {
    if (!model.session) return false;
    const last = model.history.epochs.findLast((e) => e.confusion);
    plot.hidden = !last;
    if (!last) {
      readout.textContent = "After the first epoch: how each class of the test set was classed.";
      delete plot.dataset.epoch;
      return false;
    }
    const trace2 = traceOf(last.confusion);
    plot.data = [trace2];
    plot.layout = layoutOf(last.confusion);
    chart.draw({
      colours: trace2.z.map((row) => row.map((v) => COLOURS2((v + 1) / 2))),
      texts: trace2.x.length <= MOST_TEXTS ? trace2.text : null,
      xTicks: trace2.x.map(String),
      yTicks: plot.layout.yaxis.ticktext,
      xTitle: X_TITLE,
      yTitle: Y_TITLE,
      label: labelOf2(last)
    });
    plot.dataset.epoch = String(last.epoch + 1);
    const accuracy = classAccuracy(last.confusion).map((a, i) => [a, i]).filter(([a]) => a !== null);
    const [worst, which] = accuracy.reduce((lo, x) => x[0] < lo[0] ? x : lo, accuracy[0]);
    readout.textContent = `After epoch ${last.epoch + 1}: the diagonal is classed right (${percent(last.test_accuracy)} in all); the hardest class is ${which}, at ${percent(worst)}.`;
    return false;
  }
  return view;
}

// static/js/charts/tiles.js
var PAD3 = 2;
function createTiles(canvas, { onHover, onLeave, onClick } = {}) {
  let grid = null;
  const laidOut = keepSize(canvas, { height: false });
  function hit(event) {
    if (!grid) return null;
    const r = canvas.getBoundingClientRect();
    const x = event.clientX - r.left, y = event.clientY - r.top;
    const j = Math.floor(y / grid.cell) * grid.perRow + Math.floor(x / grid.cell);
    const px = x % grid.cell - PAD3, py = y % grid.cell - PAD3;
    if (j >= grid.n || px < 0 || py < 0 || px >= grid.size || py >= grid.size) return null;
    const [rows, cols] = grid.shape;
    return { j, k: Math.floor(py * rows / grid.size) * cols + Math.floor(px * cols / grid.size) };
  }
  canvas.addEventListener("mousemove", (event) => {
    const h = hit(event);
    if (h && onHover) onHover(event, h.j, h.k);
    else if (!h && onLeave) onLeave();
  });
  canvas.addEventListener("mouseleave", () => onLeave && onLeave());
  canvas.addEventListener("click", (event) => {
    const h = hit(event);
    if (h && onClick) onClick(h.j, h.k);
  });
  function draw2(matrix2, shape2, zmax) {
    const [rows, cols] = shape2;
    const n = matrix2.length;
    const width = laidOut()[0] || 300;
    const perRow = Math.min(n, Math.max(1, Math.floor(width / Math.max(34, Math.min(64, width / 6)))));
    const cell2 = Math.floor(width / perRow);
    const height = Math.ceil(n / perRow) * cell2;
    const dpr = window.devicePixelRatio || 1;
    canvas.width = Math.round(width * dpr);
    canvas.height = Math.round(height * dpr);
    canvas.style.height = `${height}px`;
    const ctx = canvas.getContext("2d");
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.imageSmoothingEnabled = false;
    const colour = divergingRGB(zmax);
    const tile = new OffscreenCanvas(cols, rows);
    const tileCtx = tile.getContext("2d");
    const image = tileCtx.createImageData(cols, rows);
    const size = cell2 - 2 * PAD3;
    for (let j = 0; j < n; j++) {
      for (let k = 0; k < rows * cols; k++) {
        const [r, g, b] = colour(matrix2[j][k]);
        image.data.set([r, g, b, 255], k * 4);
      }
      tileCtx.putImageData(image, 0, 0);
      ctx.drawImage(tile, j % perRow * cell2 + PAD3, Math.floor(j / perRow) * cell2 + PAD3, size, size);
    }
    grid = { perRow, cell: cell2, size, shape: shape2, n };
    canvas.dataset.drawn = String(Number(canvas.dataset.drawn || 0) + 1);
  }
  return { draw: draw2 };
}

// static/js/views/images.js
var HTML3 = `<div class="images-top">
    <figure class="digit"><div class="chart-box" id="digit-plot"></div>
      <figcaption id="digit-caption">no example yet</figcaption></figure>
    <figure class="outputs"><div class="chart-box" id="output-plot"></div>
      <figcaption>outputs a; the label outlined</figcaption></figure>
  </div>
  <div class="neurons-head"><h3>Each neuron's incoming weights <small id="neurons-title"></small></h3>
    <span class="legend-bar small"><i class="neg"></i><span class="ramp"></span><i class="pos"></i></span>
    <span class="neurons-scale" id="neurons-scale"></span></div>
  <canvas class="neurons" id="neurons" aria-label="each neuron's incoming weights as an image"></canvas>`;
function imageShape(n) {
  const side = Math.round(Math.sqrt(n));
  return side * side === n ? [side, side] : [1, n];
}
function createImagesView({ el, bus, model, invalidate, onLayer }) {
  el.innerHTML = HTML3;
  const caption = el.querySelector("#digit-caption");
  const digit = createHeatmap(el.querySelector("#digit-plot"), {
    square: true,
    ticks: false,
    bar: 36,
    minCell: 0,
    onLeave: hideTip,
    onHover: (event, j, k, v) => showTip(event, `pixel (${j}, ${k})`, [["x", fmt(v, 3)]])
  });
  const outputs = createBars(el.querySelector("#output-plot"), {
    left: 30,
    right: 6,
    onLeave: hideTip,
    onHover: (event, j, v) => showTip(event, `output ${j}`, [["a", fmt(v, 3)]])
  });
  const tiles = createTiles(el.querySelector("#neurons"), {
    onLeave: hideTip,
    onHover: (event, j, k) => {
      const w = model.network.weights[0][j][k];
      showTip(event, `weights[0][${j}][${k}]`, [["neuron", String(j)], ["pixel", String(k)], ["w", fmt(w, 4)]]);
    },
    onClick: (j, k) => {
      model.select({ layer: 0, kind: "w", j, k });
      onLayer(0);
    }
  });
  const view = { name: "images", render, minInterval: () => model.playing ? 120 : 0 };
  const topics = ["example", "update", "network", "reset", "session"];
  const offs = topics.map((t) => bus.on(t, () => invalidate(view)));
  function drawExample(e, [rows, cols]) {
    const z = Array.from({ length: rows }, (_, i) => Array.from(e.x.slice(i * cols, (i + 1) * cols)));
    digit.draw({ z, zmin: 0, zmax: 1, palette: "greys" });
    const label3 = Array.from(e.y).indexOf(1);
    const out = Array.from(e.output);
    const guess2 = out.indexOf(Math.max(...out));
    caption.textContent = label3 < 0 ? "Step an example to see it here" : `row ${e.sample} · label ${label3} · network says ${guess2}${guess2 === label3 ? " ✓" : " ✗"}`;
    outputs.draw({
      y: out,
      range: [0, 1],
      outline: (i) => i === label3,
      colour: (v, i) => i === guess2 ? "#2f7cbf" : "#a9bfd6"
    });
  }
  function drawNeurons(shape2) {
    const w = model.network.weights[0];
    const scale = maxAbs(w);
    tiles.draw(w, shape2, scale);
    el.querySelector("#neurons-scale").textContent = `±${fmt(scale)}`;
    const [rows, cols] = shape2;
    const layer = model.network.sizes.length > 2 ? "hidden 1" : "output";
    const text = `weights[0]: ${w.length} ${layer} neurons × ${rows}×${cols} pixels`;
    el.querySelector("#neurons-title").textContent = text;
  }
  function render() {
    if (!model.network) return false;
    const sizes = model.network.sizes;
    const shape2 = imageShape(sizes[0]);
    const e = model.batch.last;
    const blank = { x: new Array(sizes[0]).fill(0), y: [], output: new Array(sizes.at(-1)).fill(0) };
    drawExample(e && e.x ? e : blank, shape2);
    drawNeurons(shape2);
    el.dataset.drawn = String(Number(el.dataset.drawn || 0) + 1);
    return false;
  }
  view.destroy = () => offs.forEach((off) => off());
  return view;
}

// static/js/ui/reveal.js
var BARS = ".topbar, .transport .buttons";
var MARGIN2 = 8;
function freeBand() {
  let top = 0, bottom = window.innerHeight;
  for (const bar of document.querySelectorAll(BARS)) {
    const { position } = getComputedStyle(bar);
    if (position !== "sticky" && position !== "fixed") continue;
    const r = bar.getBoundingClientRect();
    if (r.height === 0 || r.bottom <= 0 || r.top >= window.innerHeight) continue;
    if (r.top <= 1) top = Math.max(top, r.bottom);
    else if (r.bottom >= window.innerHeight - 1) bottom = Math.min(bottom, r.top);
  }
  return [top, bottom];
}
function reveal(el) {
  const [top, bottom] = freeBand();
  const r = el.getBoundingClientRect();
  let by = 0;
  if (r.bottom > bottom - MARGIN2) by = r.bottom - bottom + MARGIN2;
  if (r.top - by < top + MARGIN2) by = r.top - top - MARGIN2;
  if (by) window.scrollBy({ top: by, behavior: "instant" });
}

// static/js/views/points.js
var RANGE = [-1.2, 1.2];
var PAD4 = { left: 30, right: 62, top: 6, bottom: 20 };
function createPointsView({ el, bus, model, invalidate }) {
  el.innerHTML = `<div class="chart-box square" id="data-plot"></div><div class="draw-slot" id="draw-slot"></div>
    <div class="data-foot"><label class="check"><input type="checkbox" name="show-test"> show test data</label>
    <span class="data-readout" id="data-readout"></span></div>`;
  const box = el.querySelector("#data-plot");
  const readout = el.querySelector("#data-readout");
  const showTest = el.querySelector('[name="show-test"]');
  const { canvas, prepare, width } = makeCanvas(box, "chart points");
  const view = { name: "points", render, minInterval: () => model.playing ? 120 : 0 };
  let frame = null;
  let draft = null;
  let revealed = null;
  showTest.addEventListener("change", () => invalidate(view));
  const topics = ["data", "predict", "example", "update", "reset"];
  const offs = topics.map((t) => bus.on(t, () => invalidate(view)));
  offs.push(bus.on("draft", (next) => {
    draft = next;
    box.classList.toggle("drawing", Boolean(draft));
    invalidate(view);
  }));
  const toPx = (v, axis) => {
    const f = (v - RANGE[0]) / (RANGE[1] - RANGE[0]);
    return axis === "x" ? frame.x0 + f * frame.size : frame.y0 + (1 - f) * frame.size;
  };
  const fromPx = (p, axis) => {
    const f = axis === "x" ? (p - frame.x0) / frame.size : 1 - (p - frame.y0) / frame.size;
    return RANGE[0] + f * (RANGE[1] - RANGE[0]);
  };
  function nearest2(event, xs, most) {
    const r = canvas.getBoundingClientRect();
    const px = event.clientX - r.left, py = event.clientY - r.top;
    let best = -1, dist = most;
    xs.forEach(([a, b], i) => {
      const d = (toPx(a, "x") - px) ** 2 + (toPx(b, "y") - py) ** 2;
      if (d < dist) [best, dist] = [i, d];
    });
    return best;
  }
  const className = (k) => {
    const names = model.session && model.session.info && model.session.info.class_names;
    return names && names[k] !== void 0 && !draft ? String(names[k]).slice(0, 7) : `class ${k}`;
  };
  function drawBoundary(ctx) {
    ctx.fillStyle = "#f7f7f7";
    ctx.fillRect(frame.x0, frame.y0, frame.size, frame.size);
    return model.predict ? drawDecision(ctx, model.predict, frame).z : null;
  }
  function drawPoints2(ctx, part, hollow) {
    part.x.forEach(([a, b], i) => {
      const colour = classColour(part.labels[i]);
      ctx.beginPath();
      ctx.arc(toPx(a, "x"), toPx(b, "y"), hollow ? 3.2 : 3.4, 0, 2 * Math.PI);
      if (hollow) {
        ctx.strokeStyle = colour;
        ctx.lineWidth = 1.4;
        ctx.stroke();
      } else {
        ctx.fillStyle = colour;
        ctx.fill();
        ctx.strokeStyle = "rgba(255,255,255,0.9)";
        ctx.lineWidth = 0.8;
        ctx.stroke();
      }
    });
  }
  function ring(ctx, point, radius, colour, width2) {
    ctx.beginPath();
    ctx.arc(toPx(point[0], "x"), toPx(point[1], "y"), radius, 0, 2 * Math.PI);
    ctx.strokeStyle = colour;
    ctx.lineWidth = width2;
    ctx.stroke();
  }
  function drawBatch(ctx) {
    const { batch, data } = model;
    if (!batch.key) return [];
    const current = batch.last ? batch.last.sample : null;
    const seen = batch.examples.filter(Boolean).map((e) => e.sample);
    for (const s of seen) if (s !== current && data.train.x[s]) ring(ctx, data.train.x[s], 7, "#334155", 1.3);
    if (current !== null && data.train.x[current]) {
      ring(ctx, data.train.x[current], 11, "#ffffff", 5);
      ring(ctx, data.train.x[current], 11, "#111827", 2.5);
    }
    return seen;
  }
  function drawAxes2(ctx) {
    ctx.strokeStyle = "#cbd3df";
    ctx.lineWidth = 1;
    ctx.strokeRect(frame.x0 + 0.5, frame.y0 + 0.5, frame.size - 1, frame.size - 1);
    ctx.fillStyle = FAINT;
    ctx.font = MONO_FONT;
    for (const v of [-1, -0.5, 0, 0.5, 1]) {
      ctx.textAlign = "center";
      ctx.textBaseline = "top";
      ctx.fillText(String(v), toPx(v, "x"), frame.y0 + frame.size + 4);
      ctx.textAlign = "right";
      ctx.textBaseline = "middle";
      ctx.fillText(String(v), frame.x0 - 4, toPx(v, "y"));
    }
    const classes = classCount();
    if (classes <= 2) {
      colourBar(ctx, {
        x: frame.x0 + frame.size + 8,
        y: frame.y0,
        height: frame.size,
        lo: -1,
        hi: 1,
        colour: (v) => css(divergingRGB(1)(v)),
        names: { hi: className(1), lo: className(0) },
        ramp: "diverging"
      });
    } else legend2(ctx, classes);
  }
  const legendNames = () => Array.from({ length: classCount() }, (_, k) => className(k));
  function classCount() {
    const info = model.session && model.session.info;
    const drawn = draft ? Math.max(2, ...draft.points.map((p) => p[2] + 1)) : 0;
    return Math.max(drawn, info && info.n_classes ? info.n_classes : 2);
  }
  function legend2(ctx, classes) {
    const x = frame.x0 + frame.size + 8;
    const step = Math.min(16, frame.size / classes);
    ctx.font = MONO_FONT.replace("10px", "9px");
    ctx.textBaseline = "middle";
    ctx.textAlign = "left";
    for (let k = 0; k < classes; k++) {
      const y = frame.y0 + step * (k + 0.5);
      ctx.beginPath();
      ctx.arc(x + 4, y, Math.min(4, step / 2 - 0.5), 0, 2 * Math.PI);
      ctx.fillStyle = classColour(k);
      ctx.fill();
      ctx.fillStyle = INK;
      ctx.fillText(className(k), x + 11, y);
    }
  }
  canvas.addEventListener("click", (event) => {
    if (!draft || !frame) return;
    const hit = nearest2(event, draft.points, 49);
    if (hit >= 0) return draft.remove(hit);
    const r = canvas.getBoundingClientRect();
    const x = fromPx(event.clientX - r.left, "x"), y = fromPx(event.clientY - r.top, "y");
    if (Math.abs(x) <= 1 && Math.abs(y) <= 1) draft.add(x, y);
  });
  canvas.addEventListener("mousemove", (event) => {
    if (!frame || !model.data || draft) return;
    const train = model.data.train;
    const best = nearest2(event, train.x, 64);
    if (best < 0) return hideTip();
    const [a, b] = train.x[best];
    showTip(event, `training row ${best}`, [
      ["class", className(train.labels[best])],
      ["x", `(${fmt(a, 2)}, ${fmt(b, 2)})`]
    ]);
  });
  canvas.addEventListener("mouseleave", hideTip);
  function render() {
    const { data, session } = model;
    if (!session || !data) return false;
    const side = width() - PAD4.left - PAD4.right;
    setStyle(box, "height", `${Math.round(Math.max(180, Math.min(380, side + PAD4.top + PAD4.bottom)))}px`);
    const { ctx, w, h } = prepare();
    const size = Math.max(60, Math.min(w - PAD4.left - PAD4.right, h - PAD4.top - PAD4.bottom));
    frame = { x0: PAD4.left + (w - PAD4.left - PAD4.right - size) / 2, y0: PAD4.top, size };
    const z = drawBoundary(ctx);
    if (draft) return renderDraft(ctx, z);
    drawPoints2(ctx, data.train, false);
    if (showTest.checked) drawPoints2(ctx, data.test, true);
    const seen = drawBatch(ctx);
    drawAxes2(ctx);
    box.data = [
      { type: "heatmap", z },
      { type: "scatter", name: "mini-batch", samples: seen },
      { type: "legend", names: legendNames(), colours: legendNames().map((_, k) => classColour(k)) }
    ];
    box.dataset.drawn = String(Number(box.dataset.drawn || 0) + 1);
    const e = model.batch.last;
    const output = e && Array.from(e.output, (v) => fmt(v, 2)).join(", ");
    readout.textContent = e ? `example: row ${e.sample}, class ${Array.from(e.y).indexOf(1)} · output (${output})` : `${data.train.total} training points · ${data.test.total} test`;
    return false;
  }
  function renderDraft(ctx, z) {
    const points = { x: draft.points.map((p) => [p[0], p[1]]), labels: draft.points.map((p) => p[2]) };
    drawPoints2(ctx, points, false);
    drawAxes2(ctx);
    box.data = [{ type: "heatmap", z }, { type: "scatter", name: "drawn", ...points }];
    box.dataset.drawn = String(Number(box.dataset.drawn || 0) + 1);
    readout.textContent = `drawing: ${draft.points.length} points · click to add one of class ${draft.cls}, click a point to remove it`;
    if (revealed !== draft) {
      revealed = draft;
      reveal(el.closest("section") || el);
    }
    return false;
  }
  view.destroy = () => offs.forEach((off) => off());
  return view;
}

// static/js/charts/parallel.js
var RANGE2 = [-1.05, 1.05];
var PAD5 = { left: 24, right: 12, top: 8, bottom: 22 };
function frameOf(w, h, d) {
  const left = PAD5.left, right = w - PAD5.right, top = PAD5.top, bottom = h - PAD5.bottom;
  const gap = d > 1 ? (right - left) / (d - 1) : 0;
  return {
    top,
    bottom,
    gap,
    left,
    right,
    range: RANGE2,
    x: (j) => d > 1 ? left + j * gap : (left + right) / 2,
    y: (v) => bottom - (v - RANGE2[0]) / (RANGE2[1] - RANGE2[0]) * (bottom - top)
  };
}
function polyline(ctx, f, x) {
  ctx.beginPath();
  if (x.length === 1) {
    ctx.moveTo(f.x(0) - 40, f.y(x[0]));
    ctx.lineTo(f.x(0) + 40, f.y(x[0]));
  }
  for (let j = 0; j < x.length; j++) ctx[j ? "lineTo" : "moveTo"](f.x(j), f.y(x[j]));
  ctx.stroke();
}
function fit(ctx, name, room) {
  if (ctx.measureText(name).width <= room) return name;
  let n = name.length;
  while (n > 1 && ctx.measureText(`${name.slice(0, n)}…`).width > room) n--;
  return `${name.slice(0, n)}…`;
}
function drawAxes(ctx, f, names) {
  ctx.strokeStyle = "#cbd3df";
  ctx.lineWidth = 1;
  names.forEach((_, j) => {
    ctx.beginPath();
    ctx.moveTo(Math.round(f.x(j)) + 0.5, f.top);
    ctx.lineTo(Math.round(f.x(j)) + 0.5, f.bottom);
    ctx.stroke();
  });
  ctx.font = MONO_FONT;
  ctx.fillStyle = FAINT;
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  for (const v of [-1, 0, 1]) ctx.fillText(String(v).replace("-", "−"), f.left - 5, f.y(v));
  const every = names.length > 1 ? Math.max(1, Math.ceil(24 / f.gap)) : 1;
  const room = names.length > 1 ? Math.max(20, every * f.gap - 4) : f.right - f.left;
  ctx.fillStyle = INK;
  ctx.textBaseline = "top";
  names.forEach((name, j) => {
    if (j % every) return;
    const last = j === names.length - 1, first = j === 0;
    ctx.textAlign = names.length === 1 ? "center" : first ? "left" : last ? "right" : "center";
    ctx.fillText(fit(ctx, name, first || last ? room / 2 + PAD5.left : room), f.x(j) - (first ? 6 : 0), f.bottom + 5);
  });
}
function createParallel(el) {
  const { canvas, prepare } = makeCanvas(el, "chart parallel");
  const back = document.createElement("canvas");
  let backKey = null;
  let frame = null;
  function drawBack(w, h, dpr, spec) {
    back.width = Math.round(w * dpr);
    back.height = Math.round(h * dpr);
    const ctx = back.getContext("2d");
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    drawAxes(ctx, frame, spec.names);
    ctx.globalAlpha = Math.min(0.6, Math.max(0.06, 6 / Math.sqrt(spec.rows.length + 1)));
    ctx.lineWidth = 1;
    spec.rows.forEach((x, i) => {
      ctx.strokeStyle = spec.colour(spec.labels[i]);
      polyline(ctx, frame, x);
    });
    ctx.globalAlpha = 1;
  }
  return {
    canvas,
    get frame() {
      return frame;
    },
    draw(spec) {
      const { ctx, w, h } = prepare();
      const dpr = window.devicePixelRatio || 1;
      frame = frameOf(w, h, spec.names.length);
      const key = `${spec.key}:${w}x${h}@${dpr}`;
      if (key !== backKey) {
        drawBack(w, h, dpr, spec);
        backKey = key;
      }
      ctx.drawImage(back, 0, 0, w, h);
      ctx.lineJoin = "round";
      ctx.strokeStyle = "#334155";
      ctx.lineWidth = 1.3;
      for (const x of spec.seen) polyline(ctx, frame, x);
      if (spec.current) {
        const { x, label: label3 } = spec.current;
        ctx.strokeStyle = "#ffffff";
        ctx.lineWidth = 5;
        polyline(ctx, frame, x);
        ctx.strokeStyle = "#111827";
        ctx.lineWidth = 2.5;
        polyline(ctx, frame, x);
        ctx.fillStyle = spec.colour(label3);
        ctx.lineWidth = 1.5;
        const dot4 = Math.min(3.5, Math.max(1.5, frame.gap / 4 || 3.5));
        x.forEach((v, j) => {
          ctx.beginPath();
          ctx.arc(frame.x(j), frame.y(v), dot4, 0, 2 * Math.PI);
          ctx.fill();
          ctx.stroke();
        });
      }
    }
  };
}

// static/js/views/table.js
var ROWS = 8;
var HTML4 = `<div class="chart-box parallel" id="data-plot"></div>
  <div class="data-foot"><span class="class-legend" id="class-legend"></span>
    <span class="data-readout" id="data-readout"></span></div>
  <div class="rows-head"><h3>The mini-batch's examples <small id="rows-caption"></small></h3></div>
  <div class="rows-wrap"><table class="rows" id="data-rows"><thead></thead><tbody></tbody></table></div>
  <p class="rows-note">Inputs as the network takes them: each column scaled to [−1, 1].</p>`;
var label2 = (e) => Array.from(e.y).indexOf(1);
var guess = (e) => {
  const out = Array.from(e.output);
  return out.indexOf(Math.max(...out));
};
function cell(tag, text, className = "") {
  const c = document.createElement(tag);
  c.textContent = text;
  if (className) c.className = className;
  return c;
}
function createTableView({ el, bus, model, invalidate }) {
  el.innerHTML = HTML4;
  const box = el.querySelector("#data-plot");
  const readout = el.querySelector("#data-readout");
  const chart = createParallel(box);
  const table = el.querySelector("#data-rows");
  const view = { name: "table", render, minInterval: () => 0 };
  const topics = ["data", "example", "update", "reset", "session"];
  const offs = topics.map((t) => bus.on(t, () => invalidate(view)));
  let shownKey = null;
  let dataKey = 0;
  offs.push(bus.on("data", () => dataKey += 1));
  const info = () => model.session.info;
  const names = () => info().column_names || Array.from({ length: model.network.sizes[0] }, (_, j) => `x${j + 1}`);
  const className = (k) => {
    const all = info().class_names;
    return all && all[k] !== void 0 ? String(all[k]).slice(0, 10) : `class ${k}`;
  };
  function legend2() {
    const classes = info().n_classes || 2;
    const host = el.querySelector("#class-legend");
    const key = Array.from({ length: classes }, (_, k) => className(k)).join("\n");
    if (host.dataset.key === key) return;
    host.dataset.key = key;
    host.replaceChildren(...Array.from({ length: classes }, (_, k) => {
      const item2 = cell("span", className(k), "class-key");
      const dot4 = cell("i", "", "swatch");
      dot4.style.background = classColour(k);
      item2.prepend(dot4);
      return item2;
    }));
  }
  const inputsOf = (e) => e.x || model.data.train.x[e.sample];
  const seenSoFar = () => model.batch.key ? model.batch.examples.filter((e) => e && inputsOf(e)) : [];
  function drawTable(seen) {
    const cols = names();
    const last = model.batch.last;
    const key = `${model.batch.key}:${seen.length}:${last ? last.seq : ""}:${cols.length}`;
    if (key === shownKey) return;
    shownKey = key;
    const head = document.createElement("tr");
    head.append(
      cell("th", "#"),
      cell("th", "row"),
      cell("th", "class"),
      cell("th", "network says (a)"),
      ...cols.map((c) => cell("th", c))
    );
    table.tHead.replaceChildren(head);
    const shown = seen.slice(-ROWS);
    table.tBodies[0].replaceChildren(...shown.map((e) => {
      const tr = document.createElement("tr");
      const [y, a] = [label2(e), guess(e)];
      tr.append(
        cell("td", String(e.index + 1)),
        cell("td", String(e.sample)),
        cell("th", className(y)),
        cell("td", `${className(a)} (${fmt(e.output[a], 2)}) ${a === y ? "✓" : "✗"}`, a === y ? "right" : "wrong"),
        ...Array.from(inputsOf(e), (v) => cell("td", fmt(v, 2)))
      );
      tr.dataset.sample = String(e.sample);
      if (e === last) tr.className = "current";
      return tr;
    }));
    const m = model.batch.m || model.position.m;
    el.querySelector("#rows-caption").textContent = seen.length === 0 ? "none yet: step an example to see it here" : `${seen.length} of ${m} so far${seen.length > ROWS ? `, the last ${ROWS} shown` : ""}`;
  }
  function render() {
    const { data, session, network } = model;
    if (!session || !data || !network) return false;
    const train = data.train;
    const seen = seenSoFar();
    const last = model.batch.last && inputsOf(model.batch.last) ? model.batch.last : null;
    chart.draw({
      names: names(),
      rows: train.x,
      labels: train.labels,
      colour: classColour,
      key: dataKey,
      seen: seen.filter((e) => e !== last).map(inputsOf),
      current: last ? { x: inputsOf(last), label: label2(last) } : null
    });
    legend2();
    drawTable(seen);
    box.data = [
      { type: "parcoords", dimensions: names(), lines: train.x.length, labels: train.labels },
      { type: "scatter", name: "mini-batch", samples: seen.map((e) => e.sample), current: last ? last.sample : null }
    ];
    const f = chart.frame;
    box.drawnGeometry = { left: f.left, right: f.right, top: f.top, bottom: f.bottom, range: f.range };
    box.dataset.drawn = String(Number(box.dataset.drawn || 0) + 1);
    const some = train.x.length < train.total ? ` (the first ${train.x.length} drawn)` : "";
    readout.textContent = last ? `example: row ${last.sample}, ${className(label2(last))} · output (${Array.from(last.output, (v) => fmt(v, 2)).join(", ")})` : `${train.total} training rows${some} · ${data.test.total} test`;
    return false;
  }
  chart.canvas.addEventListener("mousemove", (event) => {
    const f = chart.frame;
    if (!f || !model.data) return;
    const r = chart.canvas.getBoundingClientRect();
    const px = event.clientX - r.left, py = event.clientY - r.top;
    const cols = names();
    const j = Math.max(0, Math.min(cols.length - 1, Math.round(f.gap ? (px - f.left) / f.gap : 0)));
    const rows = model.data.train.x;
    let best = -1, dist = 6;
    rows.forEach((x, i) => {
      const d = Math.abs(f.y(x[j]) - py);
      if (d < dist) [best, dist] = [i, d];
    });
    if (best < 0) return hideTip();
    showTip(event, `training row ${best}`, [
      ["class", className(model.data.train.labels[best])],
      ...cols.map((c, k) => [c, fmt(rows[best][k], 2)])
    ]);
  });
  chart.canvas.addEventListener("mouseleave", hideTip);
  let width = box.clientWidth;
  const resized = new ResizeObserver(() => {
    if (Math.abs(box.clientWidth - width) > 4) {
      width = box.clientWidth;
      invalidate(view);
    }
  });
  resized.observe(box);
  view.destroy = () => {
    offs.forEach((off) => off());
    resized.disconnect();
  };
  return view;
}

// static/js/views/data.js
var VIEWS = {
  points: [createPointsView, "Data and decision boundary"],
  table: [createTableView, "Data: each row a line across its inputs"],
  image: [createImagesView, "Example and first layer"]
};
function createDataView(ctx) {
  const { el, bus, model, invalidate, setTitle } = ctx;
  let inner = null;
  let kind = null;
  const view = {
    name: "data",
    render: (now) => inner ? inner.render(now) : false,
    minInterval: () => inner && inner.minInterval ? inner.minInterval() : 0
  };
  const proxy = (v) => invalidate(view, v);
  el.addEventListener("chart-resize", () => invalidate(view));
  bus.on("session", (session) => {
    const next = session.info.kind;
    if (next === kind && inner) return;
    if (inner && inner.destroy) inner.destroy();
    el.replaceChildren();
    kind = next;
    const [make2, title2] = VIEWS[kind] || VIEWS.image;
    inner = make2({ ...ctx, invalidate: proxy });
    setTitle(title2);
    invalidate(view);
  });
  return view;
}

// static/js/views/landscape/legend.js
function item(swatch, term, value) {
  const div = document.createElement("div");
  const dt = document.createElement("dt");
  dt.innerHTML = `<span class="ls-key ls-key-${swatch}"></span>`;
  dt.append(term);
  const dd = document.createElement("dd");
  dd.textContent = value;
  div.append(dt, dd);
  return div;
}
var pair = (v) => `(${fmt(v[0], 4)}, ${fmt(v[1], 4)})`;
function captionText(ls, k, done) {
  let text;
  if (k === 0) text = `Mini-batch ${ls.batch + 1}: no example yet. Each example will add its own step −(η/m)·∇ᵢ, head to tail, all taken at the start (the dot).`;
  else if (!done) text = `${k} of ${ls.m} examples: the arrows are their steps, every gradient taken at the same start weights. The dashed arrow is the direction of their mean.`;
  else text = `The chain of ${ls.m} steps ends exactly where the one update moves the weights (the ring): w → w − (η/m)·Σ∇ᵢ.`;
  if (ls.full_step) text += " The dotted amber arrow is −η·∇C, where the true gradient over all n training examples would step: the mini-batch's update estimates it.";
  if (ls.mode === "per_example") text += " In per-example mode the weights really move along the orange path: each gradient is taken where the last step left off.";
  return text;
}
function describe({ legend: legend2, caption }, ls, g, k, done) {
  const rows = [
    ["start", "start of the mini-batch", pair(ls.at)],
    ["cost", "its mean cost C (the dark contour)", fmt(ls.start_cost, 4)],
    ["step", `steps −(η/m)·∇ᵢ, ${k} of ${ls.m}`, k ? pair(g.chain[k]) : "none yet"]
  ];
  if (g.mean) rows.push(["mean", "−η·(mean ∇ so far)", pair(g.mean)]);
  rows.push([
    "full",
    `−η·∇C, the whole training set's step${ls.lmbda > 0 ? " (with L2)" : ""}`,
    g.full ? pair(g.full) : "beyond this server's budget"
  ]);
  if (ls.mode === "per_example") rows.push(["path", "real path, update in the loop", k ? pair(g.path[k]) : "none yet"]);
  rows.push(["end", ls.lmbda > 0 ? "the batch update (with L2 decay)" : "the batch update", done ? pair(ls.end) : `after example ${ls.m}`]);
  setChildren(legend2, JSON.stringify(rows.map((r) => r[0])), () => rows.map((r) => item(...r)));
  rows.forEach(([, term, value], i) => {
    const [dt, dd] = legend2.children[i].children;
    if (dt.lastChild.textContent !== term) dt.lastChild.textContent = term;
    setText(dd, value);
  });
  setText(caption, captionText(ls, k, done));
}

// static/js/views/landscape/steps.js
var STEP = "#7c3aed";
var MEAN = "#0f766e";
var START = "#1f3b73";
var FULL = "#b45309";
function arrow(ctx, [x0, y0], [x1, y1], { colour, width = 1.6, dash = null, head = 7 }) {
  const length = Math.hypot(x1 - x0, y1 - y0);
  ctx.strokeStyle = colour;
  ctx.fillStyle = colour;
  ctx.lineWidth = width;
  ctx.setLineDash(dash || []);
  if (length < 0.5) return;
  const [ux, uy] = [(x1 - x0) / length, (y1 - y0) / length];
  const h = Math.min(head, length * 0.6);
  ctx.beginPath();
  ctx.moveTo(x0, y0);
  ctx.lineTo(x1 - ux * h * 0.8, y1 - uy * h * 0.8);
  ctx.stroke();
  ctx.setLineDash([]);
  ctx.beginPath();
  ctx.moveTo(x1, y1);
  ctx.lineTo(x1 - ux * h - uy * h * 0.45, y1 - uy * h + ux * h * 0.45);
  ctx.lineTo(x1 - ux * h + uy * h * 0.45, y1 - uy * h - ux * h * 0.45);
  ctx.closePath();
  ctx.fill();
}
function dot2(ctx, [x, y], { fill, stroke = "#1b2538", r = 4 }) {
  ctx.beginPath();
  ctx.arc(x, y, r, 0, 2 * Math.PI);
  if (fill) {
    ctx.fillStyle = fill;
    ctx.fill();
  }
  ctx.strokeStyle = stroke;
  ctx.lineWidth = 1.3;
  ctx.stroke();
}
function geometry(ls, k, done) {
  const chain = [ls.at];
  for (let i = 0; i < k; i++) chain.push([chain[i][0] + ls.steps[i][0], chain[i][1] + ls.steps[i][1]]);
  const last = chain[k];
  const mean = k > 0 ? [ls.at[0] + ls.m / k * (last[0] - ls.at[0]), ls.at[1] + ls.m / k * (last[1] - ls.at[1])] : null;
  const path = ls.path ? [ls.at, ...ls.path.slice(0, k)] : null;
  const full = ls.full_step ? [ls.at[0] + ls.full_step[0], ls.at[1] + ls.full_step[1]] : null;
  return { chain, mean, path, end: done ? ls.end : null, full };
}
function drawPath(ctx, real) {
  ctx.strokeStyle = NEGATIVE;
  ctx.lineWidth = 2;
  ctx.beginPath();
  real.forEach(([x, y], i) => i ? ctx.lineTo(x, y) : ctx.moveTo(x, y));
  ctx.stroke();
  for (const p of real.slice(1)) dot2(ctx, p, { fill: NEGATIVE, stroke: "#fff", r: 3 });
}
function overlay(g) {
  return (ctx, px) => {
    const points = g.chain.map(([a, b]) => px(a, b));
    if (g.full) arrow(ctx, points[0], px(...g.full), { colour: FULL, width: 2.2, dash: [2, 3], head: 9 });
    if (g.mean) arrow(ctx, points[0], px(...g.mean), { colour: MEAN, width: 1.4, dash: [5, 4] });
    for (let i = 1; i < points.length; i++) {
      const newest = i === points.length - 1 && !g.end;
      arrow(ctx, points[i - 1], points[i], { colour: STEP, width: newest ? 2.6 : 1.7, head: newest ? 9 : 7 });
    }
    if (g.path) drawPath(ctx, g.path.map(([a, b]) => px(a, b)));
    if (g.end) {
      const tail = points[points.length - 1];
      const end = px(...g.end);
      if (Math.hypot(end[0] - tail[0], end[1] - tail[1]) > 0.5) arrow(ctx, tail, end, { colour: "#64748b", width: 1.4 });
      dot2(ctx, end, { fill: "#fff", stroke: STEP, r: 6.5 });
      dot2(ctx, end, { fill: STEP, stroke: STEP, r: 2.5 });
    }
    dot2(ctx, points[0], { fill: START, stroke: "#fff", r: 4.5 });
  };
}

// static/js/views/landscape.js
var FETCH_EVERY = 300;
var CLICK_MS = 1500;
var PICK_TIP = "Click a cell (or a bias bar) in the accumulation view, or a link of the network, to pick w₁; shift-click to pick w₂. Auto: the two weights with the largest |nabla_w| of the mini-batch.";
var HTML5 = `<div class="ls-body">
    <div class="chart-box ls-plot" id="landscape-plot"></div>
    <div class="ls-side">
      <p class="ls-caption" id="landscape-caption" aria-live="polite"></p>
      <dl class="ls-legend" id="landscape-legend"></dl>
    </div>
  </div>`;
function createLandscapeView({ el, tools, bus, model, invalidate, notify }) {
  el.innerHTML = HTML5;
  const box = el.querySelector("#landscape-plot");
  const caption = el.querySelector("#landscape-caption");
  const legend2 = el.querySelector("#landscape-legend");
  const chart = createContour(box);
  const view = { name: "landscape", render, minInterval: () => model.playing ? 50 : 0 };
  el.addEventListener("chart-resize", () => invalidate(view));
  const chips = document.createElement("div");
  chips.className = "ls-picks";
  chips.dataset.tip = PICK_TIP;
  chips.innerHTML = `<span class="ls-chip" data-slot="0"></span><span class="ls-chip" data-slot="1"></span>
    <button type="button" class="btn btn-small" data-act="landscape-auto">auto</button>`;
  (tools || el).append(chips);
  const auto = chips.querySelector("[data-act='landscape-auto']");
  let picks = [null, null];
  let shown = null;
  let asked = null;
  let inFlight = false;
  let lastFetch = 0;
  let timer = null;
  let click = null;
  let grid = null;
  document.addEventListener("pointerdown", (event) => {
    const t = event.target;
    const chart2 = t instanceof Element && t.closest("canvas.heatmap, canvas.bars, .network-svg");
    click = chart2 ? { shift: event.shiftKey, at: performance.now() } : null;
  }, true);
  bus.on("selection", (sel) => {
    if (!click || performance.now() - click.at > CLICK_MS) return;
    const slot = click.shift ? 1 : 0;
    click = null;
    const p = sel.kind === "w" ? { kind: "w", layer: sel.layer, j: sel.j, k: sel.k } : { kind: "b", layer: sel.layer, j: sel.j, k: null };
    if (sameParam(picks[1 - slot], p)) picks[1 - slot] = picks[slot];
    picks[slot] = p;
    want();
  });
  auto.addEventListener("click", () => {
    picks = [null, null];
    want();
  });
  chart.canvas.addEventListener("mousemove", (event) => {
    const v = shown && chart.valueAt(event);
    if (!v) return hideTip();
    showTip(event, "mean cost of the mini-batch", [
      [paramName(shown.w1), fmt(v.a, 4)],
      [paramName(shown.w2), fmt(v.b, 4)],
      ["C", fmt(v.cost, 4)]
    ]);
    return void 0;
  });
  chart.canvas.addEventListener("mouseleave", hideTip);
  for (const topic of ["example", "update", "state", "network"]) bus.on(topic, () => want());
  const forget = (keepPicks) => {
    if (!keepPicks) picks = [null, null];
    shown = null;
    asked = null;
    want();
  };
  bus.on("session", () => forget(false));
  bus.on("reset", () => forget(true));
  function wanted() {
    const { batch, position } = model;
    const last = Boolean(batch.key && batch.complete && model.hasLastBatch);
    const key = batch.key && (last || !batch.complete) ? batch.key : keyOf(position.epoch, position.batch);
    const which = last ? "last" : "current";
    const parts = [`resolution=41`, `batch=${which}`];
    if (picks[0]) parts.push(`w1=${paramQuery(picks[0])}`);
    if (picks[1]) parts.push(`w2=${paramQuery(picks[1])}`);
    return { key, query: parts.join("&") };
  }
  function satisfied(w) {
    if (!shown) return false;
    const key = keyOf(shown.epoch, shown.batch);
    const params = [shown.w1, shown.w2].every((s, i) => picks[i] ? sameParam(picks[i], s) && !s.auto : s.auto);
    return key === w.key && params;
  }
  function want() {
    invalidate(view);
    if (!model.session || !model.position) return;
    const w = wanted();
    if (satisfied(w) || inFlight || timer) return;
    if (asked && asked.key === w.key && asked.query === w.query) return;
    const wait = model.playing ? Math.max(0, FETCH_EVERY - (performance.now() - lastFetch)) : 0;
    timer = setTimeout(() => fetchNow(), wait);
  }
  async function fetchNow() {
    timer = null;
    const sid = model.session && model.session.id;
    if (!sid) return;
    const w = wanted();
    asked = w;
    inFlight = true;
    lastFetch = performance.now();
    box.dataset.loading = "1";
    try {
      const ls = await api.landscape(sid, w.query);
      if (model.session && sid === model.session.id) shown = ls;
    } catch (error) {
      if (error.status !== 409) notify(`Landscape: ${error.message}`, { kind: "error" });
    } finally {
      inFlight = false;
      box.dataset.loading = "0";
      want();
    }
  }
  function progressOf(ls) {
    const { batch } = model;
    const key = keyOf(ls.epoch, ls.batch);
    if (ls.finished) return { k: ls.m, done: true };
    if (!batch.key) return { k: 0, done: false };
    const c = compareKeys(key, batch.key);
    if (c < 0) return { k: ls.m, done: true };
    if (c > 0) return { k: 0, done: false };
    return { k: Math.min(batch.k, ls.m), done: batch.complete };
  }
  function chipText() {
    const spans = chips.querySelectorAll(".ls-chip");
    spans.forEach((span, i) => {
      const p = shown ? i === 0 ? shown.w1 : shown.w2 : picks[i];
      setText(span, `w${i ? "₂" : "₁"} ${p ? paramName(p) : "…"}`);
      span.classList.toggle("picked", Boolean(picks[i]));
      const title2 = picks[i] ? "picked by a click" : "auto: a largest |nabla_w| of the mini-batch";
      if (span.title !== title2) span.title = title2;
    });
    if (auto.disabled !== !picks.some(Boolean)) auto.disabled = !picks.some(Boolean);
  }
  function render() {
    chipText();
    if (!shown || !model.session) {
      chart.draw(null);
      box.dataset.arrows = "0";
      return false;
    }
    const ls = shown;
    const { k, done } = progressOf(ls);
    const g = geometry(ls, k, done);
    if (!grid || grid.of !== ls) grid = { xs: ls.xs, ys: ls.ys, z: ls.cost, mark: ls.start_cost, of: ls };
    chart.draw(
      grid,
      { labels: [paramName(ls.w1), paramName(ls.w2)], overlay: overlay(g) }
    );
    describe({ legend: legend2, caption }, ls, g, k, done);
    box.dataset.arrows = String(k);
    box.dataset.batch = keyOf(ls.epoch, ls.batch);
    box.dataset.done = done ? "1" : "0";
    box.dataset.params = `${paramQuery(ls.w1)};${paramQuery(ls.w2)}`;
    box.drawnLandscape = { ...g, w1: ls.w1, w2: ls.w2, k };
    return false;
  }
  return view;
}

// static/js/charts/ticks.js
var STEPS4 = [1, 2, 2.5, 5];
var INTEGER_STEPS = [1, 2, 5];
var minus = (text) => text.replace(/-/g, "−");
function* stepsFrom(least, integer) {
  const from = integer ? Math.max(1, least) : least;
  let p = 10 ** Math.floor(Math.log10(from));
  for (; ; ) {
    for (const s of integer ? INTEGER_STEPS : STEPS4) if (s * p >= from * (1 - 1e-9)) yield s * p;
    p *= 10;
  }
}
var roundStep = (least) => stepsFrom(least, false).next().value;
function decimalsOf(step) {
  return (String(Number(step.toPrecision(3))).split(".")[1] || "").length;
}
function tickText(v, axis, step = 1) {
  const format = axis.tickformat || "";
  const percent2 = /^\.(\d)%$/.exec(format);
  if (percent2) return minus(`${(100 * v).toFixed(Math.max(Number(percent2[1]), decimalsOf(100 * step)))}%`);
  if (format === ",d") return minus(thousands(v));
  if (format === "d") return minus(String(Math.round(v)));
  if (Math.abs(v) < step * 1e-9) return "0";
  if (step < 1e-3 || Math.abs(v) >= 1e5) return minus(v.toExponential(1).replace("e+", "e"));
  return minus(v.toFixed(decimalsOf(step)));
}
function niceTicks([lo, hi], length, axis, widthOf, gap = 40) {
  const integer = /d$/.test(axis.tickformat || "");
  const span = hi - lo;
  if (!(span > 0) || !(length > 0)) return [];
  const most = Math.max(2, Math.floor(length / gap)) + 1;
  for (const step of stepsFrom(axis.dtick || span / most, integer)) {
    const first = Math.ceil(lo / step - 1e-9);
    const last = Math.floor(hi / step + 1e-9);
    const count2 = last - first + 1;
    if (!axis.dtick && count2 > most || count2 > length / 4) continue;
    const ticks = [];
    for (let n = first; n <= last; n++) {
      const v = Math.abs(n) < 1e-9 ? 0 : n * step;
      ticks.push({ v, text: tickText(v, axis, step) });
    }
    const room = step / span * length;
    if (ticks.length <= 1 || ticks.every((t) => widthOf(t.text) <= room)) return ticks;
  }
  return [];
}
function formatted(v, format) {
  if (typeof v !== "number") return String(v);
  if (!format) return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(4)));
  const spec = /^(,)?(?:\.(\d+))?([fg%d])$/.exec(format);
  if (!spec) return String(v);
  const [, comma, digits, kind] = spec;
  const n = digits === void 0 ? 6 : Number(digits);
  if (kind === "%") return `${(100 * v).toFixed(n)}%`;
  if (kind === "f") return v.toFixed(n);
  if (kind === "g") return String(Number(v.toPrecision(Math.max(1, n))));
  return comma ? thousands(v) : String(Math.round(v));
}
function formatTemplate(template, t, i) {
  const value = (name, index) => {
    if (name === "customdata") return t.customdata[i][Number(index)];
    const v = t[name];
    return Array.isArray(v) ? v[i] : v;
  };
  return template.replace(/<extra>.*?<\/extra>/g, "").replace(/%\{(\w+)(?:\[(\d+)\])?(?::([^}]*))?\}/g, (_, name, index, format) => formatted(value(name, index), format)).split("<br>");
}

// static/js/charts/lines.js
var GRID2 = "#e6e9f0";
var TICK_FONT2 = MONO_FONT.replace("10px", "9px");
var DASHES3 = { solid: [], dot: [2, 3], dash: [6, 4], dashdot: [6, 3, 2, 3] };
var dashOf = (line2) => DASHES3[line2 && line2.dash || "solid"] || [];
var HIT = 24;
var font = (size) => TITLE_FONT.replace("10px", `${size}px`);
var suffixOf = (ref = "x") => ref.replace(/^[xy]/, "").replace(" domain", "");
function panels(layout3, box) {
  return ["", "2"].filter((s) => layout3[`xaxis${s}`] || s === "" && layout3.yaxis).map((s) => {
    const [d0, d1] = (layout3[`yaxis${s}`] || {}).domain || [0, 1];
    const top = box.top + (1 - d1) * box.height;
    const bottom = box.top + (1 - d0) * box.height;
    return {
      suffix: s,
      xa: layout3[`xaxis${s}`] || {},
      ya: layout3[`yaxis${s}`] || {},
      left: box.left,
      right: box.left + box.width,
      top,
      bottom
    };
  });
}
function range(axis, values) {
  if (axis.range) return axis.range;
  const finite = values.filter(Number.isFinite);
  if (!finite.length) return [0, 1];
  let [lo, hi] = [Math.min(...finite), Math.max(...finite)];
  const zero = axis.rangemode === "tozero";
  if (zero) [lo, hi] = [Math.min(0, lo), Math.max(0, hi)];
  if (hi === lo) return zero ? [lo, hi + 1] : [lo - 1, hi + 1];
  const pad = (hi - lo) * 0.05;
  return [zero && lo === 0 ? 0 : lo - pad, zero && hi === 0 ? 0 : hi + pad];
}
function scales(panel2, traces3) {
  const mine = traces3.filter((t) => suffixOf(t.xaxis) === panel2.suffix);
  const [x0, x1] = range(panel2.xa, mine.flatMap((t) => t.x));
  const [y0, y1] = range(panel2.ya, mine.flatMap((t) => t.y));
  panel2.xRange = [x0, x1];
  panel2.yRange = [y0, y1];
  panel2.px = (v) => panel2.left + (v - x0) / (x1 - x0) * (panel2.right - panel2.left);
  panel2.py = (v) => panel2.bottom - (v - y0) / (y1 - y0) * (panel2.bottom - panel2.top);
  panel2.traces = mine;
}
function line(ctx, x0, y0, x1, y1) {
  ctx.beginPath();
  ctx.moveTo(x0, y0);
  ctx.lineTo(x1, y1);
  ctx.stroke();
}
function axes(ctx, p) {
  ctx.font = TICK_FONT2;
  ctx.strokeStyle = GRID2;
  ctx.lineWidth = 1;
  ctx.fillStyle = INK;
  const drawn = { x: [], y: [] };
  const measure = (text) => ctx.measureText(text).width;
  for (const { v, text } of niceTicks(p.yRange, p.bottom - p.top, p.ya, () => 14, 24)) {
    const y = Math.round(p.py(v)) + 0.5;
    line(ctx, p.left, y, p.right, y);
    ctx.textAlign = "right";
    ctx.textBaseline = "middle";
    ctx.fillText(text, p.left - 4, y);
    drawn.y.push({ text, left: p.left - 4 - measure(text), right: p.left - 4, top: y - 5, bottom: y + 5 });
  }
  for (const { v, text } of niceTicks(p.xRange, p.right - p.left, p.xa, (t) => measure(t) + 10, 60)) {
    const x = Math.round(p.px(v)) + 0.5;
    line(ctx, x, p.top, x, p.bottom);
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    ctx.fillText(text, x, p.bottom + 6);
    const half = measure(text) / 2;
    drawn.x.push({ text, left: x - half, right: x + half, top: p.bottom + 6, bottom: p.bottom + 16 });
  }
  return drawn;
}
function titles(ctx, p) {
  ctx.fillStyle = INK;
  ctx.font = font(10);
  const xTitle = p.xa.title && p.xa.title.text;
  if (xTitle) {
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    ctx.fillText(xTitle, (p.left + p.right) / 2, p.bottom + 17);
  }
  const yTitle = p.ya.title && p.ya.title.text;
  if (yTitle) verticalText(ctx, yTitle, 9, (p.top + p.bottom) / 2);
}
function marker(ctx, x, y, m, colour) {
  const r = (m.size || 6) / 2;
  const symbol = m.symbol || "circle";
  ctx.beginPath();
  if (symbol.startsWith("diamond")) {
    ctx.moveTo(x, y - r);
    ctx.lineTo(x + r, y);
    ctx.lineTo(x, y + r);
    ctx.lineTo(x - r, y);
    ctx.closePath();
  } else ctx.arc(x, y, r, 0, 2 * Math.PI);
  if (symbol.endsWith("-open")) {
    ctx.strokeStyle = m.line && m.line.color || colour;
    ctx.lineWidth = m.line && m.line.width || 1.5;
    ctx.setLineDash([]);
    ctx.stroke();
  } else {
    ctx.fillStyle = m.color || colour;
    ctx.fill();
  }
}
function trace(ctx, p, t) {
  const colour = t.line && t.line.color || INK;
  const mode = t.mode || "lines+markers";
  const points = t.x.map((x, i) => [p.px(x), p.py(t.y[i])]).filter(([, y]) => Number.isFinite(y));
  if (mode.includes("lines") && points.length > 1) {
    ctx.strokeStyle = colour;
    ctx.lineWidth = t.line && t.line.width || 2;
    ctx.setLineDash(dashOf(t.line));
    ctx.beginPath();
    points.forEach(([x, y], i) => i ? ctx.lineTo(x, y) : ctx.moveTo(x, y));
    ctx.stroke();
    ctx.setLineDash([]);
  }
  if (mode.includes("markers")) for (const [x, y] of points) marker(ctx, x, y, t.marker || {}, colour);
}
function place(ref, v, all, vertical) {
  const p = all.find((q) => q.suffix === suffixOf(ref)) || all[0];
  if (ref && ref.endsWith("domain")) {
    return vertical ? p.bottom - v * (p.bottom - p.top) : p.left + v * (p.right - p.left);
  }
  return vertical ? p.py(v) : p.px(v);
}
function shapes(ctx, layout3, all) {
  for (const s of layout3.shapes || []) {
    ctx.strokeStyle = s.line && s.line.color || INK;
    ctx.lineWidth = s.line && s.line.width || 1;
    ctx.setLineDash(dashOf(s.line));
    line(
      ctx,
      place(s.xref, s.x0, all, false),
      place(s.yref, s.y0, all, true),
      place(s.xref, s.x1, all, false),
      place(s.yref, s.y1, all, true)
    );
  }
  ctx.setLineDash([]);
  for (const a of layout3.annotations || []) {
    ctx.font = font(a.font && a.font.size || 10);
    ctx.fillStyle = a.font && a.font.color || INK;
    ctx.textAlign = a.xanchor === "right" ? "right" : a.xanchor === "left" ? "left" : "center";
    ctx.textBaseline = a.yanchor === "top" ? "top" : a.yanchor === "bottom" ? "bottom" : "middle";
    const nudge = a.xanchor === "left" ? 2 : a.xanchor === "right" ? -2 : 0;
    ctx.fillText(a.text, place(a.xref, a.x, all, false) + nudge, place(a.yref, a.y, all, true));
  }
}
function legendRows(ctx, traces3, width) {
  ctx.font = font(10);
  const rows = [[]];
  let x = 0;
  for (const t of traces3.filter((t2) => t2.name && t2.showlegend !== false)) {
    const w = 26 + ctx.measureText(t.name).width + 12;
    if (x + w > width && rows[rows.length - 1].length) {
      rows.push([]);
      x = 0;
    }
    rows[rows.length - 1].push([t, x]);
    x += w;
  }
  return rows.filter((r) => r.length);
}
function legend(ctx, rows, left, top) {
  rows.forEach((row, i) => {
    const y = top + 7 + i * 14;
    for (const [t, x0] of row) {
      const x = left + x0;
      const colour = t.line && t.line.color || INK;
      if ((t.mode || "lines").includes("lines")) {
        ctx.strokeStyle = colour;
        ctx.lineWidth = Math.min(2, t.line && t.line.width || 2);
        ctx.setLineDash(dashOf(t.line));
        line(ctx, x, y, x + 20, y);
        ctx.setLineDash([]);
      }
      if ((t.mode || "").includes("markers")) marker(ctx, x + 10, y, { ...t.marker, size: Math.min(8, (t.marker || {}).size || 6) }, colour);
      ctx.fillStyle = INK;
      ctx.textAlign = "left";
      ctx.textBaseline = "middle";
      ctx.fillText(t.name, x + 26, y);
    }
  });
}
function nearest(all, x, y) {
  let best = null;
  for (const p of all) {
    if (y < p.top - HIT / 2 || y > p.bottom + HIT / 2) continue;
    for (const t of p.traces) {
      if (t.hoverinfo === "skip") continue;
      t.x.forEach((v, i) => {
        const d = Math.hypot(p.px(v) - x, p.py(t.y[i]) - y);
        if (d <= HIT && (!best || d < best.d)) best = { d, t, i };
      });
    }
  }
  return best;
}
function createLines(el) {
  const { canvas, prepare } = makeCanvas(el, "chart lines");
  let drawn = null;
  let last = null;
  const explain = (event) => {
    const r = canvas.getBoundingClientRect();
    const hit = drawn && nearest(drawn.all, event.clientX - r.left, event.clientY - r.top);
    if (!hit || !hit.t.hovertemplate) return hideTip();
    const [title2, ...lines] = formatTemplate(hit.t.hovertemplate, hit.t, hit.i);
    showTip(event, title2, lines);
  };
  canvas.addEventListener("pointermove", explain);
  canvas.addEventListener("pointerdown", explain);
  canvas.addEventListener("pointerleave", () => hideTip());
  el.addEventListener("chart-resize", () => last && draw2(...last));
  function draw2(data, layout3) {
    last = [data, layout3];
    const { ctx, w, h } = prepare();
    const m = { l: 40, r: 8, t: 8, b: 28, ...layout3.margin };
    const rows = layout3.showlegend ? legendRows(ctx, data, w - m.l - m.r) : [];
    const top = m.t + Math.max(0, rows.length - 1) * 14;
    const box = { left: m.l, top, width: Math.max(10, w - m.l - m.r), height: Math.max(10, h - top - m.b) };
    const all = panels(layout3, box);
    all.forEach((p) => scales(p, data));
    const ticks = {};
    for (const p of all) ticks[`x${p.suffix}y${p.suffix}`] = axes(ctx, p);
    for (const p of all) titles(ctx, p);
    for (const p of all) {
      ctx.save();
      ctx.beginPath();
      ctx.rect(p.left - 6, p.top - 6, p.right - p.left + 12, p.bottom - p.top + 12);
      ctx.clip();
      p.traces.forEach((t) => trace(ctx, p, t));
      ctx.restore();
    }
    shapes(ctx, layout3, all);
    legend(ctx, rows, m.l, Math.max(0, top - rows.length * 14 - 2));
    drawn = { all };
    el.drawnTicks = ticks;
  }
  return { draw: draw2, canvas };
}
var charts = /* @__PURE__ */ new WeakMap();
function drawLines(el, data, layout3) {
  drawChanged(el, JSON.stringify([data, layout3]), () => {
    if (!charts.has(el)) charts.set(el, createLines(el));
    el.data = data;
    el.layout = layout3;
    charts.get(el).draw(data, layout3);
  });
}

// static/js/views/metrics-notes.js
var seconds = (s) => s < 10 ? `${s.toFixed(2)} s` : `${s.toFixed(1)} s`;
function costNote(config, last) {
  if (!last) return "";
  let text = `Cost after epoch ${last.epoch + 1}: training ${last.train_cost.toFixed(4)}, test ${last.test_cost.toFixed(4)}.`;
  if (config.lmbda > 0) {
    text += " With λ each adds the L2 term ½(λ/n)Σw² over its own set's size n, as network2's total_cost(data, lmbda) does (the test cost divides by the test set's size).";
  }
  if (config.cost === "cross_entropy") {
    text += " An output of exactly 1.0 (or 0.0) for a wrong class counts 708.4, −ln of the smallest normal double; network2's nan_to_num(inf) would count 1.8e308.";
  }
  return text;
}
function epochTime(last, speed, n) {
  if (last.seconds == null) return "";
  const own = `Epoch ${last.epoch + 1} trained in ${seconds(last.seconds)}`;
  if (!speed) return `${own}.`;
  const book2 = speed.seconds_per_example * n;
  const ratio = book2 / Math.max(last.seconds, 1e-9);
  const why = ratio >= 1 ? "what the whole mini-batch as one matrix product buys" : "this epoch's steps also built the events this page shows, and the server is busy";
  return `${own}; network.py's per-example loop would take about ${seconds(book2)} on this server (${ratio.toFixed(1)}× as long: ${why}).`;
}

// static/js/views/metrics.js
var MAX_POINTS2 = 1500;
var AXIS2 = LINE_AXIS;
var title = (text) => ({ text, font: { size: 10 }, standoff: 2 });
function thin2(updates) {
  if (updates.length <= MAX_POINTS2) {
    return { x: updates.map((u) => u.n), y: updates.map((u) => u.cost) };
  }
  const size = Math.ceil(updates.length / MAX_POINTS2);
  const x = [], y = [];
  for (let i = 0; i < updates.length; i += size) {
    const part = updates.slice(i, i + size);
    x.push(part[part.length - 1].n);
    y.push(part.reduce((s, u) => s + u.cost, 0) / part.length);
  }
  return { x, y };
}
function traces(updates, epochs) {
  const cost = thin2(updates);
  const x = epochs.map((e) => e.epoch + 1);
  const accuracy = (name, key, colour, dash, symbol, size) => ({
    type: "scatter",
    mode: "lines+markers",
    name,
    x,
    y: epochs.map((e) => e[key]),
    xaxis: "x2",
    yaxis: "y2",
    line: { color: colour, width: 2, dash },
    marker: { size, symbol, line: { color: colour, width: 1.5 } },
    hovertemplate: `epoch %{x}: ${name} %{y:.1%}<extra></extra>`
  });
  return [
    {
      type: "scatter",
      mode: cost.x.length > 40 ? "lines" : "lines+markers",
      name: "cost per mini-batch",
      x: cost.x,
      y: cost.y,
      line: { color: "#475569", width: 1.2 },
      marker: { size: 4 },
      hovertemplate: "update %{x}: cost %{y:.4f}<extra></extra>"
    },
    accuracy("train accuracy", "train_accuracy", POSITIVE, "solid", "circle", 5),
    accuracy("test accuracy", "test_accuracy", NEGATIVE, "dot", "diamond-open", 10)
  ];
}
function reference(preset) {
  if (!preset || preset.figure === null) return {};
  const y = preset.figure;
  return {
    shapes: [{
      type: "line",
      xref: "x2 domain",
      x0: 0,
      x1: 1,
      yref: "y2",
      y0: y,
      y1: y,
      line: { color: "#b45309", width: 1.5, dash: "dash" }
    }],
    annotations: [{
      xref: "x2 domain",
      x: 0.01,
      xanchor: "left",
      yref: "y2",
      y,
      yanchor: "bottom",
      text: `the book: ${(100 * y).toFixed(2)} %`,
      showarrow: false,
      font: { size: 10, color: "#b45309" }
    }]
  };
}
var SYMBOLS = [["eta", "η"], ["batch_size", "m"], ["lmbda", "λ"]];
function changeMarks(changes, config) {
  const shapes2 = [], annotations = [];
  changes.forEach((c, i) => {
    const before = i > 0 ? changes[i - 1] : null;
    const label3 = SYMBOLS.filter(([k]) => !before || before[k] !== c[k]).map(([k, s]) => `${s} ${c[k]}`).join(", ") || `η ${config.eta}`;
    const x = c.update + 0.5;
    shapes2.push({
      type: "line",
      xref: "x",
      x0: x,
      x1: x,
      yref: "y domain",
      y0: 0,
      y1: 1,
      line: { color: "#7c3aed", width: 1.2, dash: "dash" }
    });
    annotations.push({
      xref: "x",
      x,
      xanchor: "left",
      yref: "y domain",
      y: 1,
      yanchor: "top",
      text: label3,
      showarrow: false,
      font: { size: 9, color: "#7c3aed" }
    });
  });
  return { shapes: shapes2, annotations };
}
function layout2(updates, epochs, preset, changes = [], config = {}) {
  const few = epochs.length <= 12;
  const fewUpdates = updates.length < 10;
  return baseLayout({
    showlegend: true,
    legend: { orientation: "h", x: 0, y: 1.02, yanchor: "bottom", font: { size: 10 } },
    margin: { l: 44, r: 8, t: 26, b: 30 },
    xaxis: {
      ...AXIS2,
      anchor: "y",
      title: title("updates"),
      rangemode: "tozero",
      tickformat: ",d",
      dtick: fewUpdates ? 1 : void 0
    },
    yaxis: { ...AXIS2, domain: [0.56, 1], title: title("cost"), rangemode: "tozero" },
    xaxis2: {
      ...AXIS2,
      anchor: "y2",
      title: title("epoch"),
      dtick: few ? 1 : void 0,
      range: epochs.length ? void 0 : [0.5, 5.5]
    },
    yaxis2: { ...AXIS2, domain: [0, 0.34], range: [0, 1.02], tickformat: ".0%", title: title("accuracy") },
    ...joined(reference(preset), changeMarks(changes, config))
  });
}
function joined(a, b) {
  return { shapes: [...a.shapes || [], ...b.shapes], annotations: [...a.annotations || [], ...b.annotations] };
}
function createMetricsView({ el, bus, model, invalidate }) {
  el.innerHTML = `<div class="plot metrics" id="metrics-plot"></div>
    <p class="metrics-readout" id="metrics-readout"></p>
    <p class="metrics-note" id="metrics-cost"></p>
    <p class="metrics-note" id="metrics-time"></p>
    <p class="metrics-note" id="metrics-book" hidden></p><div data-slot="confusion"></div>`;
  const plot = el.querySelector("#metrics-plot");
  const readout = el.querySelector("#metrics-readout");
  const costLine = el.querySelector("#metrics-cost");
  const timeLine = el.querySelector("#metrics-time");
  const bookLine = el.querySelector("#metrics-book");
  const speeds2 = /* @__PURE__ */ new Map();
  const view = { name: "metrics", render, el: plot };
  for (const topic of ["session", "update", "epoch", "reset", "change"]) bus.on(topic, () => invalidate(view));
  function render() {
    if (!model.session) return false;
    const { updates, epochs } = model.history;
    const config = model.session.config;
    const preset = presetOf(config);
    const changes = model.history.changes || [];
    drawLines(plot, traces(updates, epochs), layout2(updates, epochs, preset, changes, config));
    plot.dataset.changes = String(changes.length);
    plot.dataset.reference = preset && preset.figure !== null ? String(preset.figure) : "";
    const last = epochs[epochs.length - 1];
    costLine.textContent = costNote(config, last);
    const key = `${config.sizes.join("-")}/${config.cost}`;
    const timed = [...epochs].reverse().find((e) => e.seconds != null);
    if (timed && !speeds2.has(key)) {
      speeds2.set(key, null);
      bookSpeed(config.sizes, config.cost).then((speed) => {
        speeds2.set(key, speed);
        invalidate(view);
      });
    }
    timeLine.textContent = timed ? epochTime(timed, speeds2.get(key), config.n_train) : "";
    timeLine.dataset.ratio = timed && speeds2.get(key) && timed.seconds ? String(speeds2.get(key).seconds_per_example * config.n_train / timed.seconds) : "";
    bookLine.hidden = !preset;
    if (preset) {
      const figure = preset.figure === null ? "" : `The book: ${(100 * preset.figure).toFixed(2)} %. `;
      const fewer = config.n_train < 5e4 || config.n_test < 1e4 ? ` This run has ${thousands(config.n_train)} training and ${thousands(config.n_test)} test examples; the book's, 50,000 and 10,000.` : "";
      bookLine.textContent = `${preset.title}. ${figure}${whyItDiffers()}${fewer}`;
    }
    const percent2 = (v) => `${(100 * v).toFixed(1)}%`;
    if (last) {
      readout.textContent = `after epoch ${last.epoch + 1}: train ${percent2(last.train_accuracy)} · test ${percent2(last.test_accuracy)}`;
    } else {
      readout.textContent = updates.length ? `${updates.length} updates; the accuracy comes after the first epoch` : "no updates yet";
    }
    return false;
  }
  return view;
}

// static/js/views/matrix.js
var FETCH_EVERY2 = 1e3;
var FN = "update_mini_batch_matrix";
var HTML6 = `<details class="code-matrix" open>
    <summary>The same sum as matrices: <code>update_mini_batch_matrix</code></summary>
    <p class="caption code-matrix-caption"></p>
    <dl class="code-matrix-facts"></dl>
    <p class="code-where"></p>
    <div class="code-listing"></div>
  </details>`;
var shape = (s) => `(${s.join("×")})`;
function valueText(name, v) {
  if (v.shape) {
    const more = v.shape.reduce((a, b) => a * b, 1) > v.entries.length ? ", …" : "";
    return `${name} ${shape(v.shape)} [${v.entries.map((x) => compact(x, 3)).join(", ")}${more}]`;
  }
  if (v.shapes) return `${name}: [${v.shapes.map(shape).join(", ")}]`;
  return `${name} = ${v.value}`;
}
function fact(term, value, id) {
  const div = document.createElement("div");
  div.dataset.fact = id;
  const dt = document.createElement("dt");
  dt.textContent = term;
  const dd = document.createElement("dd");
  dd.textContent = value;
  div.append(dt, dd);
  return div;
}
function createMatrixView({ el, bus, model, invalidate }) {
  el.innerHTML = HTML6;
  const root = el.querySelector(".code-matrix");
  const caption = root.querySelector(".code-matrix-caption");
  const facts = root.querySelector(".code-matrix-facts");
  const where = root.querySelector(".code-where");
  const box = root.querySelector(".code-listing");
  const view = { name: "matrix", render, minInterval: () => model.playing ? 200 : 0 };
  let listing = null;
  let pre = null;
  let shown = null;
  api.code().then((answer) => {
    listing = answer.functions[FN];
    pre = buildListing(listing);
    box.replaceChildren(pre);
    const last = listing.first_line + listing.source.trimEnd().split("\n").length - 1;
    where.textContent = `Network.${FN} · ${listing.file}, lines ${listing.first_line}–${last} · run by the server on the last finished mini-batch`;
    invalidate(view);
  });
  async function fetchNow() {
    const sid = model.session && model.session.id;
    if (!sid || !model.hasLastBatch) return;
    root.dataset.loading = "1";
    try {
      const answer = await api.matrix(sid, "last");
      if (model.session && model.session.id === sid) shown = answer;
    } catch (error) {
      if (error.status !== 409) caption.textContent = `The matrix form could not run: ${error.message}`;
    } finally {
      root.dataset.loading = "0";
    }
  }
  const fetcher = throttled(fetchNow, () => model.playing ? FETCH_EVERY2 : 0, () => invalidate(view));
  function want() {
    if (model.session && root.open && model.hasLastBatch) fetcher();
  }
  bus.on("update", want);
  root.addEventListener("toggle", want);
  bus.on("session", () => {
    shown = null;
    want();
  });
  function showValues(lines) {
    const last = /* @__PURE__ */ new Map();
    for (const run of lines) last.set(run.line, [run.values, run.run + 1]);
    for (const row of pre.querySelectorAll(".code-line")) {
      let val = row.querySelector(".code-val");
      const found = last.get(Number(row.dataset.line));
      const text = found ? Object.entries(found[0]).map(([name, v]) => valueText(name, v)).join("  ") : "";
      if (!text) {
        if (val) val.remove();
        continue;
      }
      if (!val) {
        val = document.createElement("span");
        val.className = "code-val";
        row.append(val);
      }
      const code = row.querySelector(".code-text");
      const head = code.textContent.trim().startsWith("for ");
      const inLoop = Number(code.style.getPropertyValue("--indent")) > 4;
      const runs = head ? found[1] - 1 : inLoop ? found[1] : 1;
      val.textContent = runs > 1 ? `${text}  (the last of ${runs} passes)` : text;
    }
  }
  let drawn = null;
  function render() {
    if (!pre || drawn === shown && shown) return false;
    drawn = shown;
    if (!shown) {
      caption.textContent = "After the first update, the server runs its mini-batch through this method too.";
      facts.replaceChildren();
      lightListing(pre, []);
      return false;
    }
    const s = shown;
    const diff = Math.max(s.max_diff_w, s.max_diff_b);
    const faster = s.matrix_seconds > 0 ? s.loop_seconds / s.matrix_seconds : 0;
    caption.textContent = `Mini-batch ${s.batch + 1} of epoch ${s.epoch + 1}, m = ${s.m}: the loop adds m outer products δᵢ·aᵢᵀ into nabla_w one by one; here column i of X is example i, one forward pass serves all m, and nabla_w = Delta @ A.T is the same sum in one product (they differ only by rounding). Real libraries take mini-batches for this.`;
    facts.replaceChildren(
      fact("largest |loop − matrix|", diff === 0 ? "0 (bit for bit)" : diff.toExponential(1), "diff"),
      fact("loop (update_mini_batch)", `${fmt(s.loop_seconds * 1e3, 3)} ms`, "loop"),
      fact("matrix (this method)", `${fmt(s.matrix_seconds * 1e3, 3)} ms`, "matrix"),
      fact("the matrix is", `${fmt(faster, 2)}× as fast (best of ${s.repeats})`, "speedup")
    );
    lightListing(pre, ["sum_b", "sum_w"], Object.keys(listing.marks));
    showValues(s.lines);
    Object.assign(root.dataset, {
      diff: String(diff),
      batch: `${s.epoch}:${s.batch}`,
      loop: String(s.loop_seconds),
      matrix: String(s.matrix_seconds)
    });
    return false;
  }
  return view;
}

// static/js/views/network-canvas.js
var LEVELS2 = 8;
var BAND = 16;
var PICK_PX = 4;
var level = (v, max) => Math.max(-LEVELS2, Math.min(LEVELS2, Math.round(LEVELS2 * v / max)));
var linkCount = (sizes, place2) => sizes.slice(1).reduce((n, s, i) => n + (place2.ys[i] && place2.ys[i + 1] ? s * sizes[i] : 0), 0);
var at = (place2, i, j) => place2.ys[i] ? place2.ys[i][j] : null;
var same = (a, b) => a === b || ArrayBuffer.isView(a) && ArrayBuffer.isView(b) && a.length === b.length && a.every((v, i) => v === b[i]);
function cachedLayer() {
  let image = null, ctx = null, last = null;
  return {
    reset() {
      last = null;
    },
    get(canvas, ratio, key, paint) {
      if (last && key.length === last.length && key.every((v, i) => same(v, last[i]))) return image;
      if (!image || image.width !== canvas.width || image.height !== canvas.height) {
        image = new OffscreenCanvas(canvas.width, canvas.height);
        ctx = image.getContext("2d");
      }
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, image.width, image.height);
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      paint(ctx);
      last = key;
      return image;
    }
  };
}
function createNetworkCanvas(parent) {
  const canvas = document.createElement("canvas");
  canvas.className = "network-canvas";
  canvas.setAttribute("aria-hidden", "true");
  parent.prepend(canvas);
  const ctx = canvas.getContext("2d");
  let width = 0, height = 0, ratio = 1;
  const layers = { links: cachedLayer(), neurons: cachedLayer() };
  function size(w, h) {
    ratio = window.devicePixelRatio || 1;
    [width, height] = [w, h];
    canvas.width = Math.round(w * ratio);
    canvas.height = Math.round(h * ratio);
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    layers.links.reset();
    layers.neurons.reset();
  }
  function blit(image) {
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(image, 0, 0);
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  }
  function linkLevels(sizes, place2, weights, wMax) {
    const levels = new Float32Array(linkCount(sizes, place2));
    let n = 0;
    for (let l = 0; l < sizes.length - 1; l++) {
      if (!place2.ys[l] || !place2.ys[l + 1]) continue;
      for (const row of weights[l]) for (const w of row) levels[n++] = level(w, wMax);
    }
    return levels;
  }
  function drawLinks(c, sizes, place2, levels) {
    let n = 0;
    for (let l = 0; l < sizes.length - 1; l++) {
      if (!place2.ys[l] || !place2.ys[l + 1]) continue;
      const many = sizes[l] * sizes[l + 1] > 400;
      const paths = /* @__PURE__ */ new Map();
      const [x1, x2] = [place2.x[l], place2.x[l + 1]];
      for (let j = 0; j < sizes[l + 1]; j++) {
        const y2 = at(place2, l + 1, j);
        for (let k = 0; k < sizes[l]; k++) {
          const q = levels[n++];
          let path = paths.get(q);
          if (!path) paths.set(q, path = new Path2D());
          path.moveTo(x1, at(place2, l, k));
          path.lineTo(x2, y2);
        }
      }
      c.globalAlpha = many ? 0.35 : 0.85;
      for (const [q, path] of paths) {
        c.strokeStyle = colourOf(q / LEVELS2, 1);
        c.lineWidth = (many ? 0.25 : 0.4) + (many ? 1.2 : 4.2) * Math.abs(q) / LEVELS2;
        c.stroke(path);
      }
    }
    c.globalAlpha = 1;
  }
  function drawSums(sizes, place2, sums, sMax, fade, maxDot) {
    const paths = /* @__PURE__ */ new Map();
    for (let l = 0; l < sizes.length - 1; l++) {
      if (!place2.ys[l] || !place2.ys[l + 1]) continue;
      const xm = (place2.x[l] + place2.x[l + 1]) / 2;
      const dot4 = sizes[l] * sizes[l + 1] > 400 ? Math.min(maxDot, 2.5) : maxDot;
      for (let j = 0; j < sizes[l + 1]; j++) {
        const row = sums[l][j], y2 = place2.ys[l + 1][j];
        for (let k = 0; k < sizes[l]; k++) {
          const side = 2 * dot4 * Math.sqrt(Math.abs(row[k]) / sMax) * fade;
          if (side < 0.5) continue;
          const q = level(row[k], sMax);
          let path = paths.get(q);
          if (!path) paths.set(q, path = new Path2D());
          path.rect(xm - side / 2, (place2.ys[l][k] + y2) / 2 - side / 2, side, side);
        }
      }
    }
    for (const [q, path] of paths) {
      ctx.fillStyle = colourOf(q / LEVELS2 * sMax, sMax);
      ctx.fill(path);
    }
  }
  function drawNeurons(c, sizes, place2, biases, bMax) {
    const span = height - place2.top - place2.bottom;
    sizes.forEach((n, i) => {
      const x = place2.x[i];
      c.strokeStyle = "#1b2538";
      if (!place2.ys[i]) {
        c.fillStyle = "#eef2f8";
        c.fillRect(x - 9, place2.top + 6, 18, span - 6);
        c.strokeRect(x - 9, place2.top + 6, 18, span - 6);
        return;
      }
      if (n > BAND) {
        const cell2 = place2.ys[i].length > 1 ? place2.ys[i][1] - place2.ys[i][0] : span;
        place2.ys[i].forEach((y, j) => {
          c.fillStyle = i === 0 ? "#fff" : colourOf(biases[i - 1][j], bMax);
          c.fillRect(x - 5, y - cell2 / 2, 10, cell2);
        });
        c.lineWidth = 1;
        c.strokeRect(x - 5, place2.ys[i][0] - cell2 / 2, 10, cell2 * n);
        return;
      }
      c.lineWidth = 1.2;
      place2.ys[i].forEach((y, j) => {
        c.beginPath();
        c.arc(x, y, place2.radius[i], 0, 2 * Math.PI);
        c.fillStyle = i === 0 ? "#fff" : colourOf(biases[i - 1][j], bMax);
        c.fill();
        c.stroke();
      });
    });
  }
  function drawSelected(place2, sel) {
    if (sel && sel.kind === "b") return ringNeuron(place2, sel.layer + 1, sel.j);
    if (!sel || sel.kind !== "w") return;
    const y1 = at(place2, sel.layer, sel.k), y2 = at(place2, sel.layer + 1, sel.j);
    if (y1 == null || y2 == null) return;
    ctx.setLineDash([4, 3]);
    ctx.strokeStyle = "#111827";
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    ctx.moveTo(place2.x[sel.layer], y1);
    ctx.lineTo(place2.x[sel.layer + 1], y2);
    ctx.stroke();
    ctx.setLineDash([]);
  }
  function ringNeuron(place2, i, j) {
    const y = at(place2, i, j);
    if (y == null) return;
    const ys = place2.ys[i];
    const half = ys.length > BAND ? Math.max(2, (ys[1] - ys[0]) / 2) : place2.radius[i] + 2.5;
    ctx.strokeStyle = "#111827";
    ctx.lineWidth = 2;
    ctx.beginPath();
    if (ys.length > BAND) ctx.rect(place2.x[i] - 8, y - half - 1, 16, 2 * half + 2);
    else ctx.arc(place2.x[i], y, half, 0, 2 * Math.PI);
    ctx.stroke();
  }
  return {
    canvas,
    size,
    // p: {sizes, place, weights, biases, wMax, bMax, sums, sMax, fade, maxDot, selection}
    draw(p) {
      ctx.clearRect(0, 0, width, height);
      const levels = linkLevels(p.sizes, p.place, p.weights, p.wMax);
      blit(layers.links.get(canvas, ratio, [p.place, levels], (c) => drawLinks(c, p.sizes, p.place, levels)));
      if (p.sums) drawSums(p.sizes, p.place, p.sums, p.sMax, p.fade, p.maxDot);
      blit(layers.neurons.get(
        canvas,
        ratio,
        [p.place, p.biases, p.bMax],
        (c) => drawNeurons(c, p.sizes, p.place, p.biases, p.bMax)
      ));
      drawSelected(p.place, p.selection);
    },
    // What is under the pointer: {l, j, bias: 1} for a neuron, {l, j, k} for a link, or null.
    pick(event, sizes, place2) {
      const box = canvas.getBoundingClientRect();
      const px = (event.clientX - box.left) * width / box.width;
      const py = (event.clientY - box.top) * height / box.height;
      for (let i = 1; i < sizes.length; i++) {
        if (!place2.ys[i] || Math.abs(px - place2.x[i]) > Math.max(5, place2.radius[i])) continue;
        const ys = place2.ys[i];
        const half = ys.length > 1 ? (ys[1] - ys[0]) / 2 : place2.radius[i];
        const j = ys.findIndex((y) => Math.abs(py - y) <= Math.max(half, sizes[i] > BAND ? 0 : place2.radius[i]));
        if (j >= 0) return { l: i - 1, j, bias: 1 };
      }
      const l = place2.x.findIndex((x, i) => i < sizes.length - 1 && px > x && px < place2.x[i + 1]);
      if (l < 0 || !place2.ys[l] || !place2.ys[l + 1]) return null;
      const t = (px - place2.x[l]) / (place2.x[l + 1] - place2.x[l]);
      let best = null, nearest2 = PICK_PX;
      for (let j = 0; j < sizes[l + 1]; j++) {
        for (let k = 0; k < sizes[l]; k++) {
          const y = place2.ys[l][k] + t * (place2.ys[l + 1][j] - place2.ys[l][k]);
          if (Math.abs(py - y) < nearest2) [nearest2, best] = [Math.abs(py - y), { l, j, k }];
        }
      }
      return best;
    }
  };
}

// static/js/views/network-labels.js
var CHAR_PX = 6.8;
var GAP_PX = 6;
var ROW_PX = 14;
function layerLabel(sizes, i) {
  return i === 0 ? "input" : i === sizes.length - 1 ? "output" : `hidden ${i}`;
}
var FORMATS = [
  (sizes, i) => `${layerLabel(sizes, i)} · ${sizes[i]}`,
  (sizes, i) => `${i === 0 ? "in" : i === sizes.length - 1 ? "out" : `h${i}`} · ${sizes[i]}`,
  (sizes, i) => String(sizes[i])
];
function fitLabels(sizes, x) {
  const spacing = x.length > 1 ? x[1] - x[0] : Infinity;
  for (const format of FORMATS) {
    const texts = sizes.map((_, i) => format(sizes, i));
    const widest = Math.max(...texts.map((t) => t.length * CHAR_PX)) + GAP_PX;
    if (widest <= spacing) return { rows: 1, labels: texts.map((text) => ({ text, row: 0 })) };
    if (widest <= 2 * spacing) return { rows: 2, labels: texts.map((text, i) => ({ text, row: i % 2 })) };
  }
  return { rows: 2, labels: sizes.map((n, i) => ({ text: i % 2 ? "" : String(n), row: 0 })) };
}

// static/js/views/network-keys.js
var clamp2 = (v, n) => Math.max(0, Math.min(n - 1, v));
var level2 = (j, from, to) => to <= 1 ? Math.floor((from - 1) / 2) : Math.round(j * (from - 1) / (to - 1));
function move(c, key, sizes, shown) {
  if (c.bias) {
    const n = sizes[c.l + 1];
    if (key === "ArrowUp" || key === "ArrowDown") return { ...c, j: clamp2(c.j + (key === "ArrowUp" ? -1 : 1), n) };
    if (key === "ArrowLeft" && shown(c.l)) return { l: c.l, j: c.j, k: level2(c.j, sizes[c.l], n) };
    if (key === "ArrowRight" && c.l + 2 < sizes.length && shown(c.l + 2)) {
      return { l: c.l + 1, j: level2(c.j, sizes[c.l + 2], n), k: c.j };
    }
    return c;
  }
  if (key === "ArrowUp" || key === "ArrowDown") return { ...c, k: clamp2(c.k + (key === "ArrowUp" ? -1 : 1), sizes[c.l]) };
  if (key === "ArrowLeft" && c.l > 0) return { l: c.l - 1, j: c.k, bias: true };
  if (key === "ArrowRight") return { l: c.l, j: c.j, bias: true };
  return c;
}
function describe2(c, network) {
  const { sizes } = network;
  if (c.bias) {
    return `biases[${c.l}][${c.j}]: neuron ${c.j} of ${layerLabel(sizes, c.l + 1)}, b = ${fmt(network.biases[c.l][c.j], 4)}`;
  }
  return `weights[${c.l}][${c.j}][${c.k}]: neuron ${c.k} of ${layerLabel(sizes, c.l)} → neuron ${c.j} of ${layerLabel(sizes, c.l + 1)}, w = ${fmt(network.weights[c.l][c.j][c.k], 4)}`;
}
var fromSelection = (s) => s.kind === "b" ? { l: s.layer, j: s.j, bias: true } : { l: s.layer, j: s.j, k: s.k };
function createNetworkKeys({ stack, svg, canvas, model, bus, open }) {
  let shape2 = null;
  let cursor = null;
  let current = null;
  canvas.tabIndex = 0;
  canvas.setAttribute("role", "application");
  canvas.setAttribute("aria-roledescription", "network diagram");
  const sizes = () => model.network.sizes;
  const shown = (i) => Boolean(shape2.place.ys[i]);
  function valid(c) {
    const s = sizes();
    if (!c || c.l < 0 || c.l >= s.length - 1 || c.j >= s[c.l + 1] || !shown(c.l + 1)) return false;
    return c.bias || shown(c.l) && c.k < s[c.l];
  }
  function first() {
    const s = sizes();
    for (let l = 0; l < s.length - 1; l++) if (shown(l + 1)) return { l, j: 0, bias: true };
    return null;
  }
  function elementOf(c) {
    if (c.bias) return (shape2.nodes.find((n) => n.i === c.l + 1 && n.j === c.j) || {}).node;
    const link = shape2.links.find((x) => x.l === c.l && x.j === c.j && x.k === c.k);
    return link && link.hit;
  }
  function pointOf(c) {
    const { x, ys } = shape2.place;
    const at2 = c.bias ? [x[c.l + 1], ys[c.l + 1][c.j]] : [(x[c.l] + x[c.l + 1]) / 2, (ys[c.l][c.k] + ys[c.l + 1][c.j]) / 2];
    const surface = shape2.onCanvas ? canvas : svg;
    const r = surface.getBoundingClientRect();
    const scale = r.width / (Number(svg.viewBox.baseVal.width) || r.width);
    return { clientX: r.left + at2[0] * scale, clientY: r.top + at2[1] * scale };
  }
  function label3() {
    const text = describe2(cursor, model.network);
    if (shape2.onCanvas) canvas.setAttribute("aria-label", `${text}. Arrow keys move, Enter sets it.`);
    else if (current) current.setAttribute("aria-label", `${text}. Enter sets it.`);
    return text;
  }
  function place2(c, focus) {
    cursor = c;
    if (!shape2.onCanvas) {
      const el = elementOf(c);
      if (current && current !== el) current.setAttribute("tabindex", "-1");
      current = el;
      el.setAttribute("tabindex", "0");
      el.setAttribute("role", "button");
    }
    const text = label3();
    if (focus && shape2.onCanvas) announce(text);
    else if (focus) current.focus();
  }
  function follow(focus = stack.contains(document.activeElement)) {
    if (!shape2 || !model.network) return;
    const c = [fromSelection(model.selection), cursor].find(valid) || first();
    if (c) place2(c, focus);
  }
  bus.on("selection", () => follow());
  stack.addEventListener("keydown", (event) => {
    if (!shape2 || !cursor || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key.startsWith("Arrow")) {
      const c = move(cursor, event.key, sizes(), shown);
      if (valid(c)) model.select(c.bias ? { layer: c.l, kind: "b", j: c.j } : { layer: c.l, kind: "w", j: c.j, k: c.k });
    } else if (event.key === "Enter") {
      open(cursor, pointOf(cursor));
    } else {
      return;
    }
    event.preventDefault();
    event.stopPropagation();
  });
  for (const topic of ["update", "edit", "network"]) {
    bus.on(topic, () => shape2 && cursor && valid(cursor) && label3());
  }
  return {
    // After the view builds its diagram: the tab stop on the selection (or the first neuron);
    // focused: the old diagram had the focus (a resize rebuilds it), the new one takes it.
    built(next, focused) {
      shape2 = next;
      current = null;
      cursor = null;
      follow(focused || stack.contains(document.activeElement));
    },
    get cursor() {
      return cursor;
    }
  };
}

// static/js/views/network.js
var SVG = "http://www.w3.org/2000/svg";
var MAX_SHOWN = 64;
var HIT_LINKS = 800;
var CANVAS_LINKS = 400;
var PAD6 = { x: 34, top: 26, bottom: 14 };
var LEGEND = `<span class="legend-bar"><i class="neg"></i><span class="ramp"></span><i class="pos"></i></span>
  <span>link: w, width |w|</span><span>fill: bias b</span>
  <span><span class="dot-key"></span> Σ nabla_w so far</span>`;
function make(tag, attrs, parent) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  if (parent) parent.append(el);
  return el;
}
function placement(sizes, width, height) {
  const x = sizes.map((_, i) => PAD6.x + i * (width - 2 * PAD6.x) / (sizes.length - 1));
  const fitted = fitLabels(sizes, x);
  const padTop = PAD6.top + (fitted.rows - 1) * ROW_PX;
  const span = height - padTop - PAD6.bottom;
  const ys = sizes.map((n) => {
    if (n > MAX_SHOWN) return null;
    const gap = Math.min(44, span / n);
    const top = padTop + (span - gap * (n - 1)) / 2;
    return Array.from({ length: n }, (_, j) => top + j * gap);
  });
  const radius = sizes.map((n) => n > MAX_SHOWN ? 0 : Math.max(2.2, Math.min(12, span / n * 0.36)));
  return { x, ys, radius, labels: fitted.labels, top: padTop, bottom: PAD6.bottom };
}
function linkCount2(sizes) {
  return sizes.slice(1).reduce((n, s, i) => n + (s <= MAX_SHOWN && sizes[i] <= MAX_SHOWN ? s * sizes[i] : 0), 0);
}
function createNetworkView({ el, bus, model, invalidate, animation, onLayer, editor }) {
  const svg = make("svg", {
    class: "network-svg",
    role: "group",
    "data-editable": "1",
    "aria-label": "The network's neurons and weights: arrow keys move between them, Enter sets one"
  });
  const legend2 = document.createElement("div");
  legend2.className = "legend";
  legend2.innerHTML = LEGEND;
  const stack = document.createElement("div");
  stack.className = "network-stack";
  stack.append(svg);
  el.append(stack, legend2);
  const painter = createNetworkCanvas(stack);
  const keys = createNetworkKeys({ stack, svg, canvas: painter.canvas, model, bus, open });
  const view = { name: "network", render };
  let shape2 = null;
  let width = 0;
  for (const topic of ["example", "update", "network", "selection", "reset"]) {
    bus.on(topic, () => invalidate(view));
  }
  bus.on("session", () => {
    shape2 = null;
    invalidate(view);
  });
  new ResizeObserver(() => {
    if (Math.abs(el.clientWidth - width) > 4) {
      shape2 = null;
      invalidate(view);
    }
  }).observe(el);
  function buildLinks(sizes, { x, ys }, gLinks, gDots) {
    const links = [];
    const total = sizes.slice(1).reduce((n, s, i) => n + (ys[i] && ys[i + 1] ? s * sizes[i] : 0), 0);
    for (let l = 0; l < sizes.length - 1; l++) {
      if (!ys[l] || !ys[l + 1]) continue;
      for (let j = 0; j < sizes[l + 1]; j++) {
        for (let k = 0; k < sizes[l]; k++) {
          const at2 = { x1: x[l], y1: ys[l][k], x2: x[l + 1], y2: ys[l + 1][j] };
          const line2 = make("line", { ...at2, class: "link" }, gLinks);
          const mid = { cx: (at2.x1 + at2.x2) / 2, cy: (at2.y1 + at2.y2) / 2 };
          const dot4 = make("circle", { ...mid, r: 0, class: "acc-dot" }, gDots);
          const hit = total <= HIT_LINKS ? make("line", { ...at2, class: "link-hit" }, gLinks) : line2;
          Object.assign(hit.dataset, { l, j, k });
          links.push({ l, j, k, line: line2, dot: dot4, hit });
        }
      }
    }
    return links;
  }
  function buildLabels(sizes, { x, labels }, gLabels) {
    labels.forEach(({ text, row }, i) => {
      if (!text) return;
      const label3 = make("text", { x: x[i], y: 12 + row * ROW_PX, class: "layer-label", "text-anchor": "middle" }, gLabels);
      label3.textContent = text;
      label3.dataset.layer = String(i);
    });
  }
  function buildNodes(sizes, { x, ys, radius, top: padTop }, height, gNodes) {
    const nodes = [];
    sizes.forEach((n, i) => {
      if (!ys[i]) {
        const top = padTop + 6;
        make("rect", {
          x: x[i] - 9,
          y: top,
          width: 18,
          height: height - top - PAD6.bottom - 6,
          rx: 6,
          class: "layer-block"
        }, gNodes);
        return;
      }
      ys[i].forEach((y, j) => {
        const attrs = { cx: x[i], cy: y, r: radius[i], class: i === 0 ? "node input" : "node" };
        const node2 = make("circle", attrs, gNodes);
        if (i > 0) Object.assign(node2.dataset, { l: i - 1, j, bias: 1 });
        nodes.push({ i, j, node: node2 });
      });
    });
    return nodes;
  }
  function build(sizes) {
    width = el.clientWidth || 400;
    const height = Math.max(220, Math.min(360, width * 0.62));
    const focused = svg.contains(document.activeElement);
    svg.replaceChildren();
    svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    const place2 = placement(sizes, width, height);
    const groups = ["links", "dots", "nodes", "labels"].map((c) => make("g", { class: c }, svg));
    const [gLinks, gDots, gNodes, gLabels] = groups;
    buildLabels(sizes, place2, gLabels);
    const onCanvas = linkCount2(sizes) > CANVAS_LINKS;
    el.dataset.renderer = onCanvas ? "canvas" : "svg";
    svg.classList.toggle("labels-only", onCanvas);
    painter.canvas.hidden = !onCanvas;
    if (onCanvas) painter.size(width, height);
    const links = onCanvas ? [] : buildLinks(sizes, place2, gLinks, gDots);
    const nodes = onCanvas ? [] : buildNodes(sizes, place2, height, gNodes);
    const highlight = make("line", { class: "link-selected" }, gLabels);
    shape2 = { key: sizes.join(","), links, nodes, highlight, radius: place2.radius, place: place2, onCanvas };
    keys.built(shape2, focused);
  }
  function tipLines(d) {
    const { batch, change, network, position } = model;
    const l = Number(d.l), j = Number(d.j), k = Number(d.k);
    const of = `${batch.k} of ${batch.m || position.m}`;
    if (d.bias) {
      return [`biases[${l}][${j}] · neuron ${j} of ${layerLabel(network.sizes, l + 1)}`, [
        ["b", fmt(network.biases[l][j], 4)],
        [`Σ nabla_b (${of})`, batch.nabla_b ? fmt(batch.nabla_b[l][j], 4) : "0"],
        ["last update Δb", change ? signed(change.step.b[l][j]) : "none yet"],
        ["click", "set it by hand"]
      ]];
    }
    return [`weights[${l}][${j}][${k}] · neuron ${k} → neuron ${j}`, [
      ["w", fmt(network.weights[l][j][k], 4)],
      [`Σ nabla_w (${of})`, batch.nabla_w ? fmt(batch.nabla_w[l][j][k], 4) : "0"],
      ["last update Δw", change ? signed(change.step.w[l][j][k]) : "none yet"],
      ["click", "set it by hand"]
    ]];
  }
  const under = (event) => shape2 && shape2.onCanvas ? painter.pick(event, model.network.sizes, shape2.place) : event.target.dataset;
  function hover(event) {
    const d = model.network && under(event);
    if (!d || d.l === void 0) return hideTip();
    const [title2, lines] = tipLines(d);
    showTip(event, title2, lines);
  }
  for (const target of [svg, painter.canvas]) {
    target.addEventListener("mousemove", hover);
    target.addEventListener("mouseleave", hideTip);
    target.addEventListener("click", pick3);
  }
  function pick3(event) {
    const d = model.network && under(event);
    if (!d || d.l === void 0) return;
    open({ l: Number(d.l), j: Number(d.j), k: Number(d.k), bias: Boolean(d.bias) }, event);
  }
  function open({ l, j, k, bias }, at2) {
    model.select(bias ? { layer: l, kind: "b", j } : { layer: l, kind: "w", j, k });
    onLayer(l);
    editor.open(bias ? { layer: l, kind: "bias", row: j, col: null } : { layer: l, kind: "weight", row: j, col: k }, at2);
  }
  function parametersAt(now) {
    const { change, batch, network } = model;
    const fresh = Boolean(change && batch.key !== null && change.batchKey === batch.key);
    const t = fresh ? progress(change, now, animation()) : 1;
    if (!fresh || t >= 1) return { weights: network.weights, biases: network.biases, fresh, t };
    const { before, after } = change;
    return {
      weights: before.weights.map((w, l) => mix(w, after.weights[l], t)),
      biases: before.biases.map((b, l) => mix(b, after.biases[l], t)),
      fresh,
      t
    };
  }
  function drawSelection() {
    const sel = model.selection;
    const link = sel.kind === "w" && shape2.links.find((x) => x.l === sel.layer && x.j === sel.j && x.k === sel.k);
    shape2.highlight.setAttribute("visibility", link ? "visible" : "hidden");
    if (link) for (const a of ["x1", "y1", "x2", "y2"]) shape2.highlight.setAttribute(a, link.line.getAttribute(a));
  }
  function render(now) {
    const net = model.network;
    if (!net) return false;
    if (!shape2 || shape2.key !== net.sizes.join(",")) build(net.sizes);
    const { batch } = model;
    const { weights, biases, fresh, t } = parametersAt(now);
    const wMax = maxAbs(weights.map((w) => maxAbs(w)));
    const bMax = maxAbs(biases.map((b) => maxAbs(b)));
    const sums = batch.nabla_w && (fresh || !batch.complete) ? batch.nabla_w : null;
    const sMax = sums ? maxAbs(sums.map((s) => maxAbs(s))) : 1;
    const fade = batch.complete && fresh ? 1 - t : 1;
    const maxDot = Math.max(2.5, Math.min(7, (shape2.radius[1] || 6) * 0.7));
    if (shape2.onCanvas) {
      painter.draw({
        sizes: net.sizes,
        place: shape2.place,
        weights,
        biases,
        wMax,
        bMax,
        sums,
        sMax,
        fade,
        maxDot,
        selection: model.selection
      });
      el.dataset.drawn = String(Number(el.dataset.drawn || 0) + 1);
      return fresh && t < 1;
    }
    for (const { l, j, k, line: line2, dot: dot4 } of shape2.links) {
      const w = weights[l][j][k];
      line2.setAttribute("stroke", colourOf(w, wMax));
      line2.setAttribute("stroke-width", (0.4 + 4.2 * Math.abs(w) / wMax).toFixed(2));
      const s = sums ? sums[l][j][k] : 0;
      dot4.setAttribute("r", (maxDot * Math.sqrt(Math.abs(s) / sMax) * fade).toFixed(2));
      dot4.setAttribute("fill", colourOf(s, sMax));
    }
    for (const { i, j, node: node2 } of shape2.nodes) {
      if (i > 0) node2.setAttribute("fill", colourOf(biases[i - 1][j], bMax));
    }
    drawSelection();
    el.dataset.drawn = String(Number(el.dataset.drawn || 0) + 1);
    return fresh && t < 1;
  }
  return view;
}

// static/js/views/noise.js
var K = 20;
var HTML7 = `<div class="why-body">
    <p class="why-actions"><button type="button" class="btn btn-small" data-act="noise">Measure at these weights</button>
      <span class="why-status" aria-live="polite"></span></p>
    <div class="chart-box why-chart why-chart-tall" id="noise-chart"></div>
    <p class="caption why-caption" id="noise-caption">Draws ${K} random mini-batches of each size m at the
      current weights and measures how far each one's mean gradient lies from ∇C.</p>
  </div>`;
function createNoiseView({ el, bus, model, invalidate, notify }) {
  el.innerHTML = HTML7;
  const button = el.querySelector("[data-act='noise']");
  const status = el.querySelector(".why-status");
  const chart = el.querySelector("#noise-chart");
  const caption = el.querySelector("#noise-caption");
  const view = { name: "noise", render, minInterval: () => 0 };
  let shown = null;
  let seed = 0;
  button.addEventListener("click", async () => {
    const sid = model.session && model.session.id;
    if (!sid) return;
    button.disabled = true;
    status.textContent = "drawing…";
    el.dataset.loading = "1";
    try {
      const answer = await api.noise(sid, K, seed);
      seed += 1;
      if (model.session && model.session.id === sid) shown = answer;
      status.textContent = `${fmt(answer.seconds, 2)} s on the server`;
    } catch (error) {
      status.textContent = "";
      notify(`Noise: ${error.message}`, { kind: "error" });
    } finally {
      button.disabled = false;
      el.dataset.loading = "0";
      invalidate(view);
    }
  });
  bus.on("session", () => {
    shown = null;
    seed = 0;
    invalidate(view);
  });
  function traces3(a) {
    const sizes = a.sizes.filter((s) => s.m < a.n);
    const ms = sizes.map((s) => s.m);
    const spread = {
      x: ms,
      y: sizes.map((s) => s.mean_sq_distance),
      name: "mean ‖g_S − ∇C‖²",
      type: "scatter",
      mode: "lines+markers",
      line: { color: "#7c3aed", width: 2 },
      marker: { size: 6 },
      text: sizes.map((s) => `${s.draws} draws`),
      hovertemplate: "m = %{x}<br>‖g_S − ∇C‖² = %{y:.3g}<br>%{text}<extra></extra>"
    };
    const reference2 = {
      x: ms,
      y: ms.map((m) => a.sigma2 / m),
      name: "σ²/m",
      type: "scatter",
      mode: "lines",
      line: { color: "#64748b", width: 1.2, dash: "dash" },
      hoverinfo: "skip"
    };
    const cosine = {
      x: a.sizes.map((s) => s.m),
      y: a.sizes.map((s) => s.mean_cosine),
      yaxis: "y2",
      name: "mean cos(g_S, ∇C)",
      type: "scatter",
      mode: "lines+markers",
      line: { color: "#b45309", width: 1.5 },
      marker: { size: 5, symbol: "diamond" },
      hovertemplate: "m = %{x}<br>cos = %{y:.4f}<extra></extra>"
    };
    return [spread, reference2, cosine];
  }
  let drawn = null;
  function render() {
    if (drawn === shown && shown) return false;
    drawn = shown;
    if (!shown) {
      chart.dataset.m = "";
      return false;
    }
    const a = shown;
    const now = a.m_now;
    const layout3 = baseLayout({
      margin: { l: 48, r: 40, t: 8, b: 34 },
      showlegend: true,
      legend: { orientation: "h", y: -0.22, font: { size: 10 } },
      xaxis: { ...LINE_AXIS, type: "log", title: { text: "mini-batch size m", font: { size: 10 } } },
      yaxis: { ...LINE_AXIS, type: "log", exponentformat: "power", title: { text: "‖g_S − ∇C‖²", font: { size: 10 } } },
      yaxis2: {
        ...LINE_AXIS,
        overlaying: "y",
        side: "right",
        range: [-0.05, 1.05],
        showgrid: false,
        tickvals: [0, 0.25, 0.5, 0.75, 1],
        title: { text: "cos", font: { size: 10 } }
      },
      shapes: [{
        type: "line",
        xref: "x",
        yref: "paper",
        x0: now,
        x1: now,
        y0: 0,
        y1: 1,
        line: { color: "#0f766e", width: 1.5, dash: "dot" }
      }],
      annotations: [{
        x: Math.log10(now),
        y: 0,
        xref: "x",
        yref: "paper",
        text: ` your m = ${now}`,
        showarrow: false,
        xanchor: "left",
        yanchor: "bottom",
        font: { size: 10, color: "#0f766e" }
      }]
    });
    draw(chart, traces3(a), layout3);
    const at2 = a.sizes.find((s) => s.m === now) || null;
    caption.textContent = `At these weights one example's gradient lies σ² = ${fmt(a.sigma2, 3)} (squared) from ∇C on average; the mean of m random examples lies about σ²/m from it (the dashed 1/m line), and exactly on it at m = n = ${a.n}. ` + (at2 ? `With your m = ${now}: ${fmt(at2.mean_sq_distance, 3)}, cosine ${fmt(at2.mean_cosine, 3)}. ` : "") + "A larger m follows ∇C more closely, but takes fewer steps per epoch.";
    chart.dataset.m = String(now);
    chart.dataset.sizes = String(a.sizes.length);
    return false;
  }
  return view;
}

// static/js/views/rebind.js
var ENTRIES2 = 3;
var HTML8 = `<details class="code-rebind">
    <summary>Step into <code>nabla_b = [nb + dnb for nb, dnb in zip(nabla_b, delta_nabla_b)]</code></summary>
    <div class="rebind-bar">
      <button type="button" class="btn btn-small" data-rebind="prev" aria-label="Previous part">◀</button>
      <input type="range" name="rebind-step" min="0" max="0" value="0" aria-label="Part of the line">
      <button type="button" class="btn btn-small" data-rebind="next" aria-label="Next part">▶</button>
      <output class="rebind-pos"></output>
    </div>
    <p class="caption rebind-say"></p>
    <div class="rebind-lists"></div>
  </details>`;
var entries = (v) => `[${Array.from(v).slice(0, ENTRIES2).map((x) => compact(x, 3)).join(", ")}${v.length > ENTRIES2 ? ", …" : ""}]`;
function sayAt(i, layers, k) {
  if (i === 0) return `Before the line runs (example ${k + 1}): the name nabla_b refers to the OLD list, the sum over the first ${k} example${k === 1 ? "" : "s"}. Python evaluates the right-hand side first: zip pairs each of its arrays with delta_nabla_b's.`;
  if (i <= layers) return `Element ${i - 1} of the NEW list: nb + dnb = nabla_b[${i - 1}] + delta_nabla_b[${i - 1}], a new array. The old list is untouched, and nabla_b still refers to it.`;
  return "The list comprehension is done, and only now is the name nabla_b rebound to the new list. The old list, which no name refers to any more, is dropped. Nothing was reset: each element is the old sum plus this example's part.";
}
function listBox(title2, arrays, { filled = arrays.length, className = "" } = {}) {
  const box = document.createElement("div");
  box.className = `rebind-list ${className}`;
  const h = document.createElement("p");
  h.className = "rebind-title";
  h.textContent = title2;
  box.append(h);
  arrays.forEach((v, l) => {
    const row = document.createElement("div");
    row.className = `rebind-item${l < filled ? "" : " empty"}`;
    row.dataset.index = String(l);
    row.textContent = l < filled ? `[${l}] ${entries(v)}` : `[${l}] …`;
    if (l < filled) row.dataset.value = JSON.stringify(Array.from(v));
    box.append(row);
  });
  return box;
}
function createRebindView({ el, bus, invalidate }) {
  el.innerHTML = HTML8;
  const root = el.querySelector(".code-rebind");
  const slider = root.querySelector("[name='rebind-step']");
  const say = root.querySelector(".rebind-say");
  const lists = root.querySelector(".rebind-lists");
  const view = { name: "rebind", render, minInterval: () => 0 };
  let step = null;
  let part = 0;
  let key = null;
  bus.on("codestep", (s) => {
    const next = s.event ? `${s.batch.key}:${s.event.seq}` : null;
    if (next !== key) part = 0;
    key = next;
    step = s;
    invalidate(view);
  });
  const go = (i) => {
    part = Math.max(0, Math.min(Number(slider.max), i));
    invalidate(view);
  };
  slider.addEventListener("input", () => go(Number(slider.value)));
  root.addEventListener("click", (event) => {
    const b = event.target.closest("button[data-rebind]");
    if (b) go(part + (b.dataset.rebind === "next" ? 1 : -1));
  });
  function valuesOf2(e, batch) {
    if (!e.delta_nabla_b || !e.nabla_b) return null;
    const k = e.index;
    const prev = k > 0 ? batch.examples[k - 1] : null;
    const before = k === 0 ? e.delta_nabla_b.map((v) => new Array(v.length).fill(0)) : prev && prev.nabla_b;
    return before ? { before, delta: e.delta_nabla_b, after: e.nabla_b } : null;
  }
  function render() {
    const e = step && step.event;
    const usable = step && step.fn === "update_mini_batch" && e && e.type === "example";
    root.dataset.usable = usable ? "1" : "0";
    const v = usable ? valuesOf2(e, step.batch) : null;
    if (!v) {
      say.textContent = usable ? "This step's values did not come at full detail: step by example to see them." : "Shown for an example step of update_mini_batch: step one example, or pick one above.";
      lists.replaceChildren();
      slider.max = "0";
      root.dataset.part = "0";
      return false;
    }
    const layers = v.after.length;
    slider.max = String(layers + 1);
    part = Math.min(part, layers + 1);
    slider.value = String(part);
    root.querySelector(".rebind-pos").textContent = part === 0 ? "the right-hand side starts" : part <= layers ? `element ${part - 1} of ${layers}` : "nabla_b rebound";
    say.textContent = sayAt(part, layers, e.index);
    const rebound = part > layers;
    lists.replaceChildren(
      listBox(rebound ? "old list (no name: dropped)" : "nabla_b → old list", v.before, { className: rebound ? "dropped" : "named" }),
      listBox("delta_nabla_b (this example)", v.delta),
      listBox(
        rebound ? "nabla_b → new list" : "new list, being built",
        v.after,
        { filled: Math.min(part, layers), className: rebound ? "named" : "building" }
      )
    );
    root.dataset.part = String(part);
    root.dataset.parts = String(layers + 2);
    return false;
  }
  return view;
}

// static/js/views/truth.js
var FETCH_EVERY3 = 400;
var HTML9 = `<div class="why-body">
    <p class="caption why-caption" id="truth-caption" aria-live="polite"></p>
    <table class="why-table" id="truth-table">
      <thead><tr><th scope="col">layer</th><th scope="col">cos(estimate, ∇C)</th>
        <th scope="col">‖estimate‖ / ‖∇C‖</th></tr></thead><tbody></tbody>
    </table>
    <div class="chart-box why-chart" id="truth-chart"></div>
    <p class="why-note">Each point: one update, its mini-batch's mean gradient against ∇C at the
      same weights. While playing the page asks at most every ${FETCH_EVERY3} ms (less often when
      ∇C takes the server long), so some updates have no point.</p>
  </div>`;
var dot3 = (a, b) => a.reduce((s, v, i) => s + v * b[i], 0);
var norm = (a) => Math.sqrt(dot3(a, a));
var layerVector = (g, l) => [...g.nabla_w[l].flat(), ...g.nabla_b[l]];
function cosRatio(e, t) {
  const [ne, nt] = [norm(e), norm(t)];
  const cos = ne > 0 && nt > 0 ? dot3(e, t) / (ne * nt) : 0;
  return { cosine: cos, ratio: nt > 0 ? ne / nt : ne > 0 ? Infinity : 1 };
}
function agreement(estimate, truth) {
  const layers = estimate.nabla_w.map((_, l) => cosRatio(layerVector(estimate, l), layerVector(truth, l)));
  const all = (g) => g.nabla_w.flatMap((_, l) => g.nabla_w[l].flat()).concat(g.nabla_b.flat());
  return { layers, overall: cosRatio(all(estimate), all(truth)) };
}
function createTruthView({ el, bus, model, invalidate }) {
  el.innerHTML = HTML9;
  const caption = el.querySelector("#truth-caption");
  const body = el.querySelector("#truth-table tbody");
  const chart = el.querySelector("#truth-chart");
  const view = { name: "truth", render };
  let shown = null;
  let refused = null;
  let history2 = /* @__PURE__ */ new Map();
  let chartVersion = 0;
  let serverMs = 0;
  const started = () => Boolean(model.position && (model.position.k > 0 || model.hasLastBatch));
  function want() {
    invalidate(view);
    if (!model.session || refused) return;
    if (!started()) shown = null;
    else fetcher();
  }
  async function fetchNow() {
    const sid = model.session && model.session.id;
    if (!sid || refused || !started()) return;
    el.dataset.loading = "1";
    try {
      const [estimate, truth] = await Promise.all([api.gradient(sid, "batch"), api.gradient(sid, "all", "batch")]);
      const same2 = estimate.epoch === truth.epoch && estimate.batch === truth.batch;
      serverMs = 1e3 * (estimate.seconds + truth.seconds);
      if (model.session && sid === model.session.id && same2) {
        shown = { estimate, truth, agreement: agreement(estimate, truth) };
        if (estimate.finished) {
          history2.set(`${estimate.epoch}:${estimate.batch}`, shown.agreement.overall);
          chartVersion += 1;
        }
      } else fetcher();
    } catch (error) {
      if (error.status === 409) shown = null;
      else refused = error.message;
    } finally {
      el.dataset.loading = "0";
    }
  }
  const every = () => model.playing ? Math.max(FETCH_EVERY3, 5 * serverMs) : 0;
  const fetcher = throttled(fetchNow, every, () => invalidate(view));
  for (const topic of ["example", "update", "network", "edit"]) bus.on(topic, want);
  const forget = () => {
    shown = null;
    refused = null;
    history2 = /* @__PURE__ */ new Map();
    chartVersion += 1;
    want();
  };
  bus.on("session", forget);
  bus.on("reset", forget);
  function row(name, { cosine, ratio }, id) {
    const tr = document.createElement("tr");
    tr.dataset.layer = id;
    const th = document.createElement("th");
    th.scope = "row";
    th.textContent = name;
    const cells = [cosine, ratio].map((v, i) => {
      const td = document.createElement("td");
      td.textContent = fmt(v, 4);
      td.dataset.value = String(v);
      td.dataset.kind = i ? "ratio" : "cosine";
      return td;
    });
    tr.append(th, ...cells);
    return tr;
  }
  function captionText2(e, t, a) {
    const which = e.finished ? `mini-batch ${e.batch + 1}'s ${e.m} examples (its update is applied)` : `the first ${e.m} examples of mini-batch ${e.batch + 1}`;
    const l2 = e.l2 ? " Both include L2's (λ/n)·w, as the update does." : "";
    return `The estimate is the mean gradient over ${which}; ∇C is the mean over all n = ${t.m} training examples at the same weights. The update moves by −η times the estimate: a cosine near 1 means it heads where ∇C does; the ratio says how much longer it is.${l2}`;
  }
  function drawChart() {
    const points = [...history2.entries()];
    const x = points.map((_, i) => i + 1);
    const y = points.map(([, v]) => v.cosine);
    const text = points.map(([key]) => {
      const [epoch, batch] = key.split(":").map(Number);
      return `epoch ${epoch + 1}, mini-batch ${batch + 1}`;
    });
    drawLines(
      chart,
      [{
        x,
        y,
        text,
        type: "scatter",
        mode: "lines+markers",
        marker: { size: 4 },
        line: { color: "#b45309", width: 1.5 },
        hovertemplate: "%{text}<br>cos %{y:.4f}<extra></extra>"
      }],
      baseLayout({
        margin: { l: 40, r: 8, t: 6, b: 30 },
        xaxis: {
          ...LINE_AXIS,
          range: [0.5, Math.max(5, x.length) + 0.5],
          tickformat: "d",
          title: { text: "update (as seen)", font: { size: 10 } }
        },
        yaxis: { ...LINE_AXIS, range: [-1.05, 1.05], title: { text: "cos", font: { size: 10 } } }
      })
    );
    chart.dataset.points = String(points.length);
  }
  let drawn = null;
  let chartDrawn = -1;
  function render() {
    const now = [shown, refused, history2.size];
    if (drawn && now.every((v, i) => v === drawn[i])) return false;
    drawn = now;
    if (refused) {
      caption.textContent = `∇C over the whole training set is not available here: ${refused}`;
      body.replaceChildren();
    } else if (!shown) {
      caption.textContent = "Step one example: its gradient is the first estimate of ∇C.";
      body.replaceChildren();
    } else {
      const { estimate, truth, agreement: a } = shown;
      caption.textContent = captionText2(estimate, truth, a);
      body.replaceChildren(
        ...a.layers.map((r, l) => row(`weights[${l}], biases[${l}]`, r, String(l))),
        row("all of them", a.overall, "all")
      );
      el.dataset.epoch = String(estimate.epoch);
      el.dataset.batch = String(estimate.batch);
      el.dataset.m = String(estimate.m);
      el.dataset.finished = estimate.finished ? "1" : "0";
    }
    if (chartDrawn !== chartVersion) drawChart();
    chartDrawn = chartVersion;
    el.dataset.shown = shown ? "1" : "0";
    return false;
  }
  return view;
}

// static/js/charts/waterfall.js
var PAD7 = { left: 48, right: 8, top: 16, bottom: 48 };
var GRID3 = "#eeeeee";
var ZERO = "#64748b";
var CONNECTOR = "#94a3b8";
function fits2(ctx, text, width) {
  for (const size of ["10px", "8px"]) {
    ctx.font = MONO_FONT.replace("10px", size);
    if (ctx.measureText(text).width <= width) return true;
  }
  return false;
}
function createWaterfall(el, { onHover, onLeave } = {}) {
  const { canvas, prepare } = makeCanvas(el, "chart waterfall");
  let geometry2 = null;
  function barAt(event) {
    if (!geometry2) return null;
    const r = canvas.getBoundingClientRect();
    const i = Math.floor((event.clientX - r.left - geometry2.x) / geometry2.bw);
    return i >= 0 && i < geometry2.bars.length ? geometry2.bars[i] : null;
  }
  canvas.addEventListener("mousemove", (event) => {
    const bar = barAt(event);
    if (bar && onHover) onHover(event, bar);
    else if (!bar && onLeave) onLeave();
  });
  canvas.addEventListener("mouseleave", () => onLeave && onLeave());
  function yAxis(ctx, g, lo, hi) {
    const step = roundStep((hi - lo) / 4);
    ctx.font = MONO_FONT.replace("10px", "9px");
    ctx.fillStyle = INK;
    ctx.textAlign = "right";
    ctx.textBaseline = "middle";
    for (let n = Math.ceil(lo / step - 1e-9); n * step <= hi + 1e-9 * step; n++) {
      const v = Math.abs(n) < 1e-9 ? 0 : n * step;
      const y = Math.round(g.at(v)) + 0.5;
      if (v !== 0) {
        ctx.strokeStyle = GRID3;
        ctx.lineWidth = 1;
        ctx.beginPath();
        ctx.moveTo(g.x, y);
        ctx.lineTo(g.x + g.width, y);
        ctx.stroke();
      }
      ctx.fillText(tickText(v, {}, step), g.x - 4, y);
    }
  }
  function labels(ctx, bars, g, bw) {
    const every = Math.max(1, Math.ceil(28 / bw));
    const order2 = [...bars.keys()].filter((i) => !/^\d+$/.test(bars[i].label)).reverse();
    for (let i = 0; i < bars.length; i += every) if (/^\d+$/.test(bars[i].label)) order2.push(i);
    const taken = [];
    for (const i of order2) {
      const x = g.x + (i + 0.5) * bw;
      const half = ctx.measureText(bars[i].label).width / 2 + 3;
      if (taken.some(([a, b]) => x + half > a && x - half < b)) continue;
      taken.push([x - half, x + half]);
      ctx.fillText(bars[i].label, x, g.y + g.height + 4);
    }
  }
  function title2(ctx, lines, w, h) {
    ctx.font = TITLE_FONT;
    ctx.fillStyle = INK;
    ctx.textAlign = "center";
    ctx.textBaseline = "bottom";
    const centre = PAD7.left + (w - PAD7.left - PAD7.right) / 2;
    let left = w, right = 0;
    lines.forEach((line2, i) => {
      ctx.fillText(line2, centre, h - 2 - (lines.length - 1 - i) * 13);
      const width = ctx.measureText(line2).width;
      left = Math.min(left, centre - width / 2);
      right = Math.max(right, centre + width / 2);
    });
    return { left, right };
  }
  function draw2({ bars, xTitle = [], range: range2 = [0, 1] }) {
    const { ctx, w, h } = prepare();
    let [lo, hi] = bars.length ? [0, 0] : [Math.min(0, range2[0]), Math.max(0, range2[1])];
    for (const b of bars) {
      lo = Math.min(lo, b.from, b.to);
      hi = Math.max(hi, b.from, b.to);
    }
    if (hi - lo <= 0) hi = lo + 1;
    const pad = (hi - lo) * (bars.length <= 16 && bars.length ? 0.14 : 0.05);
    lo -= lo < 0 ? pad : 0;
    hi += hi > 0 ? pad : 0;
    const g = {
      x: PAD7.left,
      y: PAD7.top,
      width: Math.max(10, w - PAD7.left - PAD7.right),
      height: Math.max(10, h - PAD7.top - PAD7.bottom)
    };
    g.at = (v) => g.y + (hi - v) / (hi - lo) * g.height;
    yAxis(ctx, g, lo, hi);
    const n = Math.max(1, bars.length);
    const bw = g.width / n;
    const gap = bw * 0.25;
    geometry2 = { x: g.x, bw, bars };
    const many = bars.length > 16;
    bars.forEach((b, i) => {
      const x0 = g.x + i * bw + gap / 2;
      const [y0, y1] = [g.at(Math.max(b.from, b.to)), g.at(Math.min(b.from, b.to))];
      ctx.fillStyle = b.colour;
      ctx.fillRect(x0, y0, bw - gap, Math.max(1, y1 - y0));
      if (b.connect && i + 1 < bars.length) {
        const y = Math.round(g.at(b.to)) + 0.5;
        ctx.strokeStyle = CONNECTOR;
        ctx.lineWidth = 1;
        ctx.setLineDash([2, 2]);
        ctx.beginPath();
        ctx.moveTo(x0 + bw - gap, y);
        ctx.lineTo(x0 + bw, y);
        ctx.stroke();
        ctx.setLineDash([]);
      }
      if (!many && b.text && fits2(ctx, b.text, bw)) {
        ctx.fillStyle = INK;
        ctx.textAlign = "center";
        const up = b.to >= b.from;
        ctx.textBaseline = up ? "bottom" : "top";
        ctx.fillText(b.text, x0 + (bw - gap) / 2, up ? y0 - 2 : y1 + 2);
      }
    });
    ctx.strokeStyle = ZERO;
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(g.x, Math.round(g.at(0)) + 0.5);
    ctx.lineTo(g.x + g.width, Math.round(g.at(0)) + 0.5);
    ctx.stroke();
    ctx.font = MONO_FONT;
    ctx.fillStyle = INK;
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    labels(ctx, bars, g, bw);
    const titled = title2(ctx, xTitle, w, h);
    el.drawnGeometry = { ...g, at: void 0, width: g.width, canvasWidth: w, title: titled };
    el.dataset.drawn = String(Number(el.dataset.drawn || 0) + 1);
  }
  return { draw: draw2, canvas };
}

// static/js/views/waterfall.js
var TOTAL = "#334155";
var STEP2 = "#7c3aed";
var HTML10 = `<div class="wf-head"><h3>Waterfall of one <span class="wf-what">weight</span>
    <code class="wf-name"></code></h3>
    <p class="wf-hint">Click a cell or a bar above (or a link in the network) to follow another one.</p>
  </div>
  <div class="wf-body"><div class="chart-box" id="waterfall"><p class="wf-empty" hidden></p></div>
    <dl class="wf-facts"></dl></div>`;
var DRAWABLE = [1e-250, 1e100];
var pick2 = (sel, { w, b }) => sel.kind === "w" ? w[sel.layer][sel.j][sel.k] : b[sel.layer][sel.j];
var nameOf2 = (sel) => sel.kind === "w" ? `[${sel.layer}][${sel.j}][${sel.k}]` : `[${sel.layer}][${sel.j}]`;
function contributions(batch, sel) {
  const x = [], y = [], text = [];
  for (let i = 0; i < batch.k; i++) {
    const d = batch.deltas[i];
    if (!d) continue;
    const v = pick2(sel, d);
    x.push(String(i + 1));
    y.push(v);
    text.push(signed(v));
  }
  return { x, y, text, measure: x.map(() => "relative") };
}
function traces2(parts, step, t, formula) {
  const out = [{ type: "waterfall", name: "examples", ...parts }];
  if (step !== null) {
    out.push({ type: "bar", name: "update", x: ["step"], y: [step * t], text: [signed(step)], formula });
  }
  return out;
}
function barsOf(parts, step, t, formula) {
  const bars = [];
  let sum = 0;
  parts.x.forEach((x, i) => {
    if (parts.measure[i] === "total") {
      bars.push({
        label: x,
        from: 0,
        to: sum,
        colour: TOTAL,
        text: parts.text[i],
        tip: ["Σ, the sum so far", parts.text[i]]
      });
      return;
    }
    const v = parts.y[i];
    bars.push({
      label: x,
      from: sum,
      to: sum + v,
      colour: v >= 0 ? POSITIVE : NEGATIVE,
      text: parts.text[i],
      tip: [`example ${x}`, parts.text[i]],
      connect: true
    });
    sum += v;
  });
  if (step !== null) {
    bars.push({
      label: "step",
      from: 0,
      to: step * t,
      colour: STEP2,
      text: signed(step),
      tip: [`the update ${formula}`, signed(step)]
    });
  }
  return bars;
}
var titleOf = (formula) => ["example k of the mini-batch,", `then the sum Σ and the step ${formula}`];
function createWaterfallView({ el, bus, model, invalidate, animation }) {
  el.classList.add("waterfall");
  el.innerHTML = HTML10;
  const plot = el.querySelector("#waterfall");
  const placeholder = plot.querySelector(".wf-empty");
  const chart = createWaterfall(plot, {
    onHover: (event, bar) => showTip(event, bar.tip[0], [bar.tip[1]]),
    onLeave: hideTip
  });
  const facts = el.querySelector(".wf-facts");
  const view = { name: "waterfall", render, el: plot };
  const factsView = { name: "waterfall-facts", render: renderFacts, el: facts };
  el.addEventListener("chart-resize", () => invalidate(view));
  for (const topic of ["session", "example", "update", "network", "selection", "reset"]) {
    bus.on(topic, () => {
      invalidate(view);
      invalidate(factsView);
    });
  }
  function fact2(term, value) {
    const div = document.createElement("div");
    div.append(
      Object.assign(document.createElement("dt"), { textContent: term }),
      Object.assign(document.createElement("dd"), { textContent: value })
    );
    return div;
  }
  function showFacts(sel, sum, fresh) {
    const { batch, change, network, position, session } = model;
    const m = batch.m || position.m;
    const known = batch.nabla_w || batch.k === 0;
    const rows = [
      [`Σ after ${batch.k} of ${m}`, known ? fmt(sum, 4) : missingCell(batch.missing)],
      [sel.kind === "w" ? "w now" : "b now", fmt(pick2(sel, { w: network.weights, b: network.biases }), 4)]
    ];
    if (fresh) {
      const from = pick2(sel, { w: change.before.weights, b: change.before.biases });
      const to = pick2(sel, { w: change.after.weights, b: change.after.biases });
      const term = session.config.update === "per_example" ? "last step" : "update";
      rows.push([term, `${fmt(from, 4)} → ${fmt(to, 4)}`]);
    } else {
      const applied = batch.updateMissing ? `applied (${missingCell(batch.updateMissing)})` : "applied";
      rows.push(["update", batch.complete ? applied : updateWhen(session.config, m)]);
    }
    setChildren(facts, JSON.stringify(rows), () => rows.map(([a, b]) => fact2(a, b)));
  }
  function moment() {
    const sel = model.selection;
    const { batch, change } = model;
    const fresh = Boolean(change && batch.complete && change.batchKey === batch.key);
    const sum = batch.nabla_w ? pick2(sel, { w: batch.nabla_w, b: batch.nabla_b }) : 0;
    return { sel, batch, change, fresh, sum };
  }
  function renderFacts() {
    if (!model.network || !model.session) return false;
    const { sel, sum, fresh } = moment();
    showFacts(sel, sum, fresh);
    return false;
  }
  function render(now) {
    if (!model.network || !model.session) return false;
    const { sel, batch, change, fresh, sum } = moment();
    const prefix = sel.kind === "w" ? "nabla_w" : "nabla_b";
    setText(el.querySelector(".wf-what"), sel.kind === "w" ? "weight" : "bias");
    setText(el.querySelector(".wf-name"), `${prefix}${nameOf2(sel)}`);
    const parts = contributions(batch, sel);
    const t = fresh ? progress(change, now, animation()) : 1;
    if (batch.complete && parts.x.length) {
      parts.x.push("Σ");
      parts.y.push(0);
      parts.text.push(fmt(sum));
      parts.measure.push("total");
    }
    const summed = `The shares of the ${batch.k} example${batch.k === 1 ? "" : "s"} summed so far`;
    let empty = "Step an example: its share of this sum becomes the first bar";
    if (batch.k > 0 && batch.missing) empty = `${summed}: ${missingCell(batch.missing)}`;
    else if (batch.k > 0 && batch.unkept) empty = `${summed}: too many numbers to keep on this page`;
    const formula = stepFormula(model.session.config, sel.kind, "Σ");
    let step = fresh ? pick2(sel, change.step) : null;
    const largest = Math.max(0, ...parts.y.map(Math.abs), Math.abs(step ?? 0), Math.abs(sum));
    const [tiny, huge] = DRAWABLE;
    if (!(largest < huge) || largest > 0 && largest < tiny) {
      const size = largest < tiny ? "too small" : "too large";
      empty = `Numbers ${size} to draw (at most ${fmt(largest)}): η is far too large`;
      [parts.x, parts.y, parts.text, parts.measure, step] = [[], [], [], [], null];
    }
    plot.data = traces2(parts, step, t, formula);
    plot.layout = { xaxis: { title: { text: titleOf(formula).join("<br>") } } };
    const none = parts.x.length === 0;
    if (placeholder.hidden !== !none) placeholder.hidden = !none;
    setText(placeholder, none ? empty : "");
    chart.draw({ bars: barsOf(parts, step, t, formula), xTitle: titleOf(formula) });
    return fresh && t < 1;
  }
  return view;
}

// static/js/main.js
var VIEWS2 = [
  { id: "accumulation", size: "hero", create: createAccumulationView, ...HEADINGS.batch },
  { id: "waterfall", parent: "accumulation", create: createWaterfallView },
  {
    id: "landscape",
    size: "half",
    create: createLandscapeView,
    title: "Steps in weight space",
    subtitle: "each example's step −(η/m)·∇ᵢ on the mini-batch's cost, head to tail"
  },
  {
    id: "network",
    size: "third",
    create: createNetworkView,
    title: "Network",
    subtitle: "links: weights · dots: running Σ nabla_w · hover for values · click one to set it"
  },
  { id: "data", size: "third", create: createDataView, title: "Data" },
  {
    id: "metrics",
    size: "half",
    create: createMetricsView,
    title: "Metrics",
    subtitle: "cost per mini-batch, accuracy per epoch, the test set's confusion matrix"
  },
  { id: "confusion", parent: "metrics", create: createConfusionView },
  {
    id: "truth",
    size: "half",
    create: createTruthView,
    title: "The estimate and the true gradient",
    subtitle: "the mini-batch's mean gradient (1/m)·Σ∇Cₓ against ∇C = (1/n)·Σ over all n examples"
  },
  {
    id: "noise",
    size: "third",
    create: createNoiseView,
    title: "Noise against m",
    subtitle: "random mini-batches of each size m: how far their mean lies from ∇C"
  },
  {
    id: "code",
    size: "hero",
    create: createCodeView,
    title: "The code, running",
    subtitle: "the engine's own source, read from network.py: the lines each event ran, and their values"
  },
  { id: "rebind", parent: "code", create: createRebindView },
  { id: "matrix", parent: "code", create: createMatrixView }
];
var HOLD_MS = 250;
var TWEEN_MS = 650;
var REDUCED_MOTION = window.matchMedia("(prefers-reduced-motion: reduce)");
function panel(container, spec) {
  const section = document.createElement("section");
  section.className = `panel panel-${spec.size}`;
  section.id = `view-${spec.id}`;
  section.innerHTML = `<header class="panel-head">
      <div class="panel-titles"><h2></h2><p class="panel-sub"></p></div><div class="panel-tools"></div>
    </header><div class="panel-body"></div>`;
  const [heading, sub] = [section.querySelector("h2"), section.querySelector(".panel-sub")];
  heading.textContent = spec.title;
  sub.textContent = spec.subtitle || "";
  container.append(section);
  return {
    el: section.querySelector(".panel-body"),
    tools: section.querySelector(".panel-tools"),
    // The panel's title, and its subtitle too when one is given.
    setTitle: (text, subtitle) => {
      heading.textContent = text;
      if (subtitle !== void 0) sub.textContent = subtitle;
    }
  };
}
async function boot() {
  const root = document.getElementById("app");
  const notify = createNotifier(document.getElementById("toasts"));
  const bus = createBus();
  const model = createModel(bus);
  let session = null;
  const settle = () => {
    if (scheduler.busy || session?.loading || chartsWaiting()) return;
    scheduler.stamp();
    root.dataset.seq = String(model.lastSeq);
    root.dataset.settled = "1";
  };
  const scheduler = createScheduler({
    onFrame: () => {
      root.dataset.seq = String(model.lastSeq);
    },
    onIdle: () => settle(),
    seqOf: () => model.lastSeq,
    playing: () => model.playing
  });
  whenPlotly(() => settle());
  const invalidate = (view) => {
    if (root.dataset.settled !== "0") root.dataset.settled = "0";
    scheduler.invalidate(view);
  };
  const { config: asked, prefs } = fromQuery(location.search);
  window.nabla = { model, stats: scheduler.stats, heavyElements: scheduler.heavyElements };
  bus.on("loaded", () => settle());
  const animation = () => {
    const rate = SPEEDS[prefs.speed];
    const fast = model.playing && (prefs.unit !== "example" || rate === null || rate > 2);
    const still = fast || REDUCED_MOTION.matches;
    return still ? { hold: 0, tween: 0 } : { hold: HOLD_MS, tween: TWEEN_MS };
  };
  const saveURL = () => model.session && writeURL(model.session.config, prefs);
  const onLayer = (layer) => {
    prefs.layer = layer;
    saveURL();
  };
  const listed = api.datasets();
  const made = remembered().session ? null : listed.then((list) => !asked.dataset || list.some((d) => d.name === asked.dataset) ? api.createSession(asked) : null);
  if (made) made.catch(() => {
  });
  const [catalogue] = await Promise.all([listed, loadBook()]);
  const datasets = createDatasets(catalogue);
  const previews = /* @__PURE__ */ new Map();
  const controls = createControls(document.getElementById("controls"), {
    catalogue,
    previews: (name) => {
      if (!previews.has(name)) previews.set(name, api.preview(name));
      return previews.get(name);
    },
    onChange: (next) => session.request(next)
  });
  session = createSession({ bus, model, notify, datasets, prefs, ui: {
    show: (config) => controls.show(config),
    saveURL,
    invalid: (field, message) => controls.markInvalid(field, message),
    busy: (on) => {
      root.classList.toggle("loading", on);
      if (!on) root.dataset.ready = model.session ? "1" : "0";
    },
    back: () => status.back(model.position),
    gone: () => status.gone()
  } });
  createBookPanel(document.getElementById("book"), {
    catalogue,
    model,
    bus,
    session,
    prefs,
    notify,
    onPreset: (config) => session.request(config)
  });
  createLiveNote(document.getElementById("live-note"), { bus, model });
  const stops = createStops(document.getElementById("stops"), { bus, notify });
  const status = createRunStatus(document.getElementById("run-status"), { bus });
  createProgress(document.getElementById("progress"), { session, bus });
  createTransport(document.getElementById("transport"), {
    session,
    model,
    bus,
    prefs,
    notify,
    onPrefs: saveURL,
    stops,
    invalidate: (view) => {
      scheduler.own(view, document.getElementById("counters"));
      invalidate(view);
    }
  });
  createStory({ bus, model, session, notify, button: document.getElementById("story-button") });
  createCopyLink(document.getElementById("copy-link"), { notify });
  createTraceDownload(document.getElementById("trace-download"), { model, notify });
  const editor = createEditor({ session, model, bus, notify });
  installTips(document.body);
  createUserData(document.getElementById("userdata"), {
    bus,
    model,
    notify,
    onData: (info) => {
      datasets.add(info);
      const config = model.session.config;
      const next = forDataset(config, info, datasets.infoOf(config.dataset));
      session.request({
        ...next,
        n_train: null,
        n_test: null,
        batch_size: Math.min(config.batch_size, info.default_n_train)
      });
    }
  });
  const grid = document.getElementById("views");
  const panels2 = {};
  for (const spec of VIEWS2) {
    const place2 = spec.parent ? { el: panels2[spec.parent].querySelector(`[data-slot="${spec.id}"]`), tools: null, setTitle() {
    } } : panel(grid, spec);
    panels2[spec.id] = place2.el;
    const own = (view) => {
      scheduler.own(view, place2.el);
      invalidate(view);
    };
    spec.create({ ...place2, bus, model, invalidate: own, animation, onLayer, notify, editor });
  }
  createCompareView({
    el: document.getElementById("compare"),
    button: document.getElementById("compare-button"),
    bus,
    model,
    notify,
    prefs,
    onPrefs: saveURL,
    status
  });
  createRunFiles(document.getElementById("run-files"), { model, notify, onOpen: (text) => session.open(text) });
  bus.on("error", (msg) => notify(msg.message, { kind: "error" }));
  createTroubleNotice({ bus, notify, session });
  bus.on("session", (s) => {
    root.dataset.session = s.id;
    saveURL();
  });
  await session.begin(asked, made);
}
boot().catch((error) => {
  console.error(error);
  const toasts = document.getElementById("toasts");
  const notify = toasts && createNotifier(toasts);
  if (notify) notify(`The page could not start: ${error.message}`, { kind: "error", sticky: true });
});
