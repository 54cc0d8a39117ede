"""A socket with ``format=factored``: NBL2 frames whose rebuilt numbers are the JSON socket's."""

from typing import Any

import numpy as np
from fastapi.testclient import TestClient

from app.web.factored import rebuild

from .helpers import act, assert_sums_close, beside_json, create, receive, until

GRADIENTS = ("delta_nabla_b", "delta_nabla_w", "nabla_b", "nabla_w")
SUMS = ("nabla_b", "nabla_w")


def assert_same_event(frame: dict[str, Any], event: dict[str, Any]) -> None:
    """Every number the JSON event has, in float64: exact, but for an example's running sums.

    Those are added in order from the factors, while the server's JSON sums may come from a
    matrix product: equal to 1e-12 of the sum of the terms' sizes.
    """
    factors = frame.get("deltas"), frame.get("activations")
    frame = rebuild({k: v for k, v in frame.items() if k != "binary"})
    assert set(frame) == set(event)
    for key, value in event.items():
        got = frame[key]
        if isinstance(got, list) and got and isinstance(got[0], np.ndarray):
            assert all(g.dtype == np.float64 for g in got)
            if event["type"] == "example" and key in SUMS:
                for g, w, d, a in zip(got, value, *factors, strict=True):
                    a = a if key == "nabla_w" else np.ones((len(d), 1))
                    assert_sums_close(g, np.asarray(w), d, a)
            else:
                assert [g.tolist() for g in got] == value, key
        elif isinstance(got, np.ndarray):
            assert got.dtype == np.float64 and got.tolist() == value, key
        else:
            assert got == value, key


def test_factored_frames_hold_the_json_numbers_in_float64(client: TestClient) -> None:
    sid = create(client, sizes=[2, 4, 3, 2], update="per_example", lmbda=0.1)
    events, frames = beside_json(client, sid, "factored")
    frames = frames[:-1]
    assert len(frames) == len(events) == 45  # 4 x (10 examples + update) + epoch
    for frame, event in zip(frames, events, strict=True):
        assert frame["binary"]
        if event["type"] == "example":
            assert {"deltas", "activations"} <= set(frame) and not set(GRADIENTS) & set(frame)
            assert len(frame["deltas"][0]) == event["index"] + 1
        assert_same_event(frame, event)


def test_set_format_factored_and_back(client: TestClient) -> None:
    sid = create(client)
    with client.websocket_connect(f"/api/sessions/{sid}/stream") as ws:
        receive(ws)
        ws.send_json({"action": "set", "format": "factored"})
        assert until(ws, "state")[-1]["format"] == "factored"
        first, second = act(ws, action="step", count=2)
        assert first["binary"] and [len(d) for d in second["deltas"]] == [2, 2]
        assert "nabla_w" in rebuild(second)
        ws.send_json({"action": "set", "detail": "summary"})
        assert until(ws, "state")[-1]["detail"] == "summary"
        (event,) = act(ws, action="step")
        assert event["binary"] and "deltas" not in event and "nabla_w" not in event
        ws.send_json({"action": "set", "format": "json"})
        assert until(ws, "state")[-1]["format"] == "json"
        (event,) = act(ws, action="step")
        assert "binary" not in event and event["index"] == 3


def test_a_bad_format_is_refused_naming_the_choices(client: TestClient) -> None:
    sid = create(client)
    with client.websocket_connect(f"/api/sessions/{sid}/stream?format=nbl2") as ws:
        closed = receive(ws)
        assert closed["code"] == 1008 and "json, factored" in closed["reason"]
    with client.websocket_connect(f"/api/sessions/{sid}/stream") as ws:
        receive(ws)
        ws.send_json({"action": "set", "format": "float64"})
        error = receive(ws)
        assert error["type"] == "error" and error["field"] == "format"
        assert "factored" in error["message"]
