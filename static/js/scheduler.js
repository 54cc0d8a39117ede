// The page's one render clock. Events only update the model and mark views dirty; drawing
// happens on requestAnimationFrame, from the model's latest state. Whatever arrived in between
// is skipped, never queued, so a fast stream never makes the page lag behind. A view whose
// render returns true (an animation in flight) is drawn again next frame.
//
// Two kinds of views, each on a budget while playing (and drawn at once when not):
// - light views (minInterval under HEAVY_MS: captions, counters, heatmaps, the network) draw
//   together, one moment for all: in a frame where they draw, every dirty light view draws
//   the same state, so the panels agree with each other;
// - heavy views (charts Plotly lays out, the decision boundary) draw a few times a second, one
//   of them a frame at most, and less often the longer they take. Together they take two
//   frames a second at most (HEAVY_GAP_MS apart, more after a long one): each is a long frame,
//   and a long frame in more than one frame of twenty (3 a second) shows as a stutter and is
//   the 95th percentile of the frame times (bench/page.py).
// Every view's element says which moment it shows: data-seq (the model's seq when drawn).

const HEAVY_MS = 100; // a view that asks for this interval or more while playing is heavy
const LIGHT_MS = 33; // light views: at most 30 moments a second while playing
const COST_SHARE = 8; // a heavy view takes at most 1/8 of the time: interval >= 8 x its cost,
const HEAVY_MOST_MS = 2000; // but it is drawn every 2 seconds at least
const HEAVY_GAP_MS = 500; // while playing, heavy draws (any of them) this far apart at least,
const HEAVY_SHARE = 4; // and 4 x the last one's cost: all of them take at most 1/4 of the time,
const HEAVY_GAP_MOST_MS = 1000; // but one a second at least
const EMA = 0.2; // weight of the latest render time in a view's mean

export function createScheduler({ onFrame, onIdle, seqOf = () => 0, playing = () => false } = {}) {
  const dirty = new Set();
  const lastDrawn = new Map();
  const owned = new Map(); // view -> its element, which says the seq it shows
  const stats = {}; // per view: frames drawn, total, longest and mean (ema) milliseconds
  let lastLight = 0;
  let nextHeavy = 0; // while playing, no heavy draw before this time
  let pending = false;

  const isHeavy = (view) => playing() && view.minInterval && view.minInterval() >= HEAVY_MS;
  const cost = (view) => (stats[view.name] ? stats[view.name].ema : 0);
  const lightCost = () => [...owned.keys()].reduce((s, v) => s + (isHeavy(v) ? 0 : cost(v)), 0);

  function draw(view, now) {
    lastDrawn.set(view, now);
    const began = performance.now();
    let again = false; // an animation in flight: drawn again next frame
    try {
      again = Boolean(view.render(now));
      if (again) dirty.add(view);
    } catch (error) {
      console.error(`render of ${view.name || "a view"} failed`, error);
    }
    const took = performance.now() - began;
    const s = (stats[view.name] ||= { frames: 0, animated: 0, ms: 0, max: 0, ema: took });
    s.frames += 1;
    if (again) s.animated += 1;
    s.ms += took;
    s.max = Math.max(s.max, took);
    s.ema += EMA * (took - s.ema);
    const el = owned.get(view);
    if (el) el.dataset.seq = String(seqOf());
  }

  // The heavy view to draw this frame, if one is due: the one waiting longest (so each has its
  // turn, however cheap the others are).
  function heavyDue(heavy, now) {
    if (!heavy.length || now < nextHeavy) return null;
    let best = null;
    for (const view of heavy) {
      const every = Math.max(view.minInterval(), Math.min(HEAVY_MOST_MS, COST_SHARE * cost(view)));
      const since = now - (lastDrawn.get(view) || 0);
      if (since >= every && (!best || since > now - (lastDrawn.get(best) || 0))) best = view;
    }
    return best;
  }

  function frame(now) {
    const began = performance.now(); // now is when the frame began, maybe well before this
    pending = false;
    const views = [...dirty];
    const heavy = views.filter(isHeavy);
    const light = views.filter((v) => !heavy.includes(v));
    const lightEvery = playing() ? Math.max(LIGHT_MS, 3 * lightCost()) : 0;
    const drawLight = light.length > 0 && now - lastLight >= lightEvery;
    // A heavy view draws with a light moment (or none waiting), never ahead of the light views.
    const chosen = drawLight || light.length === 0 ? heavyDue(heavy, now) : null;
    if (drawLight) {
      lastLight = now;
      let batch = light;
      // A view whose render marks another light view dirty (the code panel steps the rebind
      // view) has it drawn in the same moment: a few rounds at most.
      for (let round = 0; round < 3 && batch.length; round++) {
        const drawn = new Set(batch);
        for (const view of batch) dirty.delete(view);
        for (const view of batch) draw(view, now);
        batch = [...dirty].filter((v) => !isHeavy(v) && !drawn.has(v));
      }
      // The light views not drawn show this moment too: nothing they draw has changed.
      for (const [view, el] of owned) if (!isHeavy(view) && !dirty.has(view)) el.dataset.seq = String(seqOf());
    }
    if (chosen) {
      dirty.delete(chosen);
      draw(chosen, now);
      const took = performance.now() - began;
      nextHeavy = now + Math.min(HEAVY_GAP_MOST_MS, Math.max(HEAVY_GAP_MS, HEAVY_SHARE * took));
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
    // `el` (or the view's own view.el) shows what `view` draws: it carries data-seq, the
    // moment drawn there last.
    own(view, el) {
      if ((view.el || el) && !owned.has(view)) owned.set(view, view.el || el);
    },
    // Nothing left to draw: every view, heavy or light, shows the latest moment (a heavy view
    // the last events did not touch keeps what it drew, which is still the latest; an event no
    // view draws has the latest seq all the same). The page calls it as it settles.
    stamp() {
      if (pending || dirty.size) return;
      for (const el of owned.values()) el.dataset.seq = String(seqOf());
    },
    // The elements of the views that are heavy right now (for the tests: tests/browser).
    heavyElements: () => [...owned].filter(([view]) => isHeavy(view)).map(([, el]) => el),
    stats,
    get busy() {
      return pending || dirty.size > 0;
    },
  };
}
