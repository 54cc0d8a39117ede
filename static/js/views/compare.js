// Compare mode: the book's update (once per mini-batch) beside the weights moving after every
// example, from the same initial weights and the same examples in the same order. A group of
// sessions (POST /api/groups) is stepped in lock step: single steps through REST, play on the
// group's socket (the server's play loop, as the single run plays); the cost each example had
// when its gradient was taken goes on one chart, and each run's decision boundary beside the
// others; and each run's path in two weights on the book's landscape (compare/paths.js). It
// takes the place of the views while on; the configuration panel still drives it. Its helpers
// are in views/compare/.

import { api } from "../api.js";
import { drawCosts } from "../charts/costs.js";
import { SPEEDS, speedLabel } from "../config.js";
import { throttled } from "../throttle.js";
import { setPlayButton } from "../ui/play-button.js";
import { createGroups } from "./compare/group.js";
import { CREATE_FIELDS, KINDS, labelOf, seenOf } from "./compare/kinds.js";
import { layout } from "./compare/layout.js";
import { createComparePaths } from "./compare/paths.js";
import { buildRuns, drawRuns } from "./compare/runs.js";
import { createGroupSocket } from "./compare/socket.js";

const CHART_EVERY = 500; // ms: Plotly at most twice a second
const PREDICT_EVERY = 300; // ms: the boundaries at most about 3 times a second
const SUMMARY_EXAMPLES = 20000; // a bigger step asks for epochs only, and reads the history

export function createCompareView({ el, button, bus, model, notify, prefs, onPrefs, status }) {
  el.innerHTML = layout();
  const app = el.closest(".app");
  const chart = el.querySelector("#compare-cost");
  const runs = el.querySelector("#compare-runs");
  const seen = el.querySelector("#compare-seen");
  const play = el.querySelector('[data-cmp="play"]');
  const unit = el.querySelector('[name="cmp-unit"]');
  const speed = el.querySelector('[name="cmp-speed"]');
  const kind = el.querySelector('[name="cmp-kind"]');
  let group = null; // {id, kind, members: [{id, config, label, points, state, predict, box, readout}]}
  let train = null;
  let generation = 0;
  let stepping = 0;
  let playing = false;
  let steps = 0;
  const report = (error) => notify(error.message, { kind: "error" });
  const groups = createGroups({ status });
  const socket = createGroupSocket({
    onStep: (...args) => { onStep(...args); },
    onEnded: () => { showPlaying(false); settle(); },
    onError: report,
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
    const answers = await Promise.all(g.members.map((m) => api.predict(m.id, 40)))
      .catch((error) => g === group && report(error)); // a switched group's runs are gone
    if (!answers || g !== group) return;
    g.members.forEach((m, i) => { m.predict = answers[i]; });
    showRuns();
  }, PREDICT_EVERY, settle);

  function drawChart() {
    if (group) return drawCosts(chart, group.members); // drawn once plotly.js has come (plots.js)
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
    const base = Object.fromEntries(CREATE_FIELDS.filter((k) => config[k] !== null && config[k] !== undefined)
      .map((k) => [k, config[k]]));
    const variants = [{ update: "batch" }, { update: "per_example" }];
    const extra = KINDS[which] && KINDS[which].extra;
    if (extra) variants.push(extra(config));
    show(true, which);
    el.dataset.ready = "0";
    stepping += 1;
    settle();
    try {
      const { group: created, resumed } = await groups.open(base, variants);
      if (mine !== generation) { api.deleteGroup(created.id).catch(() => {}); return; }
      groups.shown(created.id);
      if (group) api.deleteGroup(group.id).catch(() => {});
      const configs = created.sessions.map((s) => s.config);
      group = { id: created.id, kind: which, members: created.sessions.map((s) => ({
        id: s.id, config: s.config, state: s.state, label: labelOf(s.config, configs), points: [], predict: null,
      })) };
      const points = model.session.info && model.session.info.kind === "points";
      train = points ? await api.data(group.members[0].id, "train") : null;
      if (resumed) await catchUp(); // the cost of every mini-batch so far
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
    if (group) api.deleteGroup(group.id).catch(() => {});
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

  // After a step without example events: the mean cost of each mini-batch, from the history.
  async function catchUp() {
    const g = group;
    const histories = await Promise.all(g.members.map((m) => api.history(m.id)));
    if (g !== group) return;
    g.members.forEach((m, i) => {
      const { n_train: n, batch_size: size } = m.config;
      m.points = histories[i].updates.map((u) => ({
        x: u.epoch * n + Math.min((u.batch + 1) * size, n), y: u.cost, mean: true }));
    });
  }

  const perUnit = (u) => ({ example: 1, batch: Math.max(...group.members.map((m) => m.config.batch_size)),
    epoch: group.members[0].config.n_train })[u];

  async function step(what, count = 1) {
    if (!group) return;
    const g = group;
    const detail = perUnit(what) * count <= SUMMARY_EXAMPLES ? "summary" : "none";
    stepping += 1;
    try {
      const answer = await api.stepGroup(g.id, { unit: what, count, detail });
      if (g !== group) return;
      await absorb(answer, detail);
      shown();
    } finally {
      stepping -= 1;
      settle();
    }
  }

  // After a group step (REST's answer or the socket's step message): draw, say what diverged.
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
      answer.sessions.forEach((s, i) => { g.members[i].state = s.state; g.members[i].points = []; });
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
  // Play runs on the server through the group's socket (compare/socket.js): the page sends
  // play and pause, and draws each group step as it comes.
  const detailFor = (what) => (perUnit(what) <= SUMMARY_EXAMPLES ? "summary" : "none");
  function start() {
    if (!group || playing) return;
    showPlaying(true);
    sendPlay();
  }
  function sendPlay() {
    socket.play(group.id, detailFor(prefs.unit), prefs.unit, SPEEDS[prefs.speed]);
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
  const toggle = () => (playing ? stop() : start());
  const stepNow = (what) => { stop(); step(what).catch(report); };

  const actions = {
    close, reset, play: toggle,
    example: () => stepNow("example"), batch: () => stepNow("batch"), epoch: () => stepNow("epoch"),
  };
  el.addEventListener("click", (event) => {
    const b = event.target.closest("button[data-cmp]");
    if (b && actions[b.dataset.cmp]) actions[b.dataset.cmp]();
  });
  const showSpeed = () => { el.querySelector('[name="cmp-speed-label"]').textContent = speedLabel(prefs.speed); };
  unit.value = prefs.unit;
  speed.value = String(prefs.speed);
  showSpeed();
  const reaim = () => { if (playing) sendPlay(); };
  unit.addEventListener("change", () => { prefs.unit = unit.value; onPrefs(); reaim(); });
  speed.addEventListener("input", () => { prefs.speed = Number(speed.value); showSpeed(); });
  speed.addEventListener("change", () => { onPrefs(); reaim(); }); // once let go: one message
  kind.addEventListener("change", () => open(kind.value));
  button.addEventListener("click", () => (group || (el.dataset.ready === "0" && !el.hidden) ? close() : open(kind.value)));

  // While comparing, the step keys drive the comparison, not the hidden single run.
  const keys = { ArrowRight: actions.example, ".": actions.example, b: actions.batch, e: actions.epoch,
    " ": toggle, r: reset };
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

  // A new single run (the configuration changed): compare that one instead.
  bus.on("session", () => {
    if (prefs.compare) open(prefs.compare);
  });
  return { open, close };
}
