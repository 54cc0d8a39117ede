// The page's picture of the run, built from the stream's messages (the protocol's events):
// the current weights, the mini-batch being summed, the last weight change and the history.
// Views read it; it announces what changed on the bus.

const DELTA_BUDGET = 4e6; // numbers of per-example gradients kept for the waterfall

const count = (arrays) => arrays.reduce((n, m) => n + m.length * (m[0] ? m[0].length || 1 : 0), 0);

// missing: why its examples came without their gradients, if any did (views/captions.js);
// updateMissing: why its update's step cannot be shown, once it came.
function emptyBatch(key = null, m = 0, start = null) {
  return { key, m, k: 0, examples: [], deltas: [], nabla_w: null, nabla_b: null, last: null,
    complete: false, partial: false, restored: false, start, missing: null, updateMissing: null,
    unkept: false };
}

const isVector = (a) => typeof a[0] === "number";

// w_after − w_before for every layer: the step the update made.
function difference(after, before) {
  return after.map((layer, l) =>
    isVector(layer)
      ? Array.from(layer, (v, j) => v - before[l][j])
      : layer.map((row, j) => Array.from(row, (v, k) => v - before[l][j][k])),
  );
}

export function createModel(bus) {
  // An epoch's training time comes with its live event only (the history leaves it out): kept
  // here by seq, so a history fetched anew still shows it; a new run or a reset forgets them.
  const seconds = new Map();
  const model = {
    session: null, // {id, config, info}
    server: null, // the last "state" message
    position: null, // {epoch, batch, k, m, batches, updates, seq}
    network: null, // {sizes, weights, biases}
    batch: emptyBatch(),
    change: null, // the last weight change: {seq, before, after, step, at, batchKey, mode}
    history: { updates: [], epochs: [], edits: [], changes: [] },
    selection: { layer: 0, kind: "w", j: 0, k: 0 },
    predict: null,
    data: null, // {train, test}
    lastSeq: 0,
    // the server keeps a finished mini-batch (batch=last answers): it said so, or an update came
    // since; unknown, so false, while the stream is closed (a restarted server restores none)
    hasLastBatch: false,
    unsent: "speed", // why the stream's examples come without their gradients, when they do
    get playing() {
      return Boolean(this.server && this.server.playing);
    },
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
    seconds.clear();
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
      epoch: st.epoch, batch: st.batch, k: st.index, m: st.batch_size,
      batches: st.batches_per_epoch, updates: st.updates, seq: st.seq, applied: false,
    };
  }

  // Weights fetched by REST (at a start, a reset, or when the stream left them out): they may
  // be several updates on, so no single step is shown for them.
  model.setNetwork = (net) => {
    model.network = { sizes: net.sizes, weights: net.weights, biases: net.biases };
    model.change = null;
    bus.emit("network", model.network);
  };

  // extra.instant: shown at once, not animated (per-example mode's whole-batch summary).
  function record(before, after, extra) {
    model.change = {
      ...extra, before, after, at: extra.instant ? -Infinity : performance.now(), batchKey: model.batch.key,
      step: { w: difference(after.weights, before.weights), b: difference(after.biases, before.biases) },
    };
  }

  function moveTo(weights, biases, extra) {
    const before = model.network;
    model.network = { sizes: model.session.config.sizes, weights, biases };
    if (before) record(before, model.network, extra);
    bus.emit("network", model.network);
  }

  model.setHistory = (history) => {
    model.history = {
      updates: history.updates.map((u, i) => ({ ...u, n: i + 1 })),
      epochs: history.epochs.map((e) => (seconds.has(e.seq) ? { ...e, seconds: seconds.get(e.seq) } : e)),
      edits: history.edits || [],
      changes: history.changes || [],
    };
    bus.emit("epoch", null);
  };

  // The run's configuration as the server answered a change of η, m or λ (its socket's state
  // message says the same, maybe later).
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
      seconds.clear();
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

  // Example event `e` into the mini-batch `batch`: its gradient kept (within the budget) and
  // its running sums as the batch's; `why` it came without them, if it did.
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
        batch.unkept = true; // sent, but more than this page keeps for the waterfall
      }
      batch.nabla_w = e.nabla_w;
      batch.nabla_b = e.nabla_b;
    } else {
      batch.partial = true;
      batch.missing = why;
    }
  }

  // The mini-batch under way as the server has it (GET .../batch), for a page that did not see
  // its examples go by (a saved run opened, a reload); `why` it came without the examples'
  // gradients, if it did. Nothing changes if the stream has already brought anything newer.
  // The counters stay where the session's state put them.
  model.setBatch = (answer, why = "restored") => {
    const last = answer.examples[answer.examples.length - 1];
    if (!last || model.batch.key !== null || last.seq !== model.lastSeq) return;
    restore(answer, why);
  };

  function restore(answer, why) {
    const last = answer.examples[answer.examples.length - 1];
    // The weights it started from: the current ones in batch mode; in per_example mode the
    // answer's start (at full detail), before the first example's step.
    const start = model.session.config.update === "batch" ? model.network
      : answer.start && { sizes: model.session.config.sizes, ...answer.start };
    const batch = emptyBatch(`${last.epoch}:${last.batch}`, last.batch_size, start);
    for (const e of answer.examples) addExample(batch, e, why);
    batch.restored = true;
    model.batch = batch;
    model.lastSeq = Math.max(model.lastSeq, last.seq);
    bus.emit("example", last);
  }

  // Whether the mini-batch the counters are in is not the one the model holds, as after a play
  // or a step whose examples the stream left out (detail "none"): "start" when it has not begun
  // (nothing to fetch), "part" part way (GET .../batch has its examples); null when it is.
  model.batchGap = () => {
    const p = model.position;
    if (p.applied || (model.batch.key === `${p.epoch}:${p.batch}` && model.batch.k === p.k)) return null;
    return p.k > 0 ? "part" : "start";
  };

  // The mini-batch the counters are in, from GET .../batch (`answer`; none at its start), when
  // the model did not see its examples go by; `why` they came without their gradients, if so.
  model.catchUpBatch = (answer, why = "restored") => {
    const gap = model.batchGap();
    const p = model.position;
    const last = answer && answer.examples[answer.examples.length - 1];
    if (gap === "start") {
      // Nothing summed yet, so nothing to fetch: the page is where the server is.
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
      epoch: e.epoch, batch: e.batch, k: e.index + 1, m: e.batch_size, seq: e.seq,
      batches: batchesOf(model.session.config), applied: false,
      updates: model.position.updates + (perExample ? 1 : 0),
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
    model.history.updates.push({ seq: u.seq, epoch: u.epoch, batch: u.batch, cost: u.cost,
      n: model.history.updates.length + 1 });
    if (u.weights && u.mode === "batch") moveTo(u.weights, u.biases, { seq: u.seq, mode: "batch" });
    else if (u.weights && batch.start) {
      record(batch.start, model.network, { seq: u.seq, mode: "per_example_batch", instant: true });
    }
    Object.assign(model.position, {
      epoch: u.epoch, batch: u.batch, k: u.batch_size, m: u.batch_size, seq: u.seq, applied: true,
      updates: model.position.updates + (u.mode === "batch" ? 1 : 0),
    });
    model.lastSeq = u.seq;
    model.hasLastBatch = true;
    bus.emit("update", u);
    if (!u.weights) bus.emit("stale", "network");
  }

  function onEpoch(e) {
    if (e.seconds != null) seconds.set(e.seq, e.seconds);
    model.history.epochs.push(e);
    model.lastSeq = Math.max(model.lastSeq, e.seq);
    // The counters keep showing the epoch's last update, the last thing the views show.
    const p = model.position;
    if (p.applied && p.epoch === e.epoch && p.batch === e.batch) p.seq = e.seq;
    bus.emit("epoch", e);
  }

  // A weight or a bias set by hand: the network changes at once (no update step to animate).
  function onEdit(e) {
    const net = model.network;
    if (net) {
      const key = e.kind === "weight" ? "weights" : "biases";
      const layers = net[key].slice();
      const layer = layers[e.layer].slice(); // rows stay shared, but the edited one is copied
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

  // η, m or λ changed during the run: a second change before its mini-batch replaces the first.
  function onChange(c) {
    const changes = model.history.changes;
    if (changes.length && changes[changes.length - 1].seq === c.seq) changes[changes.length - 1] = c;
    else changes.push(c);
    bus.emit("change", c);
  }

  model.handle = (message) => {
    if (!model.session) return;
    switch (message.type) {
      case "state": return onState(message);
      case "example": return onExample(message);
      case "update": return onUpdate(message);
      case "epoch": return onEpoch(message);
      case "edit": return onEdit(message);
      case "change": return onChange(message);
      case "progress": return bus.emit("progress", message);
      case "stopped": return bus.emit("stopped", message);
      case "error": return bus.emit("error", message);
      default: return undefined;
    }
  };

  return model;
}
