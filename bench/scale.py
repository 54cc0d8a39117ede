"""Scale-out: 1 and 2 replicas behind HAProxy on one PostgreSQL, and a replica killed mid-play.

Starts a throw-away PostgreSQL, then for 1 and for 2 replicas ``deploy/replicas.py``'s
cluster (``python -m app`` processes, HAProxy with deploy/haproxy.cfg). Through the proxy,
``--start`` players (bench/load.py's, each on a session of its own, [2, 4, 2] on moons)
play at 30 examples/s for ``--seconds``; then ``--step`` more, until the p99 time between
two events at one client passes 100 ms or an error comes. Prints the most players that kept
it, for each, and the ratio 2 replicas / 1 (the issue's target: at least 1.7x).

Then the failover run: ``--failover`` players on 2 replicas; the replica holding the most of
their sessions is killed (SIGKILL) mid-play; each player reconnects through the proxy and
plays on. Prints the time from the kill until each of the dead replica's sessions sent an
event again (target: at most 5 s), and checks every session against a run of its own that
was never interrupted, stepped in-process to the same place: the same weights, bit for bit.

The players, HAProxy and the replicas share the machine: on 2 cores the client's own CPU
is part of what is measured, and the load average printed beside the figures says how busy
the machine was. Run: ``python bench/scale.py [--seconds 8] [--failover 20]`` (about two
minutes); it needs PostgreSQL's programs and HAProxy (``make services``).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import signal
import sys
import tempfile
import time
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from _server import request  # bench/_server.py
from load import Tally, percentiles, player  # bench/load.py
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "deploy"))
import pgcluster  # deploy/pgcluster.py
import replicas  # deploy/replicas.py

CONFIG = {"dataset": "moons", "sizes": [2, 4, 2], "n_train": 200, "batch_size": 10}
RATE = 30.0  # examples a second, a player
ENV = {"NABLA_MAX_SESSIONS_PER_CLIENT": "1000"}  # every player comes from loopback


def load() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


async def players(address: str, count: int, seconds: float) -> Tally:
    """``count`` players through the proxy for ``seconds`` (after a second's warm-up)."""
    sids = [request(address, "POST", "/api/sessions", CONFIG)["id"] for _ in range(count)]
    t = Tally(load_before=os.getloadavg())
    start = time.perf_counter() + 1.0
    await asyncio.gather(
        *(player(address, s, "factored", RATE, start, start + seconds, t) for s in sids)
    )
    for sid in sids:
        request(address, "DELETE", f"/api/sessions/{sid}")
    return t


def capacity(cluster_of: int, db: pgcluster.Cluster, args: argparse.Namespace) -> int:
    """The most players (in steps of ``--step``) whose p99 between events stays under 100 ms."""
    kept, count = 0, args.start
    with (
        tempfile.TemporaryDirectory() as logs,
        replicas.running(cluster_of, Path(logs), db=db.database(), env=ENV) as cluster,
    ):
        address = cluster.url.removeprefix("http://")
        misses = 0
        while count <= args.most and misses < 2:  # a miss is tried once more: the machine is shared
            t = asyncio.run(players(address, count, args.seconds))
            p99 = float(np.percentile(t.gaps_ms, 99)) if t.gaps_ms else float("inf")
            print(
                f"  {cluster_of} replica(s), {count} players: {t.events / args.seconds:,.0f} "
                f"events/s, between events {percentiles(t.gaps_ms)}, {len(t.errors)} errors "
                f"(load {load()})",
                flush=True,
            )
            if p99 >= 100 or t.errors:
                misses += 1
            else:
                misses, kept, count = 0, count, count + args.step
    return kept


@dataclass
class Failover:
    """When the replica was killed; when each session's socket opened again, and its first
    event on that socket."""

    killed: float = float("inf")
    opened: dict[str, float] = field(default_factory=dict)
    back: dict[str, float] = field(default_factory=dict)


async def follower(address: str, sid: str, stop: float, f: Failover) -> None:
    """Play ``sid`` until ``stop``, reconnecting whenever the socket closes; note its return."""
    url = f"ws://{address}/api/sessions/{sid}/stream?detail=summary"
    while time.perf_counter() < stop:
        try:
            async with connect(url, max_size=None, compression=None, open_timeout=30) as ws:
                again = time.perf_counter() > f.killed  # a socket opened after the kill
                if again:
                    f.opened.setdefault(sid, time.perf_counter())
                await ws.recv()  # the state
                await ws.send(json.dumps({"action": "play", "unit": "example", "rate": RATE}))
                while (left := stop - time.perf_counter()) > 0:
                    message = await asyncio.wait_for(ws.recv(), left)
                    if again and isinstance(message, str) and message.startswith('{"type":"ex'):
                        f.back.setdefault(sid, time.perf_counter())
                await ws.send(json.dumps({"action": "pause"}))
        except (OSError, ConnectionClosed, InvalidStatus, TimeoutError):
            await asyncio.sleep(0.05)


async def kill_mid_play(cluster: replicas.Cluster, sids: list[str], seconds: float) -> Failover:
    """Play every session; kill the replica holding the most of them halfway."""
    address, f = cluster.url.removeprefix("http://"), Failover()
    stop = time.perf_counter() + seconds
    tasks = [asyncio.create_task(follower(address, s, stop, f)) for s in sids]
    await asyncio.sleep(seconds / 2)
    held = holders(cluster.db)
    victim = max(cluster.replicas, key=lambda r: sum(held.get(s) == r.process.pid for s in sids))
    f.killed = time.perf_counter()
    victim.process.send_signal(signal.SIGKILL)
    await asyncio.gather(*tasks)
    return f


def holders(db: str) -> dict[str, int]:
    import psycopg

    with psycopg.connect(db) as conn:
        rows = conn.execute("SELECT session_id, holder FROM leases").fetchall()
    return {sid: int(holder.split(":")[1]) for sid, holder in rows}


def same_as_uninterrupted(address: str, sid: str) -> bool:
    """The session's weights are those of a run never interrupted, stepped to the same place."""
    warnings.filterwarnings("ignore", "Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient

    from app.settings import Settings
    from app.web.app import create_app

    state = request(address, "GET", f"/api/sessions/{sid}")["state"]
    network = request(address, "GET", f"/api/sessions/{sid}/network")
    with TestClient(create_app(Settings(db=":memory:"))) as twin:
        tid = twin.post("/api/sessions", json=CONFIG).json()["id"]
        for unit, count in (("batch", state["updates"]), ("example", state["index"])):
            if count:
                twin.post(f"/api/sessions/{tid}/step", json={"unit": unit, "count": count})
        theirs = twin.get(f"/api/sessions/{tid}/network").json()
    return bool(theirs["weights"] == network["weights"] and theirs["biases"] == network["biases"])


def failover(db: pgcluster.Cluster, args: argparse.Namespace) -> None:
    """Kill a replica mid-play; time the sessions' return; check every session's weights."""
    lease = os.environ.get("NABLA_LEASE_SECONDS", "3")
    with (
        tempfile.TemporaryDirectory() as logs,
        replicas.running(
            2, Path(logs), db=db.database(), env={**ENV, "NABLA_LEASE_SECONDS": lease}
        ) as cluster,
    ):
        address = cluster.url.removeprefix("http://")
        sids = [
            request(address, "POST", "/api/sessions", CONFIG)["id"] for _ in range(args.failover)
        ]
        before = os.getloadavg()
        f = asyncio.run(kill_mid_play(cluster, sids, args.failover_seconds))
        good = sum(same_as_uninterrupted(address, s) for s in sids)
    print(
        f"failover: {args.failover} players on 2 replicas, {len(f.opened)} sessions on the one "
        f"killed; lease {lease} s\n  their sockets open again after "
        f"{ms(f.opened.values(), f.killed)}\n  playing again after "
        f"{ms(f.back.values(), f.killed)} (target: every one within 5 s); "
        f"{len(set(f.opened) - set(f.back))} never came back\n  weights as an uninterrupted "
        f"run's: {good} of {len(sids)} sessions\n  load {', '.join(f'{x:.2f}' for x in before)} "
        f"before, {load()} after (on {os.cpu_count()} cores)"
    )


def ms(times: Iterable[float], since: float) -> str:
    return percentiles([(t - since) * 1000 for t in times])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--seconds", type=float, default=8, help="measured, per step")
    parser.add_argument("--start", type=int, default=20, help="players at first (%(default)s)")
    parser.add_argument("--step", type=int, default=10, help="players added (%(default)s)")
    parser.add_argument("--most", type=int, default=150, help="players at most (%(default)s)")
    parser.add_argument(
        "--replicas",
        type=lambda text: [int(n) for n in text.split(",") if n],
        default=[1, 2],
        help="the clusters whose capacity is measured, e.g. 1,2 (none: empty)",
    )
    parser.add_argument("--failover", type=int, default=20, help="players; 0: no failover run")
    parser.add_argument("--failover-seconds", type=float, default=16, help="(%(default)s)")
    args = parser.parse_args()
    missing = pgcluster.missing() or ("" if shutil.which("haproxy") else "HAProxy is not installed")
    if missing:
        print(f"skipped: {missing} (make services installs what it needs)")
        return
    print(f"load average at the start: {load()} (on {os.cpu_count()} cores)")
    with pgcluster.running() as db:
        kept = {n: capacity(n, db, args) for n in args.replicas}
        print(
            f"players at {RATE:g} examples/s with p99 between events < 100 ms: "
            + ", ".join(f"{n} replica(s) {k}" for n, k in kept.items())
        )
        if kept.get(1) and 2 in kept:
            print(f"ratio 2 replicas / 1: {kept[2] / kept[1]:.2f}x (target 1.7x)")
        if args.failover:
            failover(db, args)


if __name__ == "__main__":
    main()
