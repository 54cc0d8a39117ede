// The test set's confusion matrix after the last epoch: row i counts the test examples of
// class i, column j the class the network gave them (its largest output, as evaluate() takes
// it). The diagonal is what it got right; each row's share of it is that class's accuracy.
// Drawn on a canvas (charts/grid.js): a light view, drawn with the others in a moment.

import { createGrid } from "../charts/grid.js";
import { scaleOf } from "../palette.js";
import { hideTip, showTip } from "../ui/tooltip.js";

const percent = (v) => (v === null ? "–" : `${Math.round(100 * v)}%`);
// Plotly's colorscale for z from −1 to 1: orange for a share classed wrong (z < 0), blue for
// one classed right (z > 0), so a wrong cell never looks like a right one.
const COLOURS = scaleOf([[0, "#8c3d00"], [0.3, "#d76a03"], [0.46, "#fde1c2"], [0.5, "#f7f7f7"],
  [0.54, "#d5e6f3"], [0.75, "#8ebfe0"], [1, "#0b3f7a"]]);
const X_TITLE = "the network's class (argmax)";
const Y_TITLE = "true class · its accuracy";
const MOST_TEXTS = 12; // counts written in the cells up to this many classes

// Per class: the share of its examples put in the right class (null for a class with none).
export function classAccuracy(confusion) {
  return confusion.map((row, i) => {
    const total = row.reduce((s, c) => s + c, 0);
    return total ? row[i] / total : null;
  });
}

// What the chart shows, in Plotly's heatmap trace shape (on the element, for tests; canvas.js).
function traceOf(confusion) {
  const classes = confusion.map((_, i) => i);
  const totals = confusion.map((row) => row.reduce((s, c) => s + c, 0));
  // Colour by the share of each row, so a rare class shows as clearly as a common one: blue
  // on the diagonal (classed right), orange off it (classed wrong), as z > 0 and z < 0.
  const share = (i, c) => (totals[i] ? c / totals[i] : 0);
  const z = confusion.map((row, i) => row.map((c, j) => (i === j ? 1 : -1) * share(i, c)));
  const text = confusion.map((row) => row.map((c) => (c ? String(c) : "")));
  const customdata = confusion.map((row, i) => row.map((c, j) =>
    [c, `${Math.round(100 * share(i, c))}%`, i === j ? "right" : "wrong"]));
  return { type: "heatmap", x: classes, y: classes, z, text, customdata, zmin: -1, zmax: 1 };
}

function layoutOf(confusion) {
  const accuracy = classAccuracy(confusion);
  const classes = confusion.map((_, i) => i);
  return {
    xaxis: { title: { text: X_TITLE }, tickvals: classes },
    yaxis: { title: { text: Y_TITLE }, tickvals: classes, autorange: "reversed",
      ticktext: classes.map((i) => `${i} · ${percent(accuracy[i])}`) },
  };
}

// The chart in words, for a screen reader.
function labelOf(last) {
  const accuracy = classAccuracy(last.confusion).map((a, i) => `${i}: ${percent(a)}`);
  return `Confusion matrix of the test set after epoch ${last.epoch + 1}: rows are the true classes, `
    + `columns the network's; ${percent(last.test_accuracy)} classed right. Each class's accuracy: `
    + `${accuracy.join(", ")}.`;
}

export function createConfusionView({ el, bus, model, invalidate }) {
  el.className = "confusion";
  el.innerHTML = `<h3 class="confusion-title">Confusion matrix of the test set</h3>
    <div class="chart-box confusion-plot" id="confusion-plot"></div>
    <p class="confusion-readout" id="confusion-readout"></p>`;
  const plot = el.querySelector("#confusion-plot");
  const readout = el.querySelector("#confusion-readout");
  const chart = createGrid(plot, { onHover: hover, onLeave: hideTip });
  // Drawn on a canvas in well under a millisecond: a light view (scheduler.js).
  const view = { name: "confusion", render, el: plot };
  for (const topic of ["session", "epoch", "reset"]) bus.on(topic, () => invalidate(view));
  el.addEventListener("chart-resize", () => invalidate(view)); // the chart's box resized (canvas.js)

  function hover(event, i, j) {
    const [count, share, right] = plot.data[0].customdata[i][j];
    showTip(event, `class ${i} → ${j}`, [`${count} examples, ${share} of class ${i}, classed ${right}`]);
  }

  function render() {
    if (!model.session) return false;
    const last = model.history.epochs.findLast((e) => e.confusion);
    plot.hidden = !last;
    if (!last) {
      readout.textContent = "After the first epoch: how each class of the test set was classed.";
      delete plot.dataset.epoch;
      return false;
    }
    const trace = traceOf(last.confusion);
    plot.data = [trace];
    plot.layout = layoutOf(last.confusion);
    chart.draw({
      colours: trace.z.map((row) => row.map((v) => COLOURS((v + 1) / 2))),
      texts: trace.x.length <= MOST_TEXTS ? trace.text : null,
      xTicks: trace.x.map(String), yTicks: plot.layout.yaxis.ticktext,
      xTitle: X_TITLE, yTitle: Y_TITLE, label: labelOf(last),
    });
    plot.dataset.epoch = String(last.epoch + 1);
    const accuracy = classAccuracy(last.confusion).map((a, i) => [a, i]).filter(([a]) => a !== null);
    const [worst, which] = accuracy.reduce((lo, x) => (x[0] < lo[0] ? x : lo), accuracy[0]);
    readout.textContent = `After epoch ${last.epoch + 1}: the diagonal is classed right ` +
      `(${percent(last.test_accuracy)} in all); the hardest class is ${which}, at ${percent(worst)}.`;
    return false;
  }
  return view;
}
