// A 2-D network's decision over the /predict grid, as an image, for the data view and for
// compare mode. Two classes: class 1's output minus class 0's on the diverging palette (its
// sign is the decision). More: each cell in the colour of the class with the largest output,
// the paler the smaller its lead over the next one.

import { classColour } from "../palette.js";
import { divergingRGB } from "./canvas.js";

const PAPER = [247, 247, 247];
const rgbOf = (hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));

// Class 1 minus class 0 output, in [-1, 1].
const difference = (o) => o[o.length - 1] - o[0];

// The class with the largest output and its lead over the runner-up, in [0, 1].
function winner(o) {
  let best = 0;
  for (let c = 1; c < o.length; c++) if (o[c] > o[best]) best = c;
  let second = -Infinity;
  for (let c = 0; c < o.length; c++) if (c !== best && o[c] > second) second = o[c];
  return [best, Math.min(1, Math.max(0, o[best] - second))];
}

// {image, z, classes}: z[i][j] is the decision at (xs[j], ys[i]) (the difference for two
// classes, the winning class for more); the image has ys going up.
export function decisionImage(predict) {
  const n = predict.resolution;
  const classes = predict.outputs[0][0].length;
  const image = new ImageData(n, n);
  let z;
  if (classes <= 2) {
    const colour = divergingRGB(1);
    z = predict.outputs.map((row) => row.map(difference));
    z.forEach((row, i) => row.forEach((v, j) => image.data.set([...colour(v), 150], ((n - 1 - i) * n + j) * 4)));
  } else {
    const tints = Array.from({ length: classes }, (_, c) => rgbOf(classColour(c)));
    z = predict.outputs.map((row, i) => row.map((o, j) => {
      const [c, lead] = winner(o);
      const t = 0.3 + 0.7 * lead;
      const rgb = tints[c].map((v, k) => Math.round(PAPER[k] + (v - PAPER[k]) * t));
      image.data.set([...rgb, 150], ((n - 1 - i) * n + j) * 4);
      return c;
    }));
  }
  return { image, z, classes };
}

// Draw the image of `predict` over the square (x0, y0, size) of `ctx`; returns {z, classes}.
export function drawDecision(ctx, predict, { x0, y0, size }) {
  const { image, z, classes } = decisionImage(predict);
  const n = predict.resolution;
  const off = new OffscreenCanvas(n, n);
  off.getContext("2d").putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = true;
  const cell = size / (n - 1);
  ctx.drawImage(off, x0 - cell / 2, y0 - cell / 2, size + cell, size + cell);
  return { z, classes };
}
