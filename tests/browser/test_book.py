"""The book's experiments on the page: MNIST downloaded in one click, a preset's reference line,
its epochs trained as one cancellable run with the curve growing, and each epoch's time."""

from __future__ import annotations

import importlib.util
import socket
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
import uvicorn
from playwright.sync_api import Page, expect

from app.__main__ import SERVER_OPTIONS
from app.settings import Settings
from app.web.app import create_app

from .helpers import server_stopped, wait_settled

pytestmark = pytest.mark.browser
TESTS = Path(__file__).parents[1]


def _module(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


helpers = _module(TESTS / "book" / "helpers.py", "book_helpers")
bookfile = _module(TESTS.parent / "bench" / "_bookfile.py", "bench_bookfile")


@pytest.fixture
def book_server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """The app with an empty data directory, downloading a book-format file from a local server."""
    body = bookfile.write_book_file(tmp_path / "served.pkl.gz", n_train=5000, n_test=200)
    files = helpers.FileServer(body.read_bytes())
    settings = Settings(
        data_dir=tmp_path / "data",
        mnist_url=f"{files.url}/mnist.pkl.gz",
        mnist_bytes=len(files.body),
        db=":memory:",
    )
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), log_level="warning", **SERVER_OPTIONS)
    )
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.01)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}", tmp_path / "data"
    server.should_exit = True
    thread.join(timeout=10)
    sock.close()
    files.close()


def test_a_preset_downloads_mnist_then_trains_the_books_epochs(
    page: Page, book_server: tuple[str, Path], page_errors: list[str], screenshots_dir: Path
) -> None:
    base, data_dir = book_server
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(f"{base}/")
    wait_settled(page, 0)
    fetch = page.locator("#datasets .dataset-fetch")
    expect(fetch).to_contain_text("MNIST (the book's file, 17 MB)")
    page.screenshot(path=str(screenshots_dir / "book-before-download.png"), full_page=False)

    page.click("[data-preset='ch1-30']")  # absent: downloads it, then opens the preset
    page.wait_for_url("**dataset=mnist**", timeout=30_000)
    wait_settled(page, 0, timeout=30_000)
    assert (data_dir / "mnist.pkl.gz").is_file()
    assert list(data_dir.iterdir()) == [data_dir / "mnist.pkl.gz"]  # no .part left
    expect(page.locator("#datasets .dataset-fetch")).to_have_count(0)
    expect(page.locator("[data-preset='ch1-30']")).to_have_class(
        "btn btn-small book-preset selected"
    )
    assert page.input_value("select[name='rng']") == "book"
    assert page.get_attribute("#metrics-plot", "data-reference") == "0.9542"
    layout = page.evaluate("document.getElementById('metrics-plot').layout")
    assert layout["shapes"][0]["y0"] == pytest.approx(0.9542)
    assert "the book: 95.42 %" in layout["annotations"][0]["text"]
    expect(page.locator("#metrics-book")).to_contain_text("best of three runs")

    run = page.locator("[data-act='book-epochs']")
    expect(run).to_have_text("▶ Train 30 epochs (the book's 30)")
    run.click()
    page.wait_for_selector("#book[data-running='1']", state="attached")
    # the curve grows as it goes: two epochs on the chart while the run goes on
    page.wait_for_function("() => window.nabla.model.history.epochs.length >= 2", timeout=60_000)
    page.screenshot(path=str(screenshots_dir / "book-running.png"), full_page=False)
    page.click("[data-act='book-cancel']", no_wait_after=True)
    page.wait_for_selector("#book[data-running='0']", state="attached")
    sid = str(page.get_attribute("#app", "data-session"))
    # the epoch under way at the Cancel may still end (its events alone are sent: one chunk)
    wait_settled(page, server_stopped(base, sid), timeout=30_000)
    epochs = page.evaluate("window.nabla.model.history.epochs.length")
    assert 2 <= epochs < 30
    history = page.evaluate(f"fetch('/api/sessions/{sid}/history').then((r) => r.json())")
    assert len(history["epochs"]) == epochs  # cancelled: no step left queued on the server
    points = page.evaluate("document.getElementById('metrics-plot').data[2].y.length")
    assert points == epochs  # test accuracy, one point an epoch
    expect(page.locator("#metrics-time")).to_contain_text("network.py's per-example loop")
    ratio = float(page.get_attribute("#metrics-time", "data-ratio") or "nan")
    assert ratio > 0
    expect(run).to_have_text(f"▶ Train {30 - epochs} epochs (the book's 30)")
    page.screenshot(path=str(screenshots_dir / "book-metrics.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(screenshots_dir / "book-phone.png"), full_page=False)
    assert page_errors == []
