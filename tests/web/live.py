"""Helpers for the stream on a real server, through the ``websockets`` client."""

import json
import time
from typing import Any

from websockets.sync.client import ClientConnection, connect

LIVE = {"n_train": 40, "n_test": 20}  # the sessions these tests create, over the app's defaults
Message = dict[str, Any]


def stream(live_server: str, sid: str, query: str = "") -> ClientConnection:
    url = live_server.replace("http://", "ws://") + f"/api/sessions/{sid}/stream{query}"
    return connect(url, max_size=None)


def receive(ws: ClientConnection, timeout: float = 10) -> Message:
    message: Message = json.loads(ws.recv(timeout=timeout))
    return message


def until(ws: ClientConnection, stop: Any, timeout: float = 30) -> list[Message]:
    """Every message up to and including the first one for which ``stop(message)`` is true."""
    deadline = time.monotonic() + timeout
    messages = [receive(ws)]
    while not stop(messages[-1]):
        assert time.monotonic() < deadline, "the awaited message never came"
        messages.append(receive(ws))
    return messages


def paused(message: Message) -> bool:
    """The state message that says the play has stopped."""
    return message["type"] == "state" and not message["playing"]


def events_until_quiet(ws: object, quiet: float = 1.0) -> list[dict[str, object]]:
    """Every message until none has come for ``quiet`` seconds (or for 20 s at most: a play
    that never waits sends far more than any test's bound by then, a slow machine's does not
    stop before it)."""
    got, deadline = [], time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            got.append(receive(ws, timeout=quiet))  # type: ignore[arg-type]
        except TimeoutError:
            break
    return got
