"""The line charts in a real Chromium, the Metrics panel's two (a canvas: charts/lines.js says
where it drew each label) and compare mode's cost chart (Plotly's): the tick labels of the x and
y axes never overlap (the cost chart's two "0" met at the origin), and no axis repeats a label
(whole updates: ticks at 0, 0.5, 1 would read "0 0 1")."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from .helpers import click_step, open_compare, open_page

pytestmark = pytest.mark.browser

# The boxes of the x axis's and the y axis's tick labels in one subplot of the Metrics chart.
LABELS = """([plot, subplot]) => {
  const boxes = (axis) => [...document.querySelectorAll(
      `#${plot} .subplot.${subplot} .${axis}axislayer-above text`)]
    .filter((t) => t.textContent !== "")
    .map((t) => {
      const r = t.getBoundingClientRect();
      return {text: t.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom};
    });
  return {x: boxes("x"), y: boxes("y")};
}"""


def overlaps(labels: dict[str, list[dict[str, Any]]]) -> list[tuple[str, str]]:
    """The pairs (x label, y label) whose boxes overlap."""
    assert labels["x"] and labels["y"]
    return [
        (a["text"], b["text"])
        for a in labels["x"]
        for b in labels["y"]
        if a["left"] < b["right"] and b["left"] < a["right"]
        if a["top"] < b["bottom"] and b["top"] < a["bottom"]
    ]


def clashes(page: Page, subplot: str, plot: str = "metrics-plot") -> list[tuple[str, str]]:
    """The overlapping labels of a Plotly chart's subplot."""
    return overlaps(page.evaluate(LABELS, [plot, subplot]))


def canvas_clashes(page: Page, subplot: str) -> list[tuple[str, str]]:
    """The overlapping labels of one of the Metrics chart's panels; asserts none repeats."""
    labels = page.evaluate("document.getElementById('metrics-plot').drawnTicks")[subplot]
    for axis in ("x", "y"):
        texts = [label["text"] for label in labels[axis]]
        assert len(texts) == len(set(texts)), texts
        assert overlaps({"x": labels[axis], "y": labels[axis]}) == [(t, t) for t in texts]
    return overlaps(labels)


@pytest.mark.parametrize("subplot", ["xy", "x2y2"])
def test_the_metrics_axes_tick_labels_do_not_overlap(
    page: Page, live_server: str, page_errors: list[str], screenshots_dir: Path, subplot: str
) -> None:
    open_page(page, live_server, "?dataset=moons&n_train=100")
    assert canvas_clashes(page, subplot) == []  # before any update
    page.locator("#metrics-plot").screenshot(path=screenshots_dir / "metrics-start.png")
    page.click("[data-act='step-epoch']")
    page.wait_for_function("() => document.getElementById('metrics-plot').data[1].x.length === 1")
    page.wait_for_selector("#app[data-settled='1']", state="attached")
    assert canvas_clashes(page, subplot) == []  # after an epoch: 10 updates and one accuracy
    page.locator("#metrics-plot").screenshot(path=screenshots_dir / "metrics-epoch.png")
    assert page_errors == []


def test_the_compare_cost_chart_tick_labels_do_not_overlap(
    page: Page, live_server: str, page_errors: list[str]
) -> None:
    open_compare(page, live_server, "?dataset=moons&n_train=100&seed=2&compare=1")
    click_step(page, "batch")
    assert clashes(page, "xy", "compare-cost") == []
    assert page_errors == []


# charts/ticks.js over many ranges, lengths and formats: [span, length, format, ticks, labels].
TICKS = """async () => {
  // the module itself, beside the page's bundle in the hashed static folder
  const href = document.querySelector("script[type=module]").src
    .replace(/[/](dist|js)[/]main[.]js$/, "/js/charts/ticks.js");
  const { niceTicks, formatTemplate } = await import(href);
  const out = [];
  for (const format of ["", ",d", ".0%"]) {
    for (const [lo, hi] of [[0, 1], [0, 1.02], [-1.05, 1.05], [0, 7], [0, 31.5], [0.5, 5.5],
        [0, 12345], [1e-7, 3e-7], [-3e6, 2e6], [0.2, 0.21]]) {
      for (const length of [40, 78, 134, 300, 900]) {
        const width = (t) => 6 * t.length + 10;
        const ticks = niceTicks([lo, hi], length, { tickformat: format }, width, 40);
        out.push([hi - lo, length, format, ticks.map((t) => t.v), ticks.map((t) => t.text)]);
      }
    }
  }
  const template = "update %{x}: cost %{y:.4f}<br>%{text} %{customdata[1]}<extra></extra>";
  const point = { x: [7], y: [0.123456], text: ["t"], customdata: [[0, "50%"]] };
  const line = formatTemplate(template, point, 0);
  return { out, line };
}"""


def test_ticks_are_round_distinct_and_apart(page: Page, live_server: str) -> None:
    """Every axis gets two ticks or more (whole numbers on a ",d" axis), inside its range, each
    label distinct and no closer to the next than its width; hover words filled in."""
    open_page(page, live_server)
    result = page.evaluate(TICKS)
    for span, length, fmt, values, texts in result["out"]:
        case = (span, length, fmt, texts)
        if length >= 300 and not (fmt == ",d" and span < 1):
            assert len(values) >= 2, case
        assert len(set(texts)) == len(texts), case
        if fmt == ",d":
            assert all(float(v).is_integer() for v in values), case
        for a, b, text in zip(values, values[1:], texts, strict=False):
            assert (b - a) / span * length >= 6 * len(text) + 10 - 1e-9, case
    assert result["line"] == ["update 7: cost 0.1235", "t 50%"]
