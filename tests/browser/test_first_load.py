"""A fast first load: a visible loading state until the first frame, files compressed."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, Route, expect

from .helpers import WIDE, wait_settled

pytestmark = pytest.mark.browser


def test_the_page_says_it_is_loading_until_its_first_frame(
    page: Page, live_server: str, page_errors: list[str], screenshots_dir: Path
) -> None:
    held: list[Route] = []
    page.route("**/plotly.min.js*", lambda route: held.append(route))  # plotly held back
    page.set_viewport_size(WIDE)
    page.goto(f"{live_server}/", wait_until="commit")
    loading = page.locator("#loading-state")
    expect(loading).to_be_visible()
    expect(loading).to_contain_text("Loading")
    page.screenshot(path=screenshots_dir / "first-load-loading.png")
    assert page.get_attribute("#app", "data-ready") == "0"
    while not held:
        page.wait_for_timeout(50)
    held[0].continue_()
    wait_settled(page, 0, timeout=60_000)  # routing turns the cache off: plotly compiled afresh
    expect(loading).to_be_hidden()
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
