// Runs fn at most once per `ms`, never two at once, and always once more after the last call.
// `poke.busy()` tells whether a run is due or under way; `done` is called after each run.
export function throttled(fn, ms, done) {
  let last = 0, running = false, again = false, timer = null;
  const run = async () => {
    timer = null;
    if (running) { again = true; return; }
    running = true; again = false; last = performance.now();
    try { await fn(); } catch (error) { /* fn reports its own errors */ }
    running = false;
    if (again) poke();
    done();
  };
  const poke = () => {
    if (timer) return;
    timer = setTimeout(run, Math.max(0, ms - (performance.now() - last)));
  };
  poke.busy = () => running || timer !== null;
  return poke;
}
