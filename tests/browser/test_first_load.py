"""A fast first load: a visible loading state until the first frame, files compressed."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, Route, expect

from .helpers import WIDE, wait_settled

pytestmark = pytest.mark.browser


# The page's scripts it fetched (but recover.js, a classic script of its own), as paths below
# the hashed static folder.
SCRIPTS = """() => performance.getEntriesByType('resource').map((r) => new URL(r.name).pathname)
  .filter((p) => p.includes('/js/') || p.includes('/dist/'))
  .filter((p) => !p.endsWith('/recover.js'))
  .map((p) => p.replace(/^\\/static\\/v\\/[0-9a-f]+\\//, ''))"""


def wait_until(page: Page) -> Callable[[Callable[[], bool], str], None]:
    """A wait for ``done()`` (a route handler's doing: Playwright calls it while the page is
    waited on), 30 s at most."""

    def until(done: Callable[[], bool], what: str) -> None:
        deadline = time.monotonic() + 30
        while not done():
            assert time.monotonic() < deadline, f"not within 30 s: {what}"
            page.wait_for_timeout(20)

    return until


def test_the_page_says_it_is_loading_until_its_first_frame(
    page: Page, live_server: str, page_errors: list[str], screenshots_dir: Path
) -> None:
    """Loading is said until the first frame; the page draws and settles without plotly.js, which
    it fetches only when a chart drawn with Plotly is asked for (the noise against m): that chart
    says it is loading until plotly.js has come, a failed fetch is tried again, and the page
    settles once the chart is drawn. Its modules come in one file, the bundle."""
    failed: list[str] = []
    held: list[Route] = []
    until = wait_until(page)

    def plotly(route: Route) -> None:
        if not failed:  # a network blip, once
            failed.append(route.request.url)
            route.abort("failed")
        else:
            held.append(route)

    page.route("**/plotly.min.js*", plotly)
    script: list[Route] = []  # the page's script, held back while the loading state is checked
    page.route(re.compile(r"/(dist|js)/main\.js$"), lambda route: script.append(route))
    page.set_viewport_size(WIDE)
    page.goto(f"{live_server}/", wait_until="commit")
    loading = page.locator("#loading-state")
    expect(loading).to_be_visible()
    expect(loading).to_contain_text("Loading")
    page.screenshot(path=screenshots_dir / "first-load-loading.png")
    assert page.get_attribute("#app", "data-ready") == "0"
    until(lambda: bool(script), "the page asked for its script")
    script[0].continue_()
    wait_settled(page, 0, timeout=30_000)
    expect(loading).to_be_hidden()
    expect(page.locator("#acc-caption")).not_to_be_empty()
    expect(page.locator("#view-network circle").first).to_be_attached()
    for chart in ("#waterfall", "#metrics-plot", "#truth-chart"):  # canvas charts
        expect(page.locator(f"{chart} canvas").first).to_be_attached()
    assert failed == [] and held == [], "plotly.js is not fetched for the first load"
    assert page.evaluate("typeof window.Plotly") == "undefined"
    assert page.evaluate(SCRIPTS) == ["dist/main.js"], "every module in one file (make bundle)"

    page.click("[data-act='noise']")  # its chart is drawn with Plotly
    chart = page.locator("#noise-chart")
    expect(chart).to_have_attribute("data-waiting", "1")
    until(lambda: bool(held), "plotly.js asked for again after the failed fetch")
    assert "Loading the chart" in page.evaluate(
        "(el) => getComputedStyle(el, '::before').content", chart.element_handle()
    )
    assert page.get_attribute("#app", "data-settled") == "0"
    page.locator("#view-noise").screenshot(path=screenshots_dir / "first-load-chart-loading.png")
    held[0].continue_()
    wait_settled(page, 0, timeout=60_000)  # routing turns the cache off: plotly compiled afresh
    expect(chart.locator(".main-svg").first).to_be_attached()
    assert chart.get_attribute("data-waiting") is None and len(failed) == 1
    assert [e for e in page_errors if "net::ERR_FAILED" not in e] == []


def test_plotly_comes_compressed(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/")
    wait_settled(page, 0)
    encoding = page.evaluate(
        """() => fetch(document.querySelector("meta[name='nabla-plotly']").content)
          .then((r) => r.headers.get('content-encoding'))"""
    )
    assert encoding == "gzip"
