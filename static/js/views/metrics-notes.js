// What the metrics panel says under its chart: the costs and how they are taken, and the time
// each epoch took beside the book's per-example loop on the same server.

const seconds = (s) => (s < 10 ? `${s.toFixed(2)} s` : `${s.toFixed(1)} s`);

// The last epoch's costs, saying which L2 term and which cross-entropy they are.
export function costNote(config, last) {
  if (!last) return "";
  let text = `Cost after epoch ${last.epoch + 1}: training ${last.train_cost.toFixed(4)}, ` +
    `test ${last.test_cost.toFixed(4)}.`;
  if (config.lmbda > 0) {
    text += " With λ each adds the L2 term ½(λ/n)Σw² over its own set's size n, as network2's " +
      "total_cost(data, lmbda) does (the test cost divides by the test set's size).";
  }
  if (config.cost === "cross_entropy") {
    text += " An output of exactly 1.0 (or 0.0) for a wrong class counts 708.4, −ln of the " +
      "smallest normal double; network2's nan_to_num(inf) would count 1.8e308.";
  }
  return text;
}

// "Epoch 3 trained in 1.9 s; network.py's loop: about 6.2 s here (3.3× as long)".
export function epochTime(last, speed, n) {
  if (last.seconds == null) return "";
  const own = `Epoch ${last.epoch + 1} trained in ${seconds(last.seconds)}`;
  if (!speed) return `${own}.`;
  const book = speed.seconds_per_example * n;
  const ratio = book / Math.max(last.seconds, 1e-9);
  const why = ratio >= 1
    ? "what the whole mini-batch as one matrix product buys"
    : "this epoch's steps also built the events this page shows, and the server is busy";
  return `${own}; network.py's per-example loop would take about ${seconds(book)} on this ` +
    `server (${ratio.toFixed(1)}× as long: ${why}).`;
}
