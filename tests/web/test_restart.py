"""A real server killed mid-play comes back with every session at its last saved update.

The server runs as ``python -m app`` in a subprocess with ``NABLA_DB`` a SQLite file in a
temporary folder, or a throw-away PostgreSQL database; it is killed with SIGKILL while every
session plays, then started again on the same database. Each session must be there, its
weights those of one whole update (never a mix), and stepping it on must give the events an
uninterrupted run gives from there.
"""

from __future__ import annotations

import json
import signal
import subprocess
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, ExitStack
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from websockets.sync.client import ClientConnection, connect

from app.settings import Settings
from app.web.app import create_app

from .helpers import UNTIMED

ServerFactory = Callable[..., AbstractContextManager[tuple[str, "subprocess.Popen[bytes]"]]]
"""The ``server`` fixture: ``server(db, log, port=None)`` runs ``python -m app``."""

CONFIGS: list[dict[str, Any]] = [
    {"sizes": [2, 4, 2], "batch_size": 5},
    {"sizes": [2, 6, 3, 2], "batch_size": 4, "update": "per_example", "lmbda": 1.5},
    {"dataset": "xor", "sizes": [2, 4, 4, 2], "batch_size": 3, "eta": 1.0},
]


def receive_now(ws: ClientConnection) -> str | bytes | None:
    """The next message if one has arrived, else None."""
    try:
        return ws.recv(timeout=0)
    except TimeoutError:
        return None


def play_and_collect(
    url: str, sids: list[str], updates: int, stack: ExitStack
) -> list[dict[int, Any]]:
    """Play every session by mini-batches; return each one's update events by seq, mid-play."""
    sockets: list[ClientConnection] = []
    for sid in sids:
        ws = stack.enter_context(
            connect(
                url.replace("http", "ws") + f"/api/sessions/{sid}/stream",
                max_size=None,
                close_timeout=0.5,  # the server will be dead: no closing handshake
            )
        )
        ws.recv(timeout=10)  # the state
        ws.send(json.dumps({"action": "play", "unit": "batch", "rate": 8}))
        sockets.append(ws)
    seen: list[dict[int, Any]] = [{} for _ in sids]
    deadline = time.monotonic() + 60
    while min(len(s) for s in seen) < updates:  # read every socket as it comes: no backlog
        assert time.monotonic() < deadline, "play did not make enough updates"
        for ws, got in zip(sockets, seen, strict=True):
            for text in iter(lambda ws=ws: receive_now(ws), None):  # type: ignore[misc]
                message = json.loads(text)
                if message["type"] == "update":
                    got[message["seq"]] = message
        time.sleep(0.005)
    return seen  # the sockets stay open: the server is killed under them


def uninterrupted(config: dict[str, Any], batches: int) -> tuple[TestClient, str]:
    """A fresh in-process run of ``config`` stepped by ``batches`` mini-batches, as play does."""
    client = TestClient(create_app(Settings(db=":memory:")))
    sid = client.post("/api/sessions", json={"n_train": 40, **config}).json()["id"]
    for _ in range(batches):
        client.post(f"/api/sessions/{sid}/step", json={"unit": "batch"})
    return client, sid


@pytest.fixture(params=["sqlite", "postgres"])
def nabla_db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """``NABLA_DB`` for both stores: a SQLite file, or a PostgreSQL database (where installed)."""
    if request.param == "sqlite":
        return str(tmp_path / "data" / "nabla.sqlite3")
    url: str = request.getfixturevalue("postgres_url")
    return url


def test_sessions_survive_a_sigkill_mid_play(
    tmp_path: Path, server: ServerFactory, nabla_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # PostgreSQL: the killed server's leases run out 2 s after their last renewal
    monkeypatch.setenv("NABLA_LEASE_SECONDS", "2")
    db, log = nabla_db, tmp_path / "server.log"
    with server(db, log) as (url, process):
        sids = [
            httpx.post(f"{url}/api/sessions", json={"n_train": 40, **c}).json()["id"]
            for c in CONFIGS
        ]
        with ExitStack() as stack:
            seen = play_and_collect(url, sids, 12, stack)
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=30)
    assert "://" in db or Path(db).exists()
    with server(db, log) as (url, _):
        for sid, config, got in zip(sids, CONFIGS, seen, strict=True):
            state = httpx.get(f"{url}/api/sessions/{sid}", timeout=30).json()["state"]
            assert state["index"] == 0 and state["status"] == "ready"
            network = httpx.get(f"{url}/api/sessions/{sid}/network").json()
            assert state["seq"] >= max(got) - 2 * config["batch_size"]  # saved as it played
            # the last saved update's event (the epoch's event may follow it), if it was sent
            event = got.get(state["seq"]) or got.get(state["seq"] - 1)
            if event is not None:
                assert [network["weights"], network["biases"]] == [
                    event["weights"],
                    event["biases"],
                ]
            history = httpx.get(f"{url}/api/sessions/{sid}/history").json()
            batches = len(history["updates"])
            twin, tid = uninterrupted(config, batches)
            with twin:
                assert twin.get(f"/api/sessions/{tid}").json()["state"] == state
                assert twin.get(f"/api/sessions/{tid}/network").json() == network
                assert twin.get(f"/api/sessions/{tid}/history").json() == history
                for unit, count in [("example", 2), ("batch", 3), ("epoch", 1)]:
                    body = {"unit": unit, "count": count}
                    ours = httpx.post(f"{url}/api/sessions/{sid}/step", json=body, timeout=30)
                    theirs = twin.post(f"/api/sessions/{tid}/step", json=body)
                    assert UNTIMED.sub(b"", ours.content) == UNTIMED.sub(b"", theirs.content)
