"""The server's own CPU per event and per REST step, whatever else the machine runs.

``bench/load.py`` is the real thing (sockets, uvicorn, clients), but on a busy machine its
figures drift: a server that gets less of a core falls behind, and a play that runs late
catches up several examples a step, which costs less per event. This script runs the same
work in one process on a *virtual clock*: the app (``create_app``, its lifespan, database,
worker threads) is driven through ASGI with in-memory sockets, and the event loop's clock
moves only while nothing is left to do (no callback ready, no step in a worker thread). So
every play steps one example at a time at its rate, as on a quiet machine, however slowly
the machine runs it, and the process's CPU time per event is the figure.

Each of ``--players`` sockets plays its own session ([2, 4, 2] on moons by default) by
examples at ``--rate``, full detail, factored frames (as the page), for ``--seconds`` of
virtual time; each of ``--steppers`` REST clients posts a one-mini-batch step (summary
detail) ``--rest-rate`` times a virtual second. Left out: uvicorn's HTTP and WebSocket
protocols and the kernel's sockets (the same for any app code); in: everything from the
ASGI call on. Prints the CPU per 1,000 events (the REST steps included, as ``load.py``),
and, run with ``--players 0``, per REST step, with the machine's load average.

Run: ``python bench/cost.py [--players 50] [--steppers 10] [--seconds 10]``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import selectors
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


class Clock:
    """Virtual seconds, and the calls out to worker threads not yet back."""

    def __init__(self) -> None:
        self.now = 0.0
        self.out = 0


def counted(function: Any, clock: Clock) -> Any:
    """``function`` (an async hop to a thread), counting the calls under way in ``clock``."""

    async def hop(*args: Any, **kwargs: Any) -> Any:
        clock.out += 1
        try:
            return await function(*args, **kwargs)
        finally:
            clock.out -= 1

    return hop


import anyio.to_thread  # noqa: E402

from app.settings import Settings  # noqa: E402
from app.web import threads  # noqa: E402

CLOCK = Clock()
# Before the app's modules import them: every trip to a worker thread is counted.
threads.in_thread = counted(threads.in_thread, CLOCK)
anyio.to_thread.run_sync = counted(anyio.to_thread.run_sync, CLOCK)

from app.web.app import create_app  # noqa: E402

EVENTS = (b"example", b"update", b"epoch")


class VirtualSelector(selectors.EpollSelector):
    """Waits for real only while a worker thread has work of the loop's; else moves the clock."""

    def __init__(self, clock: Clock) -> None:
        super().__init__()
        self.clock = clock

    def select(self, timeout: float | None = None) -> list[Any]:
        if timeout is None or timeout > 0:
            if self.clock.out:
                return super().select(timeout if timeout is not None else 1.0)
            if timeout is not None:
                self.clock.now += timeout
        return super().select(0)


class VirtualLoop(asyncio.SelectorEventLoop):
    def __init__(self, clock: Clock) -> None:
        super().__init__(VirtualSelector(clock))
        self.clock = clock

    def time(self) -> float:
        return self.clock.now


class Tally:
    def __init__(self) -> None:
        self.events = 0
        self.rest = 0
        self.errors: list[str] = []


def kind_of(message: dict[str, Any]) -> bytes:
    data = message.get("bytes")
    head = data[8:48] if data is not None else message["text"][:40].encode()
    return bytes(head[9 : head.index(b'"', 9)])


async def call(app: Any, scope: dict[str, Any], body: bytes = b"") -> tuple[int, bytes]:
    """One HTTP request through ASGI: its status and body."""
    sent = False
    status, chunks = 0, []

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if sent:
            await asyncio.Event().wait()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, send)
    return status, b"".join(chunks)


def http_scope(method: str, path: str, body: bytes) -> dict[str, Any]:
    headers = [(b"host", b"127.0.0.1:8000"), (b"content-type", b"application/json")]
    if body:
        headers.append((b"content-length", str(len(body)).encode()))
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": headers,
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }


async def player(app: Any, sid: str, rate: float, window: tuple[float, float], t: Tally) -> None:
    """A socket that plays ``sid``; counts the events sent in the window."""
    loop, stop = asyncio.get_running_loop(), asyncio.Event()
    play = json.dumps({"action": "play", "unit": "example", "rate": rate})
    inbox = [{"type": "websocket.connect"}, {"type": "websocket.receive", "text": play}]

    async def receive() -> dict[str, Any]:
        if inbox:
            return inbox.pop(0)
        await stop.wait()
        return {"type": "websocket.disconnect", "code": 1000}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "websocket.send":
            kind = kind_of(message)
            if kind == b"error":
                t.errors.append(message.get("text", ""))
            if kind in EVENTS and window[0] <= loop.time() < window[1]:
                t.events += 1
        elif message["type"] == "websocket.close":
            t.errors.append(f"closed: {message}")

    scope = {
        "type": "websocket",
        "asgi": {"version": "3.0"},
        "scheme": "ws",
        "path": f"/api/sessions/{sid}/stream",
        "raw_path": f"/api/sessions/{sid}/stream".encode(),
        "query_string": b"detail=full&format=factored",
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1:8000")],
        "client": ("127.0.0.1", 50001),
        "server": ("127.0.0.1", 8000),
        "subprotocols": [],
    }
    task = asyncio.ensure_future(app(scope, receive, send))
    await asyncio.sleep(window[1] - loop.time())
    stop.set()
    await task


async def stepper(app: Any, sid: str, rate: float, window: tuple[float, float], t: Tally) -> None:
    loop, n, began = asyncio.get_running_loop(), 0, asyncio.get_running_loop().time()
    body = json.dumps({"unit": "batch", "detail": "summary"}).encode()
    while loop.time() < window[1]:
        start = loop.time()
        status, _ = await call(app, http_scope("POST", f"/api/sessions/{sid}/step", body), body)
        if status != 200:
            t.errors.append(f"stepper: {status}")
        elif start >= window[0]:
            t.rest += 1
        n += 1
        await asyncio.sleep(max(0.0, began + n / rate - loop.time()))


async def run(args: argparse.Namespace, folder: str) -> None:
    app = create_app(Settings(db=str(Path(folder) / "s.sqlite3"), max_sessions_per_client=1000))
    t = Tally()
    async with app.router.lifespan_context(app):
        config = json.dumps({"dataset": "moons", "sizes": args.sizes, "batch_size": 10}).encode()
        sids = []
        for _ in range(args.players + args.steppers):
            status, answer = await call(app, http_scope("POST", "/api/sessions", config), config)
            assert status == 201, answer
            sids.append(json.loads(answer)["id"])
        loop = asyncio.get_running_loop()
        window = (loop.time() + 1.0, loop.time() + 1.0 + args.seconds)
        cpu: list[float] = []

        async def measure() -> None:
            await asyncio.sleep(window[0] - loop.time())
            cpu.extend((time.process_time(), time.thread_time()))
            await asyncio.sleep(window[1] - loop.time())
            cpu.extend((time.process_time(), time.thread_time()))

        began = time.perf_counter()
        await asyncio.gather(
            *(player(app, s, args.rate, window, t) for s in sids[: args.players]),
            *(stepper(app, s, args.rest_rate, window, t) for s in sids[args.players :]),
            measure(),
        )
        took = time.perf_counter() - began
    used, on_loop = cpu[2] - cpu[0], cpu[3] - cpu[1]
    print(
        f"{args.players} players at {args.rate:g} examples/s, {args.steppers} REST steppers at "
        f"{args.rest_rate:g}/s, {args.seconds:g} virtual s ({took:.1f} s real): "
        f"{t.events:,} events, {t.rest:,} REST steps, errors {len(t.errors)} {t.errors[:3]}"
    )
    if t.events:
        print(
            f"CPU per 1,000 events: {1000 * used / t.events:.3f} s"
            f" ({on_loop / used:.0%} in the event loop's thread)"
        )
    if t.rest and not args.players:
        print(f"CPU per REST step: {1000 * used / t.rest:.2f} ms")
    print(f"load average: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--players", type=int, default=50)
    parser.add_argument("--steppers", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--rate", type=float, default=30)
    parser.add_argument("--rest-rate", type=float, default=5)
    parser.add_argument("--sizes", type=lambda s: [int(n) for n in s.split(",")], default=[2, 4, 2])
    args = parser.parse_args()
    loop = VirtualLoop(CLOCK)
    with tempfile.TemporaryDirectory(prefix="nabla-cost-") as folder:
        loop.run_until_complete(run(args, folder))
    loop.close()


if __name__ == "__main__":
    main()
