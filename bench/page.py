"""Benchmark of the page in motion: frames a second, frame times, display lag and Pause latency.

Starts the server (``python -m app`` on a free loopback port, one BLAS thread, ``NABLA_MNIST``
pointing at a small book-format ``mnist.pkl.gz`` of random pixels it writes itself), opens the
page in Debian's headless Chromium (Playwright) and, for each network and each play unit and
speed, loads the page with that configuration, presses Play, and for ``--seconds`` measures:

* ``fps``: frames a second, counted by a ``requestAnimationFrame`` loop the benchmark injects
  (headless Chromium draws an idle page at 60 frames/s), its median over 1-second windows;
* ``p95`` and ``max``: the 95th percentile and the longest time between two frames (ms);
* ``lag``: how many events the page's display (``#app[data-seq]``) is behind the server
  (``GET /api/sessions/{id}``, against the page's seq halfway through that request), its median
  and its largest value over samples taken in the page;
* ``pause``: from the click on Pause until the server says it stopped (a ``state`` message on the
  page's socket) and the counters have stopped changing for good, in ms;

and, once, the cold first load: bytes fetched and the time until the first frame is drawn. Each
row prints the machine's load (``os.getloadavg()``): the machine is shared, so the figures are
indicative; compare runs made at a similar load.

Run: ``python bench/page.py [--seconds 3] [--only moons] [--throttle 4]``.
"""

from __future__ import annotations

import argparse
import itertools
import os
import signal
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from _bookfile import write_book_file  # bench/_bookfile.py
from _server import server  # bench/_server.py, next to this script
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
SPEEDS = [1, 2, 5, 10, 20, 50, 100, 200, 500, None]  # static/js/config.js
MNIST_ROWS = (2_000, 500, 500)  # training, validation, test
READY = "#app[data-ready='1'][data-settled='1']"
HEAD = "network            play by  speed    fps  p95 ms  max ms  lag p50/max  pause ms  load"


@dataclass(frozen=True)
class Network:
    """One network on one data set, as the page's query string names it."""

    name: str
    query: str


NETWORKS = [
    Network("moons [2,4,2]", "dataset=moons&sizes=2-4-2"),
    Network("digits [64,30,10]", "dataset=digits&sizes=64-30-10"),
    Network("moons 6x64", "dataset=moons&sizes=2-64-64-64-64-64-64-2"),
    Network("mnist [784,30,10]", "dataset=mnist&sizes=784-30-10&n_train=2000&n_test=500"),
]
# (unit, index into SPEEDS): each unit from 1/s to max, a few speeds between.
PLAYS = [
    ("example", 0),
    ("example", 3),
    ("example", 6),
    ("example", 7),
    ("example", 8),
    ("example", 9),
    ("batch", 0),
    ("batch", 3),
    ("batch", 6),
    ("batch", 9),
    ("epoch", 0),
    ("epoch", 9),
]

# Injected before the page's own scripts: frame times, and samples of the display's lag.
PROBE = """
window.__bench = { frames: [], lags: [], mutations: [] };
(function loop(t) { window.__bench.frames.push(t); requestAnimationFrame(loop); })(0);
"""

SAMPLE_LAG = """
async (ms) => {
  const app = document.getElementById('app');
  const sid = app.dataset.session;
  const end = performance.now() + ms;
  while (performance.now() < end) {
    const asked = Number(app.dataset.seq);
    const answer = await fetch(`/api/sessions/${sid}`).then((r) => r.json());
    // the server's seq as it answered, against the page's halfway through the request
    const shown = (asked + Number(app.dataset.seq)) / 2;
    window.__bench.lags.push(Math.max(0, answer.state.seq - shown));
    await new Promise((r) => setTimeout(r, 150));
  }
}
"""

# Click Pause; resolve once the page has heard the server stop, with the click's time.
PAUSE = """
async () => {
  const b = window.__bench;
  const counters = document.getElementById('counters');
  new MutationObserver(() => b.mutations.push(performance.now()))
    .observe(counters, { subtree: true, childList: true, characterData: true });
  const clicked = performance.now();
  document.querySelector("[data-act='play']").click();
  while (window.nabla.model.playing) await new Promise((r) => requestAnimationFrame(r));
  return { clicked, heard: performance.now() };
}
"""


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) if values else float("nan")


def fps_median(frames: list[float]) -> float:
    """Median over 1-second windows of the number of frames drawn in each."""
    if len(frames) < 2:
        return 0.0
    start, end = frames[0], frames[-1]
    counts = []
    t = start
    while t + 1000 <= end:
        counts.append(sum(1 for f in frames if t <= f < t + 1000))
        t += 1000
    return statistics.median(counts) if counts else (len(frames) - 1) * 1000 / (end - start)


def open_page(browser: Browser, address: str, query: str, throttle: float) -> Page:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.add_init_script(PROBE)
    if throttle > 1:
        cdp = page.context.new_cdp_session(page)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": throttle})
    page.goto(f"http://{address}/?{query}")
    page.wait_for_selector(
        "#app[data-ready='1'][data-settled='1']", state="attached", timeout=120_000
    )
    return page


def measure(page: Page, seconds: float) -> dict[str, Any]:
    """Play for ``seconds`` (after a short warm-up), then pause; the figures of one row."""
    page.click("[data-act='play']")
    page.wait_for_timeout(500)
    began = page.evaluate("performance.now()")
    page.evaluate(SAMPLE_LAG, seconds * 1000)
    frames = [f for f in page.evaluate("window.__bench.frames") if f >= began]
    lags = page.evaluate("window.__bench.lags")
    pause = page.evaluate(PAUSE)
    # Still for good: the counters unchanged for 1.5 s, or 20 s at most.
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        page.wait_for_timeout(500)
        last = page.evaluate("Math.max(0, ...window.__bench.mutations)")
        if page.evaluate("performance.now()") - last > 1500:
            break
    last = page.evaluate("Math.max(0, ...window.__bench.mutations)")
    gaps = [b - a for a, b in itertools.pairwise(frames)]
    return {
        "fps": fps_median(frames),
        "p95": percentile(gaps, 95),
        "max": max(gaps, default=float("nan")),
        "lag50": statistics.median(lags) if lags else float("nan"),
        "lagmax": max(lags, default=0),
        "pause": max(pause["heard"], last) - pause["clicked"],
    }


def first_load(browser: Browser, address: str) -> str:
    """A cold first load (a fresh context): bytes fetched, and the time to the first frame."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sizes: list[int] = []

    def on_response(response: Any) -> None:
        length = response.headers.get("content-length")
        if length:
            sizes.append(int(length))

    page.on("response", on_response)
    began = time.monotonic()
    page.goto(f"http://{address}/")
    page.wait_for_selector(
        "#app[data-ready='1'][data-settled='1']", state="attached", timeout=120_000
    )
    took = time.monotonic() - began
    context.close()
    return f"cold first load: {sum(sizes) / 1e6:.2f} MB on the wire, first frame after {took:.2f} s"


def load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="of play measured per row")
    parser.add_argument("--only", default="", help="networks whose name contains this")
    parser.add_argument("--throttle", type=float, default=1, help="CPU throttling rate (CDP)")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # a kill still stops server and browser
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as pw:
        mnist = Path(folder) / "mnist.pkl.gz"
        write_book_file(mnist, n_train=MNIST_ROWS[0], n_test=MNIST_ROWS[2])
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        env = {"NABLA_MNIST": str(mnist)}
        with server(env, Path(folder) / "server.log") as (_proc, address):
            print(first_load(browser, address), f"(load {load()})")
            print(f"CPU throttled {args.throttle}x" if args.throttle > 1 else "CPU not throttled")
            print(HEAD)
            for network in NETWORKS:
                if args.only not in network.name:
                    continue
                for unit, speed in PLAYS:
                    label = "max" if SPEEDS[speed] is None else f"{SPEEDS[speed]}/s"
                    query = f"{network.query}&unit={unit}&speed={speed}"
                    page = open_page(browser, address, query, args.throttle)
                    try:
                        r = measure(page, args.seconds)
                    finally:
                        page.close()
                    print(
                        f"{network.name:18} {unit:8} {label:>5} {r['fps']:6.0f} {r['p95']:7.0f}"
                        f" {r['max']:7.0f} {r['lag50']:6.0f}/{r['lagmax']:<5.0f}"
                        f" {r['pause']:8.0f}  {load()}",
                        flush=True,
                    )
        browser.close()


if __name__ == "__main__":
    main()
