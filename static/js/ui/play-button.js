// A Play/Pause button's look: its pressed state, its label and its icon.
export function setPlayButton(button, on) {
  button.setAttribute("aria-pressed", String(on));
  button.classList.toggle("playing", on);
  button.querySelector(".play-label").textContent = on ? "Pause" : "Play";
  button.querySelector(".play-icon").textContent = on ? "❚❚" : "▶";
}
