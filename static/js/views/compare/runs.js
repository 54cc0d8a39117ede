// Each run's panel in compare mode: its name and update rule, its decision boundary (the 2-D
// data sets) and a readout of its updates, last cost and test accuracy; and the examples seen.

import { createBoundary } from "../../charts/boundary.js";
import { COLOURS } from "../../charts/costs.js";
import { fmt } from "../../palette.js";
import { seenOf } from "./kinds.js";

// One panel per member of the group in `runs`; `points`: the data set is 2-D (a boundary each).
export function buildRuns(runs, members, points) {
  runs.replaceChildren();
  runs.classList.toggle("three", members.length === 3);
  members.forEach((m, i) => {
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

// Every run's boundary (over the training points `train`) and readout, and the examples `seen`.
export function drawRuns(members, train, seen) {
  for (const m of members) {
    if (m.boundary) m.boundary.draw(m.predict, train);
    const st = m.state;
    const last = m.points.length ? m.points[m.points.length - 1] : null;
    // read back from the history, a point is a mini-batch's mean cost, not an example's
    const cost = last && last.mean ? "last mini-batch's mean cost" : "last example's cost";
    const status = st.status === "diverged" ? " · diverged" : "";
    const percent = (v) => `${(100 * v).toFixed(1)}%`;
    const accuracy = st.metrics ? ` · test ${percent(st.metrics.test_accuracy)}` : "";
    m.readout.textContent = `${st.updates} weight update${st.updates === 1 ? "" : "s"} · ` +
      `${cost} ${fmt(last && last.y, 3)}${accuracy}${status}`;
  }
  const s = seenOf(members[0].state, members[0].config);
  seen.textContent = `${s} example${s === 1 ? "" : "s"} seen · epoch ${members[0].state.epoch + 1}`;
}
