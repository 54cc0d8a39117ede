// Rendering on requestAnimationFrame: views mark themselves dirty, and each frame draws every
// dirty view once, from the latest state. Whatever arrived in between is skipped, never queued,
// so a fast stream never makes the page lag behind. A view whose render returns true (an
// animation in flight) is drawn again next frame.

export function createScheduler({ onFrame, onIdle } = {}) {
  const dirty = new Set();
  const lastDrawn = new Map();
  const stats = {}; // per view: frames drawn, total and longest milliseconds
  let pending = false;

  function frame(now) {
    pending = false;
    const views = [...dirty];
    dirty.clear();
    for (const view of views) {
      const wait = (view.minInterval ? view.minInterval() : 0) - (now - (lastDrawn.get(view) || 0));
      if (wait > 0) {
        dirty.add(view);
        continue;
      }
      lastDrawn.set(view, now);
      const began = performance.now();
      try {
        if (view.render(now)) dirty.add(view);
      } catch (error) {
        console.error(`render of ${view.name || "a view"} failed`, error);
      }
      const took = performance.now() - began;
      const s = (stats[view.name] ||= { frames: 0, ms: 0, max: 0 });
      s.frames += 1;
      s.ms += took;
      s.max = Math.max(s.max, took);
    }
    if (onFrame) onFrame();
    if (dirty.size) schedule();
    else if (onIdle) onIdle();
  }

  function schedule() {
    if (!pending) {
      pending = true;
      requestAnimationFrame(frame);
    }
  }

  return {
    invalidate(view) {
      dirty.add(view);
      schedule();
    },
    stats,
    get busy() {
      return pending || dirty.size > 0;
    },
  };
}
