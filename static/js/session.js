// The run the page is showing: creates sessions, keeps one WebSocket open, sends the controls'
// actions, and fetches what the stream leaves out (weights at high speed, the boundary).

import { api } from "./api.js";
import { detailFor, detailForBatch, detailForStep } from "./detail.js";
import { openStream } from "./stream.js";
import { throttled } from "./throttle.js";

const PREDICT_EVERY = 250; // ms: the decision boundary at most 4 times a second
const NETWORK_EVERY = 250;
const HISTORY_EVERY = 700;
const CATCH_UP_MS = 400;
const GONE = 4410; // close codes: the session was deleted, evicted or expired; no such session
const NOT_FOUND = 4404;
const RESUME_MS = 1000; // when the socket drops, ask for the session again this often
const RESUME_TRIES = 30;

export function createSession({ bus, model, notify }) {
  let stream = null;
  let generation = 0;
  let detail = "full";
  let polling = null;
  let playing = false; // whether this page asked to play
  let loading = 0;
  let again = null;
  const report = (error) => notify(error.message, { kind: "error" });
  const done = () => bus.emit("loaded");

  const id = () => model.session && model.session.id;

  const fetchNetwork = throttled(async () => {
    const sid = id();
    const net = await api.network(sid).catch(report);
    if (net && sid === id()) model.setNetwork(net);
  }, NETWORK_EVERY, done);

  const fetchHistory = throttled(async () => {
    const sid = id();
    const history = await api.history(sid).catch(report);
    if (history && sid === id()) model.setHistory(history);
  }, HISTORY_EVERY, done);

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
  // Play ended by itself (a stop condition): what the server says is all that is left to show.
  bus.on("stopped", () => {
    playing = false;
    stopPolling();
    catchUp();
  });
  bus.on("state", (msg) => {
    if (msg.state.status === "diverged") {
      stopPolling();
      bus.emit("diverged", msg.state.message);
    }
    // Without full detail the weights and the history come by REST once the server has
    // stopped: now, and once more in case its last chunk of steps ends after this message.
    if (!msg.playing && !playing && detail !== "full") {
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

  function startPolling() {
    stopPolling();
    polling = setInterval(() => {
      fetchNetwork();
      fetchHistory();
    }, NETWORK_EVERY);
  }

  function stopPolling() {
    clearInterval(polling);
    polling = null;
  }

  function connect(sid) {
    if (stream) stream.close();
    detail = "full";
    stream = openStream(sid, {
      detail,
      onMessage: (message) => model.handle(message),
      onClosed: (code, reason) => {
        if (sid !== id()) return;
        stream = null;
        if (code === GONE || code === NOT_FOUND) restart(reason || code);
        else resume(sid, 0, reason || code); // the server may be restarting: it keeps sessions
      },
    });
  }

  function restart(why) {
    notify(`The connection closed (${why}); starting the run again.`, { kind: "error" });
    bus.emit("lost");
  }

  // Back to the same session once the server answers again, where its last update left it.
  async function resume(sid, tries, why) {
    const mine = generation;
    try {
      const found = await api.session(sid);
      if (mine !== generation || sid !== id()) return;
      playing = false;
      stopPolling();
      model.startSession(found, model.session.info, model.selection.layer);
      connect(sid);
      notify(`Connected again: the run goes on from its last saved update, ${resumedAt(found.state)}.`);
      await loadExtras(sid, model.session.info);
    } catch (error) {
      if (mine !== generation || sid !== id()) return;
      if (error.status === 404 || tries >= RESUME_TRIES) restart(why);
      else setTimeout(() => resume(sid, tries + 1, why), RESUME_MS);
    }
  }

  // Where a run resumed: the position of its last saved update (counted from 1, as shown).
  function resumedAt(state) {
    const updates = `${state.updates} update${state.updates === 1 ? "" : "s"}`;
    return `epoch ${state.epoch + 1}, mini-batch ${state.batch + 1} (${updates} made)`;
  }

  // `why` the socket's examples come without their gradients when `next` is not "full":
  // "speed" (played fast) or "size" (a step too large), for the captions to say.
  function setDetail(next, why) {
    if (next !== "full") model.unsent = why;
    if (next === detail || !stream) return;
    detail = next;
    stream.send({ action: "set", detail });
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

  async function loadExtras(sid, info) {
    loading += 1;
    try {
      // Mid-mini-batch (a saved run, a reload): its examples so far, for the views to draw.
      const k = model.position.k;
      const [network, history, batch] = await Promise.all([api.network(sid), api.history(sid),
        k > 0 ? batchSoFar(sid, k).catch(() => null) : null]);
      if (sid !== id()) return;
      model.setNetwork(network);
      model.setHistory(history);
      if (batch) model.setBatch(batch.answer, batch.why);
      if (info.kind === "points") {
        const [train, test] = await Promise.all([api.data(sid, "train"), api.data(sid, "test")]);
        if (sid === id()) model.setData({ train, test });
      }
    } finally {
      loading -= 1;
      done();
    }
  }

  // Show the new session `created` in place of the old one (deleted), unless a newer one came.
  async function adopt(created, info, layer, mine) {
    if (mine !== generation) {
      api.deleteSession(created.id).catch(() => {});
      return null;
    }
    const old = id();
    stopPolling();
    if (stream) stream.close();
    stream = null;
    if (old) api.deleteSession(old).catch(() => {});
    playing = false;
    model.startSession(created, info, layer);
    connect(created.id);
    await loadExtras(created.id, info);
    return created;
  }

  return {
    // A new session for `config`; throws ApiError (naming the field) if the server refuses it.
    async start(config, info, layer) {
      const mine = ++generation;
      return adopt(await api.createSession(config), info, layer, mine);
    },
    // Back to session `sid` as the server has it (a reload, Back): null when it is gone (404).
    async attach(sid, infoOf, layer) {
      const mine = ++generation;
      let found;
      try {
        found = await api.session(sid);
      } catch (error) {
        if (error.status === 404) return null;
        throw error;
      }
      const info = await infoOf(found.config.dataset);
      return info ? adopt(found, info, layer, mine) : null;
    },
    // A new session going on from a saved run (the text of an exported file).
    async open(text, infoOf, layer) {
      const mine = ++generation;
      const created = await api.importRun(text);
      return adopt(created, infoOf(created.config.dataset), layer, mine);
    },
    step(unit, count = 1) {
      if (!stream) return;
      if (playing) this.pause();
      setDetail(detailForStep(model.session.config, unit, count, model.server?.full_steps), "size");
      stream.send({ action: "step", unit, count });
    },
    // stops: {stop_epochs, stop_cost, stop_accuracy}, each left out when not set.
    play(unit, rate, stops = {}) {
      if (!stream) return;
      playing = true;
      const next = detailFor(model.session.config, unit, rate);
      setDetail(next, "speed");
      if (next === "none") startPolling();
      else stopPolling();
      stream.send({ action: "play", unit, rate, ...stops });
    },
    // Stop playing, and the step under way at the end of its current chunk.
    cancel() {
      if (!stream) return;
      playing = false;
      stopPolling();
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
      playing = false;
      stopPolling();
      stream.send({ action: "pause" }); // the state that answers it brings the catch-up
    },
    reset() {
      if (!stream) return;
      playing = false;
      stopPolling();
      stream.send({ action: "pause" });
      setDetail("full", null);
      stream.send({ action: "reset" });
    },
    get detail() {
      return detail;
    },
    // True while something the views will draw is still on its way from the server.
    get loading() {
      const fetching = fetchNetwork.busy() || fetchHistory.busy() || fetchPredict.busy() ||
        fetchBatch.busy();
      return loading > 0 || again !== null || fetching;
    },
  };
}
