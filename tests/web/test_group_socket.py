"""A group's socket (compare mode): the members play in lock step through the session's play
loop (app/web/player.py), at a rate or as fast as the reader, and a pause answers at once."""

import json
import time
from typing import Any

import httpx
import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from app.web.outbox import AHEAD

from .live import LIVE, Message, events_until_quiet, paused, receive, until


def group_stream(live_server: str, gid: str, query: str = "") -> ClientConnection:
    url = live_server.replace("http://", "ws://") + f"/api/groups/{gid}/stream{query}"
    return connect(url, max_size=None)


def create_group(api: httpx.Client, **body: Any) -> dict[str, Any]:
    response = api.post("/api/groups", json={**LIVE, "sizes": [2, 4, 2], **body})
    assert response.status_code == 201, response.text
    group: dict[str, Any] = response.json()
    return group


def seen_by(state: dict[str, Any], n_train: int = LIVE["n_train"]) -> int:
    """Examples a member has seen, from its state (m divides n_train in these tests)."""
    return int(state["epoch"]) * n_train + state["batch"] * state["batch_size"] + state["index"]


def examples(step: Message) -> list[int]:
    """Each member's example events in one ``step`` message."""
    return [sum(e["type"] == "example" for e in m["events"]) for m in step["members"]]


def test_play_at_a_rate_keeps_the_members_in_lock_step(live_server: str, api: httpx.Client) -> None:
    group = create_group(api, batch_size=10)
    ids = [s["id"] for s in group["sessions"]]
    with group_stream(live_server, group["id"]) as ws:
        first = receive(ws)
        assert first["type"] == "state" and not first["playing"]
        assert [m["id"] for m in first["members"]] == ids
        rate, began = 40.0, time.monotonic()
        ws.send(json.dumps({"action": "play", "unit": "example", "rate": rate}))
        total = 0
        while total < 12:
            message = receive(ws)
            if message["type"] != "step":
                assert message["type"] == "state" and message["playing"], message
                continue
            assert [m["id"] for m in message["members"]] == ids  # the group's order
            counts = examples(message)
            assert len(set(counts)) == 1, counts  # every member the same examples
            states = [m["state"] for m in message["members"]]
            assert len({seen_by(s) for s in states}) == 1, states
            total += counts[0]
            # never ahead of the rate (the server's clock started after ours)
            assert total <= rate * (time.monotonic() - began) + 1
        ws.send(json.dumps({"action": "pause"}))
        until(ws, paused)
    members = api.get(f"/api/groups/{group['id']}").json()["sessions"]
    assert len({seen_by(m["state"]) for m in members}) == 1


def test_batch_play_with_different_m_and_a_stop_condition(
    live_server: str, api: httpx.Client
) -> None:
    variants = [{"update": "batch", "batch_size": 10}, {"update": "per_example", "batch_size": 1}]
    group = create_group(api, variants=variants)
    with group_stream(live_server, group["id"], "?detail=none") as ws:
        receive(ws)
        ws.send(json.dumps({"action": "play", "unit": "batch", "rate": None, "stop_epochs": 1}))
        got = until(ws, lambda m: m["type"] == "stopped")
        steps = [m for m in got if m["type"] == "step"]
        assert steps and all(examples(s) == [0, 0] for s in steps)  # detail none: states only
        for step in steps:
            assert len({seen_by(m["state"]) for m in step["members"]}) == 1
        last = [m["state"] for m in steps[-1]["members"]]
        assert [s["epoch"] for s in last] == [1, 1]
        until(ws, paused)


def test_a_client_that_does_not_read_is_played_at_most_ahead_of_it(
    live_server: str, api: httpx.Client
) -> None:
    group = create_group(api, batch_size=10)
    with group_stream(live_server, group["id"]) as ws:
        receive(ws)
        ws.send(json.dumps({"action": "seen", "count": 1}))
        ws.send(json.dumps({"action": "play", "unit": "example", "rate": 200}))
        got = events_until_quiet(ws)
        steps = [m for m in got if m["type"] == "step"]
        # about AHEAD messages (the play's state among them), then it waits
        assert AHEAD - 2 <= len(steps) <= AHEAD + 1, [m["type"] for m in got]
        ws.send(json.dumps({"action": "seen", "count": 1 + len(got)}))
        more = [m for m in events_until_quiet(ws) if m["type"] == "step"]
        assert len(more) > 0 and len(steps) + len(more) <= 2 * (AHEAD + 1)
        ws.send(json.dumps({"action": "pause"}))
        until(ws, paused)


def test_a_client_that_keeps_up_plays_on_and_pauses_at_once(
    live_server: str, api: httpx.Client
) -> None:
    group = create_group(api, batch_size=10)
    with group_stream(live_server, group["id"]) as ws:
        handled = 1
        receive(ws)
        ws.send(json.dumps({"action": "seen", "count": handled}))
        ws.send(json.dumps({"action": "play", "unit": "example", "rate": None}))
        steps, started, said = 0, time.monotonic(), 0.0
        while steps < 40 and time.monotonic() - started < 10:
            try:
                steps += receive(ws, timeout=0.05)["type"] == "step"
                handled += 1
            except TimeoutError:
                said = 0.0
            if time.monotonic() - said > 0.05:  # as the page does: 20 a second at most
                said = time.monotonic()
                ws.send(json.dumps({"action": "seen", "count": handled}))
        assert steps == 40
        ws.send(json.dumps({"action": "pause"}))
        after = until(ws, paused)
        # no queue to drain: what was in flight, within AHEAD of what was said
        assert len([m for m in after if m["type"] == "step"]) <= AHEAD + 1
    members = api.get(f"/api/groups/{group['id']}").json()["sessions"]
    assert len({seen_by(m["state"]) for m in members}) == 1


def test_a_rest_reset_stops_the_groups_play_and_tells_its_socket(
    live_server: str, api: httpx.Client
) -> None:
    """As a session's reset does: the play does not run on into the new start."""
    group = create_group(api, batch_size=10)
    with group_stream(live_server, group["id"]) as ws:
        receive(ws)
        ws.send(json.dumps({"action": "play", "unit": "example", "rate": 40}))
        until(ws, lambda m: m["type"] == "step")
        assert api.post(f"/api/groups/{group['id']}/reset", json={}).status_code == 200
        told = until(ws, lambda m: paused(m) and all(x["state"]["seq"] == 0 for x in m["members"]))
        assert all(m["type"] != "step" for m in events_until_quiet(ws, 0.5))  # nothing after
    members = api.get(f"/api/groups/{group['id']}").json()["sessions"]
    assert [m["state"]["seq"] for m in members] == [0] * len(members), told[-1]


def test_bad_requests_are_named(live_server: str, api: httpx.Client) -> None:
    with group_stream(live_server, "nope") as ws, pytest.raises(ConnectionClosed) as closed:
        ws.recv(timeout=10)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4404
    group = create_group(api)
    with (
        group_stream(live_server, group["id"], "?detail=full") as ws,
        pytest.raises(ConnectionClosed) as closed,
    ):
        ws.recv(timeout=10)
    assert closed.value.rcvd is not None and "detail" in closed.value.rcvd.reason
    with group_stream(live_server, group["id"]) as ws:
        receive(ws)
        ws.send(json.dumps({"action": "step"}))  # single steps go through REST
        error = receive(ws)
        assert error["type"] == "error" and error["field"] == "action", error
        ws.send(json.dumps({"action": "play", "rate": -1}))
        error = receive(ws)
        assert error["type"] == "error" and error["field"] == "rate", error
        ws.send(json.dumps({"action": "ping"}))
        assert receive(ws)["type"] == "pong"
