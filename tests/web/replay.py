"""Play sessions on a real server and collect their updates mid-play; the same runs stepped
without interruption, in process, to compare with (test_restart.py, test_replicas.py)."""

from __future__ import annotations

import json
import time
from contextlib import ExitStack
from typing import Any

from fastapi.testclient import TestClient
from websockets.sync.client import ClientConnection, connect

from app.settings import Settings
from app.web.app import create_app

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
