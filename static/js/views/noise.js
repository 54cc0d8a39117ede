// The noise against m (GET .../noise): at the current weights, random mini-batches of each size
// m = 1, 2, 5, 10, …, n, and how far their mean gradients lie from ∇C: the mean squared distance
// (log axes, beside the 1/m line through m = 1) and the mean cosine. The run's own m is marked.

import { api } from "../api.js";
import { fmt } from "../palette.js";
import { baseLayout, draw, LINE_AXIS } from "../plots.js";

const K = 20;
const HTML = `<div class="why-body">
    <p class="why-actions"><button type="button" class="btn btn-small" data-act="noise">Measure at these weights</button>
      <span class="why-status" aria-live="polite"></span></p>
    <div class="chart-box why-chart why-chart-tall" id="noise-chart"></div>
    <p class="caption why-caption" id="noise-caption">Draws ${K} random mini-batches of each size m at the
      current weights and measures how far each one's mean gradient lies from ∇C.</p>
  </div>`;

export function createNoiseView({ el, bus, model, invalidate, notify }) {
  el.innerHTML = HTML;
  const button = el.querySelector("[data-act='noise']");
  const status = el.querySelector(".why-status");
  const chart = el.querySelector("#noise-chart");
  const caption = el.querySelector("#noise-caption");
  const view = { name: "noise", render, minInterval: () => 0 };
  let shown = null;
  let seed = 0;

  button.addEventListener("click", async () => {
    const sid = model.session && model.session.id;
    if (!sid) return;
    button.disabled = true;
    status.textContent = "drawing…";
    el.dataset.loading = "1";
    try {
      const answer = await api.noise(sid, K, seed);
      seed += 1; // another click draws other mini-batches
      if (model.session && model.session.id === sid) shown = answer;
      status.textContent = `${fmt(answer.seconds, 2)} s on the server`;
    } catch (error) {
      status.textContent = "";
      notify(`Noise: ${error.message}`, { kind: "error" });
    } finally {
      button.disabled = false;
      el.dataset.loading = "0";
      invalidate(view);
    }
  });
  bus.on("session", () => {
    shown = null;
    seed = 0;
    invalidate(view);
  });

  function traces(a) {
    const sizes = a.sizes.filter((s) => s.m < a.n); // at m = n the distance is 0: off a log axis
    const ms = sizes.map((s) => s.m);
    const spread = { x: ms, y: sizes.map((s) => s.mean_sq_distance), name: "mean ‖g_S − ∇C‖²",
      type: "scatter", mode: "lines+markers", line: { color: "#7c3aed", width: 2 }, marker: { size: 6 },
      text: sizes.map((s) => `${s.draws} draws`),
      hovertemplate: "m = %{x}<br>‖g_S − ∇C‖² = %{y:.3g}<br>%{text}<extra></extra>" };
    const reference = { x: ms, y: ms.map((m) => a.sigma2 / m), name: "σ²/m", type: "scatter",
      mode: "lines", line: { color: "#64748b", width: 1.2, dash: "dash" }, hoverinfo: "skip" };
    const cosine = { x: a.sizes.map((s) => s.m), y: a.sizes.map((s) => s.mean_cosine), yaxis: "y2",
      name: "mean cos(g_S, ∇C)", type: "scatter", mode: "lines+markers",
      line: { color: "#b45309", width: 1.5 }, marker: { size: 5, symbol: "diamond" },
      hovertemplate: "m = %{x}<br>cos = %{y:.4f}<extra></extra>" };
    return [spread, reference, cosine];
  }

  let drawn = null; // the answer last drawn
  function render() {
    if (drawn === shown && shown) return false;
    drawn = shown;
    if (!shown) {
      chart.dataset.m = "";
      return false;
    }
    const a = shown;
    const now = a.m_now;
    const layout = baseLayout({
      margin: { l: 48, r: 40, t: 8, b: 34 }, showlegend: true,
      legend: { orientation: "h", y: -0.22, font: { size: 10 } },
      xaxis: { ...LINE_AXIS, type: "log", title: { text: "mini-batch size m", font: { size: 10 } } },
      yaxis: { ...LINE_AXIS, type: "log", exponentformat: "power", title: { text: "‖g_S − ∇C‖²", font: { size: 10 } } },
      yaxis2: { ...LINE_AXIS, overlaying: "y", side: "right", range: [-0.05, 1.05], showgrid: false,
        tickvals: [0, 0.25, 0.5, 0.75, 1], title: { text: "cos", font: { size: 10 } } },
      shapes: [{ type: "line", xref: "x", yref: "paper", x0: now, x1: now, y0: 0, y1: 1,
        line: { color: "#0f766e", width: 1.5, dash: "dot" } }],
      annotations: [{ x: Math.log10(now), y: 0, xref: "x", yref: "paper", text: ` your m = ${now}`,
        showarrow: false, xanchor: "left", yanchor: "bottom", font: { size: 10, color: "#0f766e" } }],
    });
    draw(chart, traces(a), layout);
    const at = a.sizes.find((s) => s.m === now) || null;
    caption.textContent = `At these weights one example's gradient lies σ² = ${fmt(a.sigma2, 3)} ` +
      `(squared) from ∇C on average; the mean of m random examples lies about σ²/m from it ` +
      `(the dashed 1/m line), and exactly on it at m = n = ${a.n}. ` +
      (at ? `With your m = ${now}: ${fmt(at.mean_sq_distance, 3)}, cosine ${fmt(at.mean_cosine, 3)}. ` : "") +
      "A larger m follows ∇C more closely, but takes fewer steps per epoch.";
    chart.dataset.m = String(now);
    chart.dataset.sizes = String(a.sizes.length);
    return false;
  }
  return view;
}
