// Naming what the landscape is drawn over: a weight or a bias ({kind, layer, j, k}) as the page
// shows it and as GET .../landscape asks for it (compare mode's paths too), and a mini-batch as
// an "epoch:batch" key.

export const paramName = (p) => (p.kind === "w" ? `w[${p.layer}][${p.j}][${p.k}]` : `b[${p.layer}][${p.j}]`);
export const paramQuery = (p) => (p.kind === "w" ? `${p.layer},${p.j},${p.k}` : `${p.layer},${p.j}`);
export const sameParam = (a, b) => Boolean(a && b) && paramQuery(a) === paramQuery(b);
export const keyOf = (epoch, batch) => `${epoch}:${batch}`;
const order = (key) => key.split(":").map(Number);

// Mini-batch keys in training order: negative when `a` comes first.
export function compareKeys(a, b) {
  const [x, y] = [order(a), order(b)];
  return x[0] - y[0] || x[1] - y[1];
}
