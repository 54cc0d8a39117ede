"""Where a page load's time goes: from navigation to the first frame, cold and warm cache.

Starts the server as ``bench/page.py`` does and loads the page ``--loads`` times in each of two
ways: **cold** (a fresh browser context: empty HTTP cache, nothing compiled) and **warm** (the
same context loaded again: files from the cache, V8's code cache warm, as in the browser tests).
For each load it records:

* ``paint``: the first paint of the page's own content (``first-contentful-paint``) in ms;
* ``ready``: when ``#app`` says ``data-ready='1'`` (the run is made and its data fetched);
* ``frame``: when it says ``data-settled='1'`` as well: every view has drawn the run's first
  moment (what ``bench/page.py`` calls the first frame; the browser tests wait for it);
* ``CPU``: the renderer main thread's CPU time over the load (a Chromium trace: the ``tdur`` of
  its top-level tasks from navigation to the first frame). Unlike wall time it hardly depends
  on what else the machine runs, so it is the figure to compare across runs;
* ``REST``: the number of ``/api/`` requests made before the first frame.

With ``--detail`` one more cold and warm load each print where the main thread's time went
(trace events by kind: script parse/compile and evaluation per file, style, layout, paint) and
the views' first renders (``window.nabla.stats``). The load average is printed beside each row:
the machine is shared, so wall times are indicative; compare CPU times.

Run: ``python bench/startup.py [--loads 3] [--detail] [--query 'dataset=digits&sizes=64-30-10']``.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import statistics
import tempfile
from pathlib import Path
from typing import Any

from _server import server  # bench/_server.py
from page import ARGS, CHROMIUM, load  # bench/page.py
from playwright.sync_api import Browser, BrowserContext, sync_playwright

VIEWPORT = {"width": 1280, "height": 900}
READY = "#app[data-ready='1'][data-settled='1']"
# Injected before the page's scripts: when #app's data-ready and data-settled first turn "1".
PROBE = """
window.__startup = {};
new MutationObserver(() => {
  const app = document.getElementById('app');
  if (!app) return;
  const s = window.__startup;
  if (app.dataset.ready === '1' && s.ready === undefined) {
    s.ready = performance.now();
    // the frame after: the page's own animation-frame callback (drawing the views) runs first
    requestAnimationFrame(() => { s.useful = performance.now(); });
  }
  if (app.dataset.ready === '1' && app.dataset.settled === '1' && s.frame === undefined)
    s.frame = performance.now();
}).observe(document, { subtree: true, attributes: true, childList: true });
// main.js's boot() begins: it sets window.nabla first thing.
Object.defineProperty(window, 'nabla', { configurable: true, set(v) {
  Object.defineProperty(window, 'nabla', { value: v, writable: true, configurable: true });
  window.__startup.boot = performance.now();
} });
"""
TIMES = """() => {
  const paint = performance.getEntriesByName('first-contentful-paint')[0];
  const api = performance.getEntriesByType('resource').filter((r) => r.name.includes('/api/')
    && r.startTime < window.__startup.frame);
  const files = performance.getEntriesByType('resource').filter((r) => r.name.includes('/static/'));
  const plotly = files.find((r) => r.name.includes('plotly'));
  window.__startup.files = [files.length, Math.round(Math.min(...files.map((r) => r.startTime))),
    Math.round(Math.max(...files.map((r) => r.responseEnd))),
    plotly ? Math.round(plotly.responseEnd) : NaN,
    Math.round(files.reduce((s, r) => s + r.transferSize, 0) / 1000)];
  return { ...window.__startup, paint: paint ? paint.startTime : NaN, rest: api.length,
    calls: api.map((r) => [new URL(r.name).pathname.replace(/[0-9a-f]{32}/, '{id}'),
      Math.round(r.startTime), Math.round(r.responseEnd)]) };
}"""
STATS = "Object.entries(window.nabla.stats).map(([k, s]) => [k, s.frames, s.ms, s.max])"
TRACE_CATEGORIES = ["devtools.timeline", "disabled-by-default-devtools.timeline", "v8"]
HEAD = "cache loads    paint   useful    frame      CPU  browser  server  REST   load average"
SERVER_PID = [0]  # the server's process id, once started
SCRIPT_EVENTS = ("EvaluateScript", "v8.compile", "v8.compileModule", "v8.evaluateModule")


def main_thread(events: list[dict[str, Any]]) -> set[tuple[Any, Any]]:
    return {
        (e["pid"], e["tid"])
        for e in events
        if e.get("name") == "thread_name" and e.get("args", {}).get("name") == "CrRendererMain"
    }


def short(url: str) -> str:
    if "plotly" in url:
        return "plotly.min.js"
    for mark in ("/js/", "/static/"):
        if mark in url:
            return url.split(mark, 1)[1]
    return url.rsplit("/", 1)[-1] or url


def trace_cpu(trace: dict[str, Any] | list[Any], until_ms: float) -> tuple[float, dict[str, float]]:
    """The main thread's CPU ms in top-level tasks up to the first frame, and a breakdown."""
    events = trace["traceEvents"] if isinstance(trace, dict) else trace
    threads = main_thread(events)
    mine = sorted(
        (e for e in events if (e.get("pid"), e.get("tid")) in threads and e.get("ph") == "X"),
        key=lambda e: e["ts"],
    )
    # The navigation's start: the first task of the new document's thread after the trace began.
    first = mine[0]["ts"] if mine else 0
    nav = next((e["ts"] for e in mine if e.get("name") == "ParseHTML"), first)
    start_ts = min((e["ts"] for e in mine), default=0)
    end_ts = nav + until_ms * 1000 + 50_000  # a little past the first frame: its own paint
    total = 0.0
    kinds: dict[str, float] = collections.defaultdict(float)
    open_until: dict[str, float] = {}
    for e in mine:
        if not start_ts <= e["ts"] <= end_ts:
            continue
        name = e["name"]
        key = name if name not in SCRIPT_EVENTS else "script"
        if e["ts"] < open_until.get(key, -1):
            continue  # nested inside one of its own kind
        open_until[key] = e["ts"] + e.get("dur", 0)
        cpu = e.get("tdur", 0) / 1000
        if name == "RunTask":
            total += cpu
        elif name in SCRIPT_EVENTS or name == "FunctionCall":
            data = e.get("args", {}).get("data", {})
            url = data.get("url") or data.get("fileName") or e.get("args", {}).get("fileName", "")
            kinds[f"{name} {short(str(url))}"] += cpu
        elif name in (
            "UpdateLayoutTree",
            "Layout",
            "Paint",
            "PrePaint",
            "ParseHTML",
            "MajorGC",
            "MinorGC",
            "ParseAuthorStyleSheet",
            "Layerize",
            "TimerFire",
            "FireAnimationFrame",
            "ResourceReceivedData",
        ):
            kinds[name] += cpu
    return total, kinds


def cpu_seconds(server_pid: int) -> tuple[float, float]:
    """CPU seconds so far of this process's descendants but the server (the browser and its
    driver), and of the server, from /proc (Linux)."""
    parent: dict[int, int] = {}
    used: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = (Path("/proc") / entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()  # after "pid (comm)": state, ppid, ...
        parent[int(entry)] = int(fields[1])
        used[int(entry)] = (int(fields[11]) + int(fields[12])) / tick
    mine = {os.getpid()}
    changed = True
    while changed:
        new = {p for p, pp in parent.items() if pp in mine and p not in mine}
        changed = bool(new)
        mine |= new
    in_server = {p for p in mine if p == server_pid or parent.get(p) == server_pid}
    browser = sum(used[p] for p in mine - in_server - {os.getpid()})
    return browser, sum(used[p] for p in in_server)


def one_load(context: BrowserContext, address: str, query: str, trace: bool) -> dict[str, Any]:
    before = cpu_seconds(SERVER_PID[0])
    page = context.new_page()
    page.add_init_script(PROBE)
    browser = context.browser
    assert browser is not None
    if trace:
        browser.start_tracing(page=page, categories=TRACE_CATEGORIES)
    page.goto(f"http://{address}/?{query}", wait_until="commit")
    page.wait_for_selector(READY, state="attached", timeout=120_000)
    times = page.evaluate(TIMES)
    if trace:
        page.wait_for_timeout(100)
        cpu, kinds = trace_cpu(json.loads(browser.stop_tracing()), times["frame"])
        times["cpu"], times["kinds"] = cpu, kinds
    times["stats"] = page.evaluate(STATS)
    after = cpu_seconds(SERVER_PID[0])
    times["browser"] = (after[0] - before[0]) * 1000
    times["server"] = (after[1] - before[1]) * 1000
    page.close()
    return times


def row(label: str, loads: list[dict[str, Any]]) -> str:
    def med(key: str) -> float:
        return statistics.median(x[key] for x in loads)

    return (
        f"{label:5} {len(loads):5} {med('paint'):8.0f} {med('useful'):8.0f} {med('frame'):8.0f}"
        f" {med('cpu'):8.0f} {med('browser'):8.0f} {med('server'):7.0f} {med('rest'):5.0f}"
        f"   {load()}"
    )


def detail(label: str, times: dict[str, Any]) -> None:
    print(f"\n{label} load: frame at {times['frame']:.0f} ms, main thread CPU", end=" ")
    print(f"{times['cpu']:.0f} ms")
    for name, ms in sorted(times["kinds"].items(), key=lambda kv: -kv[1])[:16]:
        print(f"  {ms:7.1f} ms  {name}")
    n, first, last, plotly, kb = times["files"]
    print(
        f"  main.js's boot() began at {times['boot']:.0f} ms; {n} static files fetched from"
        f" {first} to {last} ms ({kb} kB transferred), plotly.min.js by {plotly} ms"
    )
    print("  REST calls before the first frame (path, start ms, end ms):")
    for path, began, ended in times["calls"]:
        print(f"    {began:6} {ended:6}  {path}")
    print("  views' renders before the first frame (view, draws, ms in all, longest ms):")
    for name, frames, ms, longest in sorted(times["stats"], key=lambda s: -s[2]):
        print(f"    {name:14} {frames:3} {ms:7.1f} {longest:7.1f}")


def run(browser: Browser, address: str, loads: int, query: str) -> tuple[list[Any], list[Any]]:
    """Cold and warm loads: wall and whole-browser CPU from loads without a trace (tracing costs
    CPU of its own), the main thread's CPU and its breakdown from as many traced ones."""
    cold, warm = [], []
    for _ in range(loads):
        for trace in (False, True):
            context = browser.new_context(viewport=VIEWPORT)
            first = one_load(context, address, query, trace)
            again = one_load(context, address, query, trace)
            context.close()
            if not trace:
                cold.append(first)
                warm.append(again)
            else:
                for whole, traced in ((cold[-1], first), (warm[-1], again)):
                    whole.update(cpu=traced["cpu"], kinds=traced["kinds"])
    return cold, warm


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--loads", type=int, default=3, help="cold and warm loads each")
    parser.add_argument("--query", default="", help="the page's query string")
    parser.add_argument("--detail", action="store_true", help="where one load's time went")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        with server({}, Path(folder) / "server.log") as (proc, address):
            SERVER_PID[0] = proc.pid
            run(browser, address, 1, args.query)  # the server's own first answers (gzip, imports)
            cold, warm = run(browser, address, args.loads, args.query)
            print("medians over the loads; ms from navigation; CPU: main thread, browser, server")
            print(HEAD)
            print(row("cold", cold))
            print(row("warm", warm))
            if args.detail:
                detail("cold", cold[len(cold) // 2])
                detail("warm", warm[len(warm) // 2])
        browser.close()


if __name__ == "__main__":
    main()
