// The story's card: a non-modal dialog (the page beside it stays live) with the step's title, its
// sentences, Back / Next, a dot per step and a close button. It only shows; story/index.js decides.
// data-step (1-based) and data-ready ("1" once the page is in the step's state) are for the tests.

const HTML = `<div class="story-head">
    <p class="story-count" id="story-count"></p>
    <button type="button" class="story-close" data-story="close" aria-label="Leave the story">×</button>
  </div>
  <h2 class="story-title" id="story-title" tabindex="-1"></h2>
  <div class="story-text" id="story-text" aria-live="polite"></div>
  <ol class="story-dots" aria-label="Steps"></ol>
  <div class="story-nav">
    <button type="button" class="btn" data-story="back">← Back</button>
    <button type="button" class="btn btn-primary" data-story="next">Next →</button>
  </div>
  <p class="story-keys"><kbd>←</kbd> <kbd>→</kbd> to move · <kbd>Esc</kbd> to leave; the run stays where it is</p>`;

// Text with `code` between backquotes, as nodes: never parsed as HTML.
function withCode(text) {
  const p = document.createElement("p");
  text.split("`").forEach((piece, i) => {
    if (!piece) return;
    if (i % 2) {
      const code = document.createElement("code");
      code.textContent = piece;
      p.append(code);
    } else p.append(piece);
  });
  return p;
}

export function createStoryDialog({ title, steps, onGo, onClose }) {
  const el = document.createElement("section");
  el.className = "story";
  el.id = "story";
  el.hidden = true;
  el.setAttribute("role", "dialog");
  el.setAttribute("aria-modal", "false");
  el.setAttribute("aria-label", title);
  el.setAttribute("aria-describedby", "story-count story-title story-text");
  el.innerHTML = HTML;
  const count = el.querySelector(".story-count");
  const heading = el.querySelector(".story-title");
  const body = el.querySelector(".story-text");
  const back = el.querySelector("[data-story='back']");
  const next = el.querySelector("[data-story='next']");
  const dots = el.querySelector(".story-dots");
  let at = 0;

  steps.forEach((step, i) => {
    const li = document.createElement("li");
    const dot = document.createElement("button");
    dot.type = "button";
    dot.className = "story-dot";
    dot.dataset.go = String(i);
    dot.setAttribute("aria-label", `Step ${i + 1}: ${step.title}`);
    li.append(dot);
    dots.append(li);
  });

  el.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    if (!button) return;
    if (button.dataset.go !== undefined) onGo(Number(button.dataset.go));
    else if (button.dataset.story === "back") onGo(at - 1);
    else if (button.dataset.story === "next") (at === steps.length - 1 ? onClose() : onGo(at + 1));
    else if (button.dataset.story === "close") onClose();
  });

  return {
    el,
    // Show step i (0-based); the page is not in its state yet (ready(true) says when it is).
    show(i) {
      at = i;
      const step = steps[i];
      count.textContent = `Step ${i + 1} of ${steps.length}`;
      heading.textContent = step.title;
      body.replaceChildren(withCode(step.text));
      back.disabled = i === 0;
      next.textContent = i === steps.length - 1 ? "Done" : "Next →";
      dots.querySelectorAll(".story-dot").forEach((dot, j) => {
        if (j === i) dot.setAttribute("aria-current", "step");
        else dot.removeAttribute("aria-current");
      });
      el.dataset.step = String(i + 1);
      el.dataset.key = step.key;
      el.dataset.ready = "0";
    },
    ready(on) {
      el.dataset.ready = on ? "1" : "0";
      el.setAttribute("aria-busy", String(!on));
    },
    get next() {
      return next;
    },
  };
}
