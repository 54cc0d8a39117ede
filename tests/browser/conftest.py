"""Browser fixtures: Debian's Chromium, page errors, screenshots.

pytest-playwright provides ``page``, here a new page of one browser profile per worker
(:func:`context`), emptied between tests; ``live_server`` (the real app on a live port)
comes from ``tests/conftest.py``. Use:

    @pytest.mark.browser
    def test_x(page, live_server, page_errors, screenshots_dir): ...
"""

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, BrowserType, ConsoleMessage, Error, Page, expect

ROOT = Path(__file__).resolve().parents[2]

# `expect(...)` waits up to 15 s, not Playwright's 5: an epoch stepped on a 2-core machine that
# is also running the other worker's browser and server can take longer than 5 s to be drawn.
expect.set_options(timeout=15_000)
# Debian's headless shell (`make browser` installs it), else its full Chromium, else Playwright's.
DEBIAN_CHROMIUMS = (Path("/usr/bin/chromium-headless-shell"), Path("/usr/bin/chromium"))
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
    chromium = next((path for path in DEBIAN_CHROMIUMS if path.exists()), None)
    if chromium is None:
        return browser_type_launch_args
    return {
        **browser_type_launch_args,
        "executable_path": str(chromium),
        "args": [*browser_type_launch_args.get("args", []), *CHROMIUM_ARGS],
    }


# Every chart's traces, with a trace type the page's plotly.js does not hold (it draws such a
# trace as nothing, and says nothing): static/vendor/plotly.min.js is a partial bundle.
UNREGISTERED_TRACES = """() => {
  if (!window.Plotly) return [];
  const known = new Set(Object.keys(Plotly.PlotSchema.get().traces));
  return [...document.querySelectorAll(".js-plotly-plot")].flatMap((el) =>
    (el.data || []).map((t) => t.type || "scatter").filter((type) => !known.has(type))
      .map((type) => `#${el.id}: ${type}`));
}"""


@pytest.fixture
def page_errors(page: Page) -> Iterator[list[str]]:
    """Every console error and uncaught exception of ``page``; assert it stays empty.

    After the test, every Plotly chart still on the page must use trace types the page's
    plotly.js bundle holds."""
    errors: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":  # with its source: a failed load's is the resource's URL
            url = message.location.get("url", "")
            errors.append(f"console: {message.text}" + (f" ({url})" if url else ""))

    def on_page_error(error: Error) -> None:
        errors.append(f"pageerror: {error}")

    page.on("console", on_console)
    page.on("pageerror", on_page_error)
    yield errors
    if not page.is_closed():
        try:
            missing = page.evaluate(UNREGISTERED_TRACES)
        except Error:  # the page navigated away or crashed: its own test says so
            missing = []
        assert missing == [], f"trace types not in static/vendor/plotly.min.js: {missing}"


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


# What a test may leave in the profile, cleared after it (the HTTP cache and V8's code cache stay).
SITE_DATA = "cookies,local_storage,indexeddb,websql,service_workers,cache_storage,file_systems"


@pytest.fixture(scope="session")
def shared_context(
    browser_type: BrowserType,
    browser_type_launch_args: dict[str, Any],
    browser_context_args: dict[str, Any],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[BrowserContext]:
    """One browser per worker, with its profile on disk: its HTTP cache and V8's code cache
    serve every test, so plotly.js is compiled a few times a run, not once a page."""
    profile = tmp_path_factory.mktemp("chromium-profile")
    args = {**browser_type_launch_args, **browser_context_args}
    context = browser_type.launch_persistent_context(str(profile), **args)
    yield context
    context.close()


@pytest.fixture
def context(shared_context: BrowserContext, live_server: str) -> Iterator[BrowserContext]:
    """The worker's browser for one test: its pages closed and the site's data (cookies,
    local storage, permissions) cleared afterwards, so every test starts as a new visitor."""
    yield shared_context
    blank = shared_context.new_page()
    cdp = shared_context.new_cdp_session(blank)
    cdp.send("Storage.clearDataForOrigin", {"origin": live_server, "storageTypes": SITE_DATA})
    cdp.detach()
    for page in shared_context.pages:
        page.close()
    shared_context.clear_cookies()
    shared_context.clear_permissions()
