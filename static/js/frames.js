// Decoding the WebSocket's binary frames (app/web/factored.py):
//   "NBL2" | u32 header length | header JSON | zero padding to 8 bytes | float64 data
// Arrays come back in the JSON payload's shapes: a matrix is an array of typed rows, a vector
// a typed array, and per-layer arrays a list over layers.
//
// An NBL2 example carries the factors of its gradients, rows 0..index of the mini-batch's
// deltas[l] and activations[l]; they are rebuilt here into delta_nabla_b/w and the running
// nabla_b/w, exactly as numpy makes them: delta_nabla_w[l][i][j] = deltas[l][k][i] ·
// activations[l][k][j], and the running sums are those added to zeros in order (IEEE doubles,
// no fused operations: bit for bit the same numbers).

const TYPES = { NBL2: Float64Array };
const decoder = new TextDecoder();

function shaped(data, offset, shape) {
  if (shape.length === 1) return data.subarray(offset, offset + shape[0]);
  const [rows, cols] = shape;
  const out = new Array(rows);
  for (let i = 0; i < rows; i++) out[i] = data.subarray(offset + i * cols, offset + (i + 1) * cols);
  return out;
}

function matrix(rows, cols) {
  const data = new Float64Array(rows * cols);
  return shaped(data, 0, [rows, cols]);
}

// out[i][j] = sum[i][j] + delta[i] · a[j], or the product alone when sum is null (out may be sum).
function addOuter(out, sum, delta, a) {
  for (let i = 0; i < delta.length; i++) {
    const row = out[i];
    const d = delta[i];
    if (sum === null) for (let j = 0; j < a.length; j++) row[j] = d * a[j];
    else for (let j = 0, s = sum[i]; j < a.length; j++) row[j] = s[j] + d * a[j];
  }
  return out;
}

// True when rows 0..count-1 of every factor are those of the kept frame.
function sameRows(kept, factors, count) {
  return ["deltas", "activations"].every((name) =>
    factors[name].every((rows, l) => {
      for (let k = 0; k < count; k++) {
        const mine = rows[k];
        const theirs = kept[name][l][k];
        if (!theirs || theirs.length !== mine.length) return false;
        for (let i = 0; i < mine.length; i++) if (!Object.is(mine[i], theirs[i])) return false;
      }
      return true;
    }),
  );
}

// The running sums after row k from those after row k−1 (kept), or from zeros through every row.
function runningSums(d, a, k, kept) {
  const [rows, cols] = [d[0].length, a[0].length];
  if (kept) {
    const b = Float64Array.from(d[k], (v, i) => kept.b[i] + v);
    return { b, w: addOuter(matrix(rows, cols), kept.w, d[k], a[k]) };
  }
  const b = new Float64Array(rows);
  const w = matrix(rows, cols);
  for (let r = 0; r <= k; r++) {
    for (let i = 0; i < rows; i++) b[i] += d[r][i];
    addOuter(w, w, d[r], a[r]);
  }
  return { b, w };
}

// The four gradient fields of a factored example in place of its factors. cache.last keeps the
// previous frame: when this one is the next example of the same mini-batch (and agrees with it
// on the rows they share), its sums grow by one product; otherwise they are made from scratch.
function rebuild(event, cache) {
  const factors = { deltas: event.deltas, activations: event.activations };
  delete event.deltas;
  delete event.activations;
  const last = cache.last;
  const follows =
    last && last.epoch === event.epoch && last.batch === event.batch &&
    last.index === event.index - 1 && sameRows(last.factors, factors, event.index);
  const fields = { delta_nabla_b: [], delta_nabla_w: [], nabla_b: [], nabla_w: [] };
  factors.deltas.forEach((d, l) => {
    const a = factors.activations[l];
    const k = d.length - 1;
    const sums = runningSums(d, a, k, follows ? { b: last.nabla_b[l], w: last.nabla_w[l] } : null);
    fields.delta_nabla_b.push(d[k]);
    fields.delta_nabla_w.push(addOuter(matrix(d[k].length, a[k].length), null, d[k], a[k]));
    fields.nabla_b.push(sums.b);
    fields.nabla_w.push(sums.w);
  });
  Object.assign(event, fields);
  cache.last = { epoch: event.epoch, batch: event.batch, index: event.index, factors, ...fields };
  return event;
}

// One frame (an ArrayBuffer, or its `byteLength` bytes from `offset`, a multiple of 8) as the
// event it carries. `cache`: an object kept by the caller between the frames of one socket, so
// that a factored frame costs one product per layer.
export function decodeFrame(buffer, cache = {}, offset = 0, byteLength = buffer.byteLength - offset) {
  const bytes = new Uint8Array(buffer, offset, byteLength);
  const Type = TYPES[decoder.decode(bytes.subarray(0, 4))];
  if (!Type) throw new Error("not a Nabla binary frame");
  const size = Type.BYTES_PER_ELEMENT;
  const length = new DataView(buffer, offset).getUint32(4, true);
  const header = JSON.parse(decoder.decode(bytes.subarray(8, 8 + length)));
  const start = 8 + length + ((size - ((8 + length) % size)) % size);
  const data = new Type(buffer, offset + start, (byteLength - start) / size);
  for (const entry of header.arrays) {
    const array = shaped(data, entry.offset, entry.shape);
    if (entry.layer === null) header[entry.name] = array;
    else (header[entry.name] ||= [])[entry.layer] = array;
  }
  delete header.arrays;
  return header.deltas ? rebuild(header, cache) : header;
}

// The frames of one binary message: a pack ("NBLP" | u32 count | per frame: u32 length, 4 zero
// bytes, the frame; app/web/packs.py) as [offset, byteLength] of each, or the one frame.
export function framesOf(buffer) {
  const view = new DataView(buffer);
  if (buffer.byteLength < 8 || decoder.decode(new Uint8Array(buffer, 0, 4)) !== "NBLP") {
    return [[0, buffer.byteLength]];
  }
  const frames = [];
  let at = 8;
  for (let i = view.getUint32(4, true); i > 0; i--) {
    const length = view.getUint32(at, true);
    frames.push([at + 8, length]);
    at += 8 + length;
  }
  return frames;
}

// A matrix (rows of numbers, typed or not) as plain nested arrays, e.g. for Plotly.
export function plainMatrix(matrix) {
  return matrix.map((row) => Array.from(row));
}
