// Decoding the WebSocket's binary frames (app/web/frames.py):
//   "NBL1" | u32 header length | header JSON | zero padding to 4 bytes | float32 data
// Arrays come back in the JSON payload's shapes: a matrix is an array of Float32Array rows,
// a vector a Float32Array, and per-layer arrays a list over layers.

const MAGIC = "NBL1";
const decoder = new TextDecoder();

function shaped(data, offset, shape) {
  if (shape.length === 1) return data.subarray(offset, offset + shape[0]);
  const [rows, cols] = shape;
  const out = new Array(rows);
  for (let i = 0; i < rows; i++) out[i] = data.subarray(offset + i * cols, offset + (i + 1) * cols);
  return out;
}

export function decodeFrame(buffer) {
  const bytes = new Uint8Array(buffer);
  if (decoder.decode(bytes.subarray(0, 4)) !== MAGIC) throw new Error("not a Nabla binary frame");
  const length = new DataView(buffer).getUint32(4, true);
  const header = JSON.parse(decoder.decode(bytes.subarray(8, 8 + length)));
  const start = 8 + length + ((4 - ((8 + length) % 4)) % 4);
  const data = new Float32Array(buffer, start, (buffer.byteLength - start) / 4);
  for (const entry of header.arrays) {
    const array = shaped(data, entry.offset, entry.shape);
    if (entry.layer === null) header[entry.name] = array;
    else (header[entry.name] ||= [])[entry.layer] = array;
  }
  delete header.arrays;
  return header;
}

// A matrix (rows of numbers, typed or not) as plain nested arrays, e.g. for Plotly.
export function plainMatrix(matrix) {
  return matrix.map((row) => Array.from(row));
}
