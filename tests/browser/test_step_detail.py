"""How much detail the page asks for before a step: the factored frames counted as the server does.

A factored frame holds the rows of its mini-batch so far (example k: k + 1 rows), so a step's
frames grow with the square of the mini-batch. The page counts them as the server does
(``Session.frame_floats``) and asks for the summary before a step the server would refuse.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from playwright.sync_api import Page, WebSocket

from .helpers import open_page, wait_settled

pytestmark = pytest.mark.browser


def page_numbers(
    page: Page, config: dict[str, Any], position: dict[str, int], examples: int
) -> int:
    """What static/js/detail.js counts in the factored frames of ``examples`` examples."""
    return int(
        page.evaluate(
            """async ([config, position, examples]) => {
              const d = await import("/static/js/detail.js");
              return d.factoredNumbers(config, position, examples);
            }""",
            [config, position, examples],
        )
    )


@pytest.mark.parametrize("mode", ["batch", "per_example"])
def test_the_page_counts_factored_frames_as_the_server_does(
    page: Page, live_server: str, live_app: FastAPI, page_errors: list[str], mode: str
) -> None:
    """At the start, mid-batch, at a mini-batch's end and in an epoch's short last one."""
    open_page(page, live_server, "?dataset=xor")
    config = {"dataset": "xor", "sizes": [2, 5, 3, 2], "n_train": 45, "batch_size": 10}
    created = httpx.post(f"{live_server}/api/sessions", json={**config, "update": mode}).json()
    sid, config = created["id"], created["config"]
    session = live_app.state.store.get(sid)
    try:
        for unit, count in (("example", 0), ("example", 3), ("example", 7), ("batch", 3)):
            step = {"unit": unit, "count": count, "detail": "none"}
            if count:
                httpx.post(f"{live_server}/api/sessions/{sid}/step", json=step).raise_for_status()
            state = httpx.get(f"{live_server}/api/sessions/{sid}").json()["state"]
            position = {"k": state["index"], "m": state["batch_size"]}
            nexts = (("example", 1, 1), ("example", 12, 12), ("batch", 3, 30), ("epoch", 1, 45))
            for unit_next, count_next, examples in nexts:
                server = session.frame_floats(unit_next, count_next, True)
                assert page_numbers(page, config, position, examples) == server, (state, unit_next)
    finally:
        httpx.delete(f"{live_server}/api/sessions/{sid}")
    assert page_errors == []


def test_an_epoch_of_two_mini_batches_of_1000_is_stepped_as_summaries(
    page: Page, live_server: str, page_errors: list[str]
) -> None:
    """[2, 5, 2], 2,000 examples in mini-batches of 1,000: a million rows of factored frames.

    Their gradients alone are few numbers, but their frames are not: the page asks for the
    summary, and the epoch is stepped with no error.
    """
    sent: list[str] = []

    def on_socket(ws: WebSocket) -> None:
        ws.on("framesent", lambda payload: sent.append(str(payload)))

    page.on("websocket", on_socket)
    open_page(page, live_server, "?dataset=xor&sizes=2-5-2&n_train=2000&batch_size=1000")
    page.click("[data-act='step-epoch']")
    url = f"{live_server}/api/sessions/{page.get_attribute('#app', 'data-session')}"
    for _ in range(300):
        state = httpx.get(url).json()["state"]
        if state["epoch"] == 1:
            break
        page.wait_for_timeout(50)
    assert state["epoch"] == 1 and state["index"] == 0, state
    wait_settled(page, state["seq"], timeout=60_000)
    assert page.locator(".toast-error").count() == 0
    steps = [i for i, s in enumerate(sent) if '"action":"step"' in s.replace(" ", "")]
    assert steps, sent
    details = [s for s in sent[: steps[0]] if '"detail"' in s]
    assert details and '"summary"' in details[-1], sent
    assert page_errors == []
