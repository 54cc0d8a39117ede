"""Where the page's main-thread time goes per frame while playing: a CPU profile and a trace.

For each (network, play unit, speed) asked, loads the page as ``bench/page.py`` does, presses
Play, and after a short warm-up records, one after the other:

* a V8 CPU profile (CDP ``Profiler``, 200 us sampling) over ``--seconds``: the main thread's
  busy time (every sample but ``(idle)``) divided by the frames drawn meanwhile (the injected
  ``requestAnimationFrame`` loop), and that time split by the page's own file nearest the
  sampled function (``views/network.js``, ``charts/heatmap.js``; ``plotly`` when the sampled
  function is Plotly's, called from that file), or by V8's own buckets (``(program)``: the
  browser's native work outside JavaScript, ``(garbage collector)``);
* a Chromium trace (``devtools.timeline``) over ``--seconds``: the renderer main thread's
  time in top-level tasks, style recalculation, layout, paint and JavaScript per frame.

CPU time per frame is robust to a busy machine (a frame's work takes about as long whatever else
runs), unlike frames/s; the load is printed all the same.

Run: ``python bench/page_profile.py [--only moons] [--speeds 3,6] [--unit example]``.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

from _bookfile import write_book_file  # bench/_bookfile.py
from _server import server  # bench/_server.py
from page import ARGS, CHROMIUM, MNIST_ROWS, NETWORKS, SPEEDS, load, open_page
from playwright.sync_api import Page, sync_playwright

TRACE_CATEGORIES = ["devtools.timeline", "disabled-by-default-devtools.timeline", "v8"]
# Trace events of the renderer's main thread summed per frame (complete events, top level of
# their own kind: nested ones of the same name are not counted twice).
TRACED = {
    "RunTask": "tasks (all main-thread work)",
    "FunctionCall": "JavaScript (timers, rAF, messages)",
    "UpdateLayoutTree": "style recalculation",
    "Layout": "layout",
    "Paint": "paint",
    "PrePaint": "pre-paint",
    "Layerize": "layerize",
    "ParseHTML": "parse HTML",
    "MajorGC": "major GC",
    "MinorGC": "minor GC",
}

STATS = """Object.fromEntries(
  Object.entries(window.nabla.stats).map(([k, s]) => [k, [s.frames, s.ms]]))"""


def frames_between(page: Page, began: float, ended: float) -> int:
    frames = page.evaluate("window.__bench.frames")
    return sum(1 for f in frames if began <= f < ended)


def file_of(url: str) -> str:
    if "plotly" in url:
        return "plotly"
    found = re.search(r"/static/(?:v/[^/]+/)?js/(.*)", url)
    return found.group(1) if found else ""


def profile_buckets(profile: dict[str, Any]) -> tuple[float, dict[str, float]]:
    """The profile's busy milliseconds, and them per bucket (see the module's docstring)."""
    nodes = {n["id"]: n for n in profile["nodes"]}
    parent = {c: n["id"] for n in profile["nodes"] for c in n.get("children", [])}
    bucket_of: dict[int, str] = {}

    def bucket(node_id: int) -> str:
        if node_id in bucket_of:
            return bucket_of[node_id]
        leaf = nodes[node_id]["callFrame"]
        name = leaf["functionName"]
        if name in ("(idle)", "(program)", "(garbage collector)", "(root)"):
            result = name
        else:
            leaf_file = file_of(leaf["url"])
            plotly = leaf_file == "plotly"
            # The nearest view (views/, ui/) calling it, else the nearest page file.
            mine, nearest, at = "", "", node_id
            while True:
                f = file_of(nodes[at]["callFrame"]["url"])
                if f and f != "plotly":
                    nearest = nearest or f
                    if f.startswith(("views/", "ui/")):
                        mine = f
                        break
                if at not in parent:
                    break
                at = parent[at]
            mine = mine or nearest
            result = f"{mine or '(no page file)'}{' > plotly' if plotly else ''}"
            if not plotly and not leaf_file:
                result += f" > native {name or '(anonymous)'}"
        bucket_of[node_id] = result
        return result

    times = profile["timeDeltas"]
    ms: dict[str, float] = collections.defaultdict(float)
    for i, node_id in enumerate(profile["samples"]):
        # A sample's time is the gap to the next one.
        gap = times[i + 1] if i + 1 < len(times) else 0
        ms[bucket(node_id)] += gap / 1000
    busy = sum(v for k, v in ms.items() if k != "(idle)")
    return busy, ms


def trace_totals(trace: dict[str, Any]) -> tuple[dict[str, float], dict[str, float]]:
    """Milliseconds per traced kind on the renderer's main thread (CrRendererMain): wall time,
    and the thread's CPU time (``tdur``: what it took when it ran, whatever else ran)."""
    events = trace["traceEvents"] if isinstance(trace, dict) else trace
    main = {
        (e["pid"], e["tid"])
        for e in events
        if e.get("name") == "thread_name" and e.get("args", {}).get("name") == "CrRendererMain"
    }
    totals: dict[str, float] = collections.defaultdict(float)
    cpu: dict[str, float] = collections.defaultdict(float)
    open_until: dict[tuple[Any, ...], float] = {}
    for e in sorted(events, key=lambda e: e.get("ts", 0)):
        if (e.get("pid"), e.get("tid")) not in main or e.get("ph") != "X":
            continue
        name = e.get("name")
        if name not in TRACED:
            continue
        key = (e["pid"], e["tid"], name)
        if e["ts"] < open_until.get(key, -1):
            continue  # nested inside one of its own kind
        open_until[key] = e["ts"] + e.get("dur", 0)
        totals[name] += e.get("dur", 0) / 1000
        cpu[name] += e.get("tdur", 0) / 1000
    return totals, cpu


def one(page: Page, seconds: float, top: int) -> None:
    cdp = page.context.new_cdp_session(page)
    page.click("[data-act='play']")
    page.wait_for_timeout(700)
    cdp.send("Profiler.enable")
    cdp.send("Profiler.setSamplingInterval", {"interval": 200})
    began = page.evaluate("performance.now()")
    cdp.send("Profiler.start")
    stats = page.evaluate(STATS)
    page.wait_for_timeout(seconds * 1000)
    profile = cdp.send("Profiler.stop")["profile"]
    after = page.evaluate(STATS)
    ended = page.evaluate("performance.now()")
    frames = frames_between(page, began, ended)
    busy, buckets = profile_buckets(profile)
    per = max(frames, 1)
    print(
        f"  profile: {frames} frames in {(ended - began) / 1000:.1f} s"
        f" ({frames * 1000 / (ended - began):.0f}/s), main thread busy {busy:.0f} ms:"
        f" {busy / per:.2f} ms CPU per frame  (load {load()})"
    )
    for name, v in sorted(buckets.items(), key=lambda kv: -kv[1])[:top]:
        if name != "(idle)":
            print(f"    {v / per:6.2f} ms/frame  {name}")
    print("  the scheduler's own timings (window.nabla.stats): view, draws, ms per frame")
    for name, (draws, ms) in sorted(after.items(), key=lambda kv: -kv[1][1]):
        d, m = draws - stats.get(name, (0, 0))[0], ms - stats.get(name, (0, 0))[1]
        if d:
            print(f"    {m / per:6.2f} ms/frame  {name:14} {d:4} draws, {m / d:6.2f} ms each")
    browser = page.context.browser
    assert browser is not None
    began = page.evaluate("performance.now()")
    browser.start_tracing(page=page, categories=TRACE_CATEGORIES)
    page.wait_for_timeout(seconds * 1000)
    trace = json.loads(browser.stop_tracing())
    ended = page.evaluate("performance.now()")
    frames = max(frames_between(page, began, ended), 1)
    totals, cpu = trace_totals(trace)
    wall = (ended - began) / 1000
    print(
        f"  trace: {frames} frames in {wall:.1f} s ({frames / wall:.0f}/s); main thread CPU"
        f" {cpu['RunTask'] / frames:.2f} ms per frame, {cpu['RunTask'] / wall:.0f} ms per second"
        f"  (load {load()})"
    )
    print("    wall ms/frame   CPU ms/frame")
    for name, label in TRACED.items():
        if totals.get(name):
            print(f"    {totals[name] / frames:13.2f} {cpu[name] / frames:14.2f}  {label}")
    page.click("[data-act='play']")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--only", default="moons [", help="networks whose name contains this")
    parser.add_argument("--unit", default="example")
    parser.add_argument("--speeds", default="3,6", help="indices into SPEEDS (3: 10/s, 6: 100/s)")
    parser.add_argument("--top", type=int, default=14, help="buckets listed")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as pw:
        mnist = Path(folder) / "mnist.pkl.gz"
        write_book_file(mnist, n_train=MNIST_ROWS[0], n_test=MNIST_ROWS[2])
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        with server({"NABLA_MNIST": str(mnist)}, Path(folder) / "server.log") as (_p, address):
            for network in NETWORKS:
                if args.only not in network.name:
                    continue
                for speed in (int(s) for s in args.speeds.split(",")):
                    label = "max" if SPEEDS[speed] is None else f"{SPEEDS[speed]}/s"
                    print(f"{network.name}, by {args.unit} at {label}", flush=True)
                    query = f"{network.query}&unit={args.unit}&speed={speed}"
                    page = open_page(browser, address, query, 1)
                    try:
                        one(page, args.seconds, args.top)
                    finally:
                        page.close()
                    sys.stdout.flush()
        browser.close()


if __name__ == "__main__":
    main()
    os._exit(0)
