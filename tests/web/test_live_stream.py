"""The stream on a real server: uvicorn in a thread, driven by the ``websockets`` client.

What a TestClient cannot show: real sockets, TCP back-pressure from a client that does not
read, and REST requests arriving while a play loop runs. The app runs in this process, so
the tests can look at its channels (``live_app.state.channels``) while it serves.
"""

import json
import threading
import time
from typing import Any

import httpx
import numpy as np
import pytest
from fastapi import FastAPI

from app.web import outbox as outbox_module
from app.web.factored import decode_binary, rebuild

from .helpers import create
from .live import LIVE, paused, receive, stream, until

EVENTS = ("example", "update", "epoch")
Message = dict[str, Any]


def book_order(m: int, n_train: int, count: int) -> list[tuple[Any, ...]]:
    """The first ``count`` events of a session, as (type, epoch, batch, index): the book's loop."""
    order: list[tuple[Any, ...]] = []
    for epoch in range(count // n_train + 1):
        for batch in range(n_train // m):
            order += [("example", epoch, batch, k) for k in range(m)]
            order.append(("update", epoch, batch, None))
        order.append(("epoch", epoch, n_train // m - 1, None))
    return order[:count]


def check_order(events: list[Message], m: int, n_train: int) -> None:
    """Seqs 1, 2, 3, ...; each mini-batch's ``m`` examples then its update; epochs at the ends."""
    assert [e["seq"] for e in events] == list(range(1, len(events) + 1))
    got = [(e["type"], e["epoch"], e["batch"], e.get("index")) for e in events]
    assert got == book_order(m, n_train, len(events))


def assert_network_is(api: httpx.Client, sid: str, update: Message) -> None:
    network = api.get(f"/api/sessions/{sid}/network").json()
    assert (network["weights"], network["biases"]) == (update["weights"], update["biases"])


def test_steps_arrive_in_order_and_match_the_network(live_server: str, api: httpx.Client) -> None:
    sid = create(api, LIVE, sizes=[2, 4, 2], batch_size=10)
    with stream(live_server, sid) as ws:
        assert receive(ws)["type"] == "state"
        ws.send(json.dumps({"action": "step", "unit": "epoch", "count": 2}))
        messages = until(ws, lambda m: m["type"] == "state")
    events = [m for m in messages if m["type"] in EVENTS]
    assert len(events) == 2 * (4 * 11 + 1)
    check_order(events, m=10, n_train=40)
    assert_network_is(api, sid, events[-2])


def test_factored_frames_on_a_real_socket(live_server: str, api: httpx.Client) -> None:
    """NBL2 over TCP: in order, each mini-batch's sums end at its update's, the weights match."""
    sid = create(api, LIVE, sizes=[2, 5, 2], batch_size=10)
    with stream(live_server, sid, "?format=factored") as ws:
        assert receive(ws)["format"] == "factored"
        ws.send(json.dumps({"action": "step", "unit": "epoch", "count": 1}))
        frames = []
        while isinstance(raw := ws.recv(timeout=10), bytes):
            assert raw[:4] == b"NBL2"
            frames.append(decode_binary(raw))
    check_order(frames, m=10, n_train=40)
    for last, update in zip(frames[9::11], frames[10::11], strict=True):
        assert last["index"] == 9 and update["type"] == "update"
        sums, factors = (
            rebuild(last)["nabla_w"],
            zip(last["deltas"], last["activations"], strict=True),
        )
        for got, want, (d, a) in zip(sums, update["nabla_w"], factors, strict=True):
            bound = 1e-12 * np.abs(d).T @ np.abs(a)  # added in another order: 1e-12 of Σ|terms|
            assert np.all(np.abs(got - want) <= bound)
    network = api.get(f"/api/sessions/{sid}/network").json()
    assert network["weights"] == [w.tolist() for w in frames[-2]["weights"]]


def test_unlimited_play_runs_until_pause_and_then_stops(
    live_server: str, api: httpx.Client
) -> None:
    sid = create(api, LIVE, sizes=[2, 4, 2], batch_size=10)
    with stream(live_server, sid) as ws:
        receive(ws)
        ws.send(json.dumps({"action": "play", "unit": "example", "rate": None}))
        messages, started = [], time.monotonic()
        while time.monotonic() - started < 1.0:
            messages.append(receive(ws))
        ws.send(json.dumps({"action": "pause"}))
        messages += until(ws, paused)
        ws.send(json.dumps({"action": "ping"}))
        assert receive(ws) == {"type": "pong"}, "an event came after the pause"
        with pytest.raises(TimeoutError):
            ws.recv(timeout=0.3)
    events = [m for m in messages if m["type"] in EVENTS]
    assert len(events) > 100
    assert events[-1]["seq"] == messages[-1]["state"]["seq"]
    check_order(events, m=10, n_train=40)
    assert_network_is(api, sid, [e for e in events if e["type"] == "update"][-1])


def test_rest_steps_during_a_play_keep_the_stream_in_order(
    live_server: str, api: httpx.Client
) -> None:
    sid = create(api, LIVE, sizes=[2, 4, 2], batch_size=10)
    rest_events: list[Message] = []
    with stream(live_server, sid, "?detail=summary") as ws:
        receive(ws)
        ws.send(json.dumps({"action": "play", "unit": "batch", "rate": None}))
        for _ in range(20):
            response = api.post(f"/api/sessions/{sid}/step", json={"count": 3, "detail": "summary"})
            assert response.status_code == 200
            rest_events += response.json()["events"]
        ws.send(json.dumps({"action": "pause"}))
        messages = until(ws, paused, timeout=60)
    events = [m for m in messages if m["type"] in EVENTS]
    assert events[-1]["seq"] == messages[-1]["state"]["seq"]
    check_order(events, m=10, n_train=40)
    by_seq = {e["seq"]: e for e in events}
    assert all(by_seq[e["seq"]] == e for e in rest_events), "REST's events, broadcast as they are"


def test_a_client_that_does_not_read_costs_bounded_memory(
    live_server: str, live_app: FastAPI, api: httpx.Client
) -> None:
    # full frames of about 50 kB: two seconds fill the kernel's buffers and then the outbox
    sid = create(api, LIVE, sizes=[2, 32, 32, 2], n_train=200)
    most, sampling = 0, True

    def sample() -> None:  # the outbox's size, read from the server's own objects
        nonlocal most
        while sampling:
            channel = live_app.state.channels.get(sid)
            for outbox in list(channel.outboxes) if channel else []:
                most = max(most, outbox._bytes)
            time.sleep(0.002)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        with stream(live_server, sid) as ws:
            receive(ws)
            ws.send(json.dumps({"action": "play", "unit": "example", "rate": None}))
            time.sleep(2.0)  # read nothing meanwhile
            seen = until(ws, lambda m: m["type"] == "state" and (m["throttled"] or m["skipped"]))
            ws.send(json.dumps({"action": "pause"}))
            seen += until(ws, paused)
    finally:
        sampling = False
        sampler.join()
    assert most > outbox_module.LIMIT // 4, "the outbox never filled: the test proves nothing"
    assert most <= 2 * outbox_module.LIMIT
    seqs = [m["seq"] for m in seen if m["type"] in EVENTS]
    assert seqs == sorted(set(seqs)), "what arrives is in order, skipped frames aside"
