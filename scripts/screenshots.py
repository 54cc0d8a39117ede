"""Take the screenshots of the README and docs/guide.md: ``docs/screenshots/*.png``.

Starts the app on a free port (in a thread, as the tests do), drives a headless Chromium with
Playwright through a few states and saves one PNG per state::

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots] [--only NAME ...]

It needs the ``test`` extra (Playwright) and a Chromium: Debian's ``/usr/bin/chromium`` when
installed (``make test`` installs it as root), else Playwright's own.
"""

from __future__ import annotations

import argparse
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn
from playwright.sync_api import Page, ViewportSize, sync_playwright

from app.__main__ import SERVER_OPTIONS
from app.web.app import create_app

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "docs" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
VIEWPORT: ViewportSize = {"width": 1360, "height": 860}
PHONE: ViewportSize = {"width": 390, "height": 844}
READY = "#app[data-ready='1'][data-settled='1']"
MOONS = "?dataset=moons&sizes=2-6-4-2&eta=3&batch_size=8&seed=4"


@contextmanager
def serve() -> Iterator[str]:
    """The app on a free port of 127.0.0.1, served from a thread; yields its base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(create_app(), log_level="warning", **SERVER_OPTIONS))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the app did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def settled(page: Page, seq: int | None = None) -> None:
    """Wait until the page has drawn event ``seq`` (any, when None) and nothing moves."""
    where = READY if seq is None else f"{READY}[data-seq='{seq}']"
    page.wait_for_selector(where, state="attached", timeout=30_000)
    page.wait_for_timeout(400)  # the tooltips' and toasts' fades


def step_examples(page: Page, count: int, seq: int) -> int:
    """Press "." ``count`` times from event ``seq``; an update is one more event."""
    for _ in range(count):
        position = page.evaluate("[window.nabla.model.position.k, window.nabla.model.position.m]")
        page.keyboard.press(".")
        seq += 2 if position[0] == position[1] - 1 else 1
        settled(page, seq)
    return seq


def open_page(page: Page, url: str) -> None:
    page.goto(url)
    settled(page, 0)
    page.mouse.move(0, VIEWPORT["height"] - 1)  # no hover, no tooltip


def clip(page: Page, selector: str, path: Path) -> None:
    """``selector`` alone, clear of the sticky top bar and of any tooltip."""
    page.mouse.move(0, 0)
    page.evaluate("() => window.scrollTo(0, 0)")
    box = page.locator(selector).bounding_box()
    assert box is not None
    page.screenshot(path=path, full_page=True, clip=box)


def start(page: Page, base: str, out: Path) -> None:
    """The page as it opens: nothing summed yet."""
    open_page(page, f"{base}/{MOONS}")
    page.wait_for_timeout(600)  # the data sets' thumbnails
    page.screenshot(path=out / "start.png")


def mid_batch(page: Page, base: str, out: Path) -> None:
    """Five of eight examples summed into nabla_w; the weights have not moved."""
    open_page(page, f"{base}/{MOONS}")
    step_examples(page, 5, 0)
    clip(page, "#view-accumulation", out / "accumulation-mid-batch.png")


def after_update(page: Page, base: str, out: Path) -> None:
    """The eighth example, then the one update: w − (η/m)·nabla_w."""
    open_page(page, f"{base}/{MOONS}")
    step_examples(page, 8, 0)
    page.wait_for_timeout(1200)  # the update's animation
    clip(page, "#view-accumulation", out / "accumulation-after-update.png")


def digits(page: Page, base: str, out: Path) -> None:
    """The digits: one image, the outputs and the hidden neurons' weights, mid-batch."""
    open_page(page, f"{base}/?dataset=digits&sizes=64-16-10&eta=3&batch_size=10&seed=1")
    page.keyboard.press("e")
    page.wait_for_timeout(300)
    settled(page)
    step_examples(page, 3, int(page.get_attribute("#app", "data-seq") or 0))
    page.screenshot(path=out / "digits.png", full_page=True)


def compare(page: Page, base: str, out: Path) -> None:
    """Compare mode: the book's update beside the weights moving after every example."""
    page.goto(f"{base}/{MOONS}&compare=1")
    ready = "#compare[data-ready='1'][data-settled='1']"
    page.wait_for_selector(ready, state="attached", timeout=30_000)
    for steps in range(1, 7):
        page.click("[data-cmp='batch']")
        page.wait_for_selector(f"{ready}[data-steps='{steps}']", state="attached", timeout=30_000)
    page.mouse.move(0, VIEWPORT["height"] - 1)
    page.wait_for_timeout(600)
    page.screenshot(path=out / "compare.png")


def code_panel(page: Page, base: str, out: Path) -> None:
    """The engine's own update_mini_batch, the lines the last example ran lit, with values."""
    open_page(page, f"{base}/{MOONS}")
    step_examples(page, 3, 0)
    page.locator("#view-code").screenshot(path=out / "code.png")


def why(page: Page, base: str, out: Path) -> None:
    """Why sum at all: −η·∇C on the landscape, the estimate against ∇C, the noise against m,
    stepping into nabla_b = [...], and the matrix form (``why-*.png``)."""
    open_page(page, f"{base}/{MOONS}&lmbda=0.5")
    seq = step_examples(page, 3, 0)
    page.wait_for_selector("#view-truth [data-shown='1'][data-loading='0']", state="attached")
    page.wait_for_selector("#landscape-plot[data-arrows='3']", state="attached")
    clip(page, "#view-landscape", out / "why-landscape.png")
    page.click(".code-rebind summary")
    for part in range(1, 4):
        page.click("[data-rebind='next']")
        page.wait_for_selector(f".code-rebind[data-part='{part}']", state="attached")
    clip(page, ".code-rebind", out / "why-rebind.png")
    seq = step_examples(page, 5 + 8 * 3, seq)  # the first update, and three more
    page.wait_for_selector("#truth-chart[data-points='4']", state="attached", timeout=30_000)
    clip(page, "#view-truth", out / "why-truth.png")
    page.wait_for_selector(".code-matrix[data-batch='0:3'][data-loading='0']", state="attached")
    clip(page, ".code-matrix", out / "why-matrix.png")
    page.click("[data-act='noise']")
    page.wait_for_selector("#noise-chart[data-m='8']", state="attached")
    clip(page, "#view-noise", out / "why-noise.png")


def story(page: Page, base: str, out: Path) -> None:
    """The guided story, by its deep links: step 3 (the sum grows, the weights stay) on the
    desktop, and step 2 (one example) on a phone, as a sheet along the bottom (``story-*.png``)."""
    page.emulate_media(reduced_motion="reduce")  # scrolled at once, not smoothly
    for step, viewport, name in ((3, VIEWPORT, "story-desktop"), (2, PHONE, "story-phone")):
        page.set_viewport_size(viewport)
        page.goto(f"{base}/{MOONS}&story=why-sum&step={step}")
        page.wait_for_selector(f"#story[data-step='{step}'][data-ready='1']", state="attached")
        settled(page)
        page.wait_for_timeout(400)  # the light's fade
        page.screenshot(path=out / f"{name}.png")


SHOTS: dict[str, Callable[[Page, str, Path], None]] = {
    "start": start,
    "mid-batch": mid_batch,
    "after-update": after_update,
    "digits": digits,
    "compare": compare,
    "code": code_panel,
    "why": why,
    "story": story,
}


def main() -> None:
    parser = argparse.ArgumentParser(description="Take the screenshots of the page for the docs.")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder (%(default)s)")
    parser.add_argument("--only", nargs="+", choices=list(SHOTS), help="take only these")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    chromium = str(CHROMIUM) if CHROMIUM.exists() else None
    with serve() as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=["--no-sandbox", "--disable-gpu"]
        )
        for name in args.only or SHOTS:
            page = browser.new_page(viewport=VIEWPORT, device_scale_factor=1)
            SHOTS[name](page, base, args.out)
            page.close()
            print(f"{name}: done")
        browser.close()
    print(f"screenshots in {args.out}")


if __name__ == "__main__":
    main()
