// "The book's experiments": one click runs a chapter's MNIST experiment with the book's own
// random numbers, downloading the book's mnist.pkl.gz first if the server has not got it (its
// progress shown here), and trains the book's number of epochs an epoch at a time, each a
// long step with its own progress, the whole with a bar and a Cancel of its own here.

import { api } from "../api.js";
import { presetOf, presets } from "../book.js";
import { toQuery } from "../config.js";

const POLL_MS = 400;
const MNIST_LABEL = "MNIST (the book's file, 17 MB)";

export function createBookPanel(root, { catalogue, model, bus, session, prefs, notify, onPreset }) {
  const hasMnist = () => catalogue.some((d) => d.name === "mnist");
  root.hidden = false;
  root.innerHTML = `<h2>The book's experiments</h2>
    <div class="book-presets" role="list"></div>
    <p class="book-fetch" hidden><progress max="1" value="0"></progress> <span></span></p>
    <p class="book-run" hidden><button type="button" class="btn btn-small btn-primary" data-act="book-epochs"></button></p>
    <p class="book-running" hidden><progress max="1" value="0"></progress> <span></span>
      <button type="button" class="btn btn-small" data-act="book-cancel">Cancel</button></p>`;
  const list = root.querySelector(".book-presets");
  const fetchLine = root.querySelector(".book-fetch");
  const runLine = root.querySelector(".book-run");
  const runButton = runLine.querySelector("button");
  const runningLine = root.querySelector(".book-running");
  let running = null; // {from, done, total} while the book's epochs are being trained

  for (const preset of presets()) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-small book-preset";
    button.dataset.preset = preset.id;
    button.setAttribute("role", "listitem");
    button.textContent = preset.title;
    const figure = preset.figure === null ? "" : ` The book: ${(100 * preset.figure).toFixed(2)} %.`;
    button.dataset.tip = `${preset.epochs} epochs, rng book.${figure} ${preset.quote}`;
    button.addEventListener("click", () => choose(preset));
    list.append(button);
  }

  // MNIST is offered even when the server has not got it yet: choosing it downloads it.
  if (!hasMnist()) {
    const datasets = document.getElementById("datasets");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "dataset dataset-fetch";
    button.dataset.dataset = "mnist";
    button.dataset.tip = "The book's MNIST: 50,000 training and 10,000 test digits. The server downloads its mnist.pkl.gz once (17 MB), checks it, and keeps it.";
    button.innerHTML = `<span class="fetch-icon" aria-hidden="true">⇩</span><span></span>`;
    button.lastElementChild.textContent = MNIST_LABEL;
    button.addEventListener("click", () => fetchMnist(null));
    datasets.append(button);
  }

  async function choose(preset) {
    if (!hasMnist()) return fetchMnist(preset);
    onPreset(preset.config);
  }

  // Download, then reload the page on the config asked for (the data sets are read at start).
  async function fetchMnist(preset) {
    fetchLine.hidden = false;
    const bar = fetchLine.querySelector("progress");
    const text = fetchLine.querySelector("span");
    text.textContent = "Asking the server for the book's mnist.pkl.gz…";
    let status;
    try {
      status = await api.downloadMnist();
      while (status.state === "downloading") {
        if (status.total) { bar.max = status.total; bar.value = status.done; }
        text.textContent = `Downloading the book's mnist.pkl.gz: ${(status.done / 1e6).toFixed(1)}`
          + (status.total ? ` of ${(status.total / 1e6).toFixed(1)} MB` : " MB");
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        status = await api.mnist();
      }
    } catch (error) {
      status = { state: "failed", message: error.message };
    }
    fetchLine.dataset.state = status.state;
    if (status.state !== "ready") {
      text.textContent = `MNIST could not be downloaded: ${status.message}`;
      notify(`MNIST could not be downloaded: ${status.message}`, { kind: "error" });
      return;
    }
    bar.max = bar.value = 1;
    text.textContent = "MNIST is here; starting…";
    const config = preset ? preset.config : { dataset: "mnist", sizes: [784, 30, 10] };
    location.assign(`?${toQuery(config, prefs)}`);
  }

  // A run that is one of the presets offers the book's epochs as one step (progress, Cancel).
  function show() {
    const preset = model.session && presetOf(model.session.config);
    for (const button of list.children) {
      button.classList.toggle("selected", Boolean(preset && button.dataset.preset === preset.id));
    }
    runLine.hidden = !preset;
    if (!preset) return;
    const done = model.history.epochs.length;
    const left = Math.max(0, preset.epochs - done);
    runButton.textContent = left
      ? `▶ Train ${left} epoch${left === 1 ? "" : "s"} (the book's ${preset.epochs})`
      : `The book's ${preset.epochs} epochs are done`;
    runButton.disabled = left === 0 || Boolean(running);
    runButton.dataset.epochs = String(left);
  }
  function showRunning() {
    runningLine.hidden = !running;
    root.dataset.running = running ? "1" : "0";
    if (!running) return;
    const bar = runningLine.querySelector("progress");
    bar.max = running.total;
    bar.value = running.done;
    runningLine.querySelector("span").textContent = `the book's run: epoch ${running.done} of ${running.total}`;
  }
  function stop() {
    running = null;
    showRunning();
    show();
  }
  // The book's epochs come as their epoch events alone (detail "none"), as the whole MNIST's
  // 50,000 examples an epoch would anyway: the curve and each epoch's time are what this run
  // shows, and a summary of every example of a smaller file kept the page busy for seconds
  // (Cancel answered late). The weights and the history follow by REST after each epoch.
  const nextEpoch = () => session.step("epoch", 1, "none");
  runButton.addEventListener("click", () => {
    running = { from: model.history.epochs.length, done: 0, total: Number(runButton.dataset.epochs) };
    showRunning();
    nextEpoch();
  });
  runningLine.querySelector("button").addEventListener("click", () => {
    stop();
    session.cancel();
  });
  // Each epoch's end asks for the next: the steps queue on the server, and a Cancel drops them.
  // (A history fetched anew also says "epoch", with no event: it moves the bar, asks nothing.)
  bus.on("epoch", (event) => {
    if (!running) return;
    running.done = model.history.epochs.length - running.from;
    if (running.done >= running.total) return stop();
    showRunning();
    if (event) nextEpoch();
  });
  bus.on("progress", (msg) => { if (msg.cancelled) stop(); });
  bus.on("session", () => stop());
  bus.on("reset", () => stop());
  for (const topic of ["session", "epoch", "reset"]) bus.on(topic, show);
}
