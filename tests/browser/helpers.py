"""Helpers the browser tests share: open the page, wait for its signals, read what it drew.

What the page draws is compared with the events the server sent on the page's own WebSocket
(``Frames``, decoded with the server's decoder) and with the REST API (``api``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import numpy as np
from playwright.sync_api import Page, WebSocket
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from app.web.factored import decode_frame
from app.web.packs import unpack

WIDE = {"width": 1280, "height": 800}
NARROW = {"width": 420, "height": 900}
PANEL = "#code-panel"
QUERY = "?dataset=xor&sizes=2-5-2&batch_size=6&eta=2&seed=4"  # a small run, six per mini-batch
LAYER = 1  # the page shows the last layer first


class Frames:
    """Every event the server sent to the page, decoded."""

    def __init__(self, page: Page) -> None:
        self.events: list[dict[str, Any]] = []
        page.on("websocket", self._watch)

    def _watch(self, ws: WebSocket) -> None:
        ws.on("framereceived", self._receive)

    def _receive(self, payload: str | bytes) -> None:
        if isinstance(payload, bytes):  # a frame, or a pack of them (the page asks: pack=1)
            self.events += [decode_frame(frame) for frame in unpack(payload)]

    def of(self, kind: str) -> list[dict[str, Any]]:
        return [e for e in self.events if e.get("type") == kind]


def open_page(page: Page, base: str, query: str = "", viewport: dict[str, int] = WIDE) -> str:
    """Load the page and wait until it has drawn everything; returns the session id."""
    page.set_viewport_size(viewport)
    page.goto(f"{base}/{query}")
    wait_settled(page, 0)
    return str(page.get_attribute("#app", "data-session"))


def wait_settled(page: Page, seq: int, timeout: float = 15_000) -> None:
    """Wait until the page has drawn event ``seq`` and no animation is running."""
    try:
        page.wait_for_selector(
            f"#app[data-ready='1'][data-settled='1'][data-seq='{seq}']",
            state="attached",
            timeout=timeout,
        )
    except PlaywrightTimeoutError:
        shown = page.evaluate(
            "() => { const d = document.getElementById('app').dataset;"
            " return {ready: d.ready, settled: d.settled, seq: d.seq,"
            " lastSeq: window.nabla && window.nabla.model.lastSeq}; }"
        )
        raise AssertionError(f"the page never settled at seq {seq}: it shows {shown}") from None


def server_state(
    base: str, sid: str, done: Callable[[dict[str, Any]], bool], timeout: float = 30.0
) -> dict[str, Any]:
    """The session's state on the server, asked every 50 ms until ``done(state)`` holds: a step
    the page asked for has been made (then ``wait_settled`` on its seq: the page has drawn it)."""
    deadline = time.monotonic() + timeout
    while not done(state := api(base, f"/api/sessions/{sid}")["state"]):
        assert time.monotonic() < deadline, f"the server's state never got there: {state}"
        time.sleep(0.05)
    return state


def server_stopped(base: str, sid: str) -> int:
    """The session's seq once its server has stopped stepping it: the same for over a second
    (a play paused or a step cancelled still ends the chunk under way)."""
    seqs: list[int] = []
    while len(seqs) < 4 or len(set(seqs[-4:])) > 1:
        assert len(seqs) < 100, seqs
        time.sleep(0.3)
        seqs.append(api(base, f"/api/sessions/{sid}")["state"]["seq"])
    return seqs[-1]


def plotted(page: Page, element_id: str, key: str = "z") -> np.ndarray[Any, Any]:
    """What a chart drew: ``el.data[0][key]``, as for a Plotly chart."""
    values = page.evaluate(f"document.getElementById('{element_id}').data[0].{key}")
    return np.asarray(values, dtype=np.float64)


def api(base: str, path: str) -> Any:
    response = httpx.get(f"{base}{path}")
    response.raise_for_status()
    return response.json()


def shown_layer(page: Page) -> int:
    return int(page.eval_on_selector("select[name='layer']", "el => el.value"))


def shoot_view(page: Page, view: str, path: Path) -> None:
    """Screenshot the panel ``#view-<view>`` alone, clear of the sticky top bar."""
    page.evaluate("() => window.scrollTo(0, 0)")
    box = page.locator(f"#view-{view}").bounding_box()
    assert box is not None
    page.screenshot(path=path, full_page=True, clip=box)


def counter(page: Page, name: str) -> str:
    return str(page.text_content(f"[data-counter='{name}']"))


def download(page: Page, fmt: str) -> tuple[str, str]:
    """Click the trace's ``fmt`` button; returns the file's suggested name and its text."""
    with page.expect_download() as info:
        page.click(f"#trace-download [data-format='{fmt}']")
    path = info.value.path()
    return info.value.suggested_filename, Path(path).read_text(encoding="utf-8")


# ---------------------------------------------------------------- the code panel


def open_code_panel(page: Page, base: str, query: str = "") -> str:
    """Load the page, wait until every view and the code panel are drawn; the session id."""
    sid = open_page(page, base, query)
    page.wait_for_selector(f"{PANEL}[data-code='1']", state="attached")
    return sid


def shows(page: Page, seq: int, step: int | None = None) -> None:
    """Wait until the panel shows event ``seq`` (at slider position ``step``)."""
    at = "" if step is None else f"[data-step='{step}']"
    page.wait_for_selector(f"{PANEL}[data-seq='{seq}']{at}", state="attached")


def entries(page: Page) -> tuple[int, list[tuple[int, ...]]]:
    """The layer and the indices of the entries the values table shows."""
    head = page.locator(f"{PANEL} .code-head > span").all_text_contents()
    layer = int(head[0].split("[")[-1].rstrip("]"))
    assert head[0] == f"layer [{layer}]"  # not "[l] = [1]": l and 1 look alike in monospace
    return layer, [tuple(int(i) for i in h.strip("[]").split("][")) for h in head[1:]]


def row(page: Page, name: str) -> np.ndarray[Any, Any]:
    """The raw values of a row of the values table."""
    cells = page.eval_on_selector_all(
        f"{PANEL} .code-row[data-row='{name}'] > span[data-value]",
        "cells => cells.map(c => Number(c.dataset.value))",
    )
    return np.asarray(cells, dtype=np.float64)


def picked(arrays: list[Any], layer: int, idx: list[tuple[int, ...]]) -> np.ndarray[Any, Any]:
    return np.asarray([np.asarray(arrays[layer])[i] for i in idx], dtype=np.float64)


# ---------------------------------------------------------------- compare mode


def open_compare(page: Page, base: str, query: str) -> None:
    page.set_viewport_size(WIDE)
    page.goto(f"{base}/{query}")
    page.wait_for_selector(
        "#compare[data-ready='1'][data-settled='1']", state="attached", timeout=20_000
    )


def click_step(page: Page, what: str) -> None:
    """Click a compare step button and wait until its answer is drawn."""
    steps = int(page.get_attribute("#compare", "data-steps") or 0)
    page.click(f"[data-cmp='{what}']")
    page.wait_for_selector(
        f"#compare[data-settled='1'][data-steps='{steps + 1}']", state="attached", timeout=20_000
    )


def shows_the_mini_batch(page: Page, base: str, sid: str, k: int, m: int) -> None:
    """The accumulation view draws examples 1..k of the session's mini-batch, as GET .../batch."""
    examples = api(base, f"/api/sessions/{sid}/batch")["examples"]
    assert len(examples) == k
    last = examples[-1]
    caption = str(page.text_content("#acc-caption"))
    summed = f"examples 1 to {k} of {m} are" if k > 1 else f"example 1 of {m} is"
    assert f"part way: {summed} summed into nabla_w" in caption, caption
    assert f"training row {last['sample']}" in caption and "about to start" not in caption
    np.testing.assert_allclose(plotted(page, "acc-sum-w"), last["nabla_w"][LAYER], rtol=1e-6)
    np.testing.assert_allclose(plotted(page, "acc-sum-b", "y"), last["nabla_b"][LAYER], rtol=1e-6)
    np.testing.assert_allclose(
        plotted(page, "acc-example-w"), last["delta_nabla_w"][LAYER], rtol=1e-6
    )
    assert page.evaluate("nabla.model.batch.examples.filter(Boolean).length") == k
    assert page.locator(".acc-sum .acc-note").is_hidden()  # no "nothing summed yet"
    # the data view rings the examples of the mini-batch seen so far
    samples = page.evaluate("document.getElementById('data-plot').data[1].samples")
    assert samples == [e["sample"] for e in examples]
