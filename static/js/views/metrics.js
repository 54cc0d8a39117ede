// Metrics, growing live: the mean cost of every mini-batch (one point per update) and the
// accuracy on the training and test data after every epoch.

import { bookSpeed, presetOf, whyItDiffers } from "../book.js";
import { drawLines } from "../charts/lines.js";
import { baseLayout, LINE_AXIS } from "../plots.js";
import { NEGATIVE, POSITIVE, thousands } from "../palette.js";
import { costNote, epochTime } from "./metrics-notes.js";

const MAX_POINTS = 1500;
const AXIS = LINE_AXIS;
const title = (text) => ({ text, font: { size: 10 }, standoff: 2 });

// At most MAX_POINTS points: the mean of each bucket of consecutive updates.
function thin(updates) {
  if (updates.length <= MAX_POINTS) {
    return { x: updates.map((u) => u.n), y: updates.map((u) => u.cost) };
  }
  const size = Math.ceil(updates.length / MAX_POINTS);
  const x = [], y = [];
  for (let i = 0; i < updates.length; i += size) {
    const part = updates.slice(i, i + size);
    x.push(part[part.length - 1].n);
    y.push(part.reduce((s, u) => s + u.cost, 0) / part.length);
  }
  return { x, y };
}

function traces(updates, epochs) {
  const cost = thin(updates);
  const x = epochs.map((e) => e.epoch + 1);
  // The test marker is hollow and larger: where both accuracies are the same, the train
  // marker shows inside it instead of hiding under it.
  const accuracy = (name, key, colour, dash, symbol, size) => ({
    type: "scatter", mode: "lines+markers", name, x, y: epochs.map((e) => e[key]),
    xaxis: "x2", yaxis: "y2", line: { color: colour, width: 2, dash },
    marker: { size, symbol, line: { color: colour, width: 1.5 } },
    hovertemplate: `epoch %{x}: ${name} %{y:.1%}<extra></extra>`,
  });
  return [
    {
      type: "scatter", mode: cost.x.length > 40 ? "lines" : "lines+markers", name: "cost per mini-batch",
      x: cost.x, y: cost.y, line: { color: "#475569", width: 1.2 }, marker: { size: 4 },
      hovertemplate: "update %{x}: cost %{y:.4f}<extra></extra>",
    },
    accuracy("train accuracy", "train_accuracy", POSITIVE, "solid", "circle", 5),
    accuracy("test accuracy", "test_accuracy", NEGATIVE, "dot", "diamond-open", 10),
  ];
}

// The book's figure for this run, a dashed line across the accuracy chart, with its words.
function reference(preset) {
  if (!preset || preset.figure === null) return {};
  const y = preset.figure;
  return {
    shapes: [{ type: "line", xref: "x2 domain", x0: 0, x1: 1, yref: "y2", y0: y, y1: y,
      line: { color: "#b45309", width: 1.5, dash: "dash" } }],
    annotations: [{ xref: "x2 domain", x: 0.01, xanchor: "left", yref: "y2", y, yanchor: "bottom",
      text: `the book: ${(100 * y).toFixed(2)} %`, showarrow: false, font: { size: 10, color: "#b45309" } }],
  };
}

// A dashed line on the cost chart where η, m or λ changed: between the last mini-batch with the
// old values and the first with the new, labelled with what changed.
const SYMBOLS = [["eta", "η"], ["batch_size", "m"], ["lmbda", "λ"]];
function changeMarks(changes, config) {
  const shapes = [], annotations = [];
  changes.forEach((c, i) => {
    const before = i > 0 ? changes[i - 1] : null;
    const label = SYMBOLS.filter(([k]) => !before || before[k] !== c[k])
      .map(([k, s]) => `${s} ${c[k]}`).join(", ") || `η ${config.eta}`;
    const x = c.update + 0.5;
    shapes.push({ type: "line", xref: "x", x0: x, x1: x, yref: "y domain", y0: 0, y1: 1,
      line: { color: "#7c3aed", width: 1.2, dash: "dash" } });
    annotations.push({ xref: "x", x, xanchor: "left", yref: "y domain", y: 1, yanchor: "top",
      text: label, showarrow: false, font: { size: 9, color: "#7c3aed" } });
  });
  return { shapes, annotations };
}

function layout(updates, epochs, preset, changes = [], config = {}) {
  const few = epochs.length <= 12;
  // whole updates only (a step of 1 at least: 0, 0.5, 1 would read "0 0 1")
  const fewUpdates = updates.length < 10;
  return baseLayout({
    showlegend: true,
    legend: { orientation: "h", x: 0, y: 1.02, yanchor: "bottom", font: { size: 10 } },
    margin: { l: 44, r: 8, t: 26, b: 30 },
    xaxis: { ...AXIS, anchor: "y", title: title("updates"), rangemode: "tozero", tickformat: ",d",
      dtick: fewUpdates ? 1 : undefined },
    yaxis: { ...AXIS, domain: [0.56, 1], title: title("cost"), rangemode: "tozero" },
    xaxis2: { ...AXIS, anchor: "y2", title: title("epoch"), dtick: few ? 1 : undefined,
      range: epochs.length ? undefined : [0.5, 5.5] },
    yaxis2: { ...AXIS, domain: [0, 0.34], range: [0, 1.02], tickformat: ".0%", title: title("accuracy") },
    ...joined(reference(preset), changeMarks(changes, config)),
  });
}

function joined(a, b) {
  return { shapes: [...(a.shapes || []), ...b.shapes], annotations: [...(a.annotations || []), ...b.annotations] };
}

export function createMetricsView({ el, bus, model, invalidate }) {
  el.innerHTML = `<div class="plot metrics" id="metrics-plot"></div>
    <p class="metrics-readout" id="metrics-readout"></p>
    <p class="metrics-note" id="metrics-cost"></p>
    <p class="metrics-note" id="metrics-time"></p>
    <p class="metrics-note" id="metrics-book" hidden></p><div data-slot="confusion"></div>`;
  const plot = el.querySelector("#metrics-plot");
  const readout = el.querySelector("#metrics-readout");
  const costLine = el.querySelector("#metrics-cost");
  const timeLine = el.querySelector("#metrics-time");
  const bookLine = el.querySelector("#metrics-book");
  const speeds = new Map(); // the book's loop per network: seconds per example, once known
  // Drawn on a canvas in a millisecond or two: a light view, the same moment as the counters.
  const view = { name: "metrics", render, el: plot };
  for (const topic of ["session", "update", "epoch", "reset", "change"]) bus.on(topic, () => invalidate(view));

  function render() {
    if (!model.session) return false;
    const { updates, epochs } = model.history;
    const config = model.session.config;
    const preset = presetOf(config);
    const changes = model.history.changes || [];
    drawLines(plot, traces(updates, epochs), layout(updates, epochs, preset, changes, config));
    plot.dataset.changes = String(changes.length); // the markers drawn, for a test to read
    plot.dataset.reference = preset && preset.figure !== null ? String(preset.figure) : "";
    const last = epochs[epochs.length - 1];
    costLine.textContent = costNote(config, last);
    const key = `${config.sizes.join("-")}/${config.cost}`;
    // the latest epoch whose time the page saw (a history fetched anew carries none of its own)
    const timed = [...epochs].reverse().find((e) => e.seconds != null);
    if (timed && !speeds.has(key)) {
      speeds.set(key, null);
      bookSpeed(config.sizes, config.cost).then((speed) => { speeds.set(key, speed); invalidate(view); });
    }
    timeLine.textContent = timed ? epochTime(timed, speeds.get(key), config.n_train) : "";
    timeLine.dataset.ratio = timed && speeds.get(key) && timed.seconds
      ? String((speeds.get(key).seconds_per_example * config.n_train) / timed.seconds) : "";
    bookLine.hidden = !preset;
    if (preset) {
      const figure = preset.figure === null ? "" : `The book: ${(100 * preset.figure).toFixed(2)} %. `;
      const fewer = config.n_train < 50000 || config.n_test < 10000
        ? ` This run has ${thousands(config.n_train)} training and `
          + `${thousands(config.n_test)} test examples; the book's, 50,000 and 10,000.`
        : "";
      bookLine.textContent = `${preset.title}. ${figure}${whyItDiffers()}${fewer}`;
    }
    const percent = (v) => `${(100 * v).toFixed(1)}%`;
    if (last) {
      readout.textContent = `after epoch ${last.epoch + 1}: train ${percent(last.train_accuracy)}` +
        ` · test ${percent(last.test_accuracy)}`;
    } else {
      readout.textContent = updates.length
        ? `${updates.length} updates; the accuracy comes after the first epoch`
        : "no updates yet";
    }
    return false;
  }
  return view;
}
