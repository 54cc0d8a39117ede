// The guided story: opened from the header's button (offered once to a first-time visitor, as
// the button's "New here?"), or by a deep link /?story=why-sum&step=4. Each step drives the real
// page into its state (steps.js, driver.js) and then lights the panels that answer it
// (data-story-focus), scrolled into view. Back, Next, the dots, ← → and Esc; leaving it only hides
// the card and the light: the run stays where it is.

import { createStoryDialog } from "./dialog.js";
import { createDriver } from "./driver.js";
import { STEPS, STORY, TITLE } from "./steps.js";

const OFFERED = "nabla.story"; // localStorage: the story was offered to this browser once
const LISTING = "#view-code .code-source > .code-listing"; // update_mini_batch, in the code panel
const reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)");

function offeredBefore() {
  try {
    return localStorage.getItem(OFFERED) !== null;
  } catch {
    return true; // no storage (a private window): never pester
  }
}

function rememberOffered() {
  try {
    localStorage.setItem(OFFERED, "1");
  } catch {
    // no storage: nothing to remember
  }
}

// The step (0-based) a deep link asks for: ?story=why-sum&step=N (1-based), else null.
export function linkedStep(search) {
  const params = new URLSearchParams(search);
  if (params.get("story") !== STORY) return null;
  const n = Number(params.get("step") || "1");
  return Number.isInteger(n) ? Math.min(Math.max(n, 1), STEPS.length) - 1 : 0;
}

// Scroll the lit panels into view: not at all when they are in view already (below the top bar
// while it stays on screen, above the card when it is a sheet along the bottom); all of them when
// they fit; else the first, to the top.
function bringIntoView(els, card) {
  const bar = document.querySelector(".topbar");
  const sticky = bar && getComputedStyle(bar).position === "sticky";
  const top = (sticky ? bar.getBoundingClientRect().bottom : 0) + 12;
  const sheet = card.getBoundingClientRect();
  const bottom = (sheet.width >= window.innerWidth - 1 ? sheet.top : window.innerHeight) - 12;
  const rects = els.map((el) => el.getBoundingClientRect());
  const from = Math.min(...rects.map((r) => r.top));
  const to = Math.max(...rects.map((r) => r.bottom));
  if (from >= top && to <= bottom) return;
  let by = rects[0].top - top;
  if (to - from <= bottom - top) by = from < top ? from - top : to - bottom;
  window.scrollBy({ top: by, behavior: reduceMotion.matches ? "auto" : "smooth" });
}

export function createStory({ bus, model, session, button, notify }) {
  const driver = createDriver({ bus, model, session });
  const dialog = createStoryDialog({ title: TITLE, steps: STEPS, onGo: go, onClose: close });
  const app = document.getElementById("app");
  app.append(dialog.el);
  let open = false;
  let at = 0;
  let token = 0; // the latest request: a drive overtaken by a newer one is skipped
  let queue = Promise.resolve(); // drives run one after another, never two at once
  let lit = [];
  let opener = null;

  // The page may still grow after a step is lit (a listing or a chart that comes later, above or
  // in the lit panels): they are brought into view again as it does, until the reader scrolls or
  // acts, or the step changes.
  let keeper = null;
  const READER = ["wheel", "touchstart", "pointerdown", "keydown"];
  function keepInView(els) {
    keeper?.disconnect();
    keeper = null;
    if (!els.length) return;
    const observer = (keeper = new ResizeObserver(() => {
      if (keeper === observer) bringIntoView(els, dialog.el);
    }));
    const stop = () => {
      observer.disconnect();
      if (keeper === observer) keeper = null;
      for (const type of READER) window.removeEventListener(type, stop, true);
    };
    for (const type of READER) window.addEventListener(type, stop, { capture: true, passive: true });
    observer.observe(document.body);
    for (const el of els) observer.observe(el);
  }

  // Light the panels of `selectors` (the first brought into view) and the listing's `marks`.
  function light(selectors, marks = []) {
    for (const el of lit) el.removeAttribute("data-story-focus");
    for (const el of document.querySelectorAll("[data-story-line]")) el.removeAttribute("data-story-line");
    for (const mark of marks) {
      for (const el of document.querySelectorAll(`${LISTING} .code-line[data-mark="${mark}"]`)) {
        el.setAttribute("data-story-line", "");
      }
    }
    lit = selectors.map((s) => document.querySelector(s)).filter((el) => el && el.offsetParent);
    for (const el of lit) el.setAttribute("data-story-focus", "");
    if (lit.length) bringIntoView(lit, dialog.el);
    keepInView(lit);
    dialog.el.dataset.lit = selectors.filter((s) => lit.some((el) => el.matches(s))).join(" | ");
  }

  function go(i) {
    if (!open || i < 0 || i >= STEPS.length) return;
    const mine = ++token;
    const still = () => open && mine === token;
    at = i;
    dialog.show(i);
    queue = queue
      .then(() => {
        driver.live = still;
        return still() ? STEPS[i].drive(driver) : null;
      })
      .catch((error) => notify(`The story could not drive the page: ${error.message}`, { kind: "error" }))
      .then(() => {
        if (!still()) return;
        light(STEPS[i].targets, STEPS[i].lines);
        dialog.ready(true);
      });
  }

  function start(i = 0) {
    rememberOffered();
    button.classList.remove("offer");
    if (!open) opener = document.activeElement;
    open = true;
    dialog.el.hidden = false;
    app.classList.add("story-open");
    button.setAttribute("aria-expanded", "true");
    go(i);
    dialog.next.focus({ preventScroll: true });
  }

  function close() {
    if (!open) return;
    const inside = dialog.el.contains(document.activeElement);
    open = false;
    token += 1;
    light([]);
    dialog.el.hidden = true;
    app.classList.remove("story-open");
    button.setAttribute("aria-expanded", "false");
    if (inside) (opener && opener.isConnected && opener !== document.body ? opener : button).focus();
  }

  button.addEventListener("click", () => (open ? close() : start(0)));
  // Registered before the compare view's (main.js creates the story first): while the story is
  // open, ← → move it and Esc leaves it, and do not step the run.
  window.addEventListener("keydown", (event) => {
    if (!open || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest && event.target.closest("input, select, textarea, [contenteditable]")) return;
    const actions = { ArrowRight: () => go(at + 1), ArrowLeft: () => go(at - 1), Escape: close };
    const action = actions[event.key];
    if (!action) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    action();
  }, true);

  const linked = linkedStep(location.search); // read now: the page rewrites its address
  if (linked === null && !offeredBefore()) {
    button.classList.add("offer");
    rememberOffered();
  }
  if (linked !== null) {
    const off = bus.on("loaded", () => {
      off();
      if (model.session) start(linked);
    });
  }
  return { start, close };
}
