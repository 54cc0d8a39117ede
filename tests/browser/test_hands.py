"""Your hands on the run, in a real Chromium: set a weight by hand, a long step's progress and
its cancel, Play's stop conditions and the reason it stopped, the test set's confusion matrix.
"""

from __future__ import annotations

import base64
import contextlib
import re
import threading
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import pytest
from fastapi import FastAPI
from playwright.sync_api import Page, expect

from app.core.network import Network

from .helpers import Frames, api, counter, open_page, plotted, shoot_view, shown_layer, wait_settled

pytestmark = pytest.mark.browser


def test_a_click_on_a_link_sets_that_weight_by_hand(
    page: Page, live_server: str, page_errors: list[str], screenshots_dir: Path
) -> None:
    frames = Frames(page)
    sid = open_page(page, live_server)
    link = page.locator(".network-svg .link-hit[data-l='1'][data-j='1'][data-k='2']")
    box = link.bounding_box()
    assert box is not None
    link.dispatch_event("click", {"clientX": box["x"] + box["width"] / 2, "clientY": box["y"]})
    editor = page.locator("#weight-editor")
    expect(editor).to_be_visible()
    expect(editor.locator(".editor-title")).to_contain_text("weights[1][1][2]")
    editor.locator("input[name='value']").fill("2.5")
    page.screenshot(path=screenshots_dir / "hands-editor.png", full_page=False)
    editor.locator("[data-edit='set']").click()
    expect(editor).to_be_hidden()
    wait_settled(page, 1)
    (edit,) = frames.of("edit")
    assert (edit["layer"], edit["kind"], edit["row"], edit["col"], edit["new"]) == (
        1, "weight", 1, 2, 2.5
    )  # fmt: skip
    assert api(live_server, f"/api/sessions/{sid}/network")["weights"][1][1][2] == 2.5
    assert shown_layer(page) == 1
    assert plotted(page, "acc-weights-w")[1, 2] == 2.5
    expect(page.locator("#acc-caption")).to_contain_text("Set by hand: weights[1][1][2]")
    set_from_the_keyboard(page, frames, screenshots_dir)
    net = api(live_server, f"/api/sessions/{sid}/network")
    assert net["weights"][1][0][1] == -1.5
    # the next example's gradient is the engine's backprop at the edited weights
    page.click("[data-act='step-example']")
    wait_settled(page, 3)
    (example,) = frames.of("example")
    oracle = Network(net["sizes"])
    oracle.weights = [np.array(w) for w in net["weights"]]
    oracle.biases = [np.array(b) for b in net["biases"]]
    _, nabla_w = oracle.backprop(np.array(example["x"], dtype=float), np.array(example["y"]))
    np.testing.assert_allclose(plotted(page, "acc-example-w"), nabla_w[1], rtol=1e-5, atol=1e-7)
    assert page_errors == []


FOCUSED = "document.activeElement.getAttribute('aria-label') || ''"


def set_from_the_keyboard(page: Page, frames: Frames, screenshots_dir: Path) -> None:
    """The network diagram and the weights' heatmap without a mouse: one tab stop each, the
    arrow keys move (never the run), Enter opens the editor a click opens, the same edit goes
    to the server, and the focus comes back when the editor closes."""
    stop = page.locator(".network-svg [tabindex='0']")
    expect(stop).to_have_count(1)  # one stop in the Tab order: the link just set (the selection)
    expect(stop).to_have_attribute(
        "aria-label",
        re.compile(
            r"^weights\[1\]\[1\]\[2\]: neuron 2 of hidden 1 → neuron 1 of output, w = 2\.500"
        ),
    )
    stop.focus()
    # its neuron, the neuron above, the link into it from the same height, the next link
    for key, said in [
        ("ArrowRight", "biases[1][1]: neuron 1 of output"),
        ("ArrowUp", "biases[1][0]: neuron 0 of output"),
        ("ArrowLeft", "weights[1][0][0]: neuron 0 of hidden 1 → neuron 0 of output"),
        ("ArrowDown", "weights[1][0][1]: neuron 1 of hidden 1 → neuron 0 of output"),
    ]:
        page.keyboard.press(key)
        assert page.evaluate(FOCUSED).startswith(said), (key, page.evaluate(FOCUSED))
    assert counter(page, "k") == "0"  # ArrowRight moved the cursor, not a step
    shoot_view(page, "network", screenshots_dir / "hands-keyboard-network.png")
    # a full-page screenshot resizes the page, which rebuilds the diagram: the focus is kept
    assert page.evaluate(FOCUSED).startswith("weights[1][0][1]")
    page.keyboard.press("Enter")
    editor = page.locator("#weight-editor")
    expect(editor.locator(".editor-title")).to_contain_text("weights[1][0][1]")
    page.keyboard.type("-1.5")  # the value is selected: typing replaces it
    page.keyboard.press("Enter")
    expect(editor).to_be_hidden()
    wait_settled(page, 2)
    edit = frames.of("edit")[-1]
    assert (edit["layer"], edit["kind"], edit["row"], edit["col"], edit["new"]) == (
        1, "weight", 0, 1, -1.5
    )  # fmt: skip
    page.wait_for_function(f"({FOCUSED}).includes('w = −1.500')")  # back, and its new value
    assert page.evaluate(FOCUSED).startswith("weights[1][0][1]")
    # the weights' heatmap: its cursor is the selection; Enter, then Escape gives focus back
    heat = page.locator("#acc-weights-w canvas")
    expect(heat).to_have_attribute(
        "aria-label", re.compile(r"^weights\[1\]\[0\]\[1\], neuron 1 → neuron 0:")
    )
    heat.focus()
    page.keyboard.press("ArrowRight")
    expect(page.locator("#announce")).to_contain_text("weights[1][0][2], neuron 2 → neuron 0: w ")
    page.locator(".acc-weights").screenshot(path=screenshots_dir / "hands-keyboard-heatmap.png")
    page.keyboard.press("Enter")
    expect(editor.locator(".editor-title")).to_contain_text("weights[1][0][2]")
    page.keyboard.press("Escape")
    expect(editor).to_be_hidden()
    assert page.evaluate(
        "document.activeElement === document.querySelector('#acc-weights-w canvas')"
    )
    # the biases beside them: the next stop in the Tab order; → picks the next bias
    page.keyboard.press("Tab")
    assert page.evaluate(
        "document.activeElement === document.querySelector('#acc-weights-b canvas')"
    )
    page.keyboard.press("ArrowRight")
    expect(page.locator("#announce")).to_contain_text("biases[1][1], bias of neuron 1: b ")
    page.locator(".acc-weights").screenshot(path=screenshots_dir / "hands-keyboard-biases.png")
    page.keyboard.press("Enter")
    expect(editor.locator(".editor-title")).to_contain_text("biases[1][1]")
    page.keyboard.press("Escape")
    expect(editor).to_be_hidden()
    assert counter(page, "k") == "0"


def test_mid_batch_the_editor_offers_to_finish_the_mini_batch_first(
    page: Page, live_server: str, page_errors: list[str], screenshots_dir: Path
) -> None:
    sid = open_page(page, live_server)
    page.click("[data-act='step-example']")
    wait_settled(page, 1)
    page.dblclick("#acc-weights-w canvas")
    editor = page.locator("#weight-editor")
    expect(editor).to_be_visible()
    expect(editor.locator(".editor-note")).to_contain_text("1 of 10 examples summed")
    expect(editor.locator("input[name='value']")).to_be_disabled()
    page.screenshot(path=screenshots_dir / "hands-editor-mid-batch.png", full_page=False)
    editor.locator("[data-edit='finish']").click()
    wait_settled(page, 11)
    expect(editor.locator("input[name='value']")).to_be_enabled()
    editor.locator("input[name='value']").fill("-7")
    editor.locator("[data-edit='set']").click()
    wait_settled(page, 12)
    (edit,) = api(live_server, f"/api/sessions/{sid}/history")["edits"]
    assert edit["new"] == -7.0 and edit["batch"] == 1 and edit["kind"] == "weight"
    # the update was sent in full: no reason to say it was not (stepped, not played fast)
    expect(page.locator(".acc-step .acc-note")).to_have_text("applied")
    expect(page.locator(".wf-facts")).not_to_contain_text("not sent")
    # a bias, from its node in the network diagram
    page.click(".network-svg circle.node[data-l='0'][data-j='3']")
    expect(editor.locator(".editor-title")).to_contain_text("biases[0][3]")
    editor.locator("input[name='value']").fill("5000")
    editor.locator("[data-edit='set']").click()
    expect(editor.locator(".editor-note")).to_contain_text("value")
    editor.locator("input[name='value']").press("Escape")
    expect(editor).to_be_hidden()
    assert page_errors == []


class HeldChunks:
    """The session's steps in chunks of 500 examples, each waiting for the test's leave
    (:meth:`allow`): the bar moves when the test says, and a click on Cancel finds the step
    under way however loaded the machine is. :meth:`restore` lets every chunk go."""

    def __init__(self, live_app: FastAPI, sid: str) -> None:
        self.session = live_app.state.store.get(sid)
        self.session.chunk_examples = 500
        self.allowed, self.free = threading.Semaphore(0), threading.Event()
        run_chunk = self.session.run_chunk

        def held(run: Any) -> Any:
            if not self.free.is_set():
                assert self.allowed.acquire(timeout=60), "the test never let the step go on"
            return run_chunk(run)

        self.session.run_chunk = held

    def allow(self) -> None:
        self.allowed.release()

    def restore(self) -> None:
        self.free.set()
        self.allowed.release(1000)
        with contextlib.suppress(AttributeError):
            delattr(self.session, "run_chunk")


PROGRESS = "document.querySelector('#progress progress')"


def test_a_long_step_shows_its_progress_and_cancel_stops_it(
    page: Page, live_server: str, live_app: FastAPI, page_errors: list[str], screenshots_dir: Path
) -> None:
    sid = open_page(page, live_server, "?dataset=digits&n_train=1297&n_test=500")
    chunks = HeldChunks(live_app, sid)
    try:
        page.fill("[name='count']", "40")
        page.click("[data-act='step-epoch']")
        progress = page.locator("#progress")
        chunks.allow()  # the bar shows once the first chunk is done
        expect(progress).to_be_visible()
        seen = [page.evaluate(f"{PROGRESS}.value")]
        for _ in range(2):  # and moves: a chunk at a time, each seen on the page
            chunks.allow()
            page.wait_for_function(f"last => {PROGRESS}.value > last", arg=seen[-1])
            seen.append(page.evaluate(f"{PROGRESS}.value"))
        expect(progress.locator(".progress-text")).to_contain_text("of 51,880 examples")
        page.screenshot(path=screenshots_dir / "hands-progress.png", full_page=False)
        progress.locator("[data-progress='cancel']").click()  # the 4th chunk waits meanwhile
        chunks.restore()  # it ends, and the step sees the cancel
        expect(progress).to_have_attribute("data-state", "cancelled")
        expect(progress.locator(".progress-text")).to_contain_text("Cancelled after")
        page.screenshot(path=screenshots_dir / "hands-cancelled.png", full_page=False)
    finally:
        chunks.restore()
    state = api(live_server, f"/api/sessions/{sid}")["state"]
    assert state["index"] == 0 and 0 < state["epoch"] < 40
    # the page shows where the server stopped: a mini-batch about to start
    expect(page.locator("[data-counter='epoch']")).to_have_text(str(state["epoch"] + 1))
    expect(page.locator("[data-counter='batch']")).to_have_text(str(state["batch"] + 1))
    expect(page.locator("[data-counter='k']")).to_have_text("0")
    expect(page.locator("[data-counter='updates']")).to_have_text(str(state["updates"]))
    assert page_errors == []


def test_play_stops_after_n_epochs_and_says_why(
    page: Page, live_server: str, page_errors: list[str], screenshots_dir: Path
) -> None:
    sid = open_page(page, live_server, "?unit=epoch&speed=9")
    page.fill("[name='stop_epochs']", "3")
    page.click("[data-act='play']")
    reason = page.locator("#stopped-reason")
    expect(reason).to_be_visible(timeout=15_000)
    expect(reason).to_have_text("Stopped at the end of epoch 3: 3 epochs played.")
    expect(page.locator("[data-act='play']")).to_have_attribute("aria-pressed", "false")
    state = api(live_server, f"/api/sessions/{sid}")["state"]
    assert (state["epoch"], state["batch"], state["index"]) == (3, 0, 0)
    page.screenshot(path=screenshots_dir / "hands-stopped.png", full_page=False)
    # a bad condition: the server names the field, the page marks it
    page.fill("[name='stop_epochs']", "")
    page.fill("[name='stop_accuracy']", "150")
    page.click("[data-act='play']")
    expect(page.locator(".stops label.invalid [name='stop_accuracy']")).to_be_attached()
    assert page_errors == []


def test_the_confusion_matrix_of_the_test_set_is_drawn_after_each_epoch(
    page: Page, live_server: str, page_errors: list[str], screenshots_dir: Path
) -> None:
    sid = open_page(page, live_server, "?dataset=digits&n_train=300&n_test=400&unit=epoch&speed=9")
    page.fill("[name='stop_epochs']", "12")
    page.click("[data-act='play']")
    page.wait_for_selector("#confusion-plot[data-epoch='12']", state="attached", timeout=60_000)
    epochs = api(live_server, f"/api/sessions/{sid}/history")["epochs"]
    assert len(epochs) == 12 and all(e["confusion"] for e in epochs)
    epoch = epochs[-1]
    counts = np.array(epoch["confusion"])
    assert counts.shape == (10, 10) and counts.sum() == 400
    drawn = page.evaluate("document.getElementById('confusion-plot').data[0].customdata")
    np.testing.assert_array_equal([[cell[0] for cell in row] for row in drawn], counts)
    # issue 16, edge 10: wrong cells are not coloured like right ones (z < 0 off the diagonal)
    z = np.array(page.evaluate("document.getElementById('confusion-plot').data[0].z"))
    right = np.eye(10, dtype=bool)
    assert (z[right] >= 0).all() and (z[~right & (counts > 0)] < 0).all()
    np.testing.assert_allclose(np.abs(z), counts / counts.sum(axis=1, keepdims=True))
    assert drawn[3][5][2] == "wrong" and drawn[3][3][2] == "right"
    ticks = page.evaluate("document.getElementById('confusion-plot').layout.yaxis.ticktext")
    share = counts[3, 3] / counts[3].sum()
    assert ticks[3] == f"3 · {round(100 * share)}%"
    check_the_confusion_canvas(page, counts, screenshots_dir)
    assert httpx.get(f"{live_server}/api/sessions/{sid}").status_code == 200
    assert page_errors == []


def check_the_confusion_canvas(page: Page, counts: np.ndarray, screenshots_dir: Path) -> None:
    """Drawn on a canvas of its own, not by Plotly (a light view): what a screen reader hears,
    the hover explanation of a cell, and a redraw as sharp as the screen at a phone's width."""
    plot = page.locator("#confusion-plot")
    assert plot.locator(".js-plotly-plot, svg").count() == 0
    canvas = plot.locator("canvas[role='img']")
    expect(canvas).to_have_attribute("aria-label", re.compile(r"after epoch 12: .* 3: \d+%"))
    page.locator("#view-metrics").screenshot(path=screenshots_dir / "hands-confusion.png")
    box = canvas.bounding_box()
    assert box is not None  # row 3, column 5: the cell's centre (plot area: 64 px in, 6 down)
    cw, ch = (box["width"] - 72 + 1) / 10, (box["height"] - 40 + 1) / 10
    page.mouse.move(box["x"] + 64 + 5.5 * cw, box["y"] + 6 + 3.5 * ch)
    share = round(100 * counts[3, 5] / counts[3].sum())
    expect(page.locator(".floating-tip.shown")).to_contain_text(
        f"class 3 → 5{counts[3, 5]} examples, {share}% of class 3, classed wrong"
    )
    # a phone's width on a screen of 2 device pixels a CSS pixel: redrawn sharp (chart-resize)
    drawn = int(plot.get_attribute("data-drawn") or 0)
    cdp = page.context.new_cdp_session(page)
    cdp.send(
        "Emulation.setDeviceMetricsOverride",
        {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": False},
    )
    page.wait_for_function(
        "(n) => Number(document.getElementById('confusion-plot').dataset.drawn) > n", arg=drawn
    )
    size = canvas.evaluate("c => [c.width, c.height, c.clientWidth, c.clientHeight]")
    assert size[0] == 2 * size[2] and size[1] == 2 * size[3] and size[2] <= 390
    # Playwright's screenshot knows nothing of the override: the browser's own, at 2x
    clip = plot.evaluate(
        "el => { const r = el.getBoundingClientRect();"
        " const [x, y] = [r.x + scrollX, r.y + scrollY];"
        " return {x, y, width: r.width, height: r.height, scale: 1}; }"
    )
    shot = cdp.send("Page.captureScreenshot", {"clip": clip, "captureBeyondViewport": True})
    (screenshots_dir / "hands-confusion-phone.png").write_bytes(base64.b64decode(shot["data"]))
    cdp.send("Emulation.clearDeviceMetricsOverride")
    cdp.detach()
