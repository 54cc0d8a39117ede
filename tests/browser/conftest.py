"""Browser fixtures: Debian's Chromium, page errors, screenshots.

pytest-playwright provides ``page`` (one browser per session, a fresh context per test);
``live_server`` (the real app on a live port) comes from ``tests/conftest.py``. Use:

    @pytest.mark.browser
    def test_x(page, live_server, page_errors, screenshots_dir): ...
"""

import os
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import ConsoleMessage, Error, Page

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


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    """Pages ask for reduced motion, as a reader may: an update lands at once, with no
    900 ms tween redrawn every frame (the page's animation has its own test)."""
    return {**browser_context_args, "reduced_motion": "reduce"}
