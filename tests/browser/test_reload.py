"""A reload, Back and Open run in a real Chromium: the page shows the run as the server has it.

A reload (or Back to the page) comes back to the same session, mid-mini-batch included: the
examples summed so far (GET .../batch), the running sums, the counters, the history. A session
that has ended is replaced by a new one from the address, and the status line says so. A run
opened mid-mini-batch draws that mini-batch at once. What is drawn is compared with the REST API.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import pytest
from fastapi import FastAPI
from playwright.sync_api import Page, expect

from .helpers import (
    PANEL,
    QUERY,
    Frames,
    api,
    click_step,
    counter,
    entries,
    open_compare,
    open_page,
    picked,
    row,
    shoot_view,
    shows,
    shows_the_mini_batch,
    wait_settled,
)

pytestmark = pytest.mark.browser


def step_to(page: Page, act: str, seq: int) -> None:
    page.click(f"[data-act='{act}']")
    wait_settled(page, seq)


def test_a_run_opened_mid_mini_batch_shows_its_examples_so_far(
    page: Page, live_server: str, page_errors: list[str], screenshots_dir: Path, tmp_path: Path
) -> None:
    open_page(page, live_server, QUERY)
    step_to(page, "step-batch", 7)
    for seq in (8, 9, 10):
        step_to(page, "step-example", seq)
    with page.expect_download() as download:
        page.click("[data-act='download-run']")
    saved = tmp_path / "run.json"
    download.value.save_as(saved)
    assert json.loads(saved.read_text())["cursor"]["index"] == 3

    page.goto(f"{live_server}/?dataset=moons")  # another page, another run, no mini-batch
    wait_settled(page, 0)
    page.set_input_files("#run-files input[type='file']", saved)
    page.wait_for_selector("#app[data-session][data-seq='10']", state="attached")
    wait_settled(page, 10)
    opened = str(page.get_attribute("#app", "data-session"))
    shows_the_mini_batch(page, live_server, opened, 3, 6)
    assert (counter(page, "k"), counter(page, "batch"), counter(page, "updates")) == ("3", "2", "1")
    page.screenshot(path=screenshots_dir / "reload-opened-mid-batch.png")

    step_to(page, "step-example", 11)  # and it goes on: the 4th example joins the three
    assert page.evaluate("nabla.model.batch.examples.filter(Boolean).length") == 4
    assert "Example 4 of 6" in str(page.text_content("#acc-caption"))
    assert page_errors == []


def test_a_reload_and_back_come_back_to_the_same_session(
    page: Page, live_server: str, page_errors: list[str], screenshots_dir: Path
) -> None:
    sid = open_page(page, live_server, QUERY)
    step_to(page, "step-batch", 7)
    step_to(page, "step-example", 8)
    step_to(page, "step-example", 9)
    url = page.url
    before = page.evaluate("nabla.model.network.weights")

    page.reload()
    wait_settled(page, 9)
    assert page.get_attribute("#app", "data-session") == sid
    assert page.url == url
    # the server kept the mini-batch that finished: its matrix form, without a new update
    page.wait_for_selector(".code-matrix[data-batch='0:0'][data-loading='0']", state="attached")
    shows_the_mini_batch(page, live_server, sid, 2, 6)
    shown = page.evaluate("nabla.model.network.weights")
    assert shown == api(live_server, f"/api/sessions/{sid}/network")["weights"]
    for mine, theirs in zip(shown, before, strict=True):  # the stream's were float32
        np.testing.assert_allclose(mine, theirs, rtol=1e-6)
    assert (counter(page, "k"), counter(page, "batch"), counter(page, "updates")) == ("2", "2", "1")
    assert page.evaluate("nabla.model.history.updates.length") == 1  # the metrics' history
    status = page.locator("#run-status")
    expect(status).to_be_visible()
    expect(status).to_contain_text("Back to the same run")
    page.screenshot(path=screenshots_dir / "reload-same-session.png")

    page.click("a[href='/docs']")  # away and Back
    page.wait_for_url("**/docs")
    page.go_back()
    wait_settled(page, 9)
    assert page.get_attribute("#app", "data-session") == sid
    step_to(page, "step-example", 10)  # and it goes on from there
    assert counter(page, "k") == "3"
    assert page_errors == []


def test_a_reload_after_one_example_says_it_in_the_singular(
    page: Page, live_server: str, page_errors: list[str]
) -> None:
    sid = open_page(page, live_server, QUERY)
    step_to(page, "step-example", 1)
    page.reload()
    wait_settled(page, 1)
    shows_the_mini_batch(page, live_server, sid, 1, 6)
    caption = str(page.text_content("#acc-caption"))
    assert "examples 1 to 1" not in caption and "the last, training row" not in caption
    assert caption.endswith("Step an example to go on with example 2."), caption
    assert page_errors == []


def test_a_reload_in_per_example_mode_shows_the_weights_after_each_example(
    page: Page, live_server: str, page_errors: list[str], screenshots_dir: Path
) -> None:
    """The code panel shows, after a reload, the weights the live stream sent: every bit."""
    frames = Frames(page)
    sid = open_page(page, live_server, QUERY + "&update=per_example&lmbda=0.5")
    step_to(page, "step-batch", 7)
    start = api(live_server, f"/api/sessions/{sid}/network")
    for seq in (8, 9, 10):
        step_to(page, "step-example", seq)
    sent = frames.of("example")[-3:]
    assert [e["seq"] for e in sent] == [8, 9, 10] and all("weights" in e for e in sent)

    page.reload()
    wait_settled(page, 10)
    shows(page, 10, 2)
    answer = api(live_server, f"/api/sessions/{sid}/batch")
    assert answer["start"] == {"weights": start["weights"], "biases": start["biases"]}
    layer, idx = entries(page)
    for shown, live in zip(answer["examples"], sent, strict=True):
        for mine, theirs in zip(shown["weights"], live["weights"], strict=True):
            np.testing.assert_array_equal(mine, theirs)
    # the last example: the weights before it (the second's) and after it
    np.testing.assert_array_equal(row(page, "w-before"), picked(sent[1]["weights"], layer, idx))
    np.testing.assert_array_equal(row(page, "w-after"), picked(sent[2]["weights"], layer, idx))
    table = str(page.text_content(f"{PANEL} .code-table"))
    assert "not sent" not in table and "not restored" not in table
    caption = str(page.text_content("#code-caption"))
    assert caption.startswith("Example 3 of 6") and "Restored" not in caption
    shoot_view(page, "code", screenshots_dir / "reload-per-example-code.png")

    page.locator(f"{PANEL} [name='code-step']").focus()
    page.keyboard.press("Home")  # the first example: from the mini-batch's start
    shows(page, 8, 0)
    np.testing.assert_array_equal(row(page, "w-before"), picked(start["weights"], layer, idx))
    np.testing.assert_array_equal(row(page, "w-after"), picked(sent[0]["weights"], layer, idx))
    page.click(f"{PANEL} [data-code='live']")

    step_to(page, "step-example", 11)  # and it goes on: the 4th example from the 3rd's weights
    shows(page, 11, 3)
    fourth = frames.of("example")[-1]
    np.testing.assert_array_equal(row(page, "w-before"), picked(sent[2]["weights"], layer, idx))
    np.testing.assert_array_equal(row(page, "w-after"), picked(fourth["weights"], layer, idx))
    assert page_errors == []


def test_a_mini_batch_restored_without_its_gradients_says_why(
    page: Page, live_server: str, live_app: FastAPI, page_errors: list[str], screenshots_dir: Path
) -> None:
    """Over the server's limit a reload gets each example's cost only: the captions say so."""
    sid = open_page(page, live_server, QUERY + "&update=per_example")
    step_to(page, "step-batch", 7)
    for seq in (8, 9):
        step_to(page, "step-example", seq)
    session = live_app.state.store.get(sid)
    limits = session.limits
    session.limits = replace(limits, max_frame_floats=100)  # 2 examples at full detail: 2 · 90 + 27
    try:
        page.reload()
        wait_settled(page, 9)
        shows(page, 9, 1)
    finally:
        session.limits = limits
    caption = str(page.text_content("#acc-caption"))
    assert "examples 1 to 2 of 6 are summed into nabla_w" in caption, caption
    assert "Restored from the server without each example's gradient and the weights after it" in (
        caption
    )
    assert "more numbers than the server sends in one answer" in caption
    assert "at this speed" not in caption
    note = page.locator(".acc-example .acc-note")
    expect(note).to_have_text("not restored: over the server's limit")
    expect(page.locator(".acc-sum .acc-note")).to_have_text("not restored: over the server's limit")
    code_caption = str(page.text_content("#code-caption"))
    assert "more numbers than the server sends in one answer" in code_caption
    after = page.locator(f"{PANEL} .code-row[data-row='w-after'] > span:not(.name)")
    assert set(after.all_text_contents()) == {"not restored"}
    page.screenshot(path=screenshots_dir / "reload-without-gradients.png", full_page=True)
    page.locator("#view-accumulation").screenshot(
        path=screenshots_dir / "reload-without-gradients-accumulation.png"
    )
    shoot_view(page, "code", screenshots_dir / "reload-without-gradients-code.png")

    # The page learnt the lowered limit from the server's state message, and learns it back
    # from the one that follows the next step: the example after that comes with its gradient.
    step_to(page, "step-example", 10)
    step_to(page, "step-example", 11)
    expect(note).to_be_hidden()
    assert "Restored" not in str(page.text_content("#acc-caption"))
    assert page_errors == [
        "console: Failed to load resource: the server responded with a status of 422 "
        f"(Unprocessable Entity) ({live_server}/api/sessions/{sid}/batch?detail=full)"
    ]


def test_a_step_too_large_for_full_detail_and_its_restore_say_why(
    page: Page, live_server: str, page_errors: list[str], screenshots_dir: Path
) -> None:
    """270 examples of a [64, 100, 10] network: too many numbers to send, then to fetch."""
    open_page(page, live_server, "?dataset=digits&sizes=64-100-10&batch_size=300&seed=1")
    page.fill("[name='count']", "270")
    step_to(page, "step-example", 270)
    note = page.locator(".acc-example .acc-note")
    expect(note).to_have_text("not sent for so large a step")
    caption = str(page.text_content("#acc-caption"))
    assert "A step this large sends only each example's cost" in caption, caption
    assert "at this speed" not in caption

    page.reload()
    wait_settled(page, 270)
    expect(note).to_have_text("not restored: too many numbers")
    caption = str(page.text_content("#acc-caption"))
    assert "examples 1 to 270 of 300 are summed into nabla_w" in caption, caption
    assert "Restored from the server without each example's gradient" in caption
    assert "too many numbers to fetch at once" in caption
    page.locator("#view-accumulation").screenshot(
        path=screenshots_dir / "reload-too-many-to-fetch.png"
    )
    assert page_errors == []


def test_an_ended_session_is_replaced_and_the_status_line_says_so(
    page: Page, live_server: str, page_errors: list[str], screenshots_dir: Path
) -> None:
    sid = open_page(page, live_server, QUERY)
    step_to(page, "step-example", 1)
    # Ended while no page shows it (an open page would start a new run at once, before a reload):
    # away, delete, and Back.
    page.click("a[href='/docs']")
    page.wait_for_url("**/docs")
    assert httpx.delete(f"{live_server}/api/sessions/{sid}").status_code == 204
    missing: list[str] = []
    page.on("response", lambda r: r.status >= 400 and missing.append(f"{r.request.method} {r.url}"))
    page.go_back()
    wait_settled(page, 0)
    fresh = page.get_attribute("#app", "data-session")
    assert fresh and fresh != sid
    config = api(live_server, f"/api/sessions/{fresh}")["config"]
    assert (config["dataset"], config["sizes"], config["batch_size"], config["eta"]) == (
        "xor",
        [2, 5, 2],
        6,
        2.0,
    )
    status = page.locator("#run-status")
    expect(status).to_be_visible()
    expect(status).to_contain_text("no longer on the server")
    assert counter(page, "k") == "0" and counter(page, "updates") == "0"
    page.screenshot(path=screenshots_dir / "reload-session-gone.png")

    page.fill("input[name='seed']", "15")  # a run of the user's own making: the notice goes
    page.press("input[name='seed']", "Enter")
    page.wait_for_selector(f"#app:not([data-session='{fresh}'])", state="attached")
    wait_settled(page, 0)
    expect(status).to_be_hidden()
    # The one failed request is the page asking for its old session: the browser logs the 404.
    assert missing == [f"GET {live_server}/api/sessions/{sid}"]
    assert page_errors == [
        "console: Failed to load resource: the server responded with a status of 404 (Not Found)"
        f" ({live_server}/api/sessions/{sid})"
    ]


def members(page: Page, base: str) -> list[str]:
    group = page.evaluate("history.state.group")
    found: dict[str, Any] = api(base, f"/api/groups/{group}")
    return [s["id"] for s in found["sessions"]]


def test_compare_mode_comes_back_to_the_same_group(
    page: Page, live_server: str, page_errors: list[str], screenshots_dir: Path
) -> None:
    open_compare(page, live_server, "?dataset=moons&n_train=60&seed=3&compare=1")
    click_step(page, "batch")
    click_step(page, "example")
    ids = members(page, live_server)
    seen = str(page.text_content("#compare-seen"))
    assert seen.startswith("11 examples seen")
    readouts = page.locator(".compare-readout")
    expect(readouts.first).to_contain_text("last example's cost")

    page.reload()
    page.wait_for_selector("#compare[data-ready='1'][data-settled='1']", state="attached")
    assert members(page, live_server) == ids
    assert str(page.text_content("#compare-seen")) == seen
    for i, sid in enumerate(ids):  # the costs read back are the mini-batches' means
        cost = api(live_server, f"/api/sessions/{sid}/history")["updates"][-1]["cost"]
        expect(readouts.nth(i)).to_contain_text(f"last mini-batch's mean cost {cost:#.3g}")
    expect(page.locator("#run-status")).to_contain_text("Back to the same comparison")
    means = page.evaluate(
        "document.getElementById('compare-cost').data.filter(t => t.x.length === 1).length"
    )
    assert means >= 2  # each run's first mini-batch's mean cost, read back from its history
    page.screenshot(path=screenshots_dir / "reload-compare.png", full_page=True)

    group = page.evaluate("history.state.group")
    assert httpx.delete(f"{live_server}/api/groups/{group}").status_code == 204
    missing: list[str] = []
    page.on("response", lambda r: r.status >= 400 and missing.append(f"{r.request.method} {r.url}"))
    page.reload()
    page.wait_for_selector("#compare[data-ready='1'][data-settled='1']", state="attached")
    assert not set(members(page, live_server)) & set(ids)
    expect(page.locator("#run-status")).to_contain_text("comparison this page showed")
    assert str(page.text_content("#compare-seen")).startswith("0 examples seen")
    page.screenshot(path=screenshots_dir / "reload-compare-gone.png")
    assert missing == [f"GET {live_server}/api/groups/{group}"]  # the page asking for it
    assert page_errors == [
        "console: Failed to load resource: the server responded with a status of 404 (Not Found)"
        f" ({live_server}/api/groups/{group})"
    ]
