"""Chromium, Playwright and the app's own plotly.js work together, with no CDN."""

import json
from pathlib import Path

import pytest
from playwright.sync_api import Page

ROOT = Path(__file__).resolve().parents[2]

BLANK_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><link rel="icon" href="data:,"></head>
<body><div id="chart" style="width: 640px; height: 400px"></div></body></html>"""

DRAW = """async () => {
  const chart = document.getElementById("chart");
  await Plotly.newPlot(chart, [{x: [1, 2, 3], y: [3, 1, 2], type: "scatter"}],
                       {title: {text: "smoke"}});
  chart.dataset.rendered = "1";
  return Plotly.version;
}"""


@pytest.mark.browser
def test_plotly_served_by_the_app_draws_in_chromium(
    page: Page, live_server: str, page_errors: list[str], screenshots_dir: Path
) -> None:
    page.set_content(BLANK_PAGE)
    page.add_script_tag(url=f"{live_server}/static/vendor/plotly.min.js")
    version = page.evaluate(DRAW)
    page.wait_for_selector("#chart[data-rendered='1'] svg.main-svg", state="attached")

    package = json.loads((ROOT / "scripts" / "plotly" / "package.json").read_text())
    assert version == package["dependencies"]["plotly.js"]  # the release the bundle is built from
    assert page.evaluate("document.getElementById('chart').data[0].y") == [3, 1, 2]
    assert page.locator("#chart .gtitle").text_content() == "smoke"
    page.screenshot(path=screenshots_dir / "smoke-plotly.png")
    assert page_errors == []
