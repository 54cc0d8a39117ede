// Writes to the page that happen every frame while playing, made only when they change
// something: an unchanged text or style written again still makes the browser lay the page
// out anew (and a read after it, e.g. a canvas's size, waits for that layout).

export function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}

export function setStyle(el, name, value) {
  if (el.style[name] !== value) el.style[name] = value;
}

export function setAttribute(el, name, value) {
  if (el.getAttribute(name) !== value) el.setAttribute(name, value);
}

export function setHidden(el, hidden) {
  if (el.hidden !== hidden) el.hidden = hidden;
}

// el.dataset's entries in `values` (strings).
export function setData(el, values) {
  for (const [k, v] of Object.entries(values)) if (el.dataset[k] !== v) el.dataset[k] = v;
}

// el's children as `make()` builds them, rebuilt only when `key` (what they show) changes.
export function setChildren(el, key, make) {
  if (el.nabla_key === key) return;
  el.nabla_key = key;
  el.replaceChildren(...make());
}
