"""Browser fixtures: the real app on a live port, Debian's Chromium, page errors, screenshots.

pytest-playwright provides ``page`` (one browser per session, a fresh context per test). Use:

    @pytest.mark.browser
    def test_x(page, live_server, page_errors, screenshots_dir): ...
"""

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from playwright.sync_api import ConsoleMessage, Error, Page

from app.settings import Settings
from app.web.app import create_app

ROOT = Path(__file__).resolve().parents[2]
DEBIAN_CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Launch Debian's Chromium when it is installed, else Playwright's own browser."""
    if not DEBIAN_CHROMIUM.exists():
        return browser_type_launch_args
    return {
        **browser_type_launch_args,
        "executable_path": str(DEBIAN_CHROMIUM),
        "args": [*browser_type_launch_args.get("args", []), *CHROMIUM_ARGS],
    }


@pytest.fixture(scope="session")
def live_server_settings() -> Settings:
    """The settings the live server runs with (override in a conftest to change them)."""
    return Settings()


@pytest.fixture(scope="session")
def live_server(live_server_settings: Settings) -> Iterator[str]:
    """Serve the real app from a thread on a free port; yields ``http://127.0.0.1:PORT``."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(create_app(live_server_settings), log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the live server did not start")
        time.sleep(0.01)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    sock.close()


@pytest.fixture
def page_errors(page: Page) -> list[str]:
    """Every console error and uncaught exception of ``page``; assert it stays empty."""
    errors: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(f"console: {message.text}")

    def on_page_error(error: Error) -> None:
        errors.append(f"pageerror: {error}")

    page.on("console", on_console)
    page.on("pageerror", on_page_error)
    return errors


@pytest.fixture(scope="session")
def screenshots_dir() -> Path:
    """Folder for PNG screenshots, named at the end of the run (``$NABLA_SCREENSHOTS``)."""
    folder = screenshots_path()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def screenshots_path() -> Path:
    """Where browser tests save PNGs: ``$NABLA_SCREENSHOTS`` or ``build/screenshots``."""
    return Path(os.environ.get("NABLA_SCREENSHOTS") or ROOT / "build" / "screenshots")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Name the screenshots folder at the end of a run that has any."""
    folder = screenshots_path()
    shots = sorted(folder.glob("*.png")) if folder.is_dir() else []
    if shots:
        terminalreporter.write_sep("-", "screenshots")
        terminalreporter.write_line(f"{len(shots)} PNG file(s) in {folder}")
