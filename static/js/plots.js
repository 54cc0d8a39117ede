// Plotly helpers for the charts drawn with Plotly (noise against m, compare mode's costs) and the
// look the canvas line charts share with them.
/* global Plotly */

export const FONT = {
  family: 'Inter, "Segoe UI", system-ui, -apple-system, Roboto, "Helvetica Neue", sans-serif',
  size: 11,
  color: "#33415c",
};
export const MONO = 'ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace';
// Plotly's mode bar shows on hover: its camera saves the chart as a PNG, named after it. On a
// touch screen or a phone there is no hover: a tap would leave it over the chart, so none.
export const CONFIG = { displayModeBar: "hover", responsive: true, displaylogo: false };
const NO_HOVER = window.matchMedia("(hover: none), (max-width: 640px)");
const configFor = (el) => ({
  ...CONFIG, displayModeBar: NO_HOVER.matches ? false : CONFIG.displayModeBar,
  toImageButtonOptions: { format: "png", scale: 2, filename: `nabla-${el.id || "chart"}` },
});
export const GRID = "#e6e9f0";
// The axes of a line chart. ticklabelstandoff: the labels a few pixels off their axis, so the x
// and y axes' "0" (or "0%") do not meet at the origin.
export const LINE_AXIS = { gridcolor: GRID, tickfont: { size: 9, family: MONO }, zeroline: false,
  fixedrange: true, ticklabelstandoff: 4 };

export function baseLayout(extra = {}) {
  return {
    font: FONT,
    margin: { l: 36, r: 8, t: 8, b: 28 },
    paper_bgcolor: "rgba(0,0,0,0)",
    plot_bgcolor: "rgba(0,0,0,0)",
    showlegend: false,
    hoverlabel: { font: { family: MONO, size: 11 }, bgcolor: "#ffffff", bordercolor: "#c9d1e0" },
    ...extra,
  };
}

// plotly.js (4.8 MB) is loaded only when a chart drawn with it is first asked for (noise
// against m, compare mode's costs): the live charts are drawn on canvases (charts/lines.js), so
// a page that never opens those never fetches it. Until it has come, the chart says it is
// loading (data-waiting) and the page is not settled (chartsWaiting); a failed load is tried
// again (the page's own recover.js would reload the whole page: this script is marked as ours).
const waiting = new Map(); // el -> [data, layout, resolves], its latest chart before plotly.js came
const arrived = []; // callbacks once plotly.js has come
const RETRY_MS = [500, 2000, 8000];
let loading = false;
let failures = 0;
export const plotlyLoaded = () => typeof window.Plotly !== "undefined";
export const chartsWaiting = () => waiting.size > 0;

export function whenPlotly(callback) {
  if (plotlyLoaded()) callback();
  else arrived.push(callback);
}

// Every waiting chart's promises resolved with answer(el, data, layout); then the callbacks.
function release(answer) {
  for (const [el, [data, layout, resolves]] of waiting) {
    const drawn = answer(el, data, layout);
    resolves.forEach((resolve) => resolve(drawn));
  }
  waiting.clear();
  for (const callback of arrived.splice(0)) callback();
}

function come() {
  loading = false;
  release((el, data, layout) => {
    delete el.dataset.waiting;
    return draw(el, data, layout);
  });
}

function failed(script) {
  script.remove();
  loading = false;
  if (failures < RETRY_MS.length) {
    setTimeout(load, RETRY_MS[failures]);
    failures += 1;
    return;
  }
  console.error("plotly.js could not be loaded: its charts cannot be drawn");
  release((el) => {
    el.dataset.waiting = "failed";
    return null;
  });
}

function load() {
  if (loading || plotlyLoaded()) return;
  const source = document.querySelector("meta[name='nabla-plotly']");
  if (!source) return console.error("no plotly.js on this page: its charts cannot be drawn");
  loading = true;
  const script = document.createElement("script");
  script.src = source.content;
  script.dataset.recover = "own"; // recover.js leaves its failures to us
  script.addEventListener("load", come, { once: true });
  script.addEventListener("error", () => failed(script), { once: true });
  document.head.append(script);
}

// Plotly.react, remembering on the element how often it was drawn (tests wait for this).
// Before plotly.js has come: the promise of the latest chart asked for `el`, drawn once it has.
// The same traces and layout as the last draw are not drawn again: Plotly.react takes tens of
// milliseconds even when nothing changed (a long frame), and the views are asked to draw after
// every event, many of which change nothing a chart shows.
export function draw(el, data, layout) {
  if (!plotlyLoaded()) {
    const resolves = waiting.has(el) ? waiting.get(el)[2] : [];
    el.dataset.waiting = "1";
    load();
    return new Promise((resolve) => waiting.set(el, [data, layout, [...resolves, resolve]]));
  }
  const key = JSON.stringify([data, layout, NO_HOVER.matches]);
  return drawChanged(el, key, () => Plotly.react(el, data, layout, configFor(el))) || Promise.resolve(el);
}

// drawIt() unless `key` (all a chart is asked to show) is the one last drawn on `el` (then
// null); once drawn, key is the last and el's data-drawn counts one more draw (tests wait for
// it). Plotly's charts and the canvas line charts (charts/lines.js) both go through it.
export function drawChanged(el, key, drawIt) {
  if (el.nablaDrawn === key) return null;
  const result = drawIt();
  el.nablaDrawn = key;
  el.dataset.drawn = String(Number(el.dataset.drawn || 0) + 1);
  return result;
}
