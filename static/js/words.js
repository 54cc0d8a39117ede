// The server's messages speak the API's names (batch_size, eta, "Field required"): the page
// says them in a learner's words, with the field the page labels them by.

const NAMES = [
  [/\bn_train=(\d+)/g, "the $1 training examples"],
  [/\bn_test=(\d+)/g, "the $1 test examples"],
  [/\bbatch_size\b/g, "mini-batch size m"],
  [/\bn_train\b/g, "number of training examples"],
  [/\bn_test\b/g, "number of test examples"],
  [/\blmbda\b/g, "λ"],
  [/\beta\b/g, "learning rate η"],
  [/\bsizes\b/g, "layer sizes"],
  [/2\*\*32 - 1/g, "4294967295"],
  [/, got (\S+)$/, " (not $1)"],
  [/\bnon-finite\b/g, "too large to hold (they overflowed)"],
  [/\bnot finite\b/g, "too large to hold (it overflowed)"],
  [/\band reset\./g, "and press Reset."],
  [/^([\w.]+): Field required$/, "$1 is missing"], // pydantic's words, as the server passes them on
  [/: Input should be /, " should be "],
  [/: Extra inputs are not permitted$/, " is not something Nabla knows"],
];

// FastAPI's 422 kinds (pydantic's error types), said plainly.
const KINDS = {
  missing: "is missing",
  extra_forbidden: "is not a setting Nabla knows",
  json_invalid: "is not valid JSON",
  model_type: "is not what was expected",
};

export function plain(text) {
  let out = String(text);
  for (const [pattern, words] of NAMES) out = out.replace(pattern, words);
  return out.charAt(0).toUpperCase() + out.slice(1);
}

// One 422 entry {loc, msg, type} as "<field> <what is wrong>".
export function plainField(field, msg, type) {
  const what = KINDS[type] || String(msg || "is not valid").replace(/^Input should be/, "should be");
  return field ? `${plain(field)} ${what.charAt(0).toLowerCase()}${what.slice(1)}` : plain(what);
}
