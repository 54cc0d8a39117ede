// The matrix form, running: Network.update_mini_batch_matrix as the server has it (GET /api/code,
// read from network.py like the other listings), run by the server on the last finished
// mini-batch (GET .../matrix): beside each line the values it left (shapes and first entries),
// and above it the largest difference between the loop's sum and the product Δ·Aᵀ, and the time
// each took on the server for this mini-batch. Mounted in the code panel (data-slot="matrix").

import { api } from "../api.js";
import { compact, fmt } from "../palette.js";
import { throttled } from "../throttle.js";
import { buildListing, lightListing } from "./listing.js";

const FETCH_EVERY = 1000; // ms between two requests while playing
const FN = "update_mini_batch_matrix";
const HTML = `<details class="code-matrix" open>
    <summary>The same sum as matrices: <code>update_mini_batch_matrix</code></summary>
    <p class="caption code-matrix-caption"></p>
    <dl class="code-matrix-facts"></dl>
    <p class="code-where"></p>
    <div class="code-listing"></div>
  </details>`;

const shape = (s) => `(${s.join("×")})`;

// What a line's values look like beside it: "Z (30×10) [0.12, −0.5, …]".
function valueText(name, v) {
  if (v.shape) {
    const more = v.shape.reduce((a, b) => a * b, 1) > v.entries.length ? ", …" : "";
    return `${name} ${shape(v.shape)} [${v.entries.map((x) => compact(x, 3)).join(", ")}${more}]`;
  }
  if (v.shapes) return `${name}: [${v.shapes.map(shape).join(", ")}]`;
  return `${name} = ${v.value}`;
}

function fact(term, value, id) {
  const div = document.createElement("div");
  div.dataset.fact = id;
  const dt = document.createElement("dt");
  dt.textContent = term;
  const dd = document.createElement("dd");
  dd.textContent = value;
  div.append(dt, dd);
  return div;
}

export function createMatrixView({ el, bus, model, invalidate }) {
  el.innerHTML = HTML;
  const root = el.querySelector(".code-matrix");
  const caption = root.querySelector(".code-matrix-caption");
  const facts = root.querySelector(".code-matrix-facts");
  const where = root.querySelector(".code-where");
  const box = root.querySelector(".code-listing");
  const view = { name: "matrix", render, minInterval: () => (model.playing ? 200 : 0) };
  let listing = null; // GET /api/code's listing of update_mini_batch_matrix
  let pre = null;
  let shown = null; // GET .../matrix's answer

  api.code().then((answer) => {
    listing = answer.functions[FN];
    pre = buildListing(listing);
    box.replaceChildren(pre);
    const last = listing.first_line + listing.source.trimEnd().split("\n").length - 1;
    where.textContent = `Network.${FN} · ${listing.file}, lines ${listing.first_line}–${last} · ` +
      "run by the server on the last finished mini-batch";
    invalidate(view);
  });

  async function fetchNow() {
    const sid = model.session && model.session.id;
    if (!sid || !model.hasLastBatch) return; // asked for before a restart: batch=last is a 409
    root.dataset.loading = "1";
    try {
      const answer = await api.matrix(sid, "last");
      if (model.session && model.session.id === sid) shown = answer;
    } catch (error) {
      if (error.status !== 409) caption.textContent = `The matrix form could not run: ${error.message}`;
    } finally {
      root.dataset.loading = "0";
    }
  }
  const fetcher = throttled(fetchNow, () => (model.playing ? FETCH_EVERY : 0), () => invalidate(view));

  function want() {
    // A finished mini-batch the server keeps (a run restored part way keeps none until its
    // next update, and batch=last would be a 409).
    if (model.session && root.open && model.hasLastBatch) fetcher();
  }

  bus.on("update", want);
  root.addEventListener("toggle", want);
  bus.on("session", () => {
    shown = null;
    want(); // a page opened on a run the server stepped: its last mini-batch at once
  });

  function showValues(lines) {
    const last = new Map(); // line -> [its last run's values, how many runs]
    for (const run of lines) last.set(run.line, [run.values, run.run + 1]);
    for (const row of pre.querySelectorAll(".code-line")) {
      let val = row.querySelector(".code-val");
      const found = last.get(Number(row.dataset.line));
      const text = found ? Object.entries(found[0]).map(([name, v]) => valueText(name, v)).join("  ") : "";
      if (!text) {
        if (val) val.remove();
        continue;
      }
      if (!val) {
        val = document.createElement("span");
        val.className = "code-val";
        row.append(val);
      }
      // a loop's header runs once more than its body (the last test ends the loop); a line
      // outside any loop may report twice (a statement over several lines): no count for it
      const code = row.querySelector(".code-text");
      const head = code.textContent.trim().startsWith("for ");
      const inLoop = Number(code.style.getPropertyValue("--indent")) > 4;
      const runs = head ? found[1] - 1 : inLoop ? found[1] : 1;
      val.textContent = runs > 1 ? `${text}  (the last of ${runs} passes)` : text;
    }
  }

  let drawn = null; // the answer last drawn: nothing new, no work
  function render() {
    if (!pre || (drawn === shown && shown)) return false;
    drawn = shown;
    if (!shown) {
      caption.textContent = "After the first update, the server runs its mini-batch through this method too.";
      facts.replaceChildren();
      lightListing(pre, []);
      return false;
    }
    const s = shown;
    const diff = Math.max(s.max_diff_w, s.max_diff_b);
    const faster = s.matrix_seconds > 0 ? s.loop_seconds / s.matrix_seconds : 0;
    caption.textContent = `Mini-batch ${s.batch + 1} of epoch ${s.epoch + 1}, m = ${s.m}: the loop ` +
      `adds m outer products δᵢ·aᵢᵀ into nabla_w one by one; here column i of X is example i, one ` +
      `forward pass serves all m, and nabla_w = Delta @ A.T is the same sum in one product ` +
      `(they differ only by rounding). Real libraries take mini-batches for this.`;
    facts.replaceChildren(
      fact("largest |loop − matrix|", diff === 0 ? "0 (bit for bit)" : diff.toExponential(1), "diff"),
      fact("loop (update_mini_batch)", `${fmt(s.loop_seconds * 1000, 3)} ms`, "loop"),
      fact("matrix (this method)", `${fmt(s.matrix_seconds * 1000, 3)} ms`, "matrix"),
      fact("the matrix is", `${fmt(faster, 2)}× as fast (best of ${s.repeats})`, "speedup"),
    );
    lightListing(pre, ["sum_b", "sum_w"], Object.keys(listing.marks));
    showValues(s.lines);
    Object.assign(root.dataset, { diff: String(diff), batch: `${s.epoch}:${s.batch}`,
      loop: String(s.loop_seconds), matrix: String(s.matrix_seconds) });
    return false;
  }
  return view;
}
