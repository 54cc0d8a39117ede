// Reset, the step buttons, Play/Pause with its speed and unit, the counters, and the keys.

import { SPEEDS, speedLabel } from "../config.js";
import { setText } from "../dom.js";
import { setPlayButton } from "./play-button.js";

export function createTransport(root, { session, model, bus, prefs, onPrefs, notify, stops, invalidate }) {
  const play = root.querySelector('[data-act="play"]');
  const times = root.querySelector('[name="count"]');
  const unit = root.querySelector('[name="unit"]');
  const speed = root.querySelector('[name="speed"]');
  const speedOut = root.querySelector('[name="speed-label"]');
  const counters = Object.fromEntries(
    [...root.querySelectorAll("[data-counter]")].map((el) => [el.dataset.counter, el]),
  );
  let playing = false;

  function showSpeed() {
    speedOut.textContent = speedLabel(prefs.speed);
    const rate = SPEEDS[prefs.speed];
    speed.setAttribute("aria-valuetext", rate === null ? "as fast as possible" : `${rate} steps per second`);
  }

  function showPlaying(on) {
    playing = on;
    setPlayButton(play, on);
  }

  const start = () => {
    if (!model.session) return;
    if (model.server && model.server.state.status === "diverged") {
      notify("Training has diverged: reset, or lower η, to go on.", { kind: "error" });
      return;
    }
    const problem = stops.problem();
    if (problem) { // nothing would run: say why, and Play stays Play
      notify(problem, { kind: "error" });
      return;
    }
    showPlaying(true);
    session.play(prefs.unit, SPEEDS[prefs.speed], stops.values());
  };
  const stop = () => {
    showPlaying(false);
    session.pause();
  };
  const toggle = () => (playing ? stop() : start());
  // How many units one press of a step button runs (× in the step group): a whole number from
  // 1 to 1000, else null, said on the field (never cut down or rounded silently).
  const count = () => {
    const value = Number(times.value);
    const ok = times.value.trim() !== "" && Number.isInteger(value) && value >= 1 && value <= 1000;
    times.closest("label").classList.toggle("invalid", !ok);
    times.toggleAttribute("aria-invalid", !ok);
    if (!ok) notify(`× steps: a whole number from 1 to 1000, not “${times.value}”.`, { kind: "error" });
    return ok ? value : null;
  };
  const step = (what) => {
    const n = count();
    if (n === null) return;
    if (playing) showPlaying(false);
    session.step(what, n);
  };
  const reset = () => {
    showPlaying(false);
    session.reset();
  };
  // R alone does not throw training away: it asks first (R again, or the notice's button),
  // unless nothing has been trained yet. The Reset button resets at once.
  let asking = null;
  const askReset = () => {
    const p = model.position;
    const updates = p ? p.updates : 0;
    if (!p || (updates === 0 && p.k === 0 && p.epoch === 0) || (asking && asking.isConnected)) {
      if (asking) asking.remove();
      asking = null;
      reset();
      return;
    }
    const what = updates === 1 ? "the 1 update" : `the ${updates} updates`;
    asking = notify(`Reset to the initial weights? ${what} so far will be lost. Press R again to reset.`,
      { action: { label: "Reset", run: reset } });
    asking.dataset.ask = "reset";
  };
  const faster = (delta) => {
    prefs.speed = Math.min(SPEEDS.length - 1, Math.max(0, prefs.speed + delta));
    speed.value = String(prefs.speed);
    changedSpeed();
  };
  function changedSpeed() {
    showSpeed();
    onPrefs(prefs);
    if (playing) session.play(prefs.unit, SPEEDS[prefs.speed], stops.values());
  }

  const actions = {
    reset,
    "step-example": () => step("example"),
    "step-batch": () => step("batch"),
    "step-epoch": () => step("epoch"),
    play: toggle,
  };
  root.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-act]");
    if (button && actions[button.dataset.act]) actions[button.dataset.act]();
  });
  unit.value = prefs.unit;
  speed.value = String(prefs.speed);
  showSpeed();
  unit.addEventListener("change", () => {
    prefs.unit = unit.value;
    onPrefs(prefs);
    if (playing) session.play(prefs.unit, SPEEDS[prefs.speed], stops.values());
  });
  // The label follows the slider; playing is re-aimed when it is let go.
  speed.addEventListener("input", () => {
    prefs.speed = Number(speed.value);
    showSpeed();
  });
  speed.addEventListener("change", () => changedSpeed());

  const help = document.getElementById("shortcuts");
  const helpButton = document.getElementById("shortcuts-button");
  const toggleHelp = () => {
    help.hidden = !help.hidden;
    helpButton.setAttribute("aria-expanded", String(!help.hidden));
  };
  helpButton.addEventListener("click", toggleHelp);

  const keys = {
    ArrowRight: actions["step-example"], ".": actions["step-example"],
    b: actions["step-batch"], e: actions["step-epoch"], " ": toggle, r: askReset,
    "[": () => faster(-1), "]": () => faster(1), "?": toggleHelp,
    Escape: () => { if (!help.hidden) toggleHelp(); },
  };
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest("input, select, textarea, [contenteditable]")) return;
    if (event.key === " " && event.target.closest("button")) return;
    const action = keys[event.key.length === 1 ? event.key.toLowerCase() : event.key];
    if (action) {
      event.preventDefault();
      action();
    }
  });

  // The counters are a light view on the render clock (scheduler.js): drawn with the captions.
  const view = { name: "counters", render: () => showCounters() };
  function showCounters() {
    const p = model.position;
    if (!p) return false;
    // written only when they change: an unchanged counter costs no layout and says nothing new
    setText(counters.epoch, String(p.epoch + 1));
    setText(counters.batch, String(Math.min(p.batch + 1, p.batches)));
    setText(counters.batches, String(p.batches));
    setText(counters.k, String(p.k));
    setText(counters.m, String(p.m));
    setText(counters.updates, String(p.updates));
    root.querySelector("#counters").classList.toggle("applied", p.applied);
    return false;
  }

  for (const topic of ["session", "example", "update", "state", "reset", "edit"]) {
    bus.on(topic, () => invalidate(view));
  }
  // The server stops playing on its own when training diverges, or a stop condition is met.
  bus.on("state", (msg) => {
    if (msg.state.status !== "ready" && playing) showPlaying(false);
  });
  bus.on("stopped", () => showPlaying(false));
  // A play the server refused (a field of it named): nothing runs, so Play shows Play again.
  bus.on("error", (msg) => {
    if (playing && msg.field && /^(stop_|rate$|unit$)/.test(msg.field)) showPlaying(false);
  });
  bus.on("session", () => showPlaying(false));
  return { stop };
}
