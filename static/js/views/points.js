// A 2-D data set, drawn the way TF Playground draws it: the network's decision (from /predict,
// redrawn after each update) as a background, the points coloured by class, the current
// example ringed and the rest of its mini-batch marked. While drawing your own points
// (ui/userdata.js), it shows the draft instead: a click adds a point, a click on one removes it;
// the drawing controls sit in its draw-slot, under the canvas.

import { colourBar, css, divergingRGB, FAINT, INK, makeCanvas, MONO_FONT } from "../charts/canvas.js";
import { drawDecision } from "../charts/decision.js";
import { setStyle } from "../dom.js";
import { classColour, fmt } from "../palette.js";
import { reveal } from "../ui/reveal.js";
import { hideTip, showTip } from "../ui/tooltip.js";

const RANGE = [-1.2, 1.2];
const PAD = { left: 30, right: 62, top: 6, bottom: 20 };

export function createPointsView({ el, bus, model, invalidate }) {
  // draw-slot: where ui/userdata.js puts its drawing controls while drawing, under the canvas
  el.innerHTML = `<div class="chart-box square" id="data-plot"></div><div class="draw-slot" id="draw-slot"></div>
    <div class="data-foot"><label class="check"><input type="checkbox" name="show-test"> show test data</label>
    <span class="data-readout" id="data-readout"></span></div>`;
  const box = el.querySelector("#data-plot");
  const readout = el.querySelector("#data-readout");
  const showTest = el.querySelector('[name="show-test"]');
  const { canvas, prepare, width } = makeCanvas(box, "chart points");
  const view = { name: "points", render, minInterval: () => (model.playing ? 120 : 0) };
  let frame = null; // {x0, y0, size}: the square plot area in CSS pixels
  let draft = null; // the points being drawn, or null
  let revealed = null; // the draft last scrolled into view
  showTest.addEventListener("change", () => invalidate(view));
  const topics = ["data", "predict", "example", "update", "reset"];
  const offs = topics.map((t) => bus.on(t, () => invalidate(view)));
  offs.push(bus.on("draft", (next) => {
    draft = next;
    box.classList.toggle("drawing", Boolean(draft));
    invalidate(view);
  }));

  const toPx = (v, axis) => {
    const f = (v - RANGE[0]) / (RANGE[1] - RANGE[0]);
    return axis === "x" ? frame.x0 + f * frame.size : frame.y0 + (1 - f) * frame.size;
  };

  const fromPx = (p, axis) => {
    const f = axis === "x" ? (p - frame.x0) / frame.size : 1 - (p - frame.y0) / frame.size;
    return RANGE[0] + f * (RANGE[1] - RANGE[0]);
  };

  // The index of the point of xs nearest to the mouse, within sqrt(most) pixels; else -1.
  function nearest(event, xs, most) {
    const r = canvas.getBoundingClientRect();
    const px = event.clientX - r.left, py = event.clientY - r.top;
    let best = -1, dist = most;
    xs.forEach(([a, b], i) => {
      const d = (toPx(a, "x") - px) ** 2 + (toPx(b, "y") - py) ** 2;
      if (d < dist) [best, dist] = [i, d];
    });
    return best;
  }

  // An uploaded data set keeps its class names (its info.class_names); the others number them.
  const className = (k) => {
    const names = model.session && model.session.info && model.session.info.class_names;
    return names && names[k] !== undefined && !draft ? String(names[k]).slice(0, 7) : `class ${k}`;
  };

  // The network's decision (charts/decision.js): two classes on the diverging palette, more
  // in the colour of the class with the largest output.
  function drawBoundary(ctx) {
    ctx.fillStyle = "#f7f7f7";
    ctx.fillRect(frame.x0, frame.y0, frame.size, frame.size);
    return model.predict ? drawDecision(ctx, model.predict, frame).z : null;
  }

  function drawPoints(ctx, part, hollow) {
    part.x.forEach(([a, b], i) => {
      const colour = classColour(part.labels[i]);
      ctx.beginPath();
      ctx.arc(toPx(a, "x"), toPx(b, "y"), hollow ? 3.2 : 3.4, 0, 2 * Math.PI);
      if (hollow) {
        ctx.strokeStyle = colour;
        ctx.lineWidth = 1.4;
        ctx.stroke();
      } else {
        ctx.fillStyle = colour;
        ctx.fill();
        ctx.strokeStyle = "rgba(255,255,255,0.9)";
        ctx.lineWidth = 0.8;
        ctx.stroke();
      }
    });
  }

  function ring(ctx, point, radius, colour, width) {
    ctx.beginPath();
    ctx.arc(toPx(point[0], "x"), toPx(point[1], "y"), radius, 0, 2 * Math.PI);
    ctx.strokeStyle = colour;
    ctx.lineWidth = width;
    ctx.stroke();
  }

  function drawBatch(ctx) {
    const { batch, data } = model;
    if (!batch.key) return [];
    const current = batch.last ? batch.last.sample : null;
    const seen = batch.examples.filter(Boolean).map((e) => e.sample);
    for (const s of seen) if (s !== current && data.train.x[s]) ring(ctx, data.train.x[s], 7, "#334155", 1.3);
    if (current !== null && data.train.x[current]) {
      ring(ctx, data.train.x[current], 11, "#ffffff", 5);
      ring(ctx, data.train.x[current], 11, "#111827", 2.5);
    }
    return seen;
  }

  function drawAxes(ctx) {
    ctx.strokeStyle = "#cbd3df";
    ctx.lineWidth = 1;
    ctx.strokeRect(frame.x0 + 0.5, frame.y0 + 0.5, frame.size - 1, frame.size - 1);
    ctx.fillStyle = FAINT;
    ctx.font = MONO_FONT;
    for (const v of [-1, -0.5, 0, 0.5, 1]) {
      ctx.textAlign = "center";
      ctx.textBaseline = "top";
      ctx.fillText(String(v), toPx(v, "x"), frame.y0 + frame.size + 4);
      ctx.textAlign = "right";
      ctx.textBaseline = "middle";
      ctx.fillText(String(v), frame.x0 - 4, toPx(v, "y"));
    }
    const classes = classCount();
    if (classes <= 2) {
      colourBar(ctx, { x: frame.x0 + frame.size + 8, y: frame.y0, height: frame.size, lo: -1, hi: 1,
        colour: (v) => css(divergingRGB(1)(v)), names: { hi: className(1), lo: className(0) }, ramp: "diverging" });
    } else legend(ctx, classes);
  }

  const legendNames = () => Array.from({ length: classCount() }, (_, k) => className(k));

  // How many classes to tell apart: the data set's (or, drawing, the most the draft uses).
  function classCount() {
    const info = model.session && model.session.info;
    const drawn = draft ? Math.max(2, ...draft.points.map((p) => p[2] + 1)) : 0;
    return Math.max(drawn, info && info.n_classes ? info.n_classes : 2);
  }

  // Beside the plot, each class's colour and name, top to bottom (a 2-class plot has its bar).
  function legend(ctx, classes) {
    const x = frame.x0 + frame.size + 8;
    const step = Math.min(16, frame.size / classes);
    ctx.font = MONO_FONT.replace("10px", "9px");
    ctx.textBaseline = "middle";
    ctx.textAlign = "left";
    for (let k = 0; k < classes; k++) {
      const y = frame.y0 + step * (k + 0.5);
      ctx.beginPath();
      ctx.arc(x + 4, y, Math.min(4, step / 2 - 0.5), 0, 2 * Math.PI);
      ctx.fillStyle = classColour(k);
      ctx.fill();
      ctx.fillStyle = INK;
      ctx.fillText(className(k), x + 11, y);
    }
  }

  canvas.addEventListener("click", (event) => {
    if (!draft || !frame) return;
    const hit = nearest(event, draft.points, 49);
    if (hit >= 0) return draft.remove(hit);
    const r = canvas.getBoundingClientRect();
    const x = fromPx(event.clientX - r.left, "x"), y = fromPx(event.clientY - r.top, "y");
    if (Math.abs(x) <= 1 && Math.abs(y) <= 1) draft.add(x, y);
  });

  canvas.addEventListener("mousemove", (event) => {
    if (!frame || !model.data || draft) return;
    const train = model.data.train;
    const best = nearest(event, train.x, 64);
    if (best < 0) return hideTip();
    const [a, b] = train.x[best];
    showTip(event, `training row ${best}`, [
      ["class", className(train.labels[best])],
      ["x", `(${fmt(a, 2)}, ${fmt(b, 2)})`],
    ]);
  });
  canvas.addEventListener("mouseleave", hideTip);

  function render() {
    const { data, session } = model;
    if (!session || !data) return false;
    const side = width() - PAD.left - PAD.right; // a square plot: the box fits it
    setStyle(box, "height", `${Math.round(Math.max(180, Math.min(380, side + PAD.top + PAD.bottom)))}px`);
    const { ctx, w, h } = prepare();
    const size = Math.max(60, Math.min(w - PAD.left - PAD.right, h - PAD.top - PAD.bottom));
    frame = { x0: PAD.left + (w - PAD.left - PAD.right - size) / 2, y0: PAD.top, size };
    const z = drawBoundary(ctx);
    if (draft) return renderDraft(ctx, z);
    drawPoints(ctx, data.train, false);
    if (showTest.checked) drawPoints(ctx, data.test, true);
    const seen = drawBatch(ctx);
    drawAxes(ctx);
    box.data = [{ type: "heatmap", z }, { type: "scatter", name: "mini-batch", samples: seen },
      { type: "legend", names: legendNames(), colours: legendNames().map((_, k) => classColour(k)) }];
    box.dataset.drawn = String(Number(box.dataset.drawn || 0) + 1);
    const e = model.batch.last;
    const output = e && Array.from(e.output, (v) => fmt(v, 2)).join(", ");
    readout.textContent = e
      ? `example: row ${e.sample}, class ${Array.from(e.y).indexOf(1)} · output (${output})`
      : `${data.train.total} training points · ${data.test.total} test`;
    return false;
  }
  function renderDraft(ctx, z) {
    const points = { x: draft.points.map((p) => [p[0], p[1]]), labels: draft.points.map((p) => p[2]) };
    drawPoints(ctx, points, false);
    drawAxes(ctx);
    box.data = [{ type: "heatmap", z }, { type: "scatter", name: "drawn", ...points }];
    box.dataset.drawn = String(Number(box.dataset.drawn || 0) + 1);
    readout.textContent = `drawing: ${draft.points.length} points · click to add one of class ${draft.cls}, `
      + "click a point to remove it";
    if (revealed !== draft) { // drawing begins: the canvas and its controls (draw-slot) in sight
      revealed = draft;
      reveal(el.closest("section") || el);
    }
    return false;
  }

  view.destroy = () => offs.forEach((off) => off());
  return view;
}
