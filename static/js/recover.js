// A script or style sheet that fails to load (a network blip, net::ERR_NETWORK_CHANGED) must not
// leave the page blank: the page loads itself again, three times at most, after a growing pause.
// The count is cleared once the page is ready (#app[data-ready="1"]). A classic script, run
// before any other, so that it sees every failure (error events do not bubble: it captures them).
(() => {
  const KEY = "nabla.reloads";
  const MOST = 3;
  let reloading = false;

  function failed(element) {
    if (element instanceof HTMLScriptElement) return element.dataset.recover !== "own"; // plots.js retries its own
    return element instanceof HTMLLinkElement && element.rel === "stylesheet";
  }

  function giveUp() {
    const note = document.createElement("p");
    note.className = "load-failed";
    note.setAttribute("role", "alert");
    note.textContent = "Part of the page failed to load, three times. Check the connection to the server, then reload.";
    document.body.prepend(note);
  }

  window.addEventListener("error", (event) => {
    if (reloading || !failed(event.target)) return;
    const tries = Number(sessionStorage.getItem(KEY) || 0);
    if (tries >= MOST) {
      if (document.body) giveUp();
      else document.addEventListener("DOMContentLoaded", giveUp);
      return;
    }
    reloading = true;
    sessionStorage.setItem(KEY, String(tries + 1));
    setTimeout(() => location.reload(), 250 * 2 ** tries);
  }, true);

  document.addEventListener("DOMContentLoaded", () => {
    const root = document.getElementById("app");
    if (!root) return;
    new MutationObserver(() => {
      if (root.dataset.ready === "1") sessionStorage.removeItem(KEY);
    }).observe(root, { attributes: true, attributeFilter: ["data-ready"] });
  });
})();
