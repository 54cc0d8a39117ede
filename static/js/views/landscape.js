// The steps in weight space: the current mini-batch's mean cost over two weights (the server's
// GET .../landscape), and on it each example's step −(η/m)·∇ᵢ, head to tail, one arrow per
// example processed. The chain ends where the one batch update moves to; the dashed arrow is
// −η·(mean gradient so far). In per_example mode the path the weights really take, each
// gradient taken where the last step left off, is drawn beside it. This module fetches and
// picks; views/landscape/ holds the drawing (steps.js), the legend and the names.

import { api } from "../api.js";
import { createContour } from "../charts/contour.js";
import { setText } from "../dom.js";
import { fmt } from "../palette.js";
import { hideTip, showTip } from "../ui/tooltip.js";
import { describe } from "./landscape/legend.js";
import { compareKeys, keyOf, paramName, paramQuery, sameParam } from "./landscape/params.js";
import { geometry, overlay } from "./landscape/steps.js";

const FETCH_EVERY = 300; // ms between two landscape requests while playing
const CLICK_MS = 1500; // a selection this soon after a click on a chart is a pick
const PICK_TIP = "Click a cell (or a bias bar) in the accumulation view, or a link of the " +
  "network, to pick w₁; shift-click to pick w₂. Auto: the two weights with the largest " +
  "|nabla_w| of the mini-batch.";
const HTML = `<div class="ls-body">
    <div class="chart-box ls-plot" id="landscape-plot"></div>
    <div class="ls-side">
      <p class="ls-caption" id="landscape-caption" aria-live="polite"></p>
      <dl class="ls-legend" id="landscape-legend"></dl>
    </div>
  </div>`;

export function createLandscapeView({ el, tools, bus, model, invalidate, notify }) {
  el.innerHTML = HTML;
  const box = el.querySelector("#landscape-plot");
  const caption = el.querySelector("#landscape-caption");
  const legend = el.querySelector("#landscape-legend");
  const chart = createContour(box);
  const view = { name: "landscape", render, minInterval: () => (model.playing ? 50 : 0) };
  el.addEventListener("chart-resize", () => invalidate(view)); // the chart's box resized (canvas.js)

  const chips = document.createElement("div");
  chips.className = "ls-picks";
  chips.dataset.tip = PICK_TIP;
  chips.innerHTML = `<span class="ls-chip" data-slot="0"></span><span class="ls-chip" data-slot="1"></span>
    <button type="button" class="btn btn-small" data-act="landscape-auto">auto</button>`;
  (tools || el).append(chips);
  const auto = chips.querySelector("[data-act='landscape-auto']");

  let picks = [null, null]; // the user's w₁ and w₂ ({kind, layer, j, k}); null: the server's pick
  let shown = null; // the landscape drawn
  let asked = null; // {key, query} of the request in flight or last sent
  let inFlight = false;
  let lastFetch = 0;
  let timer = null;
  let click = null; // the last click on a chart that selects a parameter
  let grid = null; // the contour's input for `shown` (the chart caches its picture per grid)

  // Clicks that select a weight: the heatmaps, the bias bars, the network's links.
  document.addEventListener("pointerdown", (event) => {
    const t = event.target;
    const chart = t instanceof Element && t.closest("canvas.heatmap, canvas.bars, .network-svg");
    click = chart ? { shift: event.shiftKey, at: performance.now() } : null;
  }, true);
  bus.on("selection", (sel) => {
    if (!click || performance.now() - click.at > CLICK_MS) return;
    const slot = click.shift ? 1 : 0;
    click = null;
    const p = sel.kind === "w"
      ? { kind: "w", layer: sel.layer, j: sel.j, k: sel.k } : { kind: "b", layer: sel.layer, j: sel.j, k: null };
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
      [paramName(shown.w1), fmt(v.a, 4)], [paramName(shown.w2), fmt(v.b, 4)], ["C", fmt(v.cost, 4)],
    ]);
    return undefined;
  });
  chart.canvas.addEventListener("mouseleave", hideTip);

  for (const topic of ["example", "update", "state", "network"]) bus.on(topic, () => want());
  // A new run, or the same one from the start: what is shown belongs to the old weights.
  const forget = (keepPicks) => {
    if (!keepPicks) picks = [null, null];
    shown = null;
    asked = null;
    want();
  };
  bus.on("session", () => forget(false));
  bus.on("reset", () => forget(true));

  // The landscape the page should show: the mini-batch under way, the one just finished, or
  // (before any example) the next; with the picked parameters.
  function wanted() {
    const { batch, position } = model;
    // the finished one only while the server keeps it (a restarted server restores none)
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
    const params = [shown.w1, shown.w2].every((s, i) => (picks[i] ? sameParam(picks[i], s) && !s.auto : s.auto));
    return key === w.key && params;
  }

  function want() {
    invalidate(view);
    if (!model.session || !model.position) return;
    const w = wanted();
    if (satisfied(w) || inFlight || timer) return;
    // Asked already: the answer (or the error) is what the server has for it. Asking again
    // waits until the page moves on, so a server ahead of the page is never polled in a loop.
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
      // a 409 (no finished batch, just after a reset) resolves itself with the next event
      if (error.status !== 409) notify(`Landscape: ${error.message}`, { kind: "error" });
    } finally {
      inFlight = false;
      box.dataset.loading = "0";
      want();
    }
  }

  // How far the page is in the landscape's mini-batch: k examples, and whether it is done.
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
      const p = shown ? (i === 0 ? shown.w1 : shown.w2) : picks[i];
      setText(span, `w${i ? "₂" : "₁"} ${p ? paramName(p) : "…"}`);
      span.classList.toggle("picked", Boolean(picks[i]));
      const title = picks[i] ? "picked by a click" : "auto: a largest |nabla_w| of the mini-batch";
      if (span.title !== title) span.title = title;
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
      { labels: [paramName(ls.w1), paramName(ls.w2)], overlay: overlay(g) },
    );
    describe({ legend, caption }, ls, g, k, done);
    box.dataset.arrows = String(k);
    box.dataset.batch = keyOf(ls.epoch, ls.batch);
    box.dataset.done = done ? "1" : "0";
    box.dataset.params = `${paramQuery(ls.w1)};${paramQuery(ls.w2)}`;
    box.drawnLandscape = { ...g, w1: ls.w1, w2: ls.w2, k };
    return false;
  }

  return view;
}
