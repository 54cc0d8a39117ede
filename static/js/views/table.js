// A table of inputs (an uploaded CSV with neither 2 inputs nor a square image's worth): its
// training rows as parallel coordinates (charts/parallel.js), one line per row coloured by class,
// the mini-batch's examples marked as they come and the example under way drawn over them; under
// it the mini-batch's rows as a table, with their class and what the network said of each.

import { createParallel } from "../charts/parallel.js";
import { classColour, fmt } from "../palette.js";
import { hideTip, showTip } from "../ui/tooltip.js";

const ROWS = 8; // the table shows the mini-batch's latest ROWS examples

const HTML = `<div class="chart-box parallel" id="data-plot"></div>
  <div class="data-foot"><span class="class-legend" id="class-legend"></span>
    <span class="data-readout" id="data-readout"></span></div>
  <div class="rows-head"><h3>The mini-batch's examples <small id="rows-caption"></small></h3></div>
  <div class="rows-wrap"><table class="rows" id="data-rows"><thead></thead><tbody></tbody></table></div>
  <p class="rows-note">Inputs as the network takes them: each column scaled to [−1, 1].</p>`;

const label = (e) => Array.from(e.y).indexOf(1);
const guess = (e) => {
  const out = Array.from(e.output);
  return out.indexOf(Math.max(...out));
};

function cell(tag, text, className = "") {
  const c = document.createElement(tag);
  c.textContent = text;
  if (className) c.className = className;
  return c;
}

export function createTableView({ el, bus, model, invalidate }) {
  el.innerHTML = HTML;
  const box = el.querySelector("#data-plot");
  const readout = el.querySelector("#data-readout");
  const chart = createParallel(box);
  const table = el.querySelector("#data-rows");
  const view = { name: "table", render, minInterval: () => 0 };
  const topics = ["data", "example", "update", "reset", "session"];
  const offs = topics.map((t) => bus.on(t, () => invalidate(view)));
  let shownKey = null; // what the table shows: rebuilt only when it changes
  let dataKey = 0; // which data the chart's background shows
  offs.push(bus.on("data", () => (dataKey += 1)));

  const info = () => model.session.info;
  const names = () => info().column_names || Array.from({ length: model.network.sizes[0] }, (_, j) => `x${j + 1}`);
  const className = (k) => {
    const all = info().class_names;
    return all && all[k] !== undefined ? String(all[k]).slice(0, 10) : `class ${k}`;
  };

  function legend() {
    const classes = info().n_classes || 2;
    const host = el.querySelector("#class-legend");
    const key = Array.from({ length: classes }, (_, k) => className(k)).join("\n");
    if (host.dataset.key === key) return;
    host.dataset.key = key;
    host.replaceChildren(...Array.from({ length: classes }, (_, k) => {
      const item = cell("span", className(k), "class-key");
      const dot = cell("i", "", "swatch");
      dot.style.background = classColour(k);
      item.prepend(dot);
      return item;
    }));
  }

  // An example's inputs: sent with it, or else its row of the training set (when fetched).
  const inputsOf = (e) => e.x || model.data.train.x[e.sample];
  // The examples of the mini-batch under way so far (those whose inputs are known), in order.
  const seenSoFar = () => (model.batch.key ? model.batch.examples.filter((e) => e && inputsOf(e)) : []);

  function drawTable(seen) {
    const cols = names();
    const last = model.batch.last;
    const key = `${model.batch.key}:${seen.length}:${last ? last.seq : ""}:${cols.length}`;
    if (key === shownKey) return;
    shownKey = key;
    const head = document.createElement("tr");
    // class and answer first: with many inputs the table scrolls sideways, they stay in view
    head.append(cell("th", "#"), cell("th", "row"), cell("th", "class"), cell("th", "network says (a)"),
      ...cols.map((c) => cell("th", c)));
    table.tHead.replaceChildren(head);
    const shown = seen.slice(-ROWS);
    table.tBodies[0].replaceChildren(...shown.map((e) => {
      const tr = document.createElement("tr");
      const [y, a] = [label(e), guess(e)];
      tr.append(cell("td", String(e.index + 1)), cell("td", String(e.sample)), cell("th", className(y)),
        cell("td", `${className(a)} (${fmt(e.output[a], 2)}) ${a === y ? "✓" : "✗"}`, a === y ? "right" : "wrong"),
        ...Array.from(inputsOf(e), (v) => cell("td", fmt(v, 2))));
      tr.dataset.sample = String(e.sample);
      if (e === last) tr.className = "current";
      return tr;
    }));
    const m = model.batch.m || model.position.m;
    el.querySelector("#rows-caption").textContent = seen.length === 0
      ? "none yet: step an example to see it here"
      : `${seen.length} of ${m} so far${seen.length > ROWS ? `, the last ${ROWS} shown` : ""}`;
  }

  function render() {
    const { data, session, network } = model;
    if (!session || !data || !network) return false;
    const train = data.train;
    const seen = seenSoFar();
    const last = model.batch.last && inputsOf(model.batch.last) ? model.batch.last : null;
    chart.draw({
      names: names(), rows: train.x, labels: train.labels, colour: classColour, key: dataKey,
      seen: seen.filter((e) => e !== last).map(inputsOf),
      current: last ? { x: inputsOf(last), label: label(last) } : null,
    });
    legend();
    drawTable(seen);
    box.data = [
      { type: "parcoords", dimensions: names(), lines: train.x.length, labels: train.labels },
      { type: "scatter", name: "mini-batch", samples: seen.map((e) => e.sample), current: last ? last.sample : null },
    ];
    const f = chart.frame; // where the axes are, for the tests: tests/browser/test_userdata.py
    box.drawnGeometry = { left: f.left, right: f.right, top: f.top, bottom: f.bottom, range: f.range };
    box.dataset.drawn = String(Number(box.dataset.drawn || 0) + 1);
    const some = train.x.length < train.total ? ` (the first ${train.x.length} drawn)` : "";
    readout.textContent = last
      ? `example: row ${last.sample}, ${className(label(last))} · output (${Array.from(last.output, (v) => fmt(v, 2)).join(", ")})`
      : `${train.total} training rows${some} · ${data.test.total} test`;
    return false;
  }

  // Hover: the training row whose line passes nearest the pointer on the nearest axis.
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
    showTip(event, `training row ${best}`, [["class", className(model.data.train.labels[best])],
      ...cols.map((c, k) => [c, fmt(rows[best][k], 2)])]);
  });
  chart.canvas.addEventListener("mouseleave", hideTip);

  // A phone turned, a window resized: drawn again at the new width.
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
