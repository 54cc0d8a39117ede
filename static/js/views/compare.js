// Compare mode: the book's update (once per mini-batch) beside the weights moving after every
// example, from the same initial weights and the same examples in the same order. A group of
// sessions (POST /api/groups) is stepped in lock step through REST; the cost each example had
// when its gradient was taken goes on one chart, and each run's decision boundary beside the
// others; and each run's path in two weights on the book's landscape (compare-paths.js). It
// takes the place of the views while on; the configuration panel still drives it.

import { api } from "../api.js";
import { createBoundary } from "../charts/boundary.js";
import { COLOURS, drawCosts } from "../charts/costs.js";
import { SPEEDS, speedLabel } from "../config.js";
import { fmt } from "../palette.js";
import { createGroups } from "./compare-group.js";
import { createComparePaths } from "./compare-paths.js";
import { throttled } from "../throttle.js";
import { setPlayButton } from "../ui/play-button.js";

// What each kind of comparison (the URL's compare=...) trains beside the book's update.
export const KINDS = {
  1: { label: "batch vs per-example", extra: null },
  m1: { label: "+ m = 1", extra: () => ({ update: "batch", batch_size: 1 }) },
  full: { label: "+ full batch, m = n", extra: (c) => ({ update: "batch", batch_size: c.n_train }) },
};
const CHART_EVERY = 500; // ms: Plotly at most twice a second
const PREDICT_EVERY = 300; // ms: the boundaries at most about 3 times a second
const TICK_MS = 100; // play: one request about this often
const SUMMARY_EXAMPLES = 20000; // a bigger step asks for epochs only, and reads the history
const PLAY_EXAMPLES = 2000; // play at "max": at most this many examples per run and request
const CREATE_FIELDS = ["dataset", "sizes", "n_train", "n_test", "noise", "activation", "cost",
  "init", "eta", "batch_size", "lmbda", "seed"];

export function labelOf(config, configs) {
  const base = config.update === "batch" ? "once per mini-batch (the book)" : "after every example";
  const differ = (name) => new Set(configs.map((c) => c[name])).size > 1;
  const extra = [differ("batch_size") && `m = ${config.batch_size}`, differ("eta") && `η = ${config.eta}`];
  return [base, ...extra.filter(Boolean)].join(", ");
}

const sleep = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

// Examples seen, from a state: m is fixed in compare mode, so batch·m + index within the epoch.
function seenOf(state, config) {
  return state.epoch * config.n_train + Math.min(state.batch * config.batch_size, config.n_train) + state.index;
}

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
      ${Object.entries(KINDS).map(([k, v]) => `<option value="${k}">${v.label}</option>`).join("")}
    </select></label>
    <span class="compare-seen" id="compare-seen"></span>
  </div>`;
}

export function createCompareView({ el, button, bus, model, notify, prefs, onPrefs, status }) {
  el.innerHTML = `${toolbar()}
    <div class="compare-top">
      <section class="panel compare-panel">
        <header class="panel-head"><div class="panel-titles"><h2>Cost, same examples, same start</h2>
          <p class="panel-sub">faint: the cost of each example, at the weights its gradient was taken at · bold: the mean of each mini-batch, as the book's cost per update</p></div></header>
        <div class="panel-body"><div class="plot compare-cost" id="compare-cost"></div></div>
      </section>
      <section class="panel compare-paths-panel" id="compare-paths-panel"></section>
    </div>
    <div class="compare-runs" id="compare-runs"></div>`;
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

  function settle() {
    const busy = stepping > 0 || redraw.busy() || fetchPredict.busy() || paths.busy();
    el.dataset.settled = busy || !group ? "0" : "1";
    el.dataset.steps = String(steps);
  }
  const redraw = throttled(async () => drawChart(), CHART_EVERY, settle);
  const paths = createComparePaths({ panel: el.querySelector("#compare-paths-panel"), throttled, settle, report });
  const fetchPredict = throttled(async () => {
    const g = group;
    if (!g || !train) return;
    const answers = await Promise.all(g.members.map((m) => api.predict(m.id, 40))).catch(report);
    if (!answers || g !== group) return;
    g.members.forEach((m, i) => { m.predict = answers[i]; });
    drawRuns();
  }, PREDICT_EVERY, settle);

  function drawChart() {
    if (group) drawCosts(chart, group.members);
  }

  function drawRuns() {
    if (!group) return;
    for (const m of group.members) {
      if (m.boundary) m.boundary.draw(m.predict, train);
      const st = m.state;
      const last = m.points.length ? m.points[m.points.length - 1].y : null;
      const status = st.status === "diverged" ? " · diverged" : "";
      const percent = (v) => `${(100 * v).toFixed(1)}%`;
      const accuracy = st.metrics ? ` · test ${percent(st.metrics.test_accuracy)}` : "";
      m.readout.textContent = `${st.updates} weight update${st.updates === 1 ? "" : "s"} · ` +
        `last example's cost ${fmt(last, 3)}${accuracy}${status}`;
    }
    const s = seenOf(group.members[0].state, group.members[0].config);
    seen.textContent = `${s} example${s === 1 ? "" : "s"} seen · epoch ${group.members[0].state.epoch + 1}`;
  }

  function buildRuns(points) {
    runs.replaceChildren();
    runs.classList.toggle("three", group.members.length === 3);
    group.members.forEach((m, i) => {
      const panel = document.createElement("section");
      panel.className = "panel compare-run";
      panel.innerHTML = `<header class="panel-head"><div class="panel-titles">
          <h2><span class="swatch"></span><span class="run-label"></span></h2>
          <p class="panel-sub"></p></div></header>
        <div class="panel-body"><div class="chart-box compare-boundary"></div><p class="compare-readout"></p></div>`;
      panel.querySelector(".swatch").style.background = COLOURS[i];
      panel.querySelector(".run-label").textContent = m.label;
      panel.querySelector(".panel-sub").textContent = m.config.update === "batch"
        ? `w − (η/m)·nabla_w, once after all m = ${m.config.batch_size}`
        : `w − (η/m)·delta_nabla_w, after each example`;
      const box = panel.querySelector(".compare-boundary");
      box.id = `compare-boundary-${i}`;
      if (points) m.boundary = createBoundary(box);
      else box.replaceWith(Object.assign(document.createElement("p"), {
        className: "compare-note", textContent: "The decision boundary is drawn for the 2-D data sets." }));
      m.readout = panel.querySelector(".compare-readout");
      runs.append(panel);
    });
  }

  async function open(which = prefs.compare || "1") {
    const config = model.session && model.session.config;
    if (!config) return;
    const mine = ++generation;
    stop();
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
      buildRuns(points);
      paths.open(group);
      drawChart();
      drawRuns();
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
      m.points = histories[i].updates.map((u) => ({ x: u.epoch * n + Math.min((u.batch + 1) * size, n), y: u.cost }));
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
      steps += 1;
      if (group.members.some((m) => m.state.status === "diverged")) {
        const gone = group.members.filter((m) => m.state.status === "diverged").map((m) => m.label);
        if (playing && gone.length === group.members.length) stop();
        notify(`Diverged: ${gone.join("; ")}. Reset, or lower η.`, { kind: "error" });
      }
      drawRuns();
      redraw();
      fetchPredict();
      paths.step();
    } finally {
      stepping -= 1;
      settle();
    }
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
      drawRuns();
      fetchPredict();
    } catch (error) {
      report(error);
    } finally {
      stepping -= 1;
      settle();
    }
  }

  // Play: one request per tick, of as many units as the speed asks; "max" grows the requests
  // until each takes about TICK_MS.
  async function loop(token) {
    let count = 1;
    while (playing && token === generation && group) {
      const rate = SPEEDS[prefs.speed];
      const n = rate === null ? count : Math.max(1, Math.round((rate * TICK_MS) / 1000));
      const began = performance.now();
      try {
        await step(prefs.unit, n);
      } catch (error) {
        report(error);
        stop();
        return;
      }
      const took = performance.now() - began;
      if (rate === null) {
        const most = Math.max(1, Math.floor(PLAY_EXAMPLES / perUnit(prefs.unit)));
        count = took < TICK_MS / 2 ? Math.min(most, count * 2) : took > 2 * TICK_MS ? Math.max(1, count >> 1) : count;
        await sleep(0);
      } else await sleep(Math.max(0, (n / rate) * 1000 - took));
    }
  }

  function showPlaying(on) {
    playing = on;
    setPlayButton(play, on);
  }
  function start() {
    if (!group || playing) return;
    showPlaying(true);
    loop(generation);
  }
  function stop() {
    showPlaying(false);
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
  unit.addEventListener("change", () => { prefs.unit = unit.value; onPrefs(); });
  speed.addEventListener("input", () => { prefs.speed = Number(speed.value); showSpeed(); });
  speed.addEventListener("change", () => onPrefs());
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
