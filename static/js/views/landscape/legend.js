// The landscape's legend and caption: the start, its cost, the steps so far, the mean direction,
// the real path (per-example mode) and the update, with a sentence on what the picture shows.

import { setChildren, setText } from "../../dom.js";
import { fmt } from "../../palette.js";

function item(swatch, term, value) {
  const div = document.createElement("div");
  const dt = document.createElement("dt");
  dt.innerHTML = `<span class="ls-key ls-key-${swatch}"></span>`;
  dt.append(term);
  const dd = document.createElement("dd");
  dd.textContent = value;
  div.append(dt, dd);
  return div;
}

const pair = (v) => `(${fmt(v[0], 4)}, ${fmt(v[1], 4)})`;

function captionText(ls, k, done) {
  let text;
  if (k === 0) text = `Mini-batch ${ls.batch + 1}: no example yet. Each example will add its own step −(η/m)·∇ᵢ, head to tail, all taken at the start (the dot).`;
  else if (!done) text = `${k} of ${ls.m} examples: the arrows are their steps, every gradient taken at the same start weights. The dashed arrow is the direction of their mean.`;
  else text = `The chain of ${ls.m} steps ends exactly where the one update moves the weights (the ring): w → w − (η/m)·Σ∇ᵢ.`;
  if (ls.full_step) text += " The dotted amber arrow is −η·∇C, where the true gradient over all n training examples would step: the mini-batch's update estimates it.";
  if (ls.mode === "per_example") text += " In per-example mode the weights really move along the orange path: each gradient is taken where the last step left off.";
  return text;
}

// Fill `legend` (a <dl>) and `caption` for landscape `ls`, geometry `g`, k examples, `done`.
export function describe({ legend, caption }, ls, g, k, done) {
  const rows = [
    ["start", "start of the mini-batch", pair(ls.at)],
    ["cost", "its mean cost C (the dark contour)", fmt(ls.start_cost, 4)],
    ["step", `steps −(η/m)·∇ᵢ, ${k} of ${ls.m}`, k ? pair(g.chain[k]) : "none yet"],
  ];
  if (g.mean) rows.push(["mean", "−η·(mean ∇ so far)", pair(g.mean)]);
  rows.push(["full", `−η·∇C, the whole training set's step${ls.lmbda > 0 ? " (with L2)" : ""}`,
    g.full ? pair(g.full) : "beyond this server's budget"]);
  if (ls.mode === "per_example") rows.push(["path", "real path, update in the loop", k ? pair(g.path[k]) : "none yet"]);
  rows.push(["end", ls.lmbda > 0 ? "the batch update (with L2 decay)" : "the batch update", done ? pair(ls.end) : `after example ${ls.m}`]);
  // rebuilt only when its rows change (a new landscape); their words and values in place
  setChildren(legend, JSON.stringify(rows.map((r) => r[0])), () => rows.map((r) => item(...r)));
  rows.forEach(([, term, value], i) => {
    const [dt, dd] = legend.children[i].children;
    if (dt.lastChild.textContent !== term) dt.lastChild.textContent = term;
    setText(dd, value);
  });
  setText(caption, captionText(ls, k, done));
}
