// Nabla's page: wires the model, the session (session.js: its start, its end, coming back after a
// reload) and the views together. Views are panels in a grid, listed in VIEWS; each subscribes to
// the bus itself, so adding one is one line here.

import { api } from "./api.js";
import { loadBook } from "./book.js";
import { createBus } from "./bus.js";
import { forDataset, fromQuery, remembered, SPEEDS, writeURL } from "./config.js";
import { createDatasets } from "./datasets.js";
import { createModel } from "./model.js";
import { chartsWaiting, whenPlotly } from "./plots.js";
import { createScheduler } from "./scheduler.js";
import { createSession } from "./session.js";
import { createStory } from "./story/index.js";
import { createBookPanel } from "./ui/book.js";
import { createControls } from "./ui/controls.js";
import { createCopyLink } from "./ui/copy-link.js";
import { createEditor } from "./ui/editor.js";
import { createLiveNote } from "./ui/live-note.js";
import { createProgress } from "./ui/progress.js";
import { createRunStatus } from "./ui/run-status.js";
import { createStops } from "./ui/stops.js";
import { createRunFiles } from "./ui/runs.js";
import { createNotifier } from "./ui/toast.js";
import { installTips } from "./ui/tooltip.js";
import { createTraceDownload } from "./ui/trace.js";
import { createTransport } from "./ui/transport.js";
import { createTroubleNotice } from "./ui/trouble.js";
import { createUserData } from "./ui/userdata.js";
import { createAccumulationView, HEADINGS as ACCUMULATION_HEADINGS } from "./views/accumulation.js";
import { createCodeView } from "./views/code.js";
import { createCompareView } from "./views/compare.js";
import { createConfusionView } from "./views/confusion.js";
import { createDataView } from "./views/data.js";
import { createLandscapeView } from "./views/landscape.js";
import { createMetricsView } from "./views/metrics.js";
import { createMatrixView } from "./views/matrix.js";
import { createNetworkView } from "./views/network.js";
import { createNoiseView } from "./views/noise.js";
import { createRebindView } from "./views/rebind.js";
import { createTruthView } from "./views/truth.js";
import { createWaterfallView } from "./views/waterfall.js";

// The view registry. size: "hero" spans the grid; "half" two of its three columns, "third" one
// (rows: hero; landscape + network; data + metrics; truth + noise; code).
// parent: mount inside that view's element with data-slot=<id>, not in a panel of its own.
const VIEWS = [
  { id: "accumulation", size: "hero", create: createAccumulationView, ...ACCUMULATION_HEADINGS.batch },
  { id: "waterfall", parent: "accumulation", create: createWaterfallView },
  { id: "landscape", size: "half", create: createLandscapeView, title: "Steps in weight space",
    subtitle: "each example's step −(η/m)·∇ᵢ on the mini-batch's cost, head to tail" },
  { id: "network", size: "third", create: createNetworkView, title: "Network",
    subtitle: "links: weights · dots: running Σ nabla_w · hover for values · click one to set it" },
  { id: "data", size: "third", create: createDataView, title: "Data" },
  { id: "metrics", size: "half", create: createMetricsView, title: "Metrics",
    subtitle: "cost per mini-batch, accuracy per epoch, the test set's confusion matrix" },
  { id: "confusion", parent: "metrics", create: createConfusionView },
  { id: "truth", size: "half", create: createTruthView, title: "The estimate and the true gradient",
    subtitle: "the mini-batch's mean gradient (1/m)·Σ∇Cₓ against ∇C = (1/n)·Σ over all n examples" },
  { id: "noise", size: "third", create: createNoiseView, title: "Noise against m",
    subtitle: "random mini-batches of each size m: how far their mean lies from ∇C" },
  { id: "code", size: "hero", create: createCodeView, title: "The code, running",
    subtitle: "the engine's own source, read from network.py: the lines each event ran, and their values" },
  { id: "rebind", parent: "code", create: createRebindView },
  { id: "matrix", parent: "code", create: createMatrixView },
];

const HOLD_MS = 250;
const TWEEN_MS = 650;
// The system's "reduce motion" setting (or the browser's emulation of it): updates land at once.
const REDUCED_MOTION = window.matchMedia("(prefers-reduced-motion: reduce)");

function panel(container, spec) {
  const section = document.createElement("section");
  section.className = `panel panel-${spec.size}`;
  section.id = `view-${spec.id}`;
  section.innerHTML = `<header class="panel-head">
      <div class="panel-titles"><h2></h2><p class="panel-sub"></p></div><div class="panel-tools"></div>
    </header><div class="panel-body"></div>`;
  const [heading, sub] = [section.querySelector("h2"), section.querySelector(".panel-sub")];
  heading.textContent = spec.title;
  sub.textContent = spec.subtitle || "";
  container.append(section);
  return {
    el: section.querySelector(".panel-body"),
    tools: section.querySelector(".panel-tools"),
    // The panel's title, and its subtitle too when one is given.
    setTitle: (text, subtitle) => {
      heading.textContent = text;
      if (subtitle !== undefined) sub.textContent = subtitle;
    },
  };
}

async function boot() {
  const root = document.getElementById("app");
  const notify = createNotifier(document.getElementById("toasts"));
  const bus = createBus();
  const model = createModel(bus);
  let session = null;
  // data-settled="1": every view shows the latest state and nothing is on its way (tests wait).
  const settle = () => {
    if (scheduler.busy || session?.loading || chartsWaiting()) return;
    scheduler.stamp();
    root.dataset.seq = String(model.lastSeq);
    root.dataset.settled = "1";
  };
  const scheduler = createScheduler({
    onFrame: () => { root.dataset.seq = String(model.lastSeq); },
    onIdle: () => settle(),
    seqOf: () => model.lastSeq,
    playing: () => model.playing,
  });
  // A chart drawn with Plotly waits for plotly.js, loaded when first needed (plots.js): the page
  // settles once it has come and drawn them.
  whenPlotly(() => settle());
  // Called for every view an event touches (thousands a second when playing fast): the
  // attribute is written only when it changes.
  const invalidate = (view) => {
    if (root.dataset.settled !== "0") root.dataset.settled = "0";
    scheduler.invalidate(view);
  };
  const { config: asked, prefs } = fromQuery(location.search);
  window.nabla = { model, stats: scheduler.stats, heavyElements: scheduler.heavyElements }; // for the console and the tests
  bus.on("loaded", () => settle());

  // The update animation: held, then tweened; none when playing faster than the eye follows,
  // nor for a reader who asked their system for reduced motion.
  const animation = () => {
    const rate = SPEEDS[prefs.speed];
    const fast = model.playing && (prefs.unit !== "example" || rate === null || rate > 2);
    const still = fast || REDUCED_MOTION.matches;
    return still ? { hold: 0, tween: 0 } : { hold: HOLD_MS, tween: TWEEN_MS };
  };
  const saveURL = () => model.session && writeURL(model.session.config, prefs);
  const onLayer = (layer) => { prefs.layer = layer; saveURL(); };

  // A tab with no run of its own yet asks for one as soon as the data sets say its data set is
  // one of theirs, beside the book and while the page is built (session.begin adopts it; its
  // error is begin's): a round trip fewer before the first frame.
  const listed = api.datasets();
  const made = remembered().session ? null : listed.then((list) =>
    !asked.dataset || list.some((d) => d.name === asked.dataset) ? api.createSession(asked) : null);
  if (made) made.catch(() => {});
  const [catalogue] = await Promise.all([listed, loadBook()]);
  const datasets = createDatasets(catalogue);
  const previews = new Map();
  const controls = createControls(document.getElementById("controls"), {
    catalogue,
    previews: (name) => {
      if (!previews.has(name)) previews.set(name, api.preview(name));
      return previews.get(name);
    },
    onChange: (next) => session.request(next),
  });
  session = createSession({ bus, model, notify, datasets, prefs, ui: {
    show: (config) => controls.show(config),
    saveURL,
    invalid: (field, message) => controls.markInvalid(field, message),
    busy: (on) => {
      root.classList.toggle("loading", on);
      if (!on) root.dataset.ready = model.session ? "1" : "0";
    },
    back: () => status.back(model.position),
    gone: () => status.gone(),
  } });
  createBookPanel(document.getElementById("book"), {
    catalogue, model, bus, session, prefs, notify, onPreset: (config) => session.request(config),
  });
  createLiveNote(document.getElementById("live-note"), { bus, model });
  const stops = createStops(document.getElementById("stops"), { bus, notify });
  const status = createRunStatus(document.getElementById("run-status"), { bus });
  createProgress(document.getElementById("progress"), { session, bus });
  createTransport(document.getElementById("transport"), {
    session, model, bus, prefs, notify, onPrefs: saveURL, stops,
    invalidate: (view) => {
      scheduler.own(view, document.getElementById("counters"));
      invalidate(view);
    },
  });
  // The guided story, before the compare view: its keys come first while it is open.
  createStory({ bus, model, session, notify, button: document.getElementById("story-button") });
  createCopyLink(document.getElementById("copy-link"), { notify });
  createTraceDownload(document.getElementById("trace-download"), { model, notify });
  const editor = createEditor({ session, model, bus, notify });
  installTips(document.body);
  // Your own data: train on it with the current network, its own counts and m <= n_train.
  createUserData(document.getElementById("userdata"), {
    bus, model, notify,
    onData: (info) => {
      datasets.add(info);
      const config = model.session.config;
      const next = forDataset(config, info, datasets.infoOf(config.dataset));
      session.request({ ...next, n_train: null, n_test: null,
        batch_size: Math.min(config.batch_size, info.default_n_train) });
    },
  });

  const grid = document.getElementById("views");
  const panels = {};
  for (const spec of VIEWS) {
    const place = spec.parent
      ? { el: panels[spec.parent].querySelector(`[data-slot="${spec.id}"]`), tools: null, setTitle() {} }
      : panel(grid, spec);
    panels[spec.id] = place.el;
    // Each view's element says which moment it shows (data-seq): scheduler.js.
    const own = (view) => {
      scheduler.own(view, place.el);
      invalidate(view);
    };
    spec.create({ ...place, bus, model, invalidate: own, animation, onLayer, notify, editor });
  }
  // Compare mode (batch beside per-example) takes the views' place while on: views/compare.js.
  createCompareView({ el: document.getElementById("compare"), button: document.getElementById("compare-button"),
    bus, model, notify, prefs, onPrefs: saveURL, status });

  createRunFiles(document.getElementById("run-files"), { model, notify, onOpen: (text) => session.open(text) });

  bus.on("error", (msg) => notify(msg.message, { kind: "error" }));
  createTroubleNotice({ bus, notify, session });
  bus.on("session", (s) => {
    root.dataset.session = s.id;
    saveURL();
  });

  await session.begin(asked, made);
}

boot().catch((error) => {
  console.error(error);
  const toasts = document.getElementById("toasts");
  const notify = toasts && createNotifier(toasts);
  if (notify) notify(`The page could not start: ${error.message}`, { kind: "error", sticky: true });
});
