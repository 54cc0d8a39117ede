// What the stream leaves out, fetched by REST for the session the page shows (session.js): the
// weights and the history at high speed or after a step without detail, the decision boundary,
// the mini-batch the counters are in, and everything a run opened or come back to already holds.
// Every fetch goes through the one throttled fetcher (throttle.js).

import { api } from "./api.js";
import { detailForBatch } from "./detail.js";
import { throttled } from "./throttle.js";

// ms between two fetches while playing (at once when paused: Pause shows the last state now)
const PREDICT_EVERY = 250; // the decision boundary at most 4 times a second
const NETWORK_EVERY = 250;
const HISTORY_EVERY = 700;
const CATCH_UP_MS = 400;

// playing(): whether this page asked to play; detail(): what the socket sends ("full", …).
export function createFeed({ bus, model, notify, playing, detail }) {
  let polling = null;
  let loading = 0;
  let again = null;
  const report = (error) => notify(error.message, { kind: "error" });
  const done = () => bus.emit("loaded");
  const id = () => model.session && model.session.id;

  const fetchNetwork = throttled(async () => {
    const sid = id();
    const net = await api.network(sid).catch(report);
    if (net && sid === id()) model.setNetwork(net);
  }, () => (playing() ? NETWORK_EVERY : 0), done);

  const fetchHistory = throttled(async () => {
    const sid = id();
    const history = await api.history(sid).catch(report);
    if (history && sid === id()) model.setHistory(history);
  }, () => (playing() ? HISTORY_EVERY : 0), done);

  const fetchPredict = throttled(async () => {
    const sid = id();
    if (!sid || model.session.info.kind !== "points") return;
    const predict = await api.predict(sid, 48).catch(report);
    if (predict && sid === id()) model.setPredict(predict);
  }, PREDICT_EVERY, done);

  // After examples the stream left out (detail "none"): the mini-batch the counters are in, as
  // the server has it, with the weights it is at (in batch mode, the ones it started from).
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
    // Without full detail the weights and the history come by REST once the server has
    // stopped: now, and once more in case its last chunk of steps ends after this message.
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

  // GET .../batch for the k examples so far, at full detail unless they are too many numbers
  // for this page (then the summary), and why it came without their gradients, if it did.
  async function batchSoFar(sid, k) {
    if (detailForBatch(model.session.config, k) !== "full") {
      return { answer: await api.batch(sid, "summary"), why: "fetch" };
    }
    try {
      return { answer: await api.batch(sid, "full"), why: null };
    } catch (error) {
      // A server with a lower limit refuses the full detail (422): the summary is still worth it.
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
      loading += 1;
      try {
        const k = model.position.k;
        const rows = info.kind === "points" || info.kind === "table";
        // All at once (one round trip, not two), applied in this order.
        const [network, history, batch, train, test] = await Promise.all([api.network(sid),
          api.history(sid), k > 0 ? batchSoFar(sid, k).catch(() => null) : null,
          rows ? api.data(sid, "train") : null, rows ? api.data(sid, "test") : null]);
        if (sid !== id()) return;
        model.setNetwork(network);
        model.setHistory(history);
        if (batch) model.setBatch(batch.answer, batch.why);
        if (rows) model.setData({ train, test });
      } finally {
        loading -= 1;
        done();
      }
    },
    // True while something the views will draw is still on its way from the server.
    get busy() {
      const fetching = fetchNetwork.busy() || fetchHistory.busy() || fetchPredict.busy() ||
        fetchBatch.busy();
      return loading > 0 || again !== null || fetching;
    },
  };
}
