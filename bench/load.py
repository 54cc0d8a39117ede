"""Load test: N WebSocket clients playing and M REST clients stepping, at once, on loopback.

Starts the server (``python -m app`` on a free loopback port, one BLAS thread), gives
each client a session of its own ([2, 4, 2] on moons by default), then for
``--seconds``:

* each of ``--players`` WebSocket clients plays by examples at ``--rate`` steps per
  second, full detail, in ``--format`` (factored frames, as the page asks for, by default),
  and reads every message;
* each of ``--steppers`` REST clients posts a one-mini-batch step (summary detail)
  ``--rest-rate`` times a second.

Prints the events received per second, the time between two events arriving at one
client (p50, p99, max), the REST steps' latency, the errors (error messages, closes,
non-2xx answers), the server's CPU (in all, its event loop's share, and CPU-seconds per
1,000 events received, the figure the machine's load changes least, the more so with
``--steppers 0``; with ``--players 0``, CPU per REST step), its RSS (at the
start, the end and its peak), and the load average of the machine, which it shares. The
target on a quiet 2-core machine is 50 players at 30/s and 10 steppers with p99 < 50 ms
between events, REST p99 < 100 ms and 0 errors. The sessions are kept in a database of
the run's own, deleted after it.

Run: ``python bench/load.py [--players 50] [--steppers 10] [--seconds 20]``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import tempfile
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from _server import request, server  # bench/_server.py, next to this script
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

WARMUP = 1.0  # seconds before measuring: every client connected and playing
MOST_PLAYERS, MOST_STEPPERS, MOST_SECONDS = 150, 50, 300  # bounded, on a shared machine
EVENTS = (b"example", b"update", b"epoch")
TICK = os.sysconf("SC_CLK_TCK")


@dataclass
class Tally:
    """What every client saw, pooled."""

    events: int = 0
    gaps_ms: list[float] = field(default_factory=list)
    rest_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    rss_mib: list[float] = field(default_factory=list)
    load_before: tuple[float, float, float] = (0.0, 0.0, 0.0)
    rss_start: float = 0.0
    rss_end: float = 0.0
    rss_peak: float = 0.0
    server_cpu: float = 0.0
    client_cpu: float = 0.0
    window_cpu: float = 0.0  # the server's CPU-seconds while measured
    window_loop_cpu: float = 0.0  # of which its main thread's (the event loop's)


# ---------------------------------------------------------------- the server


def proc_status(pid: int, key: str) -> float:
    """A size from /proc/<pid>/status (VmRSS, VmHWM), in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{key}:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int, tid: int | None = None) -> float:
    """User + system CPU time of process ``pid`` (all its threads), or of its thread ``tid``."""
    path = f"/proc/{pid}/stat" if tid is None else f"/proc/{pid}/task/{tid}/stat"
    fields = Path(path).read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


# ---------------------------------------------------------------- the clients


def kind_of(message: str | bytes) -> bytes:
    """A message's ``type``, read from its first bytes (every message's JSON starts with it).

    A binary frame's JSON header starts after its magic and length (8 bytes).
    """
    head = message[:40].encode() if isinstance(message, str) else message[8:48]
    return head[9 : head.index(b'"', 9)]  # after '{"type":"'


async def player(
    address: str, sid: str, fmt: str, rate: float, start: float, stop: float, t: Tally
) -> None:
    """Play session ``sid`` at ``rate`` examples a second; time the gaps between events."""
    url = f"ws://{address}/api/sessions/{sid}/stream?detail=full&format={fmt}"
    try:
        async with connect(url, max_size=None, compression=None) as ws:
            await ws.recv()  # the state
            await ws.send(json.dumps({"action": "play", "unit": "example", "rate": rate}))
            last: float | None = None
            while (left := stop - time.perf_counter()) > 0:
                try:
                    message = await asyncio.wait_for(ws.recv(), left)
                except TimeoutError:
                    break
                now, kind = time.perf_counter(), kind_of(message)
                if kind == b"error":
                    t.errors.append(f"player: {json.loads(message)['message']}")
                if kind not in EVENTS or now < start:
                    continue
                t.events += 1
                if last is not None:
                    t.gaps_ms.append((now - last) * 1000)
                last = now
            await ws.send(json.dumps({"action": "pause"}))
    except (OSError, ConnectionClosed) as e:
        t.errors.append(f"player: {e!r}")


async def stepper(
    address: str,
    sid: str,
    rate: float,
    start: float,
    stop: float,
    t: Tally,
    pool: ThreadPoolExecutor,
) -> None:
    """Post a one-mini-batch step to ``sid`` ``rate`` times a second; time each answer."""
    loop, body, n = asyncio.get_running_loop(), {"unit": "batch", "detail": "summary"}, 0
    began = time.perf_counter()
    while time.perf_counter() < stop:
        sent = time.perf_counter()
        try:
            await loop.run_in_executor(
                pool, request, address, "POST", f"/api/sessions/{sid}/step", body
            )
            if sent >= start:
                t.rest_ms.append((time.perf_counter() - sent) * 1000)
        except (OSError, urllib.error.HTTPError) as e:
            t.errors.append(f"stepper: {e!r}")
        n += 1
        await asyncio.sleep(max(0.0, began + n / rate - time.perf_counter()))


async def watch(pid: int, start: float, stop: float, t: Tally) -> None:
    """Sample the server's RSS twice a second; take its CPU over the measured window."""
    cpu: tuple[float, float] | None = None
    while (now := time.perf_counter()) < stop:
        if cpu is None and now >= start:
            cpu = cpu_seconds(pid), cpu_seconds(pid, pid)  # the main thread's id is the pid
        t.rss_mib.append(proc_status(pid, "VmRSS"))
        await asyncio.sleep(min(0.5, max(0.0, (start if cpu is None else stop) - now)))
    if cpu is not None:
        t.window_cpu = cpu_seconds(pid) - cpu[0]
        t.window_loop_cpu = cpu_seconds(pid, pid) - cpu[1]


# ---------------------------------------------------------------- the run


async def run(args: argparse.Namespace) -> None:
    t = Tally(load_before=os.getloadavg())
    folder = tempfile.TemporaryDirectory(prefix="nabla-load-")
    env = {
        "NABLA_MAX_SESSIONS_PER_CLIENT": "1000",  # every client comes from loopback
        "NABLA_DB": str(Path(folder.name) / "sessions.sqlite3"),  # no sessions of earlier runs
    }
    with folder, server(env) as (proc, address), ThreadPoolExecutor(args.steppers + 2) as pool:
        config = {"dataset": "moons", "sizes": args.sizes, "batch_size": 10}
        n = args.players + args.steppers
        sids = [request(address, "POST", "/api/sessions", config)["id"] for _ in range(n)]
        t.rss_start = proc_status(proc.pid, "VmRSS")
        began = time.perf_counter()
        start, stop = began + WARMUP, began + WARMUP + args.seconds
        server_cpu, client_cpu = cpu_seconds(proc.pid), time.process_time()
        await asyncio.gather(
            *(
                player(address, s, args.format, args.rate, start, stop, t)
                for s in sids[: args.players]
            ),
            *(
                stepper(address, s, args.rest_rate, start, stop, t, pool)
                for s in sids[args.players :]
            ),
            watch(proc.pid, start, stop, t),
        )
        took = time.perf_counter() - began
        t.server_cpu = (cpu_seconds(proc.pid) - server_cpu) / took
        t.client_cpu = (time.process_time() - client_cpu) / took
        t.rss_end, t.rss_peak = proc_status(proc.pid, "VmRSS"), proc_status(proc.pid, "VmHWM")
    report(args, t)


def percentiles(values: list[float]) -> str:
    if not values:
        return "none"
    p50, p99 = np.percentile(values, [50, 99])
    return f"p50 {p50:.1f} ms, p99 {p99:.1f} ms, max {max(values):.1f} ms ({len(values):,})"


def report(args: argparse.Namespace, t: Tally) -> None:
    """Print the figures, and whether the target was met."""
    p99 = float(np.percentile(t.gaps_ms, 99)) if t.gaps_ms else float("inf")
    rest_p99 = float(np.percentile(t.rest_ms, 99)) if t.rest_ms else float("inf")
    per_1000 = 1000 * t.window_cpu / t.events if t.events else float("nan")
    loop_share = t.window_loop_cpu / t.window_cpu if t.window_cpu else float("nan")
    per_step = ""
    if not args.players and t.rest_ms:  # the REST steps alone: what each costs the server
        per_step = f"\nserver CPU per REST step: {1000 * t.window_cpu / len(t.rest_ms):.2f} ms"
    loads = [", ".join(f"{x:.2f}" for x in load) for load in (t.load_before, os.getloadavg())]
    print(
        f"{args.players} players of {args.sizes} at {args.rate:g} examples/s"
        f" (full detail, {args.format}),"
        f" {args.steppers} REST steppers at {args.rest_rate:g} mini-batch steps/s,"
        f" {args.seconds:g} s\n"
        f"events received: {t.events / args.seconds:,.0f}/s in all\n"
        f"between events at one client: {percentiles(t.gaps_ms)}\n"
        f"REST step latency: {percentiles(t.rest_ms)}\n"
        f"errors: {len(t.errors)}{''.join(f'{chr(10)}  {e}' for e in sorted(set(t.errors))[:10])}\n"
        f"CPU: the server {t.server_cpu:.0%}, this client {t.client_cpu:.0%} (100% = one core)\n"
        f"server CPU per 1,000 events received: {per_1000:.3f} s"
        f"{' (the REST steps included)' if args.steppers else ''}"
        f" ({loop_share:.0%} of the server's CPU in the event loop's thread){per_step}\n"
        f"server RSS: {t.rss_start:,.0f} MiB at the start, {t.rss_end:,.0f} MiB at the end, "
        f"{max(t.rss_mib, default=t.rss_end):,.0f} MiB at most as sampled, "
        f"peak (VmHWM) {t.rss_peak:,.0f} MiB\n"
        f"load average: {loads[0]} before, {loads[1]} after (on {os.cpu_count()} cores)"
    )
    met = p99 < 50 and rest_p99 < 100 and not t.errors
    print(
        "target p99 < 50 ms between events, REST p99 < 100 ms and 0 errors:"
        f" {'met' if met else 'MISSED'}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--players", type=int, default=50, help="WebSocket clients (%(default)s)")
    parser.add_argument("--steppers", type=int, default=10, help="REST clients (%(default)s)")
    parser.add_argument("--seconds", type=float, default=20, help="measured (%(default)s)")
    parser.add_argument("--rate", type=float, default=30, help="a player's steps/s (%(default)s)")
    parser.add_argument(
        "--format", choices=["factored", "json"], default="factored",
        help="the players' socket format (%(default)s, as the page)",
    )  # fmt: skip
    parser.add_argument(
        "--rest-rate", type=float, default=5, help="a stepper's steps/s (%(default)s)"
    )
    parser.add_argument(
        "--sizes",
        type=lambda s: [int(n) for n in s.split(",")],
        default=[2, 4, 2],
        help="network, e.g. 2,4,2",
    )
    args = parser.parse_args()
    if not (0 <= args.players <= MOST_PLAYERS and 0 <= args.steppers <= MOST_STEPPERS):
        parser.error(f"at most {MOST_PLAYERS} players and {MOST_STEPPERS} steppers")
    if not 0 < args.seconds <= MOST_SECONDS:
        parser.error(f"--seconds must be in (0, {MOST_SECONDS}]")
    asyncio.run(run(args))


if __name__ == "__main__":
    main()
