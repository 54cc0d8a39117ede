"""A fast first load: a visible loading state until the first frame, files compressed."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, Route, expect

from .helpers import WIDE, wait_settled

pytestmark = pytest.mark.browser


# The ES modules the page fetched (but main.js, its script tag's), and those it preloads
# (<link rel="modulepreload">).
MODULES = """() => ({
  fetched: performance.getEntriesByType('resource').map((r) => new URL(r.name).pathname)
    .filter((p) => p.includes('/js/') && !p.endsWith('/recover.js') && !p.endsWith('/main.js'))
    .sort(),
  preloaded: [...document.querySelectorAll("link[rel='modulepreload']")]
    .map((l) => new URL(l.href).pathname).sort(),
})"""


def test_the_page_says_it_is_loading_until_its_first_frame(
    page: Page, live_server: str, page_errors: list[str], screenshots_dir: Path
) -> None:
    """Loading is said until the first frame; that frame comes before plotly.js, whose charts
    say they are loading until it has come; every module is preloaded."""
    held: list[Route] = []
    page.route("**/plotly.min.js*", lambda route: held.append(route))  # plotly held back
    page.set_viewport_size(WIDE)
    page.goto(f"{live_server}/", wait_until="commit")
    loading = page.locator("#loading-state")
    expect(loading).to_be_visible()
    expect(loading).to_contain_text("Loading")
    page.screenshot(path=screenshots_dir / "first-load-loading.png")
    assert page.get_attribute("#app", "data-ready") == "0"
    # The run and its first frame, plotly.js still on its way: the views that need no chart
    # are drawn, the charts say they are loading, and the page is not settled.
    page.wait_for_selector("#app[data-ready='1']", state="attached", timeout=30_000)
    expect(loading).to_be_hidden()
    expect(page.locator("#acc-caption")).not_to_be_empty()
    expect(page.locator("#view-network circle").first).to_be_attached()
    assert held and page.evaluate("typeof window.Plotly") == "undefined"
    assert page.get_attribute("#app", "data-settled") == "0"
    expect(page.locator("#waterfall canvas").first).to_be_attached()  # a canvas chart: drawn
    assert page.locator("#metrics-plot .main-svg").count() == 0
    waiting = page.locator("#metrics-plot")
    assert "Loading the chart" in page.evaluate(
        "(el) => getComputedStyle(el, '::before').content", waiting.element_handle()
    )
    page.screenshot(path=screenshots_dir / "first-load-before-plotly.png", full_page=True)
    held[0].continue_()
    wait_settled(page, 0, timeout=60_000)  # routing turns the cache off: plotly compiled afresh
    expect(page.locator("#metrics-plot .main-svg").first).to_be_attached()
    assert (
        page.evaluate("(el) => getComputedStyle(el, '::before').content", waiting.element_handle())
        == "none"
    )
    modules = page.evaluate(MODULES)
    assert modules["fetched"] == modules["preloaded"] and len(modules["fetched"]) > 50
    assert page_errors == []


def test_plotly_comes_compressed(page: Page, live_server: str) -> None:
    sizes: dict[str, str | None] = {}
    page.on(
        "response",
        lambda r: (
            sizes.setdefault("plotly", r.headers.get("content-encoding"))
            if "plotly.min.js" in r.url
            else None
        ),
    )
    page.goto(f"{live_server}/")
    wait_settled(page, 0)
    assert sizes["plotly"] == "gzip"
