"""The WebSocket stream, in process: control messages, events, errors, formats, sockets closed.

``receive`` waits at most a few seconds, so a message that never comes fails the test
instead of hanging it.
"""

from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient
from starlette.testclient import WebSocketTestSession

from .helpers import act, create, events_of, receive, until, untimed


def assert_alive(ws: WebSocketTestSession) -> None:
    ws.send_json({"action": "ping"})
    assert receive(ws) == {"type": "pong"}


def test_state_on_connect(client: TestClient) -> None:
    sid = create(client)
    with client.websocket_connect(f"/api/sessions/{sid}/stream") as ws:
        state = receive(ws)
    assert state["type"] == "state" and state["id"] == sid
    assert state["config"] == client.get(f"/api/sessions/{sid}").json()["config"]
    assert state["state"]["seq"] == 0 and state["playing"] is False
    assert (state["detail"], state["format"], state["skipped"]) == ("full", "json", 0)


def test_socket_steps_are_the_same_events_as_rest_steps(client: TestClient) -> None:
    over_rest, over_socket = create(client), create(client)
    plan: list[dict[str, Any]] = [
        {"unit": "example", "count": 3},
        {"unit": "batch"},
        {"unit": "epoch", "count": 2},
    ]
    with client.websocket_connect(f"/api/sessions/{over_socket}/stream") as ws:
        receive(ws)
        for request in plan:
            rest = client.post(f"/api/sessions/{over_rest}/step", json=request).json()["events"]
            assert untimed(act(ws, action="step", **request)) == untimed(rest)
    assert client.get(f"/api/sessions/{over_rest}/network").json() == (
        client.get(f"/api/sessions/{over_socket}/network").json()
    )


def test_rest_steps_and_resets_are_broadcast_to_every_socket(client: TestClient) -> None:
    sid = create(client)
    initial = client.get(f"/api/sessions/{sid}/network").json()
    url = f"/api/sessions/{sid}/stream"
    with client.websocket_connect(url) as a, client.websocket_connect(url) as b:
        for ws in (a, b):
            receive(ws)
        rest = client.post(f"/api/sessions/{sid}/step", json={"unit": "batch"}).json()
        assert len(rest["events"]) == 11
        for ws in (a, b):
            seen = until(ws, "state")
            assert seen[:-1] == rest["events"] and seen[-1]["state"] == rest["state"]
        mine = act(a, action="step", unit="example", count=4)
        assert [e["seq"] for e in mine] == [12, 13, 14, 15]
        assert events_of(until(b, "state")) == mine
        client.post(f"/api/sessions/{sid}/reset")
        for ws in (a, b):
            assert receive(ws)["state"]["seq"] == 0
        assert act(b, action="reset") == [] and receive(a)["state"]["seq"] == 0
    assert client.get(f"/api/sessions/{sid}/network").json() == initial


def test_summary_and_none_details(client: TestClient) -> None:
    sid = create(client)
    url = f"/api/sessions/{sid}/stream"
    with (
        client.websocket_connect(url) as full,
        client.websocket_connect(url + "?detail=summary") as summary,
        client.websocket_connect(url + "?detail=none") as none,
    ):
        assert [receive(ws)["detail"] for ws in (full, summary, none)] == [
            "full",
            "summary",
            "none",
        ]
        full_events = act(full, action="step", unit="epoch")
        summary_events = events_of(until(summary, "state"))
        none_events = events_of(until(none, "state"))
    assert [e["seq"] for e in summary_events] == [e["seq"] for e in full_events]
    assert all("nabla_w" not in e and "weights" not in e and "x" not in e for e in summary_events)
    assert none_events == [e for e in full_events if e["type"] == "epoch"] and none_events


def test_set_changes_detail_and_format_of_this_socket(client: TestClient) -> None:
    sid = create(client)
    with client.websocket_connect(f"/api/sessions/{sid}/stream") as ws:
        receive(ws)
        ws.send_json({"action": "set", "format": "factored"})
        assert until(ws, "state")[-1]["format"] == "factored"
        (event,) = act(ws, action="step")
        assert event["binary"] and isinstance(event["deltas"], list)
        ws.send_json({"action": "set", "detail": "summary", "format": "json"})
        assert until(ws, "state")[-1]["detail"] == "summary"
        (event,) = act(ws, action="step")
        assert "binary" not in event and "nabla_w" not in event


def test_set_eta_and_batch_size_take_effect_at_the_next_mini_batch(client: TestClient) -> None:
    sid = create(client, eta=3.0)
    with client.websocket_connect(f"/api/sessions/{sid}/stream") as ws:
        receive(ws)
        act(ws, action="step", count=3)
        ws.send_json({"action": "set", "eta": 0.5, "batch_size": 4})
        state = until(ws, "state")[-1]
        assert (state["config"]["eta"], state["config"]["batch_size"]) == (0.5, 4)
        this_batch = act(ws, action="step", unit="batch")
        assert [e["type"] for e in this_batch] == ["example"] * 7 + ["update"]
        assert (this_batch[-1]["eta"], this_batch[-1]["batch_size"]) == (3.0, 10)
        before = client.get(f"/api/sessions/{sid}/network").json()["weights"]
        next_batch = act(ws, action="step", unit="batch")
    update = next_batch[-1]
    assert [e["type"] for e in next_batch] == ["example"] * 4 + ["update"]
    assert (update["eta"], update["batch_size"], next_batch[0]["batch_size"]) == (0.5, 4, 4)
    for w, g, new in zip(before, update["nabla_w"], update["weights"], strict=True):
        np.testing.assert_allclose(new, np.array(w) - 0.5 / 4 * np.array(g), rtol=1e-12)


def test_play_keeps_going_until_pause(client: TestClient) -> None:
    sid = create(client)
    with client.websocket_connect(f"/api/sessions/{sid}/stream") as ws:
        receive(ws)
        ws.send_json({"action": "play", "unit": "example", "rate": 500})
        assert until(ws, "state")[-1]["playing"] is True
        seen = [receive(ws) for _ in range(60)]  # more than one step's worth: it keeps going
        ws.send_json({"action": "play", "unit": "example", "rate": None})  # as fast as it can
        seen += [receive(ws) for _ in range(500)]
        ws.send_json({"action": "pause"})  # most likely in the middle of a step
        seen += until(ws, "state", playing=False)
        assert_alive(ws)  # nothing after the pause's state but the pong
        final = client.get(f"/api/sessions/{sid}").json()["state"]
    seqs = [m["seq"] for m in events_of(seen)]
    assert len(seqs) >= 50
    assert seqs == list(range(1, final["seq"] + 1)), "every event of the play, in order"
    assert seen[-1]["state"]["seq"] == final["seq"]


@pytest.mark.parametrize(
    ("message", "field"),
    [
        ("not json", None),
        ("[1, 2]", None),
        ('{"action": "fly"}', None),
        ('{"no_action": 1}', None),
        ('{"action": "step", "count": "ten"}', "count"),
        ('{"action": "step", "unit": "minibatch"}', "unit"),
        ('{"action": "step", "count": 0}', "count"),
        ('{"action": "step", "count": 100001}', "count"),  # > max_step_examples
        ('{"action": "step", "unit": "epoch", "count": 5000}', "count"),
        ('{"action": "play", "rate": -1}', "rate"),
        ('{"action": "set", "eta": NaN}', "eta"),
        ('{"action": "set", "eta": -1}', "eta"),
        ('{"action": "set", "batch_size": 41}', "batch_size"),
        ('{"action": "set", "detail": "all"}', "detail"),
        ('{"action": "reset", "seed": -1}', "seed"),
        ('{"action": "ping", "extra": 1}', "extra"),
    ],
)
def test_bad_messages_get_an_error_and_the_socket_stays_open(
    client: TestClient, message: str, field: str | None
) -> None:
    sid = create(client)
    with client.websocket_connect(f"/api/sessions/{sid}/stream") as ws:
        receive(ws)
        ws.send_text(message)
        error = receive(ws)
        assert error["type"] == "error" and error["message"], error
        if field is not None:
            assert field in (error["field"] or ""), error
        assert_alive(ws)
        ws.send_bytes(b"\x00\x01binary")
        assert receive(ws)["type"] == "error"
        assert_alive(ws)
    assert client.get(f"/api/sessions/{sid}").json()["state"]["seq"] == 0


def test_a_diverged_session_refuses_step_and_play(client: TestClient) -> None:
    sid = create(client, n_train=200, eta=1e6, lmbda=1e6)
    client.post(f"/api/sessions/{sid}/step", json={"unit": "epoch", "count": 20, "detail": "none"})
    with client.websocket_connect(f"/api/sessions/{sid}/stream") as ws:
        assert receive(ws)["state"]["status"] == "diverged"
        for action in ("step", "play"):
            ws.send_json({"action": action})
            error = receive(ws)
            assert error["type"] == "error" and "reset" in error["message"]
        assert act(ws, action="reset") == [] and len(act(ws, action="step")) == 1


def test_an_unknown_session_closes_with_4404(client: TestClient) -> None:
    with client.websocket_connect("/api/sessions/no-such-id/stream") as ws:
        assert receive(ws)["code"] == 4404


def test_deleting_a_session_closes_its_sockets_with_4410(client: TestClient) -> None:
    sid = create(client)
    with client.websocket_connect(f"/api/sessions/{sid}/stream") as ws:
        receive(ws)
        assert client.delete(f"/api/sessions/{sid}").status_code == 204
        error, close = receive(ws), receive(ws)
    assert error["type"] == "error" and "deleted" in error["message"]
    assert close == {"type": "close", "code": 4410, "reason": "session deleted"}
