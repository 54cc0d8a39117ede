// One floating tooltip for the views that draw their own SVG or canvas.

let tip = null;

function element() {
  if (!tip) {
    tip = document.createElement("div");
    tip.className = "floating-tip";
    tip.setAttribute("role", "tooltip");
    document.body.append(tip);
  }
  return tip;
}

// Show `lines` ([label, value] pairs, or strings) next to the pointer.
export function showTip(event, title, lines) {
  const el = element();
  el.replaceChildren();
  const head = document.createElement("div");
  head.className = "tip-title";
  head.textContent = title;
  el.append(head);
  for (const line of lines) {
    const row = document.createElement("div");
    row.className = "tip-row";
    if (Array.isArray(line)) {
      const label = document.createElement("span");
      label.textContent = line[0];
      const value = document.createElement("b");
      value.textContent = line[1];
      row.append(label, value);
    } else row.textContent = line;
    el.append(row);
  }
  el.classList.add("shown");
  const pad = 14;
  const { innerWidth: w, innerHeight: h } = window;
  const rect = el.getBoundingClientRect();
  const x = event.clientX + pad + rect.width > w ? event.clientX - pad - rect.width : event.clientX + pad;
  const y = event.clientY + pad + rect.height > h ? event.clientY - pad - rect.height : event.clientY + pad;
  el.style.transform = `translate(${Math.max(4, x)}px, ${Math.max(4, y)}px)`;
}

export function hideTip() {
  if (tip) tip.classList.remove("shown");
}

// Every element with a data-tip shows it on hover and on keyboard focus.
export function installTips(root) {
  let current = null;
  const show = (el, event) => {
    current = el;
    const rect = el.getBoundingClientRect();
    const at = event.clientX !== undefined ? event : { clientX: rect.left, clientY: rect.bottom };
    const error = el.classList.contains("invalid") && el.dataset.error ? [`⚠ ${el.dataset.error}`] : [];
    showTip(at, el.dataset.tipTitle || "", [el.dataset.tip, ...error]);
  };
  root.addEventListener("mouseover", (event) => {
    const el = event.target.closest("[data-tip]");
    if (el && el !== current) show(el, event);
    if (!el && current) {
      current = null;
      hideTip();
    }
  });
  root.addEventListener("mouseleave", () => {
    current = null;
    hideTip();
  });
  root.addEventListener("focusin", (event) => {
    const el = event.target.closest("[data-tip]");
    if (el && event.target.matches(":focus-visible")) show(el, {}); // keyboard focus only
  });
  // A touch has no hover: a tap on an element with a tip shows it (until the next tap).
  root.addEventListener("pointerdown", (event) => {
    const el = event.pointerType === "touch" && event.target.closest("[data-tip]");
    if (el) return show(el, event);
    current = null;
    hideTip();
  });
  root.addEventListener("focusout", () => {
    current = null;
    hideTip();
  });
}
