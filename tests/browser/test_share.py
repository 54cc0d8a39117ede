"""Sharing from the page in a real Chromium: "Copy link" puts the page's URL (the whole
configuration) on the clipboard, "Download trace" saves the current mini-batch as JSON and as
CSV, and the Plotly charts keep Plotly's own PNG export (the canvas charts are images: the
browser saves them as such).

The trace is compared with the events the server sent on the page's own WebSocket (decoded
here with the server's decoder), with GET /network, and with the book's arithmetic: each
running sum is the sum of the deltas so far, and the update is w − (η/m)·nabla_w.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from playwright.sync_api import Page, expect

from .helpers import Frames, api, download, open_page, wait_settled

pytestmark = pytest.mark.browser

M = 4
QUERY = f"?dataset=xor&sizes=2-3-2&eta=2.5&batch_size={M}&n_train=40&seed=7"


def step_examples(page: Page, count: int, seq: int) -> int:
    """Step ``count`` examples from event ``seq``; the m-th brings the update (one more event)."""
    for _ in range(count):
        last = page.evaluate("window.nabla.model.position.k") == M - 1  # the update follows
        page.click("[data-act='step-example']")
        seq += 2 if last else 1
        wait_settled(page, seq)
    return seq


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def from_csv(rows: list[dict[str, str]], example: str, kind: str, layer: int, column: str) -> Any:
    """One layer's array of ``column`` rebuilt from the tidy rows of one example."""
    picked = [r for r in rows if r["example"] == example and r["kind"] == kind]
    picked = [r for r in picked if int(r["layer"]) == layer]
    if kind == "b":
        return np.array([float(r[column]) for r in sorted(picked, key=lambda r: int(r["row"]))])
    shape = (max(int(r["row"]) for r in picked) + 1, max(int(r["col"]) for r in picked) + 1)
    out = np.full(shape, np.nan)
    for r in picked:
        out[int(r["row"]), int(r["col"])] = float(r[column])
    return out


def test_copy_link_copies_the_url_that_reopens_the_run(
    page: Page, live_server: str, page_errors: list[str]
) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    open_page(page, live_server, QUERY)
    page.click("#copy-link")
    expect(page.locator(".toast").last).to_contain_text("Link copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.url
    for part in ("dataset=xor", "sizes=2-3-2", "eta=2.5", "batch_size=4", "seed=7"):
        assert part in copied

    other = page.context.new_page()
    other.goto(copied)
    other.wait_for_selector("#app[data-ready='1'][data-settled='1']", state="attached")
    assert other.input_value("input[name='eta']") == "2.5"
    assert other.input_value("input[name='batch_size']") == "4"
    assert other.evaluate("window.nabla.model.session.config.sizes") == [2, 3, 2]
    # A shared link starts a run of its own: the one it was copied from stays the sender's.
    mine, theirs = (
        page.get_attribute("#app", "data-session"),
        other.get_attribute("#app", "data-session"),
    )
    assert mine and theirs and mine != theirs
    assert other.locator("#run-status").is_hidden()
    other.close()
    assert page_errors == []


def test_copy_link_without_the_clipboard_api_falls_back_to_a_selection(
    page: Page, live_server: str, page_errors: list[str]
) -> None:
    page.add_init_script(
        """
        Object.defineProperty(Navigator.prototype, "clipboard", { get: () => undefined });
        document.addEventListener("copy", () => {
          const el = document.activeElement;
          window.copiedText = el.value.slice(el.selectionStart, el.selectionEnd);
        });
        """
    )
    open_page(page, live_server, QUERY)
    assert page.evaluate("navigator.clipboard") is None
    page.click("#copy-link")
    expect(page.locator(".toast").last).to_contain_text("Link copied")
    assert page.evaluate("window.copiedText") == page.url
    assert page.locator("textarea").count() == 0  # the helper is gone again
    assert page_errors == []


def test_download_trace_mid_batch_and_after_the_update(
    page: Page, live_server: str, page_errors: list[str], screenshots_dir: Path
) -> None:
    frames = Frames(page)
    sid = open_page(page, live_server, QUERY)
    before = api(live_server, f"/api/sessions/{sid}/network")

    page.click("#trace-download [data-format='json']")  # nothing to trace yet: a message
    expect(page.locator(".toast").last).to_contain_text("step one example")

    seq = step_examples(page, 2, 0)
    name, text = download(page, "json")
    assert name == "nabla-trace-epoch1-batch1.json"
    trace = json.loads(text)
    sent = frames.of("example")
    assert [e["index"] for e in trace["examples"]] == [0, 1] == [e["index"] for e in sent]
    assert trace["update"] is None and trace["complete"] is True
    assert trace["session"] == sid and trace["batch_size"] == 4
    for mine, event in zip(trace["examples"], sent, strict=True):
        assert mine["sample"] == event["sample"] and mine["seq"] == event["seq"]
        np.testing.assert_allclose(mine["cost"], event["cost"], rtol=1e-12)
        for key in ("x", "y", "output"):
            np.testing.assert_allclose(mine[key], event[key], rtol=1e-7)
        for key in ("delta_nabla_b", "delta_nabla_w", "nabla_b", "nabla_w"):
            for l, array in enumerate(event[key]):
                np.testing.assert_allclose(mine[key][l], array, rtol=1e-7, atol=1e-30)

    name, text = download(page, "csv")
    assert name == "nabla-trace-epoch1-batch1.csv"
    rows = csv_rows(text)
    head = "epoch,batch,example,sample,layer,kind,row,col,delta,running_sum,after"
    assert text.splitlines()[0] == head
    assert len(rows) == 2 * (3 * 2 + 3 + 2 * 3 + 2)  # per example: every weight and bias
    for k, mine in enumerate(trace["examples"]):
        for l in (0, 1):
            for kind, key in (("w", "delta_nabla_w"), ("b", "delta_nabla_b")):
                delta = from_csv(rows, str(k), kind, l, "delta")
                np.testing.assert_allclose(delta, mine[key][l], rtol=1e-7)
    for l in (0, 1):  # the running sum is the sum of the deltas so far (float32 on the wire)
        summed = from_csv(rows, "0", "w", l, "delta") + from_csv(rows, "1", "w", l, "delta")
        np.testing.assert_allclose(from_csv(rows, "1", "w", l, "running_sum"), summed, rtol=1e-5)

    step_examples(page, 2, seq)  # the 3rd and 4th examples, then the one update
    _, text = download(page, "json")
    trace = json.loads(text)
    assert [e["index"] for e in trace["examples"]] == [0, 1, 2, 3]
    update = trace["update"]
    assert update is not None and update["mode"] == "batch" and update["eta"] == 2.5
    after = api(live_server, f"/api/sessions/{sid}/network")
    eta_m = 2.5 / 4
    for l in (0, 1):
        np.testing.assert_allclose(update["weights"][l], after["weights"][l], rtol=1e-6, atol=1e-7)
        np.testing.assert_allclose(update["biases"][l], after["biases"][l], rtol=1e-6, atol=1e-7)
        book = np.asarray(before["weights"][l]) - eta_m * np.asarray(update["nabla_w"][l])
        np.testing.assert_allclose(update["weights"][l], book, rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(update["nabla_w"][l], trace["examples"][-1]["nabla_w"][l])

    _, text = download(page, "csv")
    rows = csv_rows(text)
    assert {r["example"] for r in rows} == {"0", "1", "2", "3", "update"}
    for l in (0, 1):
        weights = from_csv(rows, "update", "w", l, "after")
        np.testing.assert_allclose(weights, after["weights"][l], rtol=1e-6, atol=1e-7)
        biases = from_csv(rows, "update", "b", l, "after")
        np.testing.assert_allclose(biases, after["biases"][l], rtol=1e-6, atol=1e-7)
    page.screenshot(path=screenshots_dir / "share-after-update.png")
    assert page_errors == []


def png_export(page: Page, plot: str) -> tuple[str, bytes]:
    """Hover a Plotly chart and click its mode bar's camera; returns the file's name and bytes."""
    page.hover(f"#{plot} .svg-container")
    camera = page.locator(f"#{plot} .modebar-btn[data-title='Download plot as a PNG']")
    expect(camera).to_be_visible()
    with page.expect_download() as info:
        camera.click()
    return info.value.suggested_filename, Path(info.value.path()).read_bytes()


def test_every_plotly_chart_keeps_its_png_export(
    page: Page, live_server: str, page_errors: list[str], screenshots_dir: Path
) -> None:
    open_page(page, live_server, QUERY)
    seq = step_examples(page, 4, 0)
    page.click("[data-act='noise']")
    page.wait_for_selector("#noise-chart .svg-container", state="attached")
    wait_settled(page, seq)
    for plot in ("noise-chart",):
        name, data = png_export(page, plot)
        assert name == f"nabla-{plot}.png"
        assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 1000
    page.hover("#noise-chart .svg-container")
    page.screenshot(path=screenshots_dir / "share-modebar.png")

    page.click("#compare-button")
    page.wait_for_selector("#compare[data-ready='1'][data-settled='1']", state="attached")
    name, data = png_export(page, "compare-cost")
    assert name == "nabla-compare-cost.png" and data.startswith(b"\x89PNG")
    assert page_errors == []
