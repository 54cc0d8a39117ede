"""Benchmark of the WebSocket stream: play at an unlimited rate, read as fast as possible.

Starts the server (``python -m app`` on a free loopback port, one BLAS thread,
``NABLA_MNIST`` pointing at a small book-format ``mnist.pkl.gz`` of random
pixels written to a temporary folder), then for each network and each
``detail``/``format`` opens a session, connects one ``websockets`` client,
sends ``{"action": "play", "unit": "example", "rate": null}`` and reads for
``--seconds``. Prints, per case:

* ``events/s`` (example, update and epoch events) and ``examples/s``;
* ``bytes/ev``: the mean size of an event message as the server encodes it (on the
  wire it would be smaller only if permessage-deflate were agreed: this client offers it, as
  browsers do, unless ``--no-deflate``; the server, run as ``python -m app`` runs it, declines,
  and the header line says what was agreed);
* ``p50``/``p99``: the time between two events arriving, in milliseconds;
* ``gaps``: example events the client never saw (seq jumps), and ``skipped``,
  what the server says it dropped for this socket;
* the CPU the server and this client used (a core is 100%);

then the targets and the server's peak RSS (``VmHWM``).

Run: ``python bench/stream.py [--seconds 5] [--no-deflate]``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from _bookfile import write_book_file  # bench/_bookfile.py
from _server import request, server  # bench/_server.py, next to this script
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

WARMUP = 0.5  # seconds of play before measuring: the play loop sizes its steps
MNIST_ROWS = (5_000, 1_000, 1_000)  # training, validation, test
TICK = os.sysconf("SC_CLK_TCK")
SEQ = re.compile(rb'"seq":(\d+)')
MAGICS = (b"NBL2",)  # factored frames


@dataclass(frozen=True)
class Case:
    """One network on one data set, streamed with one detail and format."""

    sizes: list[int]
    session: dict[str, Any]
    detail: str
    format: str
    target: int | None = None  # example events/s to reach (full detail only)

    @property
    def name(self) -> str:
        return f"{self.session['dataset']} {self.sizes}"


@dataclass
class Result:
    """What one case measured."""

    seconds: float = 0.0
    events: int = 0
    examples: int = 0
    bytes: int = 0
    arrivals: list[float] = field(default_factory=list)
    gaps: int = 0
    out_of_order: int = 0
    skipped: int = 0
    server_cpu: float = 0.0
    client_cpu: float = 0.0
    peak_rss_mib: float = 0.0
    deflate: bool = False  # permessage-deflate agreed in the handshake


def cases() -> list[Case]:
    """Each network at full detail as JSON and factored; summary JSON for reference."""
    networks: list[tuple[list[int], dict[str, Any], int | None]] = [
        ([2, 4, 2], {"dataset": "moons"}, 2_000),
        ([64, 30, 10], {"dataset": "digits"}, None),
        ([784, 30, 10], {"dataset": "mnist", "n_train": MNIST_ROWS[0], "n_test": 1_000}, 120),
    ]
    out = []
    for sizes, session, target in networks:
        body = {**session, "sizes": sizes}
        out.append(Case(sizes, body, "full", "json", target))
        out.append(Case(sizes, body, "full", "factored", target))
        out.append(Case(sizes, body, "summary", "json"))
    return out


# ---------------------------------------------------------------- the server


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of process ``pid`` (all its threads)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def peak_rss_mib(pid: int) -> float:
    """The process's peak resident set size (VmHWM), in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


# ---------------------------------------------------------------- one case


def kind_and_seq(message: bytes) -> tuple[bytes, int]:
    """The ``type`` and ``seq`` of a message, read from its first bytes only (no JSON parse)."""
    head = message[8:96] if message[:4] in MAGICS else message[:88]
    kind = head[9 : head.index(b'"', 9)]  # after '{"type":"'
    match = SEQ.search(head)
    return kind, int(match[1]) if match else -1


async def measure(address: str, pid: int, case: Case, seconds: float, deflate: bool) -> Result:
    """Play ``case`` for ``seconds`` (after a warm-up), reading every message."""
    session = request(address, "POST", "/api/sessions", case.session)
    url = f"ws://{address}/api/sessions/{session['id']}/stream"
    result = Result()
    async with connect(
        f"{url}?detail={case.detail}&format={case.format}",
        max_size=None,
        compression="deflate" if deflate else None,
    ) as ws:
        agreed = ws.response.headers.get("Sec-WebSocket-Extensions") or ""
        result.deflate = "permessage-deflate" in agreed
        await ws.recv()  # the state
        await ws.send(json.dumps({"action": "play", "unit": "example", "rate": None}))
        began = time.perf_counter()
        start, stop = began + WARMUP, began + WARMUP + seconds
        last_seq = -1
        cpu = (0.0, 0.0)
        while True:
            message = await asyncio.wait_for(ws.recv(decode=False), 10)
            now = time.perf_counter()
            kind, seq = kind_and_seq(message)
            if kind == b"state" or now < start:
                continue
            if not result.arrivals:
                cpu = (cpu_seconds(pid), time.process_time())
            if now >= stop:
                break
            result.arrivals.append(now)
            result.events += 1
            result.examples += kind == b"example"
            result.bytes += len(message)
            if last_seq >= 0 and seq != last_seq + 1:
                result.gaps += max(seq - last_seq - 1, 0)
                result.out_of_order += seq <= last_seq
            last_seq = seq
        result.seconds = result.arrivals[-1] - result.arrivals[0]
        result.server_cpu = (cpu_seconds(pid) - cpu[0]) / (now - result.arrivals[0])
        result.client_cpu = (time.process_time() - cpu[1]) / (now - result.arrivals[0])
        await ws.send(json.dumps({"action": "pause"}))
        while True:  # what is still queued, then the state that says the play stopped
            message = await asyncio.wait_for(ws.recv(decode=False), 30)
            if message[:4] not in MAGICS and kind_and_seq(message)[0] == b"state":
                state = json.loads(message)
                if not state["playing"]:
                    result.skipped = int(state["skipped"])
                    break
    request(address, "DELETE", f"/api/sessions/{session['id']}")
    result.peak_rss_mib = peak_rss_mib(pid)
    return result


# ---------------------------------------------------------------- the report

COLUMNS = (
    f"{'case':<20} {'detail':<8}{'format':<9}{'events/s':>9}{'examples/s':>11}{'bytes/ev':>10}"
    f"{'MB/s':>7}{'p50 ms':>8}{'p99 ms':>8}{'gaps':>7}{'skipped':>8}{'server':>8}{'client':>8}"
)


def row(case: Case, r: Result) -> str:
    gaps_ms = np.diff(r.arrivals) * 1000
    p50, p99 = np.percentile(gaps_ms, [50, 99]) if len(gaps_ms) else (float("nan"),) * 2
    order = f"{r.gaps}" if not r.out_of_order else f"{r.gaps}!{r.out_of_order}"
    return (
        f"{case.name:<20} {case.detail:<8}{case.format:<9}{r.events / r.seconds:>9,.0f}"
        f"{r.examples / r.seconds:>11,.0f}{r.bytes / max(r.events, 1):>10,.0f}"
        f"{r.bytes / r.seconds / 1e6:>7.1f}{p50:>8.3f}{p99:>8.2f}{order:>7}{r.skipped:>8}"
        f"{r.server_cpu:>8.0%}{r.client_cpu:>8.0%}"
    )


def verdict(case: Case, r: Result) -> str:
    assert case.target is not None
    rate = r.examples / r.seconds
    mark = "met" if rate >= case.target else "MISSED"
    return (
        f"  {case.name:<20} {case.detail} {case.format:<9}"
        f"{rate:>9,.0f} example events/s  (target >= {case.target:,}: {mark})"
    )


async def run(seconds: float, deflate: bool) -> None:
    with tempfile.TemporaryDirectory(prefix="nabla-bench-") as tmp:
        mnist = Path(tmp) / "mnist.pkl.gz"
        write_book_file(mnist, n_train=MNIST_ROWS[0], n_test=MNIST_ROWS[2])
        log = Path(tmp) / "server.log"
        with server({"NABLA_MNIST": str(mnist)}, log) as (proc, address):
            print(f"server pid {proc.pid} at {address}; {seconds:g} s per case after a")
            offer = "offered by this client" if deflate else "not offered"
            print(f"{WARMUP:g} s warm-up; permessage-deflate {offer}")
            print(f"mnist: {MNIST_ROWS[0]:,} random training images in {mnist}\n")
            print(COLUMNS)
            results = []
            for case in cases():
                try:
                    result = await measure(address, proc.pid, case, seconds, deflate)
                except (OSError, TimeoutError, ConnectionClosed):
                    time.sleep(1)
                    if proc.poll() is None:
                        raise
                    print(f"{case.name:<20} {case.detail:<8}{case.format:<9}THE SERVER DIED")
                    print(f"\nexit code {proc.returncode}; the end of its log:")
                    print("\n".join(log.read_text(errors="replace").splitlines()[-25:]))
                    return
                results.append((case, result))
                print(row(case, result), flush=True)
            print("\ngaps: example events never received (N!k: k arrived out of seq order);")
            print("server/client: CPU used, 100% = one core.\n\ntargets (full detail):")
            for case, result in results:
                if case.target is not None:
                    print(verdict(case, result))
            agreed = sorted({"agreed" if r.deflate else "declined" for _, r in results})
            print(f"\npermessage-deflate in the handshakes: {', '.join(agreed) or '-'}")
            print(f"server peak RSS (VmHWM): {peak_rss_mib(proc.pid):,.0f} MiB")
            load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
            print(f"load average at the end: {load} (on {os.cpu_count()} cores)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--seconds", type=float, default=5.0, help="per case (%(default)s)")
    parser.add_argument(
        "--no-deflate", action="store_true", help="refuse permessage-deflate (browsers offer it)"
    )
    args = parser.parse_args()
    asyncio.run(run(args.seconds, deflate=not args.no_deflate))


if __name__ == "__main__":
    main()
