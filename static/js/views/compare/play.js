// Compare mode's play: one group step per tick, of as many units as the speed asks; at "max"
// the requests grow until each takes about TICK_MS.

import { SPEEDS } from "../../config.js";

const TICK_MS = 100; // one request about this often
const PLAY_EXAMPLES = 2000; // at "max": at most this many examples per run and request

const sleep = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

// Steps while running() holds: step(unit, count) the group, perUnit(unit) its examples per
// unit, prefs.speed and prefs.unit as they are at each tick; fail(error) when a step fails.
export async function playLoop({ running, prefs, step, perUnit, fail }) {
  let count = 1;
  while (running()) {
    const rate = SPEEDS[prefs.speed];
    const n = rate === null ? count : Math.max(1, Math.round((rate * TICK_MS) / 1000));
    const began = performance.now();
    try {
      await step(prefs.unit, n);
    } catch (error) {
      fail(error);
      return;
    }
    const took = performance.now() - began;
    if (rate === null) {
      const most = Math.max(1, Math.floor(PLAY_EXAMPLES / perUnit(prefs.unit)));
      count = took < TICK_MS / 2 ? Math.min(most, count * 2) : took > 2 * TICK_MS ? Math.max(1, count >> 1) : count;
      await sleep(0);
    } else await sleep(Math.max(0, (n / rate) * 1000 - took));
  }
}
