// How much detail to ask the server for: every array when a person can follow the steps and
// the numbers are few enough, summaries when fast or many, nothing but epochs when faster still.
// The numbers are counted as the server counts them for its limit (NABLA_MAX_FRAME_FLOATS) in
// JSON (GET .../batch, and what the page holds decoded); the page's own budget,
// FULL_STEP_NUMBERS, lies under the server's default limit. The socket's factored frames are
// counted by the server, which sends the most units a full-detail step may take (fullSteps).

const FULL_EVENTS_PER_SECOND = 30;
const FULL_BYTES_PER_SECOND = 8e6;
const SUMMARY_EVENTS_PER_SECOND = 1500;
// A step's events come at once, each a message of its own: a play whose unit holds more than
// this many (an epoch of most data sets, a mini-batch of thousands) would spend frames on a
// burst of summaries the eye cannot follow (the page fell to 20 frames/s and Pause took up to
// a second at one epoch a second); such a play streams its epochs, and the rest comes by REST.
const SUMMARY_BURST = 300;
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
  return events <= SUMMARY_EVENTS_PER_SECOND && perUnit <= SUMMARY_BURST ? "summary" : "none";
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

// The same for one step of `count` `unit`s. The server says in each state message the most
// units of each kind one full-detail step may take from where training is (fullSteps: its
// factored frames, which grow with the mini-batch, within its limit); the page's own budget
// bounds the numbers it holds decoded: a whole epoch of a big network goes as summaries.
export function detailForStep(config, unit, count = 1, fullSteps = null) {
  const examples = count * { example: 1, batch: config.batch_size, epoch: config.n_train }[unit];
  const fits = !fullSteps || count <= fullSteps[unit];
  if (fits && exampleNumbers(config, examples) <= FULL_STEP_NUMBERS) return "full";
  return examples <= SUMMARY_STEP_EXAMPLES ? "summary" : "none";
}

// The same for GET .../batch's k examples so far: "full", or "summary" when too many numbers.
export function detailForBatch(config, k) {
  return batchNumbers(config, k) <= FULL_STEP_NUMBERS ? "full" : "summary";
}
