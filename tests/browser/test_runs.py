"""Download run and Open run in a real Chromium: the opened run is the saved one, to the bit."""

from __future__ import annotations

import json
import signal
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import httpx
import pytest
from playwright.sync_api import Page

from .helpers import api, counter, open_page, wait_settled

pytestmark = pytest.mark.browser


def test_download_then_open_a_run_mid_mini_batch(
    page: Page, live_server: str, page_errors: list[str], screenshots_dir: Path, tmp_path: Path
) -> None:
    sid = open_page(page, live_server, "?dataset=xor&sizes=2-5-2&batch_size=6&eta=2&seed=4")
    page.click("[data-act='step-batch']")
    wait_settled(page, 7)
    for seq in (8, 9, 10):
        page.click("[data-act='step-example']")
        wait_settled(page, seq)

    with page.expect_download() as download:
        page.click("[data-act='download-run']")
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == "nabla-xor-2-5-2-epoch1-batch2.json"
    run = json.loads(saved.read_text())
    assert run["cursor"] == {"epoch": 0, "batch": 1, "index": 3, "pos": 6}
    network = api(live_server, f"/api/sessions/{sid}/network")
    assert [run["network"]["weights"], run["network"]["biases"]] == [
        network["weights"],
        network["biases"],
    ]

    page.click("[data-act='step-example']")  # the page moves on; the file stays at seq 10
    wait_settled(page, 11)
    page.set_input_files("#run-files input[type='file']", saved)
    page.wait_for_selector(f"#app:not([data-session='{sid}'])", state="attached")
    wait_settled(page, 10)
    opened = str(page.get_attribute("#app", "data-session"))
    assert httpx.get(f"{live_server}/api/sessions/{sid}").status_code == 404  # replaced
    network = api(live_server, f"/api/sessions/{opened}/network")
    assert [network["weights"], network["biases"]] == [
        run["network"]["weights"],
        run["network"]["biases"],
    ]
    shown = page.evaluate("({w: nabla.model.network.weights, b: nabla.model.network.biases})")
    assert [shown["w"], shown["b"]] == [network["weights"], network["biases"]]
    assert (counter(page, "k"), counter(page, "batch"), counter(page, "updates")) == ("3", "2", "1")
    query = parse_qs(urlparse(page.url).query)
    assert query["dataset"] == ["xor"] and query["sizes"] == ["2-5-2"] and query["seed"] == ["4"]
    assert page.locator("input[name='batch_size']").input_value() == "6"
    page.screenshot(path=screenshots_dir / "run-opened.png", full_page=False)

    page.click("[data-act='step-example']")  # and it goes on from there
    wait_settled(page, 11)
    assert counter(page, "k") == "4"
    assert page_errors == []


def test_the_page_reconnects_to_its_session_after_a_server_restart(
    page: Page,
    tmp_path: Path,
    page_errors: list[str],
    screenshots_dir: Path,
    server: Callable[..., Any],
) -> None:
    """Killed and started again on the same port, the server still has the page's session."""
    db, log = tmp_path / "nabla.sqlite3", tmp_path / "server.log"
    with server(db, log) as (url, process):
        sid = open_page(page, url, "?dataset=moons&sizes=2-4-2&batch_size=5")
        page.click("[data-act='step-batch']")
        wait_settled(page, 6)
        page.click("[data-act='step-example']")  # mid-batch: redone after the restart
        wait_settled(page, 7)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    port = int(url.rsplit(":", 1)[1])
    with server(db, log, port):
        wait_settled(page, 6, timeout=40_000)
        assert page.get_attribute("#app", "data-session") == sid
        assert (counter(page, "k"), counter(page, "updates")) == ("0", "1")
        shown = page.evaluate("nabla.model.network.weights")
        assert shown == api(url, f"/api/sessions/{sid}/network")["weights"]
        page.screenshot(path=screenshots_dir / "run-reconnected.png")
        page.click("[data-act='step-example']")
        wait_settled(page, 7)
        assert page.locator("[data-waiting='failed']").count() == 0  # every chart came back
    # the socket's drop while the server was down is the only error the page may log: a
    # refused connection, one reset when the server went away in the middle of a request, or a
    # file cut short by the kill (plotly.js, fetched after the page's first load, is tried again)
    down = (
        "WebSocket",
        "ERR_CONNECTION_REFUSED",
        "ERR_CONNECTION_RESET",
        "ERR_CONTENT_LENGTH_MISMATCH",
        "ERR_INCOMPLETE_CHUNKED_ENCODING",
        "ERR_EMPTY_RESPONSE",
    )
    assert all(any(d in e for d in down) for e in page_errors), page_errors
