"""How much detail the page asks for before a step: the summary before one the server would refuse.

A factored frame holds the rows of its mini-batch so far (example k: k + 1 rows), so a step's
frames grow with the square of the mini-batch. The server counts them (``Session.frame_floats``)
and says in each state message the most units a full-detail step may take (``full_steps``).
"""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import Page, WebSocket

from .helpers import open_page, wait_settled

pytestmark = pytest.mark.browser


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
