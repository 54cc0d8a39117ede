"""What holds the event loop while heavy requests run: its callbacks' CPU, and the collector's.

Runs the app in this process (uvicorn in a thread, the server's own loop settings) with
every event-loop callback and every garbage collection timed in CPU seconds of its own
thread (``time.thread_time()``), which, unlike wall time, hardly grows with the load of a
shared machine. Sends full-detail steps of ``--step`` examples (and a group step of half
as many per member) while one thread asks ``GET /api/health`` every 20 ms. Prints the
callbacks that took more than 3 ms of CPU, the full collections and their CPU, where the
step's threads were each time the loop woke more than 30 ms late (it gets the interpreter
back only then, so that is what kept it waiting), health's percentiles (wall time, so
indicative) and ``os.getloadavg()``. The client shares this
process's interpreter, so its latencies are upper bounds; ``bench/hostile.py`` measures
health from another process.

Run: ``python bench/blocking.py [--step 20000] [--repeat 2]``.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import asyncio
import gc
import http.client
import json
import socket
import statistics
import sys
import threading
import time
from collections import Counter
from typing import Any

import uvicorn
from _server import request  # bench/_server.py, next to this script

from app.__main__ import SERVER_OPTIONS
from app.settings import Settings
from app.web.app import create_app

SLOW = 0.003  # CPU seconds: a callback longer than this is reported
slow: Counter[str] = Counter()
slowest: dict[str, float] = {}
full_collections: list[float] = []
LATE = 0.03  # seconds: a 2 ms sleep of the loop that wakes this late is a stall
stalls: Counter[str] = Counter()
WORKERS = ("nabla-step", "AnyIO worker")  # the threads that run steps


def watch_callbacks() -> None:
    """Time every callback the loop runs, in CPU seconds of its thread."""
    run = asyncio.events.Handle._run

    def timed(handle: asyncio.events.Handle) -> None:
        start = time.thread_time()
        run(handle)
        cpu = time.thread_time() - start
        if cpu > SLOW:
            callback = handle._callback  # type: ignore[attr-defined]
            name = repr(getattr(callback, "__self__", callback)).split(" at 0x")[0][:100]
            slow[name] += 1
            slowest[name] = max(slowest.get(name, 0.0), cpu)

    asyncio.events.Handle._run = timed  # type: ignore[method-assign]


def watch_collections() -> None:
    """Time every full (generation 2) collection, in CPU seconds of the thread it ran in."""
    started: dict[int, float] = {}

    def timed(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            started[threading.get_ident()] = time.thread_time()
        elif info["generation"] == 2:
            full_collections.append(time.thread_time() - started.pop(threading.get_ident()))

    gc.callbacks.append(timed)


def where(frame: Any) -> str:
    """The innermost three Python frames of a thread, as file:line:function."""
    places: list[str] = []
    while frame is not None and len(places) < 3:
        code = frame.f_code
        places.append(f"{code.co_filename.rsplit('/', 1)[-1]}:{frame.f_lineno}:{code.co_name}")
        frame = frame.f_back
    return " < ".join(places)


async def watch_stalls() -> None:
    """On the server's loop: sleep 2 ms at a time; on waking more than LATE late, note where
    each step's thread that is running (not waiting for work) is."""
    me = threading.get_ident()
    while True:
        start = time.perf_counter()
        await asyncio.sleep(0.002)
        if time.perf_counter() - start - 0.002 <= LATE:
            continue
        names = {t.ident: t.name for t in threading.enumerate()}
        for ident, frame in sys._current_frames().items():
            place = where(frame)
            waiting = place.startswith(("threading.py", "queue.py", "_asyncio.py"))
            if ident != me and names.get(ident, "").startswith(WORKERS) and not waiting:
                stalls[place] += 1


def serve() -> tuple[uvicorn.Server, str, asyncio.AbstractEventLoop]:
    """The app served by uvicorn in a thread: the server, its address and its event loop."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    app = create_app(Settings(db=":memory:"))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", **SERVER_OPTIONS))
    threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    loop: asyncio.AbstractEventLoop = app.state.channels.loop  # set by the app's lifespan
    return server, f"127.0.0.1:{sock.getsockname()[1]}", loop


def post(address: str, path: str, body: dict[str, Any]) -> int:
    """POST ``body``; the answer's size, read but not decoded (no objects of the client's
    to weigh on this process's garbage collector)."""
    host, port = address.split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=300)
    conn.request("POST", path, json.dumps(body), {"content-type": "application/json"})
    size = len(conn.getresponse().read())
    conn.close()
    return size


def percentiles(seconds: list[float]) -> str:
    q = statistics.quantiles(seconds, n=100)
    return f"{len(seconds)} answers, p50 {q[49] * 1000:.1f} ms, p99 {q[98] * 1000:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--step", type=int, default=20000, help="examples per step")
    parser.add_argument("--repeat", type=int, default=2, help="steps of each kind")
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()}")
    server, address, loop = serve()
    watch_callbacks()
    watch_collections()
    stalled = asyncio.run_coroutine_threadsafe(watch_stalls(), loop)
    health: list[float] = []
    done = threading.Event()

    def poll() -> None:
        while not done.is_set():
            start = time.perf_counter()
            request(address, "GET", "/api/health")
            health.append(time.perf_counter() - start)
            time.sleep(0.02)

    poller = threading.Thread(target=poll)
    poller.start()
    sid = request(address, "POST", "/api/sessions", {"sizes": [2, 4, 2]})["id"]
    gid = request(address, "POST", "/api/groups", {"sizes": [2, 4, 2]})["id"]
    step = {"unit": "example", "count": args.step, "detail": "full"}
    half = {**step, "count": args.step // 2}
    for _ in range(args.repeat):
        post(address, f"/api/sessions/{sid}/step", step)
        post(address, f"/api/groups/{gid}/step", half)
    done.set()
    poller.join()
    stalled.cancel()
    server.should_exit = True
    print(f"loop callbacks over {SLOW * 1000:.0f} ms of CPU: {sum(slow.values())}")
    for name, count in slow.most_common(10):
        print(f"  {count:3d} x, at most {slowest[name] * 1000:5.1f} ms: {name}")
    cpu = ", ".join(f"{s * 1000:.0f}" for s in full_collections)
    print(f"full collections: {len(full_collections)}, ms of CPU each: {cpu}")
    late = f"{LATE * 1000:.0f} ms late {sum(stalls.values())} times"
    print(f"the loop woke over {late}; the steps' threads were at:")
    for place, count in stalls.most_common(8):
        print(f"  {count:3d} x {place}")
    print(f"health: {percentiles(health)} (wall time, this process's client)")
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
