// How much detail to ask the server for: every array when a person can follow the steps and
// the numbers are few enough, summaries when fast or many, nothing but epochs when faster still.
// The numbers are counted as the server counts them for its limit (NABLA_MAX_FRAME_FLOATS): in
// JSON (GET .../batch, and what the page holds decoded) and in the socket's factored frames; the
// page's own budget, FULL_STEP_NUMBERS, lies under the server's default limit.

const FULL_EVENTS_PER_SECOND = 30;
const FULL_BYTES_PER_SECOND = 8e6;
const SUMMARY_EVENTS_PER_SECOND = 1500;
const FULL_STEP_NUMBERS = 4e6; // a step sends every gradient when that is at most ~16 MB
const SUMMARY_STEP_EXAMPLES = 20000;

function paramCount(sizes) {
  let n = 0;
  for (let l = 1; l < sizes.length; l++) n += sizes[l] * (sizes[l - 1] + 1);
  return n;
}

// How much detail the socket should carry: every array when a person can follow the steps,
// summaries when fast, only epochs (and polling) when as fast as the server goes.
export function detailFor(config, unit, rate) {
  const perUnit = { example: 1, batch: config.batch_size, epoch: config.n_train }[unit];
  const events = rate === null ? Infinity : rate * perUnit;
  const bytes = events * paramCount(config.sizes) * 8;
  if (events <= FULL_EVENTS_PER_SECOND && bytes <= FULL_BYTES_PER_SECOND) return "full";
  return events <= SUMMARY_EVENTS_PER_SECOND ? "summary" : "none";
}

// The numbers in `examples` example events at full detail, as the page holds them once decoded
// and as the server counts them in JSON (Session.frame_floats): delta_nabla_w and nabla_w with
// their biases, x, y and the output, and in per_example mode the weights and biases after each.
export function exampleNumbers(config, examples) {
  const params = paramCount(config.sizes);
  const neurons = config.sizes.reduce((sum, n) => sum + n, 0);
  const moved = config.update === "per_example" ? params : 0;
  return examples * (2 * params + neurons + moved);
}

// The numbers in GET .../batch's full answer for k examples, counted as the server counts them
// for its limit (Session.examples_so_far): in per_example mode the mini-batch's start comes too.
export function batchNumbers(config, k) {
  const start = config.update === "per_example" && k > 0 ? paramCount(config.sizes) : 0;
  return exampleNumbers(config, k) + start;
}

// At most how many rows of trace the factored frames of `examples` examples hold, from
// `position` on ({k, m}: k examples done of the mini-batch under way, of m). Example k of a
// mini-batch holds its rows 0..k; the mini-batches after it are counted whole (at most
// batch_size), which overcounts only an epoch's short last one. As Session.frame_floats counts.
function factoredRows(config, position, examples) {
  const m = config.batch_size;
  const first = Math.max(0, Math.min(examples, position.m - position.k)); // the batch under way
  const whole = Math.floor((examples - first) / m);
  const rest = (examples - first) % m; // then whole mini-batches, and part of one
  const triangle = (n) => (n * (n + 1)) / 2;
  return first * position.k + triangle(first) + whole * triangle(m) + triangle(rest);
}

// The numbers in the factored frames (the page's socket's) of `examples` example events from
// `position` on, with their updates, counted as the server counts them (Session.frame_floats):
// each example's rows of deltas and activations, x, y and the output, the weights after it in
// per_example mode; each update's nabla and weights.
export function factoredNumbers(config, position, examples) {
  const sizes = config.sizes;
  const params = paramCount(sizes);
  const row = sizes.reduce((sum, n) => sum + n, 0) * 2 - sizes[0] - sizes[sizes.length - 1];
  const moved = config.update === "per_example" ? params : 0;
  const perExample = sizes[0] + 2 * sizes[sizes.length - 1] + moved;
  const updates = Math.ceil(examples / config.batch_size) + 1;
  return factoredRows(config, position, examples) * row + examples * perExample + updates * 2 * params;
}

// The same for one step of `unit` from `position` (the page's socket takes factored frames,
// which grow with the mini-batch: rows 0..k): a whole epoch of a big network goes as summaries.
export function detailForStep(config, unit, count = 1, position = null) {
  const examples = count * { example: 1, batch: config.batch_size, epoch: config.n_train }[unit];
  const factored = position ? factoredNumbers(config, position, examples) : 0;
  if (Math.max(exampleNumbers(config, examples), factored) <= FULL_STEP_NUMBERS) return "full";
  return examples <= SUMMARY_STEP_EXAMPLES ? "summary" : "none";
}

// The same for GET .../batch's k examples so far: "full", or "summary" when too many numbers.
export function detailForBatch(config, k) {
  return batchNumbers(config, k) <= FULL_STEP_NUMBERS ? "full" : "summary";
}
