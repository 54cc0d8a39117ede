"""A heavy group step's answer is streamed member by member: the same bytes, never built whole.

Its bytes equal those of the whole answer put together from :func:`app.web.steps.run_step`
on a twin group's members (the leader of a ``batch`` step first, the others as many examples
as it took); a client that leaves mid-answer frees the budget, and every member still steps.
"""

import json
import threading
import time
from typing import Any

import httpx
import orjson
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.sessions.chunks import position
from app.sessions.config import ConfigError
from app.web import streamed
from app.web.frames import encode_json, state_payload
from app.web.steps import run_step

from .helpers import SMALL, UNTIMED
from .live import LIVE

LEADER_SECOND = [{"batch_size": 4}, {"batch_size": 10, "update": "per_example"}]
DIVERGES = [{}, {"eta": 1e6, "update": "per_example"}]  # with lmbda 0.01: see test_groups


def timeless(answer: bytes) -> bytes:
    """``answer`` without each epoch's wall-clock ``seconds`` (which differ between twins)."""
    return UNTIMED.sub(b"", answer)


def group(client: TestClient | httpx.Client, **body: Any) -> dict[str, Any]:
    response = client.post("/api/groups", json={**SMALL, "seed": 5, **body})
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def whole(client: TestClient, twin: dict[str, Any], ids: list[str], request: Any) -> bytes:
    """The answer built whole, as the twin group's members step, under the group's ``ids``."""
    store = client.app.state.store  # type: ignore[attr-defined]
    members = [store.get(s["id"]) for s in twin["sessions"]]
    ready = [s for s in members if s.trainer.status == "ready"]
    unit, count, detail = request["unit"], request["count"], request["detail"]
    answers: dict[int, bytes] = {}
    if unit == "batch":
        leader = max(ready, key=lambda s: s.state().batch_size)
        before = position(leader.trainer)
        answers[id(leader)] = run_step(leader, "batch", count, set(), detail)[1] or b""
        done = position(leader.trainer) - before
        for s in ready:
            if s is not leader:
                answers[id(s)] = run_step(s, "example", done, set(), detail)[1] or b""
    else:
        for s in ready:
            answers[id(s)] = run_step(s, unit, count, set(), detail)[1] or b""
    parts = [
        b'{"id":'
        + orjson.dumps(sid)
        + b","
        + answers.get(id(s), encode_json({"events": [], "state": state_payload(s.state())}))[1:]
        for sid, s in zip(ids or [""] * len(members), members, strict=True)
    ]
    return b'{"id":' + orjson.dumps(twin["id"]) + b',"members":[' + b",".join(parts) + b"]}"


@pytest.mark.parametrize(
    ("request_", "variants", "socket_open"),
    [
        ({"unit": "epoch", "count": 2, "detail": "full"}, None, False),
        ({"unit": "batch", "count": 3, "detail": "full"}, LEADER_SECOND, True),
        ({"unit": "example", "count": 2500, "detail": "summary"}, None, False),
    ],
)
def test_streamed_group_answer_is_the_whole_answer(
    client: TestClient, request_: Any, variants: Any, socket_open: bool
) -> None:
    extra = {} if variants is None else {"variants": variants}
    mine, twin = group(client, **extra), group(client, **extra)
    ids = [s["id"] for s in mine["sessions"]]
    url = f"/api/groups/{mine['id']}/step"
    if socket_open:
        with client.websocket_connect(f"/api/sessions/{ids[1]}/stream") as ws:
            ws.receive_json()  # the greeting: the socket is subscribed
            response = client.post(url, json=request_)
    else:
        response = client.post(url, json=request_)
    assert response.status_code == 200, response.text
    assert "content-length" not in response.headers  # streamed
    expected = whole(client, twin, ids, request_).replace(twin["id"].encode(), mine["id"].encode())
    assert timeless(response.content) == timeless(expected)
    assert all(m["state"]["seq"] > 0 for m in json.loads(response.content)["members"])


def test_a_member_that_diverged_answers_its_state_alone(client: TestClient) -> None:
    mine = group(client, lmbda=0.01, variants=DIVERGES)
    url = f"/api/groups/{mine['id']}/step"
    assert client.post(url, json={"unit": "epoch", "count": 3, "detail": "none"}).is_success
    response = client.post(url, json={"unit": "epoch", "count": 1, "detail": "full"})
    assert response.status_code == 200 and "content-length" not in response.headers
    twin = group(client, lmbda=0.01, variants=DIVERGES)
    whole(client, twin, [], {"unit": "epoch", "count": 3, "detail": "none"})
    ids = [s["id"] for s in mine["sessions"]]
    expected = whole(client, twin, ids, {"unit": "epoch", "count": 1, "detail": "full"})
    expected = expected.replace(twin["id"].encode(), mine["id"].encode())
    assert timeless(response.content) == timeless(expected)
    first, second = json.loads(response.content)["members"]
    assert first["state"]["epoch"] == 4 and first["events"]
    assert second["events"] == [] and second["state"]["status"] == "diverged"


def test_a_client_that_leaves_mid_answer_frees_the_budget_and_every_member_steps(
    live_server: str, live_app: FastAPI, gate: threading.Event
) -> None:
    count = 5000  # three chunks each: the first member's first is sent, its second waits
    budget = live_app.state.budget
    with httpx.Client(base_url=live_server, timeout=60) as api:
        mine = group(api, **{**LIVE, "n_train": 400, "batch_size": 10})
        body = {"unit": "example", "count": count, "detail": "full"}
        with api.stream("POST", f"/api/groups/{mine['id']}/step", json=body) as answer:
            assert answer.status_code == 200
            chunks = answer.iter_bytes()  # held: a discarded iterator closes the connection
            received = next(chunks)
            assert received.startswith(b'{"id":')
            assert budget.running == 1  # admitted while the answer is under way
        # the client left with most of the answer unread
    gate.set()
    sessions = [live_app.state.store.get(s["id"]) for s in mine["sessions"]]
    deadline = time.monotonic() + 60
    while any(position(s.trainer) < count for s in sessions) or budget.running or budget.used:
        assert time.monotonic() < deadline, "a member never stepped, or the budget was kept"
        time.sleep(0.05)


def test_a_first_member_refused_is_an_error_and_no_member_steps(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A step refused as it starts (here: the first member's, made to fail) is an error
    answer, not a cut stream, and the members after it do not step: they stay in lock step."""
    real, calls = streamed.first_chunk, []

    def refused_once(*args: Any, **kwargs: Any) -> Any:
        calls.append(args[0])
        if len(calls) == 1:
            raise ConfigError("count", "count: refused for the test")
        return real(*args, **kwargs)

    monkeypatch.setattr(streamed, "first_chunk", refused_once)
    mine = group(client)
    body = {"unit": "epoch", "count": 1, "detail": "full"}
    response = client.post(f"/api/groups/{mine['id']}/step", json=body)
    assert response.status_code == 422 and "refused for the test" in response.text
    assert len(calls) == 1  # the second member was never started
    sessions = client.get(f"/api/groups/{mine['id']}").json()["sessions"]
    assert [s["state"]["seq"] for s in sessions] == [0, 0]
