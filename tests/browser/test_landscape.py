"""The steps in weight space, in a real Chromium: one arrow per example processed, head to tail,
ending where the one update moved the two weights; in per_example mode the real path is the
weights the server sent after each step. Weights are picked by clicking the accumulation view.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from playwright.sync_api import Page

from .helpers import Frames, api, open_page, wait_settled

pytestmark = pytest.mark.browser

PLOT = "#landscape-plot"


def wait_arrows(page: Page, k: int, extra: str = "") -> None:
    page.wait_for_selector(f"{PLOT}[data-arrows='{k}']{extra}", state="attached", timeout=15_000)


def drawn(page: Page) -> dict[str, Any]:
    """What the view drew: the chain's points, the mean tip, the path, the end, w1 and w2."""
    value: dict[str, Any] = page.evaluate(f"document.querySelector('{PLOT}').drawnLandscape")
    return value


def value(params: dict[str, Any], p: dict[str, Any]) -> float:
    if p["kind"] == "b":
        return float(params["biases"][p["layer"]][p["j"]])
    return float(params["weights"][p["layer"]][p["j"]][p["k"]])


def test_one_arrow_per_example_and_the_chain_ends_at_the_update(
    page: Page, live_server: str, page_errors: list[str], screenshots_dir: Path
) -> None:
    sid = open_page(page, live_server)
    wait_arrows(page, 0, "[data-batch='0:0']")
    before = api(live_server, f"/api/sessions/{sid}/network")
    shown = drawn(page)
    assert shown["w1"]["auto"] and shown["w2"]["auto"]
    at = [value(before, shown["w1"]), value(before, shown["w2"])]
    assert shown["chain"] == [at]
    m = 10
    for k in range(1, m):
        page.keyboard.press(".")
        wait_settled(page, k)
        wait_arrows(page, k, "[data-done='0']")
        assert len(drawn(page)["chain"]) == k + 1
        if k == 6:
            page.locator("#view-landscape").screenshot(path=screenshots_dir / "landscape-mid.png")
    assert drawn(page)["end"] is None
    page.keyboard.press(".")  # the m-th example and the update
    wait_settled(page, m + 1)
    wait_arrows(page, m, "[data-done='1']")
    after = api(live_server, f"/api/sessions/{sid}/network")
    shown = drawn(page)
    moved = [value(after, shown["w1"]), value(after, shown["w2"])]
    np.testing.assert_allclose(shown["chain"][-1], moved, rtol=0, atol=1e-12)
    np.testing.assert_allclose(shown["end"], moved, rtol=0, atol=1e-12)
    np.testing.assert_allclose(shown["mean"], moved, rtol=0, atol=1e-12)
    page.locator("#view-landscape").screenshot(path=screenshots_dir / "landscape-update.png")
    page.screenshot(path=screenshots_dir / "landscape-page.png", full_page=True)

    page.keyboard.press(".")  # the next mini-batch starts from the moved weights
    wait_settled(page, m + 2)
    wait_arrows(page, 1, "[data-batch='0:1']")
    nxt = drawn(page)  # its own largest gradients, from the weights after the update
    assert nxt["chain"][0] == [value(after, nxt["w1"]), value(after, nxt["w2"])]
    assert page_errors == []


def test_clicks_pick_w1_and_shift_clicks_pick_w2(
    page: Page, live_server: str, page_errors: list[str]
) -> None:
    open_page(page, live_server)
    wait_arrows(page, 0, "[data-batch='0:0']")
    heat = page.locator("#acc-weights-w canvas")
    box = heat.bounding_box()
    assert box is not None

    def pick(x: float, y: float, shift: bool) -> dict[str, Any]:
        heat.click(position={"x": x, "y": y}, modifiers=["Shift"] if shift else [])
        sel: dict[str, Any] = page.evaluate("window.nabla.model.selection")
        page.wait_for_function(
            "(q) => document.querySelector('#landscape-plot').dataset.params.split(';')[q.slot]"
            " === q.name",
            arg={"slot": 1 if shift else 0, "name": f"{sel['layer']},{sel['j']},{sel['k']}"},
            timeout=10_000,
        )
        return sel

    middle = (box["width"] - 52) / 2 + 12  # the cells sit left of the colour bar
    first = pick(middle - 25, box["height"] / 2 - 12, shift=False)
    second = pick(middle + 25, box["height"] / 2 + 12, shift=True)
    assert (first["j"], first["k"]) != (second["j"], second["k"])
    shown = drawn(page)
    assert not shown["w1"]["auto"] and not shown["w2"]["auto"]
    assert (shown["w1"]["j"], shown["w1"]["k"]) == (first["j"], first["k"])
    assert (shown["w2"]["j"], shown["w2"]["k"]) == (second["j"], second["k"])
    # the layer menu selects too, but is not a pick
    page.select_option("select[name='layer']", "0")
    page.wait_for_timeout(400)
    assert drawn(page)["w1"]["j"] == first["j"]
    page.click("[data-act='landscape-auto']")
    page.wait_for_function(
        "() => document.querySelector('#landscape-plot').drawnLandscape.w1.auto", timeout=10_000
    )
    assert page_errors == []


def test_per_example_mode_draws_the_real_path(
    page: Page, live_server: str, page_errors: list[str], screenshots_dir: Path
) -> None:
    frames = Frames(page)
    open_page(page, live_server, "?update=per_example&eta=6")
    wait_arrows(page, 0, "[data-batch='0:0']")
    k = 6
    for i in range(1, k + 1):
        page.keyboard.press(".")
        wait_settled(page, i)
        wait_arrows(page, i)
    shown = drawn(page)
    examples = frames.of("example")
    assert len(examples) == k and len(shown["path"]) == k + 1
    for point, e in zip(shown["path"][1:], examples, strict=True):
        truth = [value(e, shown["w1"]), value(e, shown["w2"])]
        # the page got these weights as float32 frames; the server's path is float64
        np.testing.assert_allclose(point, truth, rtol=1e-6, atol=1e-7)
    page.locator("#view-landscape").screenshot(path=screenshots_dir / "landscape-per-example.png")
    assert page_errors == []


@pytest.mark.parametrize("query", ["?unit=batch&speed=4", "?unit=epoch&speed=9"])
def test_playing_keeps_it_drawn_without_a_storm_of_requests(
    page: Page, live_server: str, page_errors: list[str], screenshots_dir: Path, query: str
) -> None:
    asked: list[str] = []
    page.on("request", lambda r: "/landscape?" in r.url and asked.append(r.url))  # the API only
    open_page(page, live_server, query)
    wait_arrows(page, 0, "[data-batch='0:0']")
    play = page.locator("[data-act='play']")
    drawn_before = int(page.get_attribute(PLOT, "data-drawn") or 0)
    began = time.monotonic()
    play.click()
    # playing: the landscape is drawn again, twice at least, from new answers
    page.wait_for_function(
        f"n => Number(document.querySelector('{PLOT}').dataset.drawn) >= n + 2",
        arg=drawn_before,
        timeout=20_000,
    )
    play.click()
    page.wait_for_selector("#app[data-settled='1']", state="attached")
    played_ms = (time.monotonic() - began) * 1000
    during = len(asked)
    assert during <= 2 + played_ms / 300 + 4  # at most one every 300 ms while playing
    page.wait_for_timeout(1000)  # over three of the view's 300 ms intervals
    assert len(asked) == during, "paused: no more requests"
    assert int(page.get_attribute(PLOT, "data-drawn") or 0) > 0
    unit = query.split("&")[0].split("=")[1]
    page.locator("#view-landscape").screenshot(path=screenshots_dir / f"landscape-{unit}-play.png")
    assert page_errors == []
