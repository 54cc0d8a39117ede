// Messages for people: errors from the server (its own words), and a banner that stays while
// training has diverged.

export function createNotifier(container) {
  function notify(message, { kind = "info", sticky = false, action = null } = {}) {
    const toast = document.createElement("div");
    toast.className = `toast toast-${kind}`;
    toast.setAttribute("role", kind === "error" ? "alert" : "status");
    const text = document.createElement("span");
    text.className = "toast-text";
    text.textContent = message;
    toast.append(text);
    if (action) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "toast-action";
      button.textContent = action.label;
      button.addEventListener("click", () => {
        action.run();
        toast.remove();
      });
      toast.append(button);
    }
    const close = document.createElement("button");
    close.type = "button";
    close.className = "toast-close";
    close.setAttribute("aria-label", "Dismiss");
    close.textContent = "×";
    close.addEventListener("click", () => toast.remove());
    toast.append(close);
    container.append(toast);
    if (!sticky) setTimeout(() => toast.remove(), kind === "error" ? 9000 : 4000);
    while (container.children.length > 4) container.firstElementChild.remove();
    return toast;
  }
  return notify;
}
