// Your own data, in the Data panel: draw 2-D points on the data view (a click adds a point of
// the chosen class, a click on a point removes it) and train on them; upload a CSV file; and
// download the data set shown, train and test, as CSV.
//
// While drawing, the draft ({points: [[x, y, class]], cls, add, remove}) goes out on the bus
// as "draft" (null when done): views/points.js draws it and turns clicks into add/remove.

import { api } from "../api.js";

const DECIMALS = 1000; // drawn points keep three decimals
const MAX_DRAWN = 2000;
const MIN_POINTS = 5; // 4 to train on, 1 to test

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
  let draft = null;

  function changed() {
    const n = draft ? draft.points.length : 0;
    count.textContent = draft ? `${n} point${n === 1 ? "" : "s"}` : "";
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
        cls: Number(root.querySelector('[name="draw-class"]:checked').value),
        add(x, y) {
          if (points.length < MAX_DRAWN) points.push([clamp(x), clamp(y), draft.cls]);
          changed();
        },
        remove(i) {
          points.splice(i, 1);
          changed();
        },
      };
    } else {
      draft = null;
    }
    bar.hidden = !on;
    drawButton.setAttribute("aria-pressed", String(on));
    drawButton.classList.toggle("active", on);
    changed();
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
  for (const radio of root.querySelectorAll('[name="draw-class"]')) {
    radio.addEventListener("change", () => {
      if (!draft) return;
      draft.cls = Number(radio.value);
      changed();
    });
  }
  root.querySelector('[data-act="clear-drawn"]').addEventListener("click", () => {
    if (!draft) return;
    draft.points.length = 0;
    changed();
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
  });
  changed();
}
