"""What one step may send, how the socket names bad input, and a reset during play."""

import threading
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient

from app.settings import Settings
from app.web.app import create_app

from .helpers import SMALL, act, create, receive, until


def test_a_full_detail_step_too_big_to_send_is_refused_naming_count() -> None:
    # digits [64, 30, 10] has 2,260 weights and biases: a frame is about 4,600 numbers
    settings = Settings(max_frame_floats=100_000)
    with TestClient(create_app(settings)) as client:
        sid = create(client, dataset="digits", n_train=100, n_test=10)
        step = f"/api/sessions/{sid}/step"
        refused = client.post(step, json={"unit": "batch", "count": 3, "detail": "full"})
        assert refused.status_code == 422, refused.text
        assert refused.json()["detail"][0]["loc"][-1] == "count"
        assert "summary" in refused.json()["detail"][0]["msg"]
        summary = client.post(step, json={"unit": "batch", "count": 3, "detail": "summary"})
        assert summary.status_code == 200 and len(summary.json()["events"]) == 33
        with client.websocket_connect(f"/api/sessions/{sid}/stream") as ws:
            receive(ws)
            ws.send_json({"action": "step", "unit": "epoch"})
            error = receive(ws)
            assert error["type"] == "error" and error["field"] == "count"


def test_factored_frames_hold_fewer_numbers_so_a_bigger_step_fits() -> None:
    """The same 3-mini-batch step, refused for a JSON reader, fits for a factored one."""
    settings = Settings(max_frame_floats=100_000)
    with TestClient(create_app(settings)) as client:
        sid = create(client, dataset="digits", n_train=100, n_test=10)
        url = f"/api/sessions/{sid}/stream"
        with client.websocket_connect(url + "?format=json") as ws:
            receive(ws)
            ws.send_json({"action": "step", "unit": "batch", "count": 3})
            error = receive(ws)
            assert error["type"] == "error" and error["field"] == "count"
        with client.websocket_connect(url + "?format=factored") as ws:
            receive(ws)
            events = act(ws, action="step", unit="batch", count=3)
            assert [e["type"] for e in events] == (["example"] * 10 + ["update"]) * 3
            numbers = sum(a.size for e in events for v in e.values() for a in _arrays(v))
            assert numbers <= 100_000


def test_one_example_of_a_big_mini_batch_is_sent_in_full_as_factored_frames() -> None:
    """Frame k holds k + 1 rows: an example step early in a mini-batch of 1,000 is small."""
    with TestClient(create_app()) as client:
        sid = create(client, dataset="digits", n_train=1200, n_test=10, batch_size=1000)
        with client.websocket_connect(f"/api/sessions/{sid}/stream?format=factored") as ws:
            receive(ws)
            for count, index in ((1, 0), (5, 5)):
                events = act(ws, action="step", unit="example", count=count)
                assert [e["type"] for e in events] == ["example"] * count
                assert events[-1]["index"] == index and events[-1]["batch_size"] == 1000
            assert len(events[-1]["deltas"][0]) == 6  # rows 0..5 of the first layer's deltas


def _arrays(value: object) -> list[Any]:
    if isinstance(value, np.ndarray):
        return [value]
    return [v for v in value if isinstance(v, np.ndarray)] if isinstance(value, list) else []


def test_bad_query_parameters_close_with_a_reason(client: TestClient) -> None:
    sid = create(client)
    for query, name in (
        ("detail=everything", "detail"),
        ("format=xml", "format"),
        ("pack=yes", "pack"),
    ):
        with client.websocket_connect(f"/api/sessions/{sid}/stream?{query}") as ws:
            closed = receive(ws)
            assert closed["type"] == "close" and closed["code"] == 1008
            assert name in closed["reason"]


def test_socket_errors_name_the_field_alone(client: TestClient) -> None:
    sid = create(client)
    with client.websocket_connect(f"/api/sessions/{sid}/stream") as ws:
        receive(ws)
        for action, field in (
            ({"action": "step", "count": 0}, "count"),
            ({"action": "set", "eta": -1}, "eta"),
            ({"action": "dance"}, "action"),
        ):
            ws.send_json(action)
            error = receive(ws)
            assert error["type"] == "error" and error["field"] == field, error


def test_a_rest_reset_stops_the_play_and_starts_again_at_seq_0(client: TestClient) -> None:
    sid = create(client)
    with client.websocket_connect(f"/api/sessions/{sid}/stream?detail=summary") as ws:
        receive(ws)
        ws.send_json({"action": "play", "unit": "example", "rate": 200})
        until(ws, "example", index=5)
        assert client.post(f"/api/sessions/{sid}/reset").status_code == 200
        state = until(ws, "state", playing=False)[-1]
        while state["state"]["seq"] != 0:  # a state the step under way sent first
            state = until(ws, "state")[-1]
        assert state["state"]["seq"] == 0 and state["playing"] is False
        events = act(ws, action="step", unit="example")
        assert [e["seq"] for e in events] == [1]


def test_state_never_waits_for_a_step_under_way(client: TestClient) -> None:
    sid = create(client, **SMALL)
    session = client.app.state.store.get(sid)  # type: ignore[attr-defined]
    holding, answered, released = threading.Event(), threading.Event(), threading.Event()

    def hold() -> None:  # a step under way: the lock is held until state() has answered
        with session.lock:
            holding.set()
            answered.wait(timeout=10)
        released.set()

    thread = threading.Thread(target=hold)
    thread.start()
    holding.wait()
    assert session.state().seq == 0
    released_first = released.is_set()  # True only if state() waited for the lock
    answered.set()
    thread.join()
    assert not released_first


def test_a_page_of_another_site_may_not_open_a_stream(client: TestClient) -> None:
    sid = create(client)
    url = f"/api/sessions/{sid}/stream"
    with client.websocket_connect(url, headers={"origin": "https://evil.example"}) as ws:
        closed = receive(ws)
        assert closed["type"] == "close" and closed["code"] == 4403
    with client.websocket_connect(url, headers={"origin": "http://testserver"}) as ws:
        assert receive(ws)["type"] == "state"
    with client.websocket_connect(url) as ws:  # not a browser: no Origin
        assert receive(ws)["type"] == "state"


def test_allowed_origins_let_another_site_in() -> None:
    with TestClient(create_app(Settings(allowed_origins=["https://class.example"]))) as client:
        sid = create(client)
        url = f"/api/sessions/{sid}/stream"
        with client.websocket_connect(url, headers={"origin": "https://class.example"}) as ws:
            assert receive(ws)["type"] == "state"


@pytest.mark.parametrize("update", ["batch", "per_example"])
def test_the_state_says_the_most_units_a_full_detail_step_may_take(update: str) -> None:
    """At the start, mid-batch, at a mini-batch's end: the most that fit, one more does not."""
    most_floats = 2_000  # one mini-batch's frames fit, not two, nor an epoch's
    with TestClient(create_app(Settings(max_frame_floats=most_floats))) as client:
        body = {"dataset": "xor", "sizes": [2, 5, 3, 2], "n_train": 45, "batch_size": 10}
        sid = create(client, {}, update=update, **body)
        session = client.app.state.store.get(sid)  # type: ignore[attr-defined]
        with client.websocket_connect(f"/api/sessions/{sid}/stream?format=factored") as ws:
            state = receive(ws)
            for count in (3, 7, 1):
                full = state["full_steps"]
                assert set(full) == {"example", "batch", "epoch"}
                for unit, most in full.items():
                    assert session.frame_floats(unit, most, True) <= most_floats
                    assert session.frame_floats(unit, most + 1, True) > most_floats
                assert full["epoch"] == 0 < full["batch"] < full["example"]
                ws.send_json({"action": "step", "unit": "batch", "count": full["batch"] + 1})
                assert until(ws, "error")[-1]["field"] == "count"
                ws.send_json({"action": "step", "unit": "example", "count": count})
                state = until(ws, "state")[-1]
