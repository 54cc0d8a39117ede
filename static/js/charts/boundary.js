// A 2-D network's decision on a canvas, as the data view draws it: the decision from /predict
// as a background (decision.js), and the training points coloured by class. The values drawn
// stay on `el.data` ([{type: "heatmap", z}], as for every chart) for tests.

import { FAINT, makeCanvas, MONO_FONT } from "./canvas.js";
import { drawDecision } from "./decision.js";
import { classColour } from "../palette.js";

const PAD = { left: 26, right: 6, top: 4, bottom: 18 };

export function createBoundary(el) {
  const { prepare } = makeCanvas(el, "chart boundary");

  // predict: the /predict answer (or null); train: {x, labels} (or null).
  function draw(predict, train) {
    const { ctx, w, h } = prepare();
    const size = Math.max(60, Math.min(w - PAD.left - PAD.right, h - PAD.top - PAD.bottom));
    const x0 = PAD.left + (w - PAD.left - PAD.right - size) / 2, y0 = PAD.top;
    const lo = predict ? predict.xs[0] : -1.2, hi = predict ? predict.xs[predict.xs.length - 1] : 1.2;
    const px = (v) => x0 + ((v - lo) / (hi - lo)) * size;
    const py = (v) => y0 + (1 - (v - lo) / (hi - lo)) * size;
    ctx.fillStyle = "#f7f7f7";
    ctx.fillRect(x0, y0, size, size);
    const z = predict ? drawDecision(ctx, predict, { x0, y0, size }).z : null;
    if (train) {
      train.x.forEach(([a, b], i) => {
        ctx.beginPath();
        ctx.arc(px(a), py(b), 3, 0, 2 * Math.PI);
        ctx.fillStyle = classColour(train.labels[i]);
        ctx.fill();
        ctx.strokeStyle = "rgba(255,255,255,0.9)";
        ctx.lineWidth = 0.7;
        ctx.stroke();
      });
    }
    ctx.strokeStyle = "#cbd3df";
    ctx.lineWidth = 1;
    ctx.strokeRect(x0 + 0.5, y0 + 0.5, size - 1, size - 1);
    ctx.fillStyle = FAINT;
    ctx.font = MONO_FONT;
    for (const v of [-1, 0, 1]) {
      ctx.textAlign = "center";
      ctx.textBaseline = "top";
      ctx.fillText(String(v), px(v), y0 + size + 4);
      ctx.textAlign = "right";
      ctx.textBaseline = "middle";
      ctx.fillText(String(v), x0 - 4, py(v));
    }
    el.data = [{ type: "heatmap", z }];
    el.dataset.drawn = String(Number(el.dataset.drawn || 0) + 1);
  }
  return { draw };
}
