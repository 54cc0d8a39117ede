// "Download trace": the current mini-batch as the page received it, as JSON or as CSV.
// Every example seen so far in it (x, y, output, cost, delta_nabla_b, delta_nabla_w and the
// running sums nabla_b, nabla_w after it) and, once reached, the one update.
//
// CSV, tidy long format, one row per number of a gradient:
//   epoch,batch,example,sample,layer,kind,row,col,delta,running_sum,after
// example is the index k in the mini-batch (0 … m−1), or "update" for the update's rows;
// kind is b (biases: col is empty) or w (weights[layer][row][col]); delta is the example's
// delta_nabla_b/w, running_sum its nabla_b/w after adding it; the update's rows leave delta
// empty, give the final sum in running_sum and the parameter after the update in after.

const EXAMPLE_FIELDS = ["seq", "epoch", "batch", "index", "sample", "cost", "x", "y", "output",
  "delta_nabla_b", "delta_nabla_w", "nabla_b", "nabla_w", "weights", "biases"];
const UPDATE_FIELDS = ["seq", "epoch", "batch", "batch_size", "mode", "eta", "lmbda", "cost",
  "nabla_b", "nabla_w", "weights", "biases"];
const HEADER = "epoch,batch,example,sample,layer,kind,row,col,delta,running_sum,after";

function plain(value) {
  if (ArrayBuffer.isView(value)) return Array.from(value);
  if (Array.isArray(value)) return value.map(plain);
  return value;
}

function pick(event, fields) {
  const out = {};
  for (const name of fields) if (event[name] !== undefined) out[name] = plain(event[name]);
  return out;
}

// The mini-batch to trace: the one being summed, or the one just updated; null when none.
export function currentBatch(model) {
  const batch = model.batch;
  const seen = batch.examples.filter(Boolean);
  if (!model.session || seen.length === 0) return null;
  const p = model.position;
  const here = batch.key === `${p.epoch}:${p.batch}`;
  // After an update the position may already name the next mini-batch, with no example yet.
  const previous = p.batch > 0 ? `${p.epoch}:${p.batch - 1}` : `${p.epoch - 1}:${p.batches - 1}`;
  return here || (batch.complete && p.k === 0 && batch.key === previous) ? batch : null;
}

export function buildTrace(model, batch) {
  const examples = batch.examples.filter(Boolean).map((e) => pick(e, EXAMPLE_FIELDS));
  const first = examples[0];
  return {
    session: model.session.id,
    config: model.session.config,
    epoch: first.epoch,
    batch: first.batch,
    batch_size: batch.m,
    examples,
    complete: examples.every((e) => e.delta_nabla_w !== undefined),
    update: batch.update ? pick(batch.update, UPDATE_FIELDS) : null,
  };
}

// One row per number of a per-layer array: `sum` sets the shape (weights are matrices, biases
// vectors); `delta` and `after` (same shapes) are optional columns.
function layerRows(lead, kind, sum, delta, after, out) {
  const cell = (arrays, l, j, k) => (arrays ? (k === "" ? arrays[l][j] : arrays[l][j][k]) : "");
  sum.forEach((layer, l) => {
    layer.forEach((row, j) => {
      for (const k of kind === "b" ? [""] : row.keys()) {
        out.push(`${lead},${l},${kind},${j},${k},${cell(delta, l, j, k)},${cell(sum, l, j, k)},`
          + `${cell(after, l, j, k)}`);
      }
    });
  });
}

export function traceCSV(trace) {
  const out = [HEADER];
  for (const e of trace.examples) {
    if (e.delta_nabla_w === undefined) continue;
    const lead = `${e.epoch},${e.batch},${e.index},${e.sample}`;
    layerRows(lead, "b", e.nabla_b, e.delta_nabla_b, null, out);
    layerRows(lead, "w", e.nabla_w, e.delta_nabla_w, null, out);
  }
  const u = trace.update;
  if (u && u.nabla_w && u.weights) {
    const lead = `${u.epoch},${u.batch},update,`;
    layerRows(lead, "b", u.nabla_b, null, u.biases, out);
    layerRows(lead, "w", u.nabla_w, null, u.weights, out);
  }
  return `${out.join("\n")}\n`;
}

function save(text, type, name) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function createTraceDownload(root, { model, notify }) {
  root.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-format]");
    if (!button) return;
    const batch = model.session && currentBatch(model);
    if (!batch) {
      notify("No example of the current mini-batch on the page yet: step one example, then download its trace.");
      return;
    }
    const trace = buildTrace(model, batch);
    // Counted from 1, as the counters and Download run's file name count them.
    const name = `nabla-trace-epoch${trace.epoch + 1}-batch${trace.batch + 1}`;
    if (button.dataset.format === "csv") save(traceCSV(trace), "text/csv", `${name}.csv`);
    else save(`${JSON.stringify(trace, null, 1)}\n`, "application/json", `${name}.json`);
    if (!trace.complete) {
      notify("Some examples came without their gradients (played fast): step one example at a "
        + "time for a full trace.", { kind: "error" });
    }
  });
}
