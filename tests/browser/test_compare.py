"""Compare mode in a real Chromium: the book's update beside after-every-example, from the same
weights and the same examples. The two cost curves start equal and part; both boundaries are
drawn; the URL brings the mode back; nothing goes to the console."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import httpx
import numpy as np
import pytest
from fastapi import FastAPI
from playwright.sync_api import Page, Route, expect

from .helpers import click_step, open_compare

pytestmark = pytest.mark.browser


def curves(page: Page) -> list[dict[str, Any]]:
    """The chart's traces: each example's cost per run, then the means."""
    traces: list[dict[str, Any]] = page.evaluate(
        "document.getElementById('compare-cost').data.map(t => ({name: t.name, x: t.x, y: t.y}))"
    )
    return traces


def boundary(page: Page, i: int) -> np.ndarray[Any, Any]:
    z = page.evaluate(f"document.getElementById('compare-boundary-{i}').data[0].z")
    return np.asarray(z, dtype=np.float64)


def test_compare_shows_two_curves_that_start_equal_and_part(
    page: Page, live_server: str, page_errors: list[str], screenshots_dir: Path
) -> None:
    open_compare(page, live_server, "?dataset=moons&n_train=100&seed=2&compare=1")
    expect(page.locator("#views")).to_be_hidden()
    expect(page.locator("#compare-button")).to_have_attribute("aria-pressed", "true")
    labels = page.locator(".compare-run .run-label").all_text_contents()
    assert labels == ["once per mini-batch (the book)", "after every example"]
    start = [boundary(page, i) for i in (0, 1)]
    np.testing.assert_array_equal(start[0], start[1])  # the same initial weights

    click_step(page, "example")
    batch, per_example = curves(page)[:2]
    assert batch["x"] == per_example["x"] == [1]
    assert batch["y"][0] == pytest.approx(per_example["y"][0], rel=1e-12)  # same weights
    expect(page.locator(".compare-readout").first).to_contain_text("0 weight updates")
    expect(page.locator(".compare-readout").nth(1)).to_contain_text("1 weight update")

    click_step(page, "batch")  # the rest of the first mini-batch
    click_step(page, "epoch")
    page.screenshot(path=screenshots_dir / "compare-epoch-1.png", full_page=True)
    batch, per_example = curves(page)[:2]
    assert len(batch["y"]) == len(per_example["y"]) == 100
    a, b = np.asarray(batch["y"]), np.asarray(per_example["y"])
    assert a[0] == pytest.approx(b[0], rel=1e-12)
    assert not np.allclose(a[1:], b[1:])  # from example 2 on, per_example's weights had moved
    later = np.abs(a - b)
    assert later[50:].mean() > later[1:10].mean()  # and they drift further apart
    # the means of each mini-batch, one per update of the book
    means = curves(page)[2:]
    assert [len(t["y"]) for t in means] == [10, 10]
    # both boundaries drawn, from different weights now
    ends = [boundary(page, i) for i in (0, 1)]
    assert all(z.shape == (40, 40) for z in ends)
    assert not np.allclose(ends[0], ends[1]) and not np.allclose(ends[0], start[0])

    # the page's numbers are the server's: the group's members are ordinary sessions
    sids = page.evaluate("[...document.querySelectorAll('.compare-boundary')].map(e => e.id)")
    assert sids == ["compare-boundary-0", "compare-boundary-1"]
    query = parse_qs(urlparse(page.url).query)
    assert query["compare"] == ["1"] and query["n_train"] == ["100"]
    assert page_errors == []


def test_play_pause_and_the_way_back(
    page: Page, live_server: str, page_errors: list[str], screenshots_dir: Path
) -> None:
    open_compare(page, live_server, "?dataset=xor&n_train=120&compare=m1&unit=batch&speed=4")
    assert len(page.locator(".compare-run").all()) == 3
    play = page.locator("[data-cmp='play']")
    play.click()
    expect(play).to_have_attribute("aria-pressed", "true")
    page.wait_for_function(
        # until plotly.js (fetched when first needed) has drawn it, the chart has no data yet
        "() => document.getElementById('compare-cost').data?.[0]?.x.length >= 60",
        timeout=15_000,
    )
    page.select_option("select[name='cmp-unit']", "example")  # still answers while playing
    expect(page.locator("select[name='cmp-unit']")).to_have_value("example")
    play.click()
    expect(play).to_have_attribute("aria-pressed", "false")
    page.wait_for_selector("#compare[data-settled='1']", state="attached")
    lengths = [len(t["y"]) for t in curves(page)[:3]]
    assert lengths[0] == lengths[1] == lengths[2]  # lock step: as many examples each
    page.screenshot(path=screenshots_dir / "compare-three.png", full_page=True)

    group_sessions = len(page.locator(".compare-run").all())
    page.click("[data-cmp='close']")
    expect(page.locator("#compare")).to_be_hidden()
    expect(page.locator("#views")).to_be_visible()
    assert "compare" not in parse_qs(urlparse(page.url).query)
    assert group_sessions == 3
    page.click("#compare-button")
    page.wait_for_selector("#compare[data-ready='1'][data-settled='1']", state="attached")
    assert parse_qs(urlparse(page.url).query)["compare"] == ["m1"]
    assert httpx.get(f"{live_server}/api/health").status_code == 200
    assert page_errors == []


def drawn_paths(page: Page) -> list[np.ndarray[Any, Any]]:
    paths = page.evaluate("document.getElementById('compare-paths').drawnPaths")
    return [np.asarray(p, dtype=np.float64).reshape(-1, 2) for p in paths]


def weights_of(live_server: str, sid: str, params: list[list[int]]) -> list[float]:
    """The two parameters' values in session ``sid``, from GET /network."""
    net = httpx.get(f"{live_server}/api/sessions/{sid}/network").json()
    return [
        net["weights"][p[0]][p[1]][p[2]] if len(p) == 3 else net["biases"][p[0]][p[1]]
        for p in params
    ]


def test_weight_paths_on_the_landscape(
    page: Page, live_server: str, page_errors: list[str], screenshots_dir: Path
) -> None:
    open_compare(page, live_server, "?dataset=moons&n_train=100&seed=3&compare=1")
    box = page.locator("#compare-paths")
    expect(box).to_have_attribute("data-points", "1,1")
    named = (box.get_attribute("data-params") or "").split(";")
    params = [[int(v) for v in p.split(",")] for p in named]
    sids = (box.get_attribute("data-members") or "").split(",")
    assert len(params) == 2 and len(sids) == 2
    before = [weights_of(live_server, sid, params) for sid in sids]
    assert before[0] == before[1]  # identical initial weights
    start = drawn_paths(page)
    for path in start:
        np.testing.assert_allclose(path, [before[0]], rtol=0, atol=1e-12)
    assert box.get_attribute("data-drawn")  # the contour is drawn

    steps = ["example", "batch", "batch", "batch", "epoch"]
    for n, what in enumerate(steps, start=1):
        click_step(page, what)
        expect(box).to_have_attribute("data-points", f"{n + 1},{n + 1}")
    paths = drawn_paths(page)
    assert all(len(p) == len(steps) + 1 for p in paths)
    np.testing.assert_array_equal(paths[0][0], paths[1][0])  # one common start
    # one example in: the book's weights have not moved; after every example, they have
    np.testing.assert_array_equal(paths[0][1], paths[0][0])
    # after the first mini-batch the runs are at different weights
    assert not np.allclose(paths[0][2], paths[1][2])
    assert not np.allclose(paths[0][2:], paths[1][2:])
    for sid, path in zip(sids, paths, strict=True):
        np.testing.assert_allclose(path[-1], weights_of(live_server, sid, params), rtol=1e-12)
    # the same pair throughout; the contour is the mini-batch the book just applied (epoch 1's
    # last), and its range holds every point
    assert box.get_attribute("data-params") == ";".join(",".join(map(str, p)) for p in params)
    expect(box).to_have_attribute("data-batch", "0:9")
    x0, x1, y0, y1 = page.evaluate("document.getElementById('compare-paths').drawnRange")
    for path in paths:
        assert (x0 <= path[:, 0]).all() and (path[:, 0] <= x1).all()
        assert (y0 <= path[:, 1]).all() and (path[:, 1] <= y1).all()
    page.screenshot(path=screenshots_dir / "compare-paths.png", full_page=True)

    page.click("[data-cmp='reset']")
    page.wait_for_selector("#compare[data-settled='1']", state="attached")
    expect(box).to_have_attribute("data-points", "1,1")
    np.testing.assert_allclose(drawn_paths(page)[0], [before[0]], rtol=0, atol=1e-12)

    # narrow: everything in one column, nothing wider than the window
    page.set_viewport_size({"width": 420, "height": 800})
    page.reload()
    page.wait_for_selector(
        "#compare[data-ready='1'][data-settled='1']", state="attached", timeout=20_000
    )
    expect(box).to_have_attribute("data-points", "1,1")
    rect = page.evaluate(
        "(() => { const r = document.getElementById('compare-paths').getBoundingClientRect();"
        " return {left: r.left, right: r.right, width: r.width,"
        " page: document.documentElement.scrollWidth}; })()"
    )
    assert rect["width"] > 200 and rect["left"] >= 0 and rect["right"] <= 420
    assert rect["page"] <= 420
    page.screenshot(path=screenshots_dir / "compare-paths-narrow.png", full_page=True)
    assert page_errors == []


def test_weight_paths_stay_on_their_mini_batch_after_its_update(
    page: Page, live_server: str, page_errors: list[str], screenshots_dir: Path
) -> None:
    """After a mini-batch's update the contour is still that mini-batch's cost, centred on its
    start; the next one's surface comes with the next mini-batch's first example."""
    open_compare(page, live_server, "?dataset=moons&n_train=100&seed=5&batch_size=4&compare=1")
    box = page.locator("#compare-paths")
    sub = page.locator("#compare-paths-sub")
    expect(box).to_have_attribute("data-batch", "0:0")
    for n in range(1, 4):
        click_step(page, "example")
        expect(box).to_have_attribute("data-points", f"{n + 1},{n + 1}")
    page.screenshot(path=screenshots_dir / "compare-paths-before-update.png", full_page=True)
    click_step(page, "example")  # the 4th example: the book's one update
    expect(box).to_have_attribute("data-points", "5,5")
    page.screenshot(path=screenshots_dir / "compare-paths-after-update.png", full_page=True)
    book = drawn_paths(page)[0]
    assert not np.allclose(book[-1], book[0])  # the book's weights have moved
    expect(box).to_have_attribute("data-batch", "0:0")
    expect(sub).to_contain_text("mini-batch 1 (epoch 1)")
    at = page.evaluate("document.getElementById('compare-paths').drawnAt")
    np.testing.assert_allclose(at, book[0], rtol=0, atol=1e-12)  # centred on the batch's start
    x0, x1, y0, y1 = page.evaluate("document.getElementById('compare-paths').drawnRange")
    for path in drawn_paths(page):
        assert (x0 <= path[:, 0]).all() and (path[:, 0] <= x1).all()
        assert (y0 <= path[:, 1]).all() and (path[:, 1] <= y1).all()

    click_step(page, "example")  # the next mini-batch begins: its surface, at the book's weights
    expect(box).to_have_attribute("data-batch", "0:1")
    expect(sub).to_contain_text("mini-batch 2 (epoch 1)")
    at = page.evaluate("document.getElementById('compare-paths').drawnAt")
    np.testing.assert_allclose(at, drawn_paths(page)[0][-1], rtol=0, atol=1e-12)
    assert page_errors == []


def test_weight_paths_of_a_run_restored_between_two_mini_batches(
    page: Page, live_server: str, live_app: FastAPI, page_errors: list[str]
) -> None:
    """A run restored from the database between two mini-batches has no finished one to draw
    (the landscape's batch=last is a 409): the paths go on over the next one, without an error."""
    open_compare(page, live_server, "?dataset=moons&n_train=100&seed=6&batch_size=5&compare=1")
    box = page.locator("#compare-paths")
    click_step(page, "batch")
    expect(box).to_have_attribute("data-batch", "0:0")
    book = (box.get_attribute("data-members") or "").split(",")[0]
    live_app.state.store.get(book).trainer._last = None  # as a restore leaves it
    page.click("[data-paths='repick']")
    page.wait_for_selector("#compare[data-settled='1']", state="attached")
    expect(box).to_have_attribute("data-batch", "0:1")
    expect(box).to_have_attribute("data-points", "1,1")
    expect(page.locator(".toast")).to_have_count(0)
    # the browser logs the 409 it was answered, and nothing else
    assert [e for e in page_errors if "status of 409" not in e] == []


def test_switching_runs_while_a_landscape_is_on_its_way_says_nothing_of_the_old_runs(
    page: Page, live_server: str, page_errors: list[str]
) -> None:
    """Issue 16, edge 11: switching "Runs" deleted the old group's sessions while a landscape
    of theirs was on its way; its 404 ("no session with id ...") was shown as an error."""
    open_compare(page, live_server, "?dataset=moons&n_train=100&seed=3&compare=1")
    held: list[Route] = []

    def hold_the_first(route: Route) -> None:  # the next landscape waits; later ones go on
        if held:
            route.continue_()
        else:
            held.append(route)

    page.route("**/landscape?*", hold_the_first)
    with page.expect_request("**/landscape?*"):
        page.click("[data-cmp='batch']")  # its new points ask for the contour again
    with page.expect_response(lambda r: r.request.method == "DELETE" and "/groups/" in r.url):
        page.select_option("[name='cmp-kind']", "m1")  # a new group; the old one deleted
    assert len(held) == 1
    old_url = held[0].request.url  # the new group's own landscapes may answer meanwhile
    with page.expect_response(lambda r: r.url == old_url) as answer:
        held[0].continue_()  # the old group's landscape, answered now: 404
    assert answer.value.status == 404
    page.unroute("**/landscape?*")
    page.wait_for_selector(
        "#compare[data-ready='1'][data-settled='1']", state="attached", timeout=20_000
    )
    expect(page.locator(".toast-error")).to_have_count(0)
    assert [e for e in page_errors if "status of 404" not in e] == []
