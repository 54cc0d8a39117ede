// Compare mode's weight paths: the contour of the first run's (the book's) mini-batch cost over
// two weights (GET .../landscape; the server's pick, then kept so the paths stay comparable), and
// on it the path of those two weights in every run, from their common start, one point per group
// step (GET .../network, throttled). As in the single run's landscape, the mini-batch is the one
// under way, or the one just finished after its update (before any update, the next). The
// contour is refreshed at most once a second, sooner when the paths leave its range.

import { api } from "../../api.js";
import { COLOURS } from "../../charts/costs.js";
import { createContour } from "../../charts/contour.js";
import { fmt } from "../../palette.js";
import { paramName, paramQuery } from "../landscape/params.js";

const NETWORK_EVERY = 250; // ms: each run's weights at most 4 times a second
const CONTOUR_EVERY = 1000; // ms: the contour at most once a second
const FLOOR = 0.05; // the least half-width of the contour's range
const MARGIN = 1.3; // the range's half-width over the paths' farthest point
const DASHES = [[], [6, 4], [2, 3]]; // as the cost chart's solid, dash, dot
const DOTS_UP_TO = 80; // a dot on every point of a path up to this many points

const valueOf = (net, p) => (p.kind === "w" ? net.weights[p.layer][p.j][p.k] : net.biases[p.layer][p.j]);

// The book's mini-batch to draw, from its state: the one just finished once its update is
// applied and nothing of the next is seen (landscape.js's rule), else the one under way or next.
// Its key "epoch:batch" is what the server will answer with.
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

// GET .../landscape of `which` mini-batch; a run restored between two mini-batches has no
// finished one to show (409): then the next.
async function landscapeOf(id, which, query) {
  try {
    return await api.landscape(id, `batch=${which}&${query}`);
  } catch (error) {
    if (which !== "last" || error.status !== 409) throw error;
    return api.landscape(id, `batch=current&${query}`);
  }
}

// panel: the section to fill; throttled(fn, ms, done) of throttle.js; settle: called when
// a request ends; report(error).
export function createComparePaths({ panel, throttled, settle, report }) {
  panel.innerHTML = `<header class="panel-head"><div class="panel-titles"><h2>Weight paths</h2>
      <p class="panel-sub" id="compare-paths-sub">the book's current mini-batch cost over two weights</p></div>
      <div class="panel-tools"><button type="button" class="btn btn-small btn-ghost" data-paths="repick"
        data-tip="Pick again the two weights with the largest |nabla_w| of the book's current mini-batch; the paths start again from here.">↻ re-pick</button></div></header>
    <div class="panel-body"><div class="chart-box compare-paths" id="compare-paths"></div>
      <ul class="compare-paths-legend" id="compare-paths-legend"></ul></div>`;
  const box = panel.querySelector("#compare-paths");
  const sub = panel.querySelector("#compare-paths-sub");
  const legend = panel.querySelector("#compare-paths-legend");
  const chart = createContour(box);
  let group = null; // the compare view's group
  let params = null; // [w1, w2] as the landscape names them
  let paths = []; // per member: [[a, b], ...]
  let from = 0; // the group step the paths start at
  let shown = null; // the landscape drawn, and its grid
  let grid = null; // the contour's input for `shown` (the chart caches its picture per grid)
  let token = 0; // a new group, reset or re-pick: answers for the old one are dropped
  let asked = 0; // contour requests sent, and the number of the one drawn
  let drawnSeq = 0;
  let least = FLOOR; // the half-width the server chose first: the range never gets narrower
  let starting = 0; // begin() under way

  function show(ls) {
    shown = ls;
    grid = { xs: ls.xs, ys: ls.ys, z: ls.cost, mark: ls.start_cost };
    draw();
  }

  // The half-width that holds every point around `at` (default: the book's weights now).
  const extent = (at = paths[0] && paths[0][paths[0].length - 1]) => {
    if (!at) return FLOOR;
    let far = 0;
    for (const path of paths) for (const [a, b] of path) far = Math.max(far, Math.abs(a - at[0]), Math.abs(b - at[1]));
    return Math.max(FLOOR, MARGIN * far);
  };
  // Whether some point lies outside the drawn range (or nearly at its edge).
  const outside = () => {
    if (!shown) return true;
    const [x0, x1, y0, y1] = [shown.xs[0], shown.xs[shown.xs.length - 1], shown.ys[0], shown.ys[shown.ys.length - 1]];
    const pad = 0.03 * (x1 - x0);
    return paths.some((path) => path.some(([a, b]) => a < x0 + pad || a > x1 - pad || b < y0 + pad || b > y1 - pad));
  };

  // The contour, of the pair kept: centred on the book's run (the landscape's start is its
  // current weights), wide enough for every path. Soon when a path leaves the range, else at
  // most once a second; an answer older than the one drawn is dropped.
  // A finished mini-batch is centred on its start, not on the weights now: its own `at` once known.
  async function contour() {
    const g = group, mine = token, seq = ++asked;
    if (!g || !params) return;
    const { which, key } = batchOf(g.members[0].state);
    const centre = shown && `${shown.epoch}:${shown.batch}` === key ? shown.at : undefined;
    const span = Math.min(1e6, Math.max(least, extent(centre)));
    const query = `resolution=41&w1=${paramQuery(params[0])}&w2=${paramQuery(params[1])}&span=${span}`;
    try {
      const ls = await landscapeOf(g.members[0].id, which, query);
      if (g === group && mine === token && seq > drawnSeq) {
        drawnSeq = seq;
        show(ls);
        if (!centre && outside()) contourSoon(); // again, around this batch's own centre
      }
    } catch (error) {
      // the group was switched meanwhile: its runs are deleted, and a 404 is no news (issue 16)
      if (g === group && mine === token) report(error);
    }
  }
  const contourSoon = throttled(contour, 250, settle);
  const contourLater = throttled(contour, CONTOUR_EVERY, settle);

  // Each run's two weights now: one more point on every path.
  const fetchPoints = throttled(async () => {
    const g = group, mine = token;
    if (!g || !params) return;
    const nets = await Promise.all(g.members.map((m) => api.network(m.id))).catch((error) => {
      if (g === group && mine === token) report(error);
    });
    if (!nets || g !== group || mine !== token) return;
    nets.forEach((net, i) => {
      const p = [valueOf(net, params[0]), valueOf(net, params[1])];
      if (p.every(Number.isFinite)) paths[i].push(p);
    });
    draw();
    if (outside()) contourSoon();
    else contourLater();
  }, NETWORK_EVERY, settle);

  // The first points: the server's pair and its range, then every run's start (the same
  // weights in each, before any step).
  async function begin() {
    const g = group, mine = ++token;
    params = null;
    shown = null;
    paths = g.members.map(() => []);
    starting += 1;
    draw();
    try {
      const ls = await landscapeOf(g.members[0].id, batchOf(g.members[0].state).which, "resolution=41");
      if (g !== group || mine !== token) return;
      const nets = await Promise.all(g.members.map((m) => api.network(m.id)));
      if (g !== group || mine !== token) return;
      params = [ls.w1, ls.w2];
      least = (ls.xs[ls.xs.length - 1] - ls.xs[0]) / 2;
      nets.forEach((net, i) => { paths[i].push([valueOf(net, params[0]), valueOf(net, params[1])]); });
      drawnSeq = ++asked;
      show(ls);
    } catch (error) {
      if (g === group && mine === token) report(error);
    } finally {
      starting -= 1;
      settle();
    }
  }

  function overlay(ctx, px) {
    const start = paths[0] && paths[0][0];
    // the book's run last, on top: the others are dashed, so it shows through where they meet
    [...paths.keys()].reverse().forEach((i) => {
      const path = paths[i];
      if (!path.length) return;
      const pts = path.map(([a, b]) => px(a, b));
      ctx.strokeStyle = COLOURS[i];
      ctx.lineWidth = i ? 3.2 : 2; // the others wider: they show either side of the book's
      ctx.lineJoin = "round";
      ctx.setLineDash(DASHES[i]);
      ctx.beginPath();
      pts.forEach(([x, y], n) => (n ? ctx.lineTo(x, y) : ctx.moveTo(x, y)));
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

  function draw() {
    const drawn = paths.map((path) => path.map((p) => [...p]));
    box.drawnPaths = drawn;
    box.dataset.points = paths.map((p) => p.length).join(",");
    box.dataset.params = params ? params.map(paramQuery).join(";") : "";
    box.dataset.members = group ? group.members.map((m) => m.id).join(",") : "";
    if (!group || !shown || !params) {
      chart.draw(null);
      legend.replaceChildren();
      return;
    }
    chart.draw(grid, { labels: params.map(paramName), overlay });
    box.dataset.batch = `${shown.epoch}:${shown.batch}`;
    box.drawnAt = [...shown.at];
    box.drawnRange = [shown.xs[0], shown.xs[shown.xs.length - 1], shown.ys[0], shown.ys[shown.ys.length - 1]];
    sub.textContent = `the mean cost of the book's mini-batch ${shown.batch + 1} (epoch ${shown.epoch + 1}) `
      + `over two weights · each run's path${from ? ` since step ${from}` : ""}, from the common start (○)`;
    legend.replaceChildren(...group.members.map((m, i) => {
      const li = document.createElement("li");
      const key = document.createElement("span");
      key.className = `compare-paths-key dash-${i}`;
      key.style.borderColor = COLOURS[i];
      const last = paths[i][paths[i].length - 1];
      const name = document.createElement("span");
      name.textContent = m.label;
      const at = document.createElement("span");
      at.className = "compare-paths-at";
      at.textContent = last ? `(${fmt(last[0], 4)}, ${fmt(last[1], 4)})` : "…";
      li.append(key, name, at);
      return li;
    }));
  }

  new ResizeObserver(() => { if (shown) draw(); }).observe(box);
  panel.querySelector("[data-paths='repick']").addEventListener("click", () => {
    if (!group) return;
    from = Number(panel.closest(".compare").dataset.steps || 0);
    begin().catch(report);
  });

  return {
    // A new group (or none): pick the pair and start the paths.
    open(g) {
      group = g;
      from = 0;
      if (g) begin().catch(report);
      else { token += 1; paths = []; shown = null; draw(); }
    },
    // After a reset: the same pair, the paths from the start again.
    reset() {
      if (!group) return;
      from = 0;
      token += 1;
      paths = group.members.map(() => []);
      draw();
      fetchPoints();
    },
    step: () => fetchPoints(),
    busy: () => starting > 0 || contourSoon.busy() || contourLater.busy() || fetchPoints.busy(),
  };
}
