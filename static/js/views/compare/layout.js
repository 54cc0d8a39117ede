// The compare view's HTML: its toolbar (close, reset, step, play, speed, kind of comparison),
// the cost chart, the panel of the weight paths and the row of runs.

import { KINDS } from "./kinds.js";

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

export function layout() {
  return `${toolbar()}
    <div class="compare-top">
      <section class="panel compare-panel">
        <header class="panel-head"><div class="panel-titles"><h2>Cost, same examples, same start</h2>
          <p class="panel-sub">faint: the cost of each example, at the weights its gradient was taken at · bold: the mean of each mini-batch, as the book's cost per update</p></div></header>
        <div class="panel-body"><div class="plot compare-cost" id="compare-cost"></div></div>
      </section>
      <section class="panel compare-paths-panel" id="compare-paths-panel"></section>
    </div>
    <div class="compare-runs" id="compare-runs"></div>`;
}
