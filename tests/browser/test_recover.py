"""A resource that fails to load (a network blip) does not leave the page blank: it loads again."""

import re

import pytest
from playwright.sync_api import Page, Route

READY = "#app[data-ready='1']"


def fail_first(page: Page, pattern: str, times: int = 1) -> list[str]:
    """Abort the first ``times`` requests whose URL matches ``pattern``; the URLs aborted."""
    aborted: list[str] = []

    def handle(route: Route) -> None:
        if len(aborted) < times:
            aborted.append(route.request.url)
            route.abort("failed")
        else:
            route.continue_()

    page.route(re.compile(pattern), handle)
    return aborted


@pytest.mark.browser
@pytest.mark.parametrize("resource", [r"/dist/main\.js", r"/css/views\.css"])
def test_the_page_recovers_from_a_failed_load(
    page: Page, live_server: str, page_errors: list[str], resource: str
) -> None:
    aborted = fail_first(page, resource)
    page.goto(live_server, wait_until="commit")
    page.wait_for_selector(READY, state="attached")
    assert len(aborted) == 1, "the load failed once, and the page loaded again"
    assert page.evaluate("sessionStorage.getItem('nabla.reloads')") is None, "count cleared"
    assert [e for e in page_errors if "net::ERR_FAILED" not in e] == []


@pytest.mark.browser
def test_a_page_that_keeps_failing_says_so(page: Page, live_server: str) -> None:
    aborted = fail_first(page, r"/(js|dist)/main\.js", times=100)
    page.goto(live_server, wait_until="commit")
    alert = page.wait_for_selector(".load-failed[role='alert']")
    assert "failed to load" in (alert.text_content() or "")
    assert len(aborted) == 4, "the first load and three more"
