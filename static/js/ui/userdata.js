// Your own data, in the Data panel: draw 2-D points on the data view (a click adds a point of
// the chosen class, a click on a point removes it) and train on them; upload a CSV file; and
// download the data set shown, train and test, as CSV.
//
// While drawing, the draft ({points: [[x, y, class]], cls, add, remove}) goes out on the bus
// as "draft" (null when done): views/points.js draws it and turns clicks into add/remove. The
// drawing controls move under the data view's canvas (its #draw-slot), and the view scrolls
// into sight: what you draw on and the controls are seen together.

import { api } from "../api.js";
import { CLASS_COLOURS, classColour } from "../palette.js";

const DECIMALS = 1000; // drawn points keep three decimals
const MAX_DRAWN = 2000;
const MIN_POINTS = 5; // 4 to train on, 1 to test
// The picker offers every class of the data set shown and one new one, at most this many: one
// colour each, and as many classes as an upload may have by default (NABLA_MAX_UPLOAD_CLASSES;
// a server set lower names its limit when the points are sent).
const MAX_CLASSES = CLASS_COLOURS.length;

const clamp = (v) => Math.round(Math.max(-1, Math.min(1, v)) * DECIMALS) / DECIMALS;

// The points of a 2-D data set shown now (train, then test), as [x, y, class] rows.
function pointsOf(data) {
  if (!data) return [];
  const rows = (part) => part.x.map(([a, b], i) => [clamp(a), clamp(b), part.labels[i]]);
  return [...rows(data.train), ...rows(data.test)];
}

// The query GET /api/datasets/{name}/csv takes: the same counts, noise and seed as the run.
function csvQuery(config) {
  const params = new URLSearchParams({ n_train: config.n_train, n_test: config.n_test, seed: config.seed });
  if (config.noise !== null && config.noise !== undefined) params.set("noise", String(config.noise));
  return params.toString();
}

export function createUserData(root, { bus, model, notify, onData }) {
  const drawButton = root.querySelector('[data-act="draw"]');
  const bar = root.querySelector("#draw-bar");
  const trainButton = root.querySelector('[data-act="train-drawn"]');
  const count = root.querySelector("#drawn-count");
  const file = root.querySelector('[name="upload"]');
  const download = root.querySelector('[data-act="download"]');
  const about = root.querySelector("#userdata-about");
  const picker = root.querySelector(".draw-classes");
  let draft = null;

  // One radio per class: 0 … n − 1 of the data set, and n (a new one) while there is room.
  function showClasses(info) {
    const n = Math.min(MAX_CLASSES, Math.max(2, (info && info.n_classes) || 2) + 1);
    const names = (info && info.class_names) || [];
    const chosen = Math.min(n - 1, Number((picker.querySelector(":checked") || { value: 0 }).value));
    picker.replaceChildren(...Array.from({ length: n }, (_, k) => {
      const label = document.createElement("label");
      const radio = Object.assign(document.createElement("input"), { type: "radio", name: "draw-class", value: String(k) });
      radio.checked = k === chosen;
      const swatch = document.createElement("i");
      swatch.className = "swatch";
      swatch.style.background = classColour(k);
      const named = names[k] !== undefined && String(names[k]) !== String(k) ? ` · ${names[k]}` : "";
      label.append(radio, swatch, `class ${k}${named}`);
      if (k === n - 1 && k >= ((info && info.n_classes) || 2)) label.dataset.tip = "A class the data set does not have yet.";
      return label;
    }));
  }

  function changed() {
    const n = draft ? draft.points.length : 0;
    const from = draft && draft.fromData && n ? ", the data set's" : "";
    count.textContent = draft ? `${n} point${n === 1 ? "" : "s"}${from}` : "";
    trainButton.disabled = n < MIN_POINTS;
    if (n < MIN_POINTS) trainButton.dataset.tip = `Draw at least ${MIN_POINTS} points, of both classes.`;
    else delete trainButton.dataset.tip;
    bus.emit("draft", draft);
  }

  function setDrawing(on) {
    if (on) {
      const points = pointsOf(model.data);
      draft = {
        points,
        cls: Number(picker.querySelector('[name="draw-class"]:checked').value),
        fromData: true, // untouched: the points of the data set shown
        add(x, y) {
          if (points.length < MAX_DRAWN) points.push([clamp(x), clamp(y), draft.cls]);
          draft.fromData = false;
          changed();
        },
        remove(i) {
          points.splice(i, 1);
          draft.fromData = false;
          changed();
        },
      };
    } else {
      draft = null;
    }
    placeBar(on);
    drawButton.setAttribute("aria-pressed", String(on));
    drawButton.classList.toggle("active", on);
    changed();
  }

  // Drawing: the controls under the data view's canvas (which then scrolls them into view with
  // the draft); done: back in this panel.
  function placeBar(on) {
    const slot = document.getElementById("draw-slot");
    bar.hidden = !on;
    if (on && slot) {
      slot.append(bar);
    } else if (!on && bar.parentElement !== root) {
      root.append(bar);
    }
  }

  async function use(upload, what) {
    try {
      const info = await upload();
      setDrawing(false);
      await onData(info);
    } catch (error) {
      notify(`${what}: ${error.message}`, { kind: "error" });
    }
  }

  drawButton.addEventListener("click", () => setDrawing(!draft));
  picker.addEventListener("change", (event) => {
    if (!draft || event.target.name !== "draw-class") return;
    draft.cls = Number(event.target.value);
    changed();
  });
  bar.querySelector('[data-act="clear-drawn"]').addEventListener("click", () => {
    if (!draft) return;
    draft.points.length = 0;
    draft.fromData = false;
    changed();
  });
  bar.querySelector('[data-act="cancel-drawn"]').addEventListener("click", () => {
    setDrawing(false);
    drawButton.focus({ preventScroll: true });
  });
  trainButton.addEventListener("click", () => {
    const rows = draft.points.map((p) => [...p]);
    use(() => api.uploadRows({ rows, name: "drawn points" }), "The drawn points");
  });
  file.addEventListener("change", () => {
    const chosen = file.files[0];
    file.value = ""; // the same file chosen again is a new upload
    if (chosen) use(() => api.uploadCsv(chosen, chosen.name.replace(/\.[^.]*$/, "")), chosen.name);
  });

  bus.on("session", (session) => {
    const { config, info } = session;
    download.href = api.csvURL(config.dataset, csvQuery(config));
    download.download = `${config.dataset}-seed${config.seed}.csv`;
    about.hidden = !info || !info.title;
    about.textContent = info && info.title ? info.description : "";
    const points = info && info.kind === "points";
    drawButton.disabled = !points;
    drawButton.dataset.tip = points
      ? "Draw: click on the data to add a point of the chosen class, click a point to remove it; then train on them."
      : "Drawing needs a 2-D data set: pick one of the point sets first.";
    if (draft && !points) setDrawing(false);
    if (!draft) showClasses(info);
  });
  changed();
}
