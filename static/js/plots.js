// Plotly helpers for the charts drawn with Plotly (waterfall, metrics): one look for all.
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

// Plotly.react, remembering on the element how often it was drawn (tests wait for this).
// The same traces and layout as the last draw are not drawn again: Plotly.react takes tens of
// milliseconds even when nothing changed (a long frame), and the views are asked to draw after
// every event, many of which change nothing a chart shows.
export function draw(el, data, layout) {
  const key = JSON.stringify([data, layout, NO_HOVER.matches]);
  if (el.nablaDrawn === key) return;
  Plotly.react(el, data, layout, configFor(el));
  el.nablaDrawn = key;
  el.dataset.drawn = String(Number(el.dataset.drawn || 0) + 1);
}
