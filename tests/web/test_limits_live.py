"""Limits that hold on a real server: uvicorn in a thread, real sockets.

A client that never reads costs bounded memory; a long step does not stop the server
answering others; the transport itself refuses a message over ``ws_max_size``.
"""

import base64
import json
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from fastapi import FastAPI
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from app.settings import WS_MAX_SIZE
from app.web.outbox import LIMIT

from .helpers import create
from .live import LIVE, receive, stream, until


@pytest.fixture
def api(live_server: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live_server, timeout=60) as client:
        yield client


def client_frame(text: str) -> bytes:
    """``text`` as one masked WebSocket text frame, as RFC 6455 asks of a client."""
    payload, mask = text.encode(), os.urandom(4)
    n = len(payload)
    length = bytes([0x80 | n]) if n < 126 else bytes([0x80 | 126]) + n.to_bytes(2, "big")
    return bytes([0x81]) + length + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


def raw_stream(live_server: str, sid: str) -> socket.socket:
    """A WebSocket opened by hand on a plain TCP socket with a tiny receive buffer."""
    url = urlsplit(live_server)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect((url.hostname, url.port))
    key = base64.b64encode(os.urandom(16)).decode()
    sock.sendall(
        f"GET /api/sessions/{sid}/stream HTTP/1.1\r\nHost: {url.netloc}\r\n"
        "Upgrade: websocket\r\nConnection: Upgrade\r\n"
        f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n".encode()
    )
    head = b""
    while not head.endswith(b"\r\n\r\n"):  # the handshake's answer, and not a byte more
        head += sock.recv(1)
    assert head.startswith(b"HTTP/1.1 101"), head
    return sock


def rss_bytes() -> int:
    """This process's resident memory (the live server runs in it)."""
    fields = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())
    return int(fields["VmRSS"].split()[0]) * 1024


def sample_while(read: Callable[[], int], body: Callable[[], None]) -> int:
    """The largest value ``read()`` gave, sampled every 2 ms while ``body()`` ran."""
    most, running = 0, True

    def sample() -> None:
        nonlocal most
        while running:
            most = max(most, read())
            time.sleep(0.002)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        body()
    finally:
        running = False
        sampler.join()
    return max(most, read())


def test_a_client_that_never_reads_a_byte_costs_bounded_memory(
    live_server: str, live_app: FastAPI, api: httpx.Client
) -> None:
    # full frames of about 80 kB each, as fast as the server can make them, for 4 seconds
    sid = create(api, LIVE, sizes=[2, 48, 48, 2], n_train=200)
    sock = raw_stream(live_server, sid)

    def queued() -> int:
        channel = live_app.state.channels.get(sid)
        return max((o.bytes for o in channel.outboxes), default=0) if channel else 0

    def play_unread() -> None:
        sock.sendall(client_frame(json.dumps({"action": "play", "unit": "example", "rate": None})))
        stop = time.monotonic() + 4
        while time.monotonic() < stop:
            assert api.get("/api/health").status_code == 200, "the server answers meanwhile"
            time.sleep(0.1)

    before = rss_bytes()
    try:
        most_queued = sample_while(queued, play_unread)
        grown = sample_while(lambda: rss_bytes() - before, lambda: time.sleep(0.2))
        channel = live_app.state.channels.get(sid)
        assert channel is not None and channel.play is not None, "still playing, unread"
    finally:
        sock.close()
    assert most_queued > LIMIT // 4, "the outbox never filled: the test proves nothing"
    assert most_queued <= 2 * LIMIT, "an outbox holds at most twice LIMIT bytes"
    assert grown < 8 * LIMIT, f"the server grew by {grown:,} bytes"
    deadline = time.monotonic() + 30
    while live_app.state.channels.get(sid) is not None:  # the socket's close frees it all
        assert time.monotonic() < deadline, "the channel outlived its only socket"
        time.sleep(0.05)


def wait_until_locked(live_app: FastAPI, sid: str, step: threading.Thread) -> None:
    """Return once the session's lock is held by its step (the step is under way)."""
    lock = live_app.state.store.get(sid).lock
    deadline = time.monotonic() + 30
    while lock.acquire(blocking=False):
        lock.release()
        assert step.is_alive() and time.monotonic() < deadline, "the long step never began"
        time.sleep(0.001)


def test_a_long_step_does_not_stop_the_server_answering_others(
    live_server: str, live_app: FastAPI, api: httpx.Client
) -> None:
    # 30 epochs of 1,297 digits through [64, 300, 300, 10]: seconds of work in one request
    slow = create(api, LIVE, dataset="digits", sizes=[64, 300, 300, 10], n_train=1297, n_test=10)
    other = create(api, LIVE, sizes=[2, 4, 2], batch_size=10)
    answers: dict[str, Any] = {}

    def long_step() -> None:
        with httpx.Client(base_url=live_server, timeout=300) as own:
            body = {"unit": "epoch", "count": 30, "detail": "none"}
            answers["slow"] = own.post(f"/api/sessions/{slow}/step", json=body)

    step = threading.Thread(target=long_step)
    step.start()
    try:
        wait_until_locked(live_app, slow, step)
        health = api.get("/api/health")
        stepped = api.post(f"/api/sessions/{other}/step", json={"unit": "batch", "count": 2})
        with stream(live_server, other, "?detail=summary") as ws:
            receive(ws)
            ws.send(json.dumps({"action": "step", "unit": "example"}))
            seen = until(ws, lambda m: m["type"] == "state")
        shown = api.get(f"/api/sessions/{slow}")  # the busy session's own state, too
        answered_while_busy = step.is_alive()
    finally:
        step.join()
    assert health.status_code == 200 and stepped.status_code == 200
    assert [m["type"] for m in seen][-2:] == ["example", "state"]
    assert shown.status_code == 200 and shown.json()["id"] == slow
    assert answered_while_busy, "every answer above came while the long step ran"
    assert answers["slow"].status_code == 200
    assert answers["slow"].json()["state"]["epoch"] == 30


def test_the_transport_refuses_a_message_over_ws_max_size(
    live_server: str, api: httpx.Client
) -> None:
    sid = create(api, LIVE)
    with stream(live_server, sid) as ws:
        receive(ws)
        ws.send("x" * (WS_MAX_SIZE + 1))
        with pytest.raises(ConnectionClosed) as closed:
            while True:
                ws.recv(timeout=10)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 1009


def test_the_app_refuses_a_message_over_its_own_limit_first(
    live_server: str, live_app: FastAPI, api: httpx.Client
) -> None:
    sid = create(api, LIVE)
    most = live_app.state.settings.max_message_bytes
    with stream(live_server, sid) as ws:
        receive(ws)
        ws.send(json.dumps({"action": "ping", "pad": "x" * most}))
        error = receive(ws)
        with pytest.raises(ConnectionClosed) as closed:
            while True:
                ws.recv(timeout=10)
    assert error["type"] == "error" and "message too big" in error["message"]
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 1009
    assert f"the limit is {most:,}" in closed.value.rcvd.reason


def test_a_page_of_another_site_is_turned_away_on_a_real_socket(
    live_server: str, api: httpx.Client
) -> None:
    sid = create(api, LIVE)
    url = live_server.replace("http://", "ws://") + f"/api/sessions/{sid}/stream"
    with (
        connect(url, origin="https://evil.example") as ws,  # type: ignore[arg-type]
        pytest.raises(ConnectionClosed) as closed,
    ):
        ws.recv(timeout=10)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4403
