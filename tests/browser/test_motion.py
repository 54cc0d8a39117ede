"""The update animation, and the reader's "reduce motion" setting.

An update's weights move from old to new over a short tween (the network view, the
accumulation's columns, the waterfall), drawn frame after frame; a reader whose system asks
for reduced motion sees them land at once. The scheduler counts, per view, the frames drawn
mid-animation (``nabla.stats[view].animated``).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from .helpers import QUERY, open_page, wait_settled

pytestmark = pytest.mark.browser

ANIMATED = "['network', 'accumulation'].map(v => nabla.stats[v] ? nabla.stats[v].animated : 0)"


def test_an_update_is_animated_unless_the_reader_asks_for_reduced_motion(
    page: Page, live_server: str, page_errors: list[str]
) -> None:
    page.emulate_media(reduced_motion="no-preference")  # the tests' browser asks for reduced
    open_page(page, live_server, QUERY)
    assert page.evaluate("matchMedia('(prefers-reduced-motion: reduce)').matches") is False
    before = page.evaluate(ANIMATED)
    page.click("[data-act='step-batch']")  # six examples and their update
    wait_settled(page, 7)
    tweened = page.evaluate(ANIMATED)
    assert all(after > b for after, b in zip(tweened, before, strict=True)), (before, tweened)

    page.emulate_media(reduced_motion="reduce")  # the setting changed while the page is open
    assert page.evaluate("matchMedia('(prefers-reduced-motion: reduce)').matches") is True
    page.click("[data-act='step-batch']")
    wait_settled(page, 14)
    assert page.evaluate(ANIMATED) == tweened  # the next update landed at once
    durations = page.evaluate(
        "[...document.querySelectorAll('button, .acc-col')]"
        ".map(el => getComputedStyle(el).transitionDuration)"
    )
    assert durations and set(", ".join(durations).split(", ")) == {"0s"}  # no transitions
    assert page_errors == []
