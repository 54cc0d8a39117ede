"""A full-detail or long REST step's answer is streamed: the same bytes, never built whole.

Its bytes equal the whole answer's (:func:`app.web.steps.run_step`, which builds it
at once) for a twin session, with or without a socket open; the answer's first events
reach the client while the step is still running, and ``/api/health`` answers then.
"""

import json
import re
import threading
import time

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.sessions.chunks import position
from app.web.steps import run_step
from app.web.streamed import PIECE_EVENTS, pieces

from .helpers import SMALL, created
from .live import LIVE


def timeless(answer: bytes) -> bytes:
    """``answer`` with each epoch's wall-clock ``seconds`` (which differ between twins) zeroed."""
    return re.sub(rb'"seconds":[-+.0-9eE]+', b'"seconds":0', answer)


def test_pieces_join_the_events_a_bounded_number_at_a_time() -> None:
    parts = [b"%d" % i for i in range(2 * PIECE_EVENTS + 1)]
    out = pieces(parts)
    assert [p.count(b",") for p in out] == [PIECE_EVENTS, PIECE_EVENTS, 1]
    assert b"".join(out) == b"," + b",".join(parts)
    assert pieces([]) == []


@pytest.mark.parametrize(
    ("unit", "count", "detail"),
    [("epoch", 2, "full"), ("example", 7, "full"), ("example", 2500, "summary")],
)
@pytest.mark.parametrize("socket_open", [False, True])
def test_streamed_answer_is_the_whole_answer(
    client: TestClient, unit: str, count: int, detail: str, socket_open: bool
) -> None:
    config = {**SMALL, "seed": 5}
    sid, twin = created(client, config)["id"], created(client, config)["id"]
    body = {"unit": unit, "count": count, "detail": detail}
    if socket_open:
        with client.websocket_connect(f"/api/sessions/{sid}/stream") as ws:
            ws.receive_json()  # the greeting: the socket is subscribed
            response = client.post(f"/api/sessions/{sid}/step", json=body)
    else:
        response = client.post(f"/api/sessions/{sid}/step", json=body)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    session = client.app.state.store.get(twin)  # type: ignore[attr-defined]
    _, whole, _ = run_step(session, unit, count, set(), detail)
    assert timeless(response.content) == timeless(whole)
    assert json.loads(response.content)["state"]["seq"] > 0


def test_a_refused_step_is_an_error_not_a_cut_stream(client: TestClient) -> None:
    sid = created(client, {**SMALL, "sizes": [2, 30, 2]})["id"]
    body = {"unit": "epoch", "count": 1000, "detail": "full"}
    response = client.post(f"/api/sessions/{sid}/step", json=body)
    assert response.status_code in (413, 422), response.text
    assert response.json()["detail"]


def test_health_answers_while_a_big_step_is_streamed(
    live_server: str, live_app: FastAPI, gate: threading.Event
) -> None:
    count = 5000  # three chunks: the first is sent, the second waits at the gate
    with httpx.Client(base_url=live_server, timeout=60) as api:
        sid = created(api, {**LIVE, "n_train": 400, "batch_size": 10})["id"]
        body = {"unit": "example", "count": count, "detail": "full"}
        with api.stream("POST", f"/api/sessions/{sid}/step", json=body) as answer:
            assert answer.status_code == 200
            chunks = answer.iter_bytes()
            received = b""
            while len(received) <= len(b'{"events":['):  # the first events, while the step waits
                received += next(chunks)
            assert received.startswith(b'{"events":[{"type":')
            session = live_app.state.store.get(sid)
            assert position(session.trainer) < count  # the step is not done
            health = api.get("/api/health")
            assert health.status_code == 200
            assert health.json()["status"] == "ok"
            gate.set()
            received += b"".join(chunks)
    answer_json = json.loads(received)
    assert len([e for e in answer_json["events"] if e["type"] == "example"]) == count
    assert answer_json["state"]["updates"] == count // 10


def test_a_client_that_leaves_mid_answer_frees_the_budget_and_the_step_ends(
    live_server: str, live_app: FastAPI, gate: threading.Event
) -> None:
    count = 5000
    budget = live_app.state.budget
    with httpx.Client(base_url=live_server, timeout=60) as api:
        sid = created(api, {**LIVE, "n_train": 400, "batch_size": 10})["id"]
        body = {"unit": "example", "count": count, "detail": "full"}
        with api.stream("POST", f"/api/sessions/{sid}/step", json=body) as answer:
            assert answer.status_code == 200
            # Held: a discarded byte iterator is closed at once, and httpx with it closes
            # the connection, so the client would leave before the assertion.
            chunks = answer.iter_bytes()
            next(chunks)
            assert budget.running == 1  # admitted while the answer is under way
        # the client left with most of the answer unread
    gate.set()
    session = live_app.state.store.get(sid)
    deadline = time.monotonic() + 30
    while position(session.trainer) < count or budget.running or budget.used:
        assert time.monotonic() < deadline, "the step never ended, or kept its admission"
        time.sleep(0.05)
