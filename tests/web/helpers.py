"""Helpers the web tests share: create a session, step it, read its stream, name the bad field.

``receive`` waits at most a few seconds, so a message that never comes fails the test
instead of hanging it.
"""

import json
import re
from collections.abc import Mapping
from typing import Any

import anyio
import httpx
import numpy as np
from fastapi.testclient import TestClient
from starlette.testclient import WebSocketTestSession

from app.web.factored import decode_binary

SMALL = {"n_train": 40, "n_test": 20, "batch_size": 10}
RUN = {"dataset": "moons", "sizes": [2, 5, 3, 2], "n_train": 23, "n_test": 9}  # a saved run's
EVENTS = ("example", "update", "epoch")
JSON = {"content-type": "application/json"}
Message = dict[str, Any]
Array = np.ndarray[Any, np.dtype[np.float64]]


class Data:
    """``n`` random examples for a network of ``sizes``: inputs in [-1, 1], one-hot targets."""

    def __init__(self, sizes: list[int], n: int, seed: int) -> None:
        rng = np.random.default_rng(seed)
        self.x_train = self.x_test = rng.uniform(-1, 1, (n, sizes[0]))
        self.y_train = self.y_test = np.eye(sizes[-1])[rng.integers(0, sizes[-1], n)]


def created(client: httpx.Client, defaults: Mapping[str, Any] = SMALL, /, **config: Any) -> Any:
    """POST /api/sessions with ``config`` over ``defaults``: the new session's body."""
    response = client.post("/api/sessions", json={**defaults, **config})
    assert response.status_code == 201, response.text
    return response.json()


def create(client: httpx.Client, defaults: Mapping[str, Any] = SMALL, /, **config: Any) -> str:
    """POST /api/sessions with ``config`` over ``defaults``: the new session's id."""
    return str(created(client, defaults, **config)["id"])


def step(client: TestClient, sid: str, **request: Any) -> list[dict[str, Any]]:
    response = client.post(f"/api/sessions/{sid}/step", json=request)
    assert response.status_code == 200, response.text
    events: list[dict[str, Any]] = response.json()["events"]
    return events


def export(client: TestClient, sid: str) -> bytes:
    response = client.get(f"/api/sessions/{sid}/export")
    assert response.status_code == 200, response.text
    assert "attachment" in response.headers["content-disposition"]
    return response.content


def import_(client: TestClient, body: bytes) -> str:
    response = client.post("/api/sessions/import", content=body, headers=JSON)
    assert response.status_code == 201, response.text
    sid: str = response.json()["id"]
    return sid


def assert_names(response: Any, field: str, status: int = 422) -> None:
    """``response`` is ``status`` and its error names ``field`` (in ``loc`` or in the message)."""
    assert response.status_code == status, response.text
    detail = response.json()["detail"]
    assert isinstance(detail, list) and detail, detail
    named = [e for e in detail if field in map(str, e["loc"]) or field in e["msg"]]
    assert named, f"no error names {field!r}: {detail}"
    assert all(isinstance(e["msg"], str) and e["msg"] for e in detail)


def assert_sums_close(got: Array, want: Array, d: Array, a: Array) -> None:
    """Two sums of the products ``d[k] ⊗ a[k]`` added in different orders: equal to 1e-12 of
    the sum of their sizes (a relative tolerance alone fails where terms cancel)."""
    scale = (np.abs(d).T @ np.abs(a)).reshape(got.shape)
    assert got.shape == want.shape
    assert np.all(np.abs(got - want) <= 1e-12 * scale), np.max(np.abs(got - want) / scale)


# ---------------------------------------------------------------- the stream, in process


def receive(ws: WebSocketTestSession, timeout: float = 5.0) -> Message:
    """The next message: JSON text parsed, a binary frame decoded, a close as {"type": "close"}."""

    async def next_message() -> Any:
        with anyio.fail_after(timeout):
            return await ws._send_rx.receive()

    raw = ws.portal.call(next_message)
    if raw["type"] == "websocket.close":
        return {"type": "close", "code": raw["code"], "reason": raw.get("reason", "")}
    if raw.get("bytes") is not None:
        return {"binary": True, **decode_binary(raw["bytes"])}
    parsed: Message = json.loads(raw["text"])
    return parsed


def until(ws: WebSocketTestSession, kind: str, **match: Any) -> list[Message]:
    """Every message up to and including the first of type ``kind`` whose fields match."""
    messages = []
    while True:
        messages.append(receive(ws))
        last = messages[-1]
        if last["type"] == kind and all(last.get(k) == v for k, v in match.items()):
            return messages
        assert len(messages) < 100_000


def events_of(messages: list[Message]) -> list[Message]:
    return [m for m in messages if m["type"] in EVENTS]


def act(ws: WebSocketTestSession, **action: Any) -> list[Message]:
    """Send an action; return the events it caused (the messages before the next state)."""
    ws.send_json(action)
    return events_of(until(ws, "state"))


def beside_json(client: TestClient, sid: str, fmt: str) -> tuple[list[Message], list[Message]]:
    """The events of 4 mini-batch steps on a JSON socket, and what a ``fmt`` socket got meanwhile
    (up to its state, included)."""
    url = f"/api/sessions/{sid}/stream"
    with (
        client.websocket_connect(url) as text,
        client.websocket_connect(f"{url}?format={fmt}") as other,
    ):
        assert receive(other)["format"] == fmt and receive(text)["format"] == "json"
        return act(text, action="step", unit="batch", count=4), until(other, "state")


UNTIMED = re.compile(rb',"seconds":[0-9.eE+-]+')
"""An epoch event's training time in a JSON body: the clock's, the one field two runs differ in."""

UNKEPT = re.compile(rb'"has_last_batch":(?:true|false),')
"""Whether a state's run keeps a finished mini-batch: a restored or opened run keeps none until
its next update, where the run it came from does."""


def untimed(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The events without an epoch's ``seconds`` (see :data:`UNTIMED`)."""
    return [{k: v for k, v in e.items() if k != "seconds"} for e in events]
