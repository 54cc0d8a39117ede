// The configuration panel: data set thumbnails, data sizes, the architecture editor and the
// hyper-parameters. It shows a resolved config and reports each change as a whole new config.

import { forDataset } from "../config.js";
import { classColour } from "../palette.js";

const MAX_HIDDEN_LAYERS = 6;
const MAX_NEURONS = 512;
const NUMBER_FIELDS = ["n_train", "n_test", "eta", "batch_size", "lmbda", "seed"];
const SELECT_FIELDS = ["activation", "init", "cost", "rng"];
const INTEGERS = ["n_train", "n_test", "batch_size", "seed"];

function drawPoints(ctx, preview, size) {
  ctx.fillStyle = "#fbfcfe";
  ctx.fillRect(0, 0, size, size);
  preview.x.forEach(([px, py], i) => {
    ctx.fillStyle = classColour(preview.labels[i]);
    ctx.beginPath();
    ctx.arc(((px + 1) / 2) * size, ((1 - py) / 2) * size, size / 36, 0, 2 * Math.PI);
    ctx.fill();
  });
}

function drawImages(ctx, preview, size) {
  const [rows, cols] = preview.image_shape;
  const half = size / 2;
  const image = ctx.createImageData(cols, rows);
  preview.x.slice(0, 4).forEach((pixels, n) => {
    pixels.forEach((v, i) => {
      const g = Math.round(255 * (1 - v));
      image.data.set([g, g, g, 255], i * 4);
    });
    const tmp = new OffscreenCanvas(cols, rows);
    tmp.getContext("2d").putImageData(image, 0, 0);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(tmp, (n % 2) * half + 2, Math.floor(n / 2) * half + 2, half - 4, half - 4);
  });
}

export function createControls(root, { catalogue, previews, onChange }) {
  const byName = Object.fromEntries(catalogue.map((d) => [d.name, d]));
  let config = null;
  const input = (name) => root.querySelector(`[name="${name}"]`);
  const change = (next) => onChange(next);

  // On a narrow screen the panel starts folded, so the views come first. Wider, it has no
  // summary to unfold it by: a window widened past that unfolds it.
  const details = root.querySelector("#controls-details");
  const narrow = window.matchMedia("(max-width: 860px)");
  if (narrow.matches) details.open = false;
  narrow.addEventListener("change", () => {
    if (!narrow.matches) details.open = true;
  });

  // --- data sets -------------------------------------------------------------
  const list = root.querySelector("#datasets");
  for (const info of catalogue) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "dataset";
    button.dataset.dataset = info.name;
    button.setAttribute("role", "radio");
    button.dataset.tip = `${info.name}: ${info.description}`;
    const canvas = document.createElement("canvas");
    canvas.width = canvas.height = 72;
    const label = document.createElement("span");
    label.textContent = info.name;
    button.append(canvas, label);
    button.addEventListener("click", () => {
      if (config && config.dataset !== info.name) {
        change(forDataset(config, info, byName[config.dataset]));
      }
    });
    list.append(button);
    previews(info.name).then((preview) => {
      const ctx = canvas.getContext("2d");
      if (preview.kind === "points") drawPoints(ctx, preview, canvas.width);
      else drawImages(ctx, preview, canvas.width);
    }, () => {});
  }

  // --- plain fields ----------------------------------------------------------
  for (const name of NUMBER_FIELDS) {
    input(name).addEventListener("change", (event) => {
      const text = event.target.value.trim();
      const value = Number(text);
      if (text === "" || !Number.isFinite(value)) return show(config);
      change({ ...config, [name]: INTEGERS.includes(name) ? Math.round(value) : value });
    });
  }
  for (const name of SELECT_FIELDS) {
    input(name).addEventListener("change", (event) => change({ ...config, [name]: event.target.value }));
  }
  for (const radio of root.querySelectorAll('[name="update"]')) {
    radio.addEventListener("change", () => change({ ...config, update: radio.value }));
  }
  const noise = input("noise");
  noise.addEventListener("input", () => {
    root.querySelector('[name="noise-label"]').textContent = Number(noise.value).toFixed(2);
  });
  noise.addEventListener("change", () => change({ ...config, noise: Number(noise.value) }));
  root.querySelector('[data-act="new-seed"]').addEventListener("click", () => {
    change({ ...config, seed: Math.floor(Math.random() * 100000) });
  });

  // --- architecture ------------------------------------------------------------
  const arch = root.querySelector("#architecture");
  arch.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-arch]");
    if (!button || !config) return;
    const sizes = [...config.sizes];
    const l = Number(button.dataset.layer);
    const lastHidden = sizes[sizes.length - 2];
    if (button.dataset.arch === "add-layer") sizes.splice(sizes.length - 1, 0, lastHidden > 2 ? lastHidden : 4);
    if (button.dataset.arch === "remove-layer") sizes.splice(sizes.length - 2, 1);
    if (button.dataset.arch === "plus") sizes[l] = Math.min(MAX_NEURONS, sizes[l] + 1);
    if (button.dataset.arch === "minus") sizes[l] = Math.max(1, sizes[l] - 1);
    if (sizes.join() !== config.sizes.join()) change({ ...config, sizes }); // else no new run
  });

  function archButton(act, text, label, layer = "") {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "btn btn-small";
    b.dataset.arch = act;
    if (layer !== "") b.dataset.layer = String(layer);
    b.setAttribute("aria-label", label);
    b.textContent = text;
    return b;
  }

  function layerRow(title, count, note, l = null) {
    const row = document.createElement("div");
    row.className = `layer-row${l === null ? " fixed" : ""}`;
    const name = document.createElement("span");
    name.className = "layer-name";
    name.textContent = title;
    const value = document.createElement("span");
    value.className = "layer-count";
    value.textContent = String(count);
    const hint = document.createElement("span");
    hint.className = "layer-note";
    hint.textContent = note;
    if (l === null) row.append(name, value, hint);
    else {
      const fewer = archButton("minus", "−", `fewer neurons in layer ${l}`, l);
      const more = archButton("plus", "+", `more neurons in layer ${l}`, l);
      fewer.disabled = count <= 1; // one neuron is the least: "−" would change nothing
      more.disabled = count >= MAX_NEURONS;
      row.append(name, fewer, value, more, hint);
    }
    return row;
  }

  function showArchitecture(sizes) {
    const hidden = sizes.length - 2;
    root.querySelector("#sizes-code").textContent = `sizes = [${sizes.join(", ")}]`;
    const head = document.createElement("div");
    head.className = "layer-row layers-head";
    head.dataset.tip = "Add or remove a hidden layer; input and output sizes follow the data set.";
    const title = document.createElement("span");
    title.className = "layer-name";
    title.textContent = `${hidden} hidden layer${hidden === 1 ? "" : "s"}`;
    const remove = archButton("remove-layer", "−", "remove the last hidden layer");
    remove.disabled = hidden === 0;
    const add = archButton("add-layer", "+", "add a hidden layer");
    add.disabled = hidden >= MAX_HIDDEN_LAYERS;
    head.append(title, remove, add);
    const rows = [head, layerRow("input", sizes[0], "follows the data")];
    for (let l = 1; l <= hidden; l++) rows.push(layerRow(`hidden ${l}`, sizes[l], "neurons", l));
    rows.push(layerRow("output", sizes[sizes.length - 1], "one per class"));
    arch.replaceChildren(...rows);
  }

  // --- showing a config ----------------------------------------------------------
  function show(next) {
    config = { ...next };
    const info = byName[config.dataset];
    for (const button of list.children) {
      const on = button.dataset.dataset === config.dataset;
      button.classList.toggle("selected", on);
      button.setAttribute("aria-checked", String(on));
    }
    root.querySelector("#dataset-about").textContent = info ? info.description : "";
    // A number the user is typing keeps their text: a state that arrives meanwhile must not erase it.
    for (const name of NUMBER_FIELDS) {
      const el = input(name);
      if (el !== document.activeElement) el.value = String(config[name] ?? "");
    }
    for (const name of SELECT_FIELDS) input(name).value = config[name];
    for (const radio of root.querySelectorAll('[name="update"]')) {
      radio.checked = radio.value === config.update;
    }
    const noiseField = root.querySelector('[data-field="noise"]');
    noiseField.hidden = !info || !info.has_noise;
    if (config.noise !== null) noise.value = String(config.noise);
    const noiseText = config.noise === null ? "" : Number(config.noise).toFixed(2);
    root.querySelector('[name="noise-label"]').textContent = noiseText;
    if (info) {
      input("n_train").max = String(info.max_n_train);
      input("n_test").max = String(info.max_n_test);
    }
    showArchitecture(config.sizes);
    root.querySelector("#controls-digest").textContent = `${config.dataset} · [${config.sizes.join(", ")}]`;
    markInvalid(null);
  }

  // A field the server refused: its message under it, and the value in force back in it (even
  // while the field has the focus). Returns whether the panel has such a field.
  function markInvalid(field, message = "") {
    for (const el of root.querySelectorAll(".invalid")) el.classList.remove("invalid");
    for (const el of root.querySelectorAll(".field-error")) el.remove();
    const el = field && root.querySelector(`[data-field="${field}"]`);
    if (!el) return false;
    details.open = true;
    el.classList.add("invalid");
    const said = document.createElement("span");
    said.className = "field-error";
    said.setAttribute("role", "alert");
    said.textContent = message;
    el.append(said);
    if (config && NUMBER_FIELDS.includes(field)) input(field).value = String(config[field] ?? "");
    return true;
  }

  return { show, markInvalid, get config() { return config; } };
}
