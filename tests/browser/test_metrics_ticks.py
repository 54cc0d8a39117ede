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
