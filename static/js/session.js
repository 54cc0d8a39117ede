// The run the page shows, from start to end: a new session for a configuration, a saved run
// opened, the session this tab showed come back to after a reload or Back, the same one again
// after the socket dropped (the server may have restarted: it keeps sessions), and a new run
// when it is gone. It keeps one WebSocket open and sends the controls' actions; what the stream
// leaves out is fetched by feed.js.

import { api } from "./api.js";
import { remember, remembered } from "./config.js";
import { detailFor, detailForStep } from "./detail.js";
import { createFeed } from "./feed.js";
import { openStream } from "./stream.js";

const GONE = 4410; // close codes: the session was deleted, evicted or expired; no such session
const NOT_FOUND = 4404;
const RESUME_MS = 1000; // when the socket drops, ask for the session again this often
const RESUME_TRIES = 30;
const START_DEBOUNCE_MS = 180;
const LIVE = ["eta", "batch_size", "lmbda"]; // settings that change the run as it goes

// The live settings `next` changes from `current`, if it changes nothing else (else null:
// a new run); {} when nothing changed at all.
export function liveChange(current, next) {
  if (!current) return null;
  const keys = new Set([...Object.keys(current), ...Object.keys(next)]);
  const same = (k) => JSON.stringify(current[k] ?? null) === JSON.stringify(next[k] ?? null);
  if ([...keys].some((k) => !LIVE.includes(k) && !same(k))) return null;
  return Object.fromEntries(LIVE.filter((k) => !same(k)).map((k) => [k, next[k]]));
}

const SYMBOL = { eta: "η", batch_size: "m", lmbda: "λ" };

// datasets: datasets.js's; prefs: the page's (its layer); ui: what the page shows of a run's
// coming and going: show(config) (the controls), saveURL(), invalid(field, message) (a field
// the server refused), busy(on) (a run on its way), back() (this tab's run again), gone() (it
// was no longer on the server).
export function createSession({ bus, model, notify, datasets, prefs, ui }) {
  let stream = null;
  let generation = 0;
  let detail = "full";
  let playing = false; // whether this page asked to play
  let timer = null;
  let wanted = null;
  const feed = createFeed({ bus, model, notify, playing: () => playing, detail: () => detail });
  const id = () => model.session && model.session.id;

  const stop = () => {
    playing = false;
    feed.stopPolling();
  };
  // Play ended by itself (a stop condition): what the server says is all that is left to show.
  bus.on("stopped", () => {
    stop();
    feed.catchUp();
  });
  bus.on("state", (msg) => {
    if (msg.state.status !== "diverged") return;
    feed.stopPolling();
    bus.emit("diverged", msg.state.message); // said by ui/trouble.js
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
        model.hasLastBatch = false; // until the server says again: it may be restarting
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

  // Show the new session `created` in place of the old one (deleted), unless a newer one came.
  async function adopt(created, info, layer, mine) {
    if (mine !== generation) {
      api.deleteSession(created.id).catch(() => {});
      return null;
    }
    const old = id();
    feed.stopPolling();
    if (stream) stream.close();
    stream = null;
    if (old) api.deleteSession(old).catch(() => {});
    playing = false;
    model.startSession(created, info, layer);
    connect(created.id);
    await feed.load(created.id, info);
    return created;
  }

  // Await `how` (a run on its way, shown as such); then show its config, and call after(run).
  async function arrive(how, after = () => {}) {
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

  // With no run yet: drop the field at fault, else keep only the data set, else the defaults.
  function simpler(body, field) {
    if (field && field in body && field !== "dataset") {
      const { [field]: _, ...rest } = body;
      return rest;
    }
    return Object.keys(body).length > 1 && datasets.infoOf(body.dataset) ? { dataset: body.dataset } : {};
  }

  // A new session for `config`; a field the server refuses is shown, and with no run yet a
  // simpler configuration is tried (when `fallback`). made: the promise of POST /api/sessions
  // for `config` when already asked (of null when it was not).
  async function start(config, fallback = true, made = null) {
    const body = Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined));
    const p = model.position; // training the new run leaves behind, to say so
    const left = Boolean(model.session && p && (p.updates > 0 || p.k > 0 || p.epoch > 0));
    const [info, layer, mine] = [datasets.infoOf(body.dataset || "moons"), prefs.layer, ++generation];
    ui.busy(true);
    try {
      const answer = (made && await made) || await api.createSession(body);
      const created = await adopt(answer, info, layer, mine);
      if (!created) return;
      ui.show(created.config);
      ui.saveURL();
      if (left) notify("A new run, from epoch 1: a changed setting starts training over, so that the link replays it.");
    } catch (error) {
      // The run goes on: the values in force come back, the refusal said on its field.
      if (model.session) ui.show(model.session.config);
      if (!model.session || !ui.invalid(error.field, error.message)) notify(error.message, { kind: "error" });
      if (!model.session && fallback) await start(simpler(body, error.field), Object.keys(body).length > 0);
    } finally {
      ui.busy(false);
    }
  }

  // η, m, λ changed in the run under way; the socket's change and state messages bring the
  // chart's marker and the new config. A value refused is shown on its field, the one in force kept.
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

  // Back to session `sid` as the server has it (a reload, Back): "back", "gone" (404: a new run
  // starts), or "failed" (reported; a new run starts).
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
      const drop = () => made && made.then((s) => s && api.deleteSession(s.id)).catch(() => {});
      const earlier = remembered().session;
      const returned = earlier ? await comeBack(earlier) : null;
      if (returned === "back") {
        drop();
        return;
      }
      const missing = asked.dataset && !(await datasets.infoFor(asked.dataset));
      if (missing) {
        drop();
        notify(asked.dataset.startsWith("user-")
          ? `The data set ${asked.dataset} is no longer on the server (uploaded data is kept for a while `
            + "only): upload it again. Showing moons."
          : `There is no data set named ${asked.dataset}; showing moons.`, { kind: "error" });
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
    step(unit, count = 1, detail = null) {
      if (!stream) return;
      if (playing) this.pause();
      setDetail(detail || detailForStep(model.session.config, unit, count, model.server?.full_steps),
        "size");
      stream.send({ action: "step", unit, count });
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
      stream.send({ action: "pause" }); // the state that answers it brings the catch-up
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
    },
  };
}
