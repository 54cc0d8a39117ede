// One polite live region for the page: what a keyboard cursor drawn on a canvas is on now (a
// canvas has no element per item for a screen reader to read, so the cursor's text is said).

let region = null;

export function announce(text) {
  if (!region) {
    region = document.createElement("p");
    region.className = "sr-only";
    region.id = "announce";
    region.setAttribute("aria-live", "polite");
    document.body.append(region);
  }
  region.textContent = text;
}
