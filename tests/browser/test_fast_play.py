"""Played as fast as the server trains, then paused: the page shows where the run stopped.

At that speed the stream sends no examples (detail "none"); once paused, the views must show
the mini-batch the counters are in, not the one they last saw nor an empty one.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from .helpers import (
    QUERY,
    api,
    counter,
    open_page,
    server_stopped,
    shows_the_mini_batch,
    wait_settled,
)

pytestmark = pytest.mark.browser


def play_and_pause(page: Page, base: str, sid: str, seconds: float) -> None:
    """Space plays (at the speed of the URL), Space pauses; wait until the page has caught up
    with where the server stopped (its seq unchanged for a while: the play is over)."""
    page.keyboard.press("Space")
    page.wait_for_timeout(int(seconds * 1000))
    page.keyboard.press("Space")
    wait_settled(page, server_stopped(base, sid), timeout=30_000)


def test_a_pause_after_playing_at_full_speed_shows_the_mini_batch_under_way(
    page: Page, live_server: str, page_errors: list[str], screenshots_dir: Path
) -> None:
    sid = open_page(page, live_server, f"{QUERY}&speed=9")  # speed 9: max, no examples sent
    page.keyboard.press("ArrowRight")  # the page has seen a mini-batch, then leaves it
    wait_settled(page, 1)
    m = 6
    for _ in range(8):  # a pause lands at a mini-batch's start one time in m: play on then
        play_and_pause(page, live_server, sid, 1.0)
        k = int(counter(page, "k"))
        if 0 < k < m:
            break
    state = api(live_server, f"/api/sessions/{sid}/batch")["state"]
    assert int(counter(page, "updates")) == state["updates"] > 1
    assert (int(counter(page, "batch")), k) == (state["batch"] + 1, state["index"])
    shows_the_mini_batch(page, live_server, sid, k, m)
    assert page.text_content(".acc-sum .acc-name") == f"nabla_w · {k} of {m}"
    page.locator("#view-accumulation").screenshot(path=screenshots_dir / "fast-play-paused.png")

    page.keyboard.press("ArrowRight")  # and it goes on from there
    page.wait_for_function(
        "(seq) => Number(document.getElementById('app').dataset.seq) > seq", arg=state["seq"]
    )
    # the example, and when it was the mini-batch's last its update (and an epoch's end) too
    wait_settled(page, api(live_server, f"/api/sessions/{sid}")["state"]["seq"], timeout=30_000)
    caption = str(page.text_content("#acc-caption"))
    assert caption.startswith(f"Example {k + 1} of {m}") or k + 1 == m, caption
    assert page_errors == []


def test_a_pause_at_a_mini_batch_start_after_full_speed_shows_nothing_summed(
    page: Page, live_server: str, page_errors: list[str]
) -> None:
    """Stopped by itself after an epoch: the next mini-batch has not begun."""
    sid = open_page(page, live_server, f"{QUERY}&speed=9")
    for _ in range(3):  # examples of the first mini-batch seen at full detail
        page.keyboard.press("ArrowRight")
    wait_settled(page, 3)
    page.fill("[name='stop_epochs']", "1")
    page.keyboard.press("Escape")
    page.click("[data-act='play']")
    page.wait_for_selector("#stopped-reason:not([hidden])")
    wait_settled(page, api(live_server, f"/api/sessions/{sid}")["state"]["seq"], timeout=30_000)
    assert (counter(page, "epoch"), counter(page, "batch"), counter(page, "k")) == ("2", "1", "0")
    caption = str(page.text_content("#acc-caption"))
    assert caption.startswith("Mini-batch 1 is about to start"), caption
    assert page.text_content(".acc-sum .acc-name") == "nabla_w · 0 of 6"
    assert page_errors == []
