// The page's one throttled fetcher: runs fn at most once per `every` ms (a number, or a function
// read when a run is due: 0 runs at once), never two at once, and always once more after a call
// that came while it ran. `poke.busy()` tells whether a run is due or under way; `done` is called
// after each run. fn reports its own errors.
export function throttled(fn, every, done = () => {}) {
  const gap = typeof every === "function" ? every : () => every;
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
    timer = setTimeout(run, Math.max(0, gap() - (performance.now() - last)));
  };
  poke.busy = () => running || timer !== null;
  return poke;
}
