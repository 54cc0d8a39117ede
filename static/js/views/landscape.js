// The steps in weight space: the current mini-batch's mean cost over two weights (the server's
// GET .../landscape), and on it each example's step −(η/m)·∇ᵢ, head to tail, one arrow per
// example processed. The chain ends where the one batch update moves to; the dashed arrow is
// −η·(mean gradient so far). In per_example mode the path the weights really take, each
// gradient taken where the last step left off, is drawn beside it.

import { api } from "../api.js";
import { createContour } from "../charts/contour.js";
import { fmt, NEGATIVE } from "../palette.js";
import { hideTip, showTip } from "../ui/tooltip.js";

const STEP = "#7c3aed";
const MEAN = "#0f766e";
const START = "#1f3b73";
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

const paramName = (p) => (p.kind === "w" ? `w[${p.layer}][${p.j}][${p.k}]` : `b[${p.layer}][${p.j}]`);
const paramQuery = (p) => (p.kind === "w" ? `${p.layer},${p.j},${p.k}` : `${p.layer},${p.j}`);
const sameParam = (a, b) => Boolean(a && b) && paramQuery(a) === paramQuery(b);
const keyOf = (epoch, batch) => `${epoch}:${batch}`;
const order = (key) => key.split(":").map(Number);
function compare(a, b) {
  const [x, y] = [order(a), order(b)];
  return x[0] - y[0] || x[1] - y[1];
}

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

function dot(ctx, [x, y], { fill, stroke = "#1b2538", r = 4 }) {
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

// What to draw for landscape `ls` given how far the page's mini-batch is: k arrows, the chain's
// points, the mean-direction tip, the per-example path so far, and whether the update is done.
export function geometry(ls, k, done) {
  const chain = [ls.at];
  for (let i = 0; i < k; i++) chain.push([chain[i][0] + ls.steps[i][0], chain[i][1] + ls.steps[i][1]]);
  const last = chain[k];
  const mean = k > 0 ? [ls.at[0] + (ls.m / k) * (last[0] - ls.at[0]), ls.at[1] + (ls.m / k) * (last[1] - ls.at[1])] : null;
  const path = ls.path ? [ls.at, ...ls.path.slice(0, k)] : null;
  return { chain, mean, path, end: done ? ls.end : null };
}

export function createLandscapeView({ el, tools, bus, model, invalidate, notify }) {
  el.innerHTML = HTML;
  const box = el.querySelector("#landscape-plot");
  const caption = el.querySelector("#landscape-caption");
  const legend = el.querySelector("#landscape-legend");
  const chart = createContour(box);
  const view = { name: "landscape", render, minInterval: () => (model.playing ? 50 : 0) };

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
    const key = batch.key || keyOf(position.epoch, position.batch);
    const which = batch.key && batch.complete ? "last" : "current";
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
    const c = compare(key, batch.key);
    if (c < 0) return { k: ls.m, done: true };
    if (c > 0) return { k: 0, done: false };
    return { k: Math.min(batch.k, ls.m), done: batch.complete };
  }

  function overlay(ls, g) {
    return (ctx, px) => {
      const points = g.chain.map(([a, b]) => px(a, b));
      if (g.mean) arrow(ctx, points[0], px(...g.mean), { colour: MEAN, width: 1.4, dash: [5, 4] });
      for (let i = 1; i < points.length; i++) {
        const newest = i === points.length - 1 && !g.end;
        arrow(ctx, points[i - 1], points[i], { colour: STEP, width: newest ? 2.6 : 1.7, head: newest ? 9 : 7 });
      }
      if (g.path) {
        const real = g.path.map(([a, b]) => px(a, b));
        ctx.strokeStyle = NEGATIVE;
        ctx.lineWidth = 2;
        ctx.beginPath();
        real.forEach(([x, y], i) => (i ? ctx.lineTo(x, y) : ctx.moveTo(x, y)));
        ctx.stroke();
        for (const p of real.slice(1)) dot(ctx, p, { fill: NEGATIVE, stroke: "#fff", r: 3 });
      }
      if (g.end) {
        const tail = points[points.length - 1];
        const end = px(...g.end);
        if (Math.hypot(end[0] - tail[0], end[1] - tail[1]) > 0.5) arrow(ctx, tail, end, { colour: "#64748b", width: 1.4 });
        dot(ctx, end, { fill: "#fff", stroke: STEP, r: 6.5 });
        dot(ctx, end, { fill: STEP, stroke: STEP, r: 2.5 });
      }
      dot(ctx, points[0], { fill: START, stroke: "#fff", r: 4.5 });
    };
  }

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

  const pair = (v) => `(${fmt(v[0], 4)}, ${fmt(v[1], 4)})`;

  function describe(ls, g, k, done) {
    const mode = ls.mode === "per_example";
    const rows = [
      item("start", "start of the mini-batch", pair(ls.at)),
      item("cost", "its mean cost C (the dark contour)", fmt(ls.start_cost, 4)),
      item("step", `steps −(η/m)·∇ᵢ, ${k} of ${ls.m}`, k ? pair(g.chain[k]) : "none yet"),
    ];
    if (g.mean) rows.push(item("mean", "−η·(mean ∇ so far)", pair(g.mean)));
    if (mode) rows.push(item("path", "real path, update in the loop", k ? pair(g.path[k]) : "none yet"));
    rows.push(item("end", ls.lmbda > 0 ? "the batch update (with L2 decay)" : "the batch update", done ? pair(ls.end) : `after example ${ls.m}`));
    legend.replaceChildren(...rows);
    let text;
    if (k === 0) text = `Mini-batch ${ls.batch + 1}: no example yet. Each example will add its own step −(η/m)·∇ᵢ, head to tail, all taken at the start (the dot).`;
    else if (!done) text = `${k} of ${ls.m} examples: the arrows are their steps, every gradient taken at the same start weights. The dashed arrow is the direction of their mean.`;
    else text = `The chain of ${ls.m} steps ends exactly where the one update moves the weights (the ring): w → w − (η/m)·Σ∇ᵢ.`;
    if (mode) text += " In per-example mode the weights really move along the orange path: each gradient is taken where the last step left off.";
    caption.textContent = text;
  }

  function chipText() {
    const spans = chips.querySelectorAll(".ls-chip");
    spans.forEach((span, i) => {
      const p = shown ? (i === 0 ? shown.w1 : shown.w2) : picks[i];
      span.textContent = `w${i ? "₂" : "₁"} ${p ? paramName(p) : "…"}`;
      span.classList.toggle("picked", Boolean(picks[i]));
      span.title = picks[i] ? "picked by a click" : "auto: a largest |nabla_w| of the mini-batch";
    });
    auto.disabled = !picks.some(Boolean);
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
      { labels: [paramName(ls.w1), paramName(ls.w2)], overlay: overlay(ls, g) },
    );
    describe(ls, g, k, done);
    box.dataset.arrows = String(k);
    box.dataset.batch = keyOf(ls.epoch, ls.batch);
    box.dataset.done = done ? "1" : "0";
    box.dataset.params = `${paramQuery(ls.w1)};${paramQuery(ls.w2)}`;
    box.drawnLandscape = { ...g, w1: ls.w1, w2: ls.w2, k };
    return false;
  }

  return view;
}
