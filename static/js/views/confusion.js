// The test set's confusion matrix after the last epoch: row i counts the test examples of
// class i, column j the class the network gave them (its largest output, as evaluate() takes
// it). The diagonal is what it got right; each row's share of it is that class's accuracy.

import { baseLayout, draw, MONO } from "../plots.js";

const AXIS = { tickfont: { size: 9, family: MONO }, fixedrange: true, zeroline: false, showgrid: false };
const percent = (v) => (v === null ? "–" : `${Math.round(100 * v)}%`);

// Per class: the share of its examples put in the right class (null for a class with none).
export function classAccuracy(confusion) {
  return confusion.map((row, i) => {
    const total = row.reduce((s, c) => s + c, 0);
    return total ? row[i] / total : null;
  });
}

function traces(confusion) {
  const k = confusion.length;
  const classes = Array.from({ length: k }, (_, i) => i);
  const totals = confusion.map((row) => row.reduce((s, c) => s + c, 0));
  // Colour by the share of each row, so a rare class shows as clearly as a common one: blue
  // on the diagonal (classed right), orange off it (classed wrong), as z > 0 and z < 0.
  const share = (i, c) => (totals[i] ? c / totals[i] : 0);
  const z = confusion.map((row, i) => row.map((c, j) => (i === j ? 1 : -1) * share(i, c)));
  const text = confusion.map((row) => row.map((c) => (c ? String(c) : "")));
  const customdata = confusion.map((row, i) => row.map((c, j) =>
    [c, `${Math.round(100 * share(i, c))}%`, i === j ? "right" : "wrong"]));
  return [{
    type: "heatmap", x: classes, y: classes, z, text, customdata,
    texttemplate: k <= 12 ? "%{text}" : undefined, textfont: { size: 9, family: MONO },
    colorscale: [[0, "#8c3d00"], [0.3, "#d76a03"], [0.46, "#fde1c2"], [0.5, "#f7f7f7"],
      [0.54, "#d5e6f3"], [0.75, "#8ebfe0"], [1, "#0b3f7a"]],
    zmin: -1, zmax: 1, showscale: false, xgap: 1, ygap: 1,
    hovertemplate: "class %{y} → %{x}: %{customdata[0]} examples, %{customdata[1]} of class %{y}, "
      + "classed %{customdata[2]}<extra></extra>",
  }];
}

function layout(confusion) {
  const accuracy = classAccuracy(confusion);
  const classes = confusion.map((_, i) => i);
  return baseLayout({
    margin: { l: 64, r: 8, t: 6, b: 34 },
    xaxis: { ...AXIS, title: { text: "the network's class (argmax)", font: { size: 10 }, standoff: 2 },
      tickvals: classes, side: "bottom" },
    yaxis: { ...AXIS, autorange: "reversed", tickvals: classes,
      ticktext: classes.map((i) => `${i} · ${percent(accuracy[i])}`),
      title: { text: "true class · its accuracy", font: { size: 10 }, standoff: 2 } },
  });
}

export function createConfusionView({ el, bus, model, invalidate }) {
  el.className = "confusion";
  el.innerHTML = `<h3 class="confusion-title">Confusion matrix of the test set</h3>
    <div class="plot confusion-plot" id="confusion-plot"></div>
    <p class="confusion-readout" id="confusion-readout"></p>`;
  const plot = el.querySelector("#confusion-plot");
  const readout = el.querySelector("#confusion-readout");
  const view = { name: "confusion", plotly: true, render, el: plot, minInterval: () => (model.playing ? 1000 : 0) };
  for (const topic of ["session", "epoch", "reset"]) bus.on(topic, () => invalidate(view));

  function render() {
    if (!model.session) return false;
    const epochs = model.history.epochs;
    const last = [...epochs].reverse().find((e) => e.confusion);
    plot.hidden = !last;
    if (!last) {
      readout.textContent = "After the first epoch: how each class of the test set was classed.";
      delete plot.dataset.epoch;
      return false;
    }
    draw(plot, traces(last.confusion), layout(last.confusion));
    plot.dataset.epoch = String(last.epoch + 1);
    const accuracy = classAccuracy(last.confusion).map((a, i) => [a, i]).filter(([a]) => a !== null);
    const [worst, which] = accuracy.reduce((lo, x) => (x[0] < lo[0] ? x : lo), accuracy[0]);
    readout.textContent = `After epoch ${last.epoch + 1}: the diagonal is classed right ` +
      `(${percent(last.test_accuracy)} in all); the hardest class is ${which}, at ${percent(worst)}.`;
    return false;
  }
  return view;
}
