// "Copy link": the page's URL already carries the whole configuration (config.js writes it),
// so copying it shares the run. The Clipboard API where the page may use it, else a selection.

const CONFIRM = "Link copied: it opens this page with the same data, network and training.";

// A hidden textarea, selected and copied: for pages where navigator.clipboard is missing
// (plain http on another host than localhost) or refused.
function copyBySelection(text) {
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.top = "-1000px";
  area.style.opacity = "0";
  document.body.append(area);
  area.select();
  let copied = false;
  try {
    copied = document.execCommand("copy");
  } catch {
    copied = false;
  }
  area.remove();
  return copied;
}

export async function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // refused (no permission, page not focused): try the selection instead
    }
  }
  return copyBySelection(text);
}

export function createCopyLink(button, { notify }) {
  button.addEventListener("click", async () => {
    const url = location.href;
    if (await copyText(url)) notify(CONFIRM);
    else notify(`Copy this link by hand: ${url}`, { sticky: true });
  });
}
