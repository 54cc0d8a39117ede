"""Long steps on the WebSocket: progress after each chunk, and cancel at a chunk's end."""

from __future__ import annotations

from fastapi.testclient import TestClient

from app.sessions.chunks import CHUNK_EXAMPLES

from .helpers import create, receive, until

DIGITS = {"dataset": "digits", "n_train": 1297, "n_test": 500, "batch_size": 10}


def test_a_long_step_sends_progress_after_each_chunk(client: TestClient) -> None:
    sid = create(client, **DIGITS)
    with client.websocket_connect(f"/api/sessions/{sid}/stream?detail=none") as ws:
        receive(ws)
        ws.send_json({"action": "step", "unit": "epoch", "count": 10})
        messages = until(ws, "state")
    progress = [m for m in messages if m["type"] == "progress"]
    assert len(progress) >= 12970 // CHUNK_EXAMPLES
    assert all(p["total"] == 12970 and p["unit"] == "epoch" and p["count"] == 10 for p in progress)
    done = [p["done"] for p in progress]
    assert done == sorted(done) and done[-1] == 12970 and done[0] <= CHUNK_EXAMPLES
    assert not any(p["cancelled"] for p in progress)
    assert len([m for m in messages if m["type"] == "epoch"]) == 10
    assert messages[-1]["state"]["epoch"] == 10


def test_a_short_step_sends_no_progress(client: TestClient) -> None:
    sid = create(client, **DIGITS)
    with client.websocket_connect(f"/api/sessions/{sid}/stream") as ws:
        receive(ws)
        ws.send_json({"action": "step", "unit": "batch", "count": 3})
        assert not [m for m in until(ws, "state") if m["type"] == "progress"]


def test_cancel_stops_at_a_chunk_end_and_the_state_is_consistent(client: TestClient) -> None:
    sid = create(client, **DIGITS)
    with client.websocket_connect(f"/api/sessions/{sid}/stream?detail=summary") as ws:
        receive(ws)
        ws.send_json({"action": "step", "unit": "epoch", "count": 40})
        ws.send_json({"action": "cancel"})
        messages = until(ws, "progress", cancelled=True)
        state = until(ws, "state")[-1]["state"]
        examples = [m for m in messages if m["type"] == "example"]
        updates = [m for m in messages if m["type"] == "update"]
        last = messages[-1]
        assert 0 < last["done"] < last["total"] == 40 * 1297
        assert len(examples) == last["done"] == sum(u["batch_size"] for u in updates)
        seqs = [m["seq"] for m in messages if "seq" in m]
        assert seqs == list(range(1, len(seqs) + 1)) and state["seq"] == seqs[-1]
        assert state["index"] == 0 and state["updates"] == len(updates)
        history = client.get(f"/api/sessions/{sid}/history").json()
        assert len(history["updates"]) == len(updates)
        ws.send_json({"action": "step", "unit": "batch"})  # training goes on from there
        after = until(ws, "state")
        assert next(m["seq"] for m in after if m["type"] == "update") > state["seq"]


def test_cancel_stops_play_too(client: TestClient) -> None:
    sid = create(client, **DIGITS)
    with client.websocket_connect(f"/api/sessions/{sid}/stream?detail=none") as ws:
        receive(ws)
        ws.send_json({"action": "play", "unit": "epoch", "rate": None})
        assert until(ws, "epoch")
        ws.send_json({"action": "cancel"})
        state = until(ws, "state", playing=False)[-1]
        assert state["play_unit"] is None and state["state"]["index"] == 0
        ws.send_json({"action": "ping"})
        assert until(ws, "pong")


def test_cancel_with_nothing_running_answers_the_state(client: TestClient) -> None:
    sid = create(client, **DIGITS)
    with client.websocket_connect(f"/api/sessions/{sid}/stream") as ws:
        receive(ws)
        ws.send_json({"action": "cancel"})
        assert receive(ws)["type"] == "state"
