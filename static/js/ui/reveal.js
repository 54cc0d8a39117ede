// Scroll an element into the part of the window that the page's own bars leave free: the top
// bar sticks at the top on a wide screen, the step buttons are fixed at the bottom on a phone
// (static/css/main.css), and the browser's scrollIntoView would put the element under them.

const BARS = ".topbar, .transport .buttons";
const MARGIN = 8; // px left free around the element

// The free band of the window, [top, bottom] in client pixels.
function freeBand() {
  let top = 0, bottom = window.innerHeight;
  for (const bar of document.querySelectorAll(BARS)) {
    const { position } = getComputedStyle(bar);
    if (position !== "sticky" && position !== "fixed") continue;
    const r = bar.getBoundingClientRect();
    if (r.height === 0 || r.bottom <= 0 || r.top >= window.innerHeight) continue;
    if (r.top <= 1) top = Math.max(top, r.bottom); // stuck at the top
    else if (r.bottom >= window.innerHeight - 1) bottom = Math.min(bottom, r.top); // at the bottom
  }
  return [top, bottom];
}

// Scroll as little as needed for el to be seen whole (its top first, when it cannot be).
export function reveal(el) {
  const [top, bottom] = freeBand();
  const r = el.getBoundingClientRect();
  let by = 0;
  if (r.bottom > bottom - MARGIN) by = r.bottom - bottom + MARGIN;
  if (r.top - by < top + MARGIN) by = r.top - top - MARGIN;
  if (by) window.scrollBy({ top: by, behavior: "instant" });
}
