"""PATCH /api/sessions/{id}/settings and the socket's ``set``: η, m and λ changed during a run,
from its next mini-batch on; kept in the history and in an exported run, which goes on the same."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.settings import Settings
from app.web.app import create_app

from .helpers import assert_names, create, export, import_, receive, step, until, untimed


def patch(client: TestClient, sid: str, **body: Any) -> Any:
    response = client.patch(f"/api/sessions/{sid}/settings", json=body)
    assert response.status_code == 200, response.text
    return response.json()


def test_a_change_mid_batch_takes_the_next_mini_batch_in_the_same_run(client: TestClient) -> None:
    sid = create(client, eta=3.0, lmbda=0.0)
    step(client, sid, unit="example", count=3)
    answer = patch(client, sid, eta=0.5, lmbda=2.0)
    assert answer["change"] == {
        "type": "change",
        "seq": 3,
        "epoch": 0,
        "batch": 1,
        "update": 1,
        "eta": 0.5,
        "batch_size": 10,
        "lmbda": 2.0,
    }
    assert (answer["config"]["eta"], answer["config"]["lmbda"]) == (0.5, 2.0)
    assert answer["state"]["seq"] == 3  # the same run, where it was
    this = step(client, sid, unit="batch")[-1]
    after = step(client, sid, unit="batch")[-1]
    assert (this["eta"], this["lmbda"], after["eta"], after["lmbda"]) == (3.0, 0.0, 0.5, 2.0)
    assert patch(client, sid, eta=0.5)["change"] is None  # nothing changed: nothing kept
    history = client.get(f"/api/sessions/{sid}/history").json()
    assert history["changes"] == [answer["change"]]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"eta": -1}, "eta"),
        ({"eta": "fast"}, "eta"),
        ({"batch_size": 0}, "batch_size"),
        ({"batch_size": 41}, "batch_size"),  # more than n_train = 40
        ({"lmbda": -0.5}, "lmbda"),
        ({"sizes": [2, 3, 2]}, "sizes"),  # not a live setting: a new run's
    ],
)
def test_a_refused_value_is_a_422_naming_its_field(
    client: TestClient, body: dict[str, Any], field: str
) -> None:
    sid = create(client)
    assert_names(client.patch(f"/api/sessions/{sid}/settings", json=body), field)
    assert client.get(f"/api/sessions/{sid}/history").json()["changes"] == []


def test_an_export_keeps_the_changes_and_the_import_goes_on_the_same(client: TestClient) -> None:
    sid = create(client, lmbda=1.0)
    step(client, sid, unit="batch", count=2)
    patch(client, sid, batch_size=7)
    step(client, sid, unit="example", count=4)
    patch(client, sid, lmbda=3.0, eta=1.5)  # mid-batch: this one keeps λ = 1
    saved = export(client, sid)
    run = json.loads(saved)
    assert [c["update"] for c in run["history"]["changes"]] == [2, 3]
    assert run["batch"]["lmbda"] == 1.0 and run["config"]["lmbda"] == 3.0
    copy = import_(client, saved)
    assert export(client, copy) == saved
    ours, theirs = (step(client, s, unit="epoch", count=2) for s in (sid, copy))
    assert untimed(theirs) == untimed(ours)
    assert ours[-1]["type"] == "epoch"


def test_an_export_without_a_change_has_no_changes(client: TestClient) -> None:
    sid = create(client)
    step(client, sid, unit="example", count=3)
    run = json.loads(export(client, sid))
    assert "changes" not in run["history"] and "lmbda" not in run["batch"]


def test_a_change_is_told_to_every_socket(client: TestClient) -> None:
    sid = create(client)
    url = f"/api/sessions/{sid}/stream"
    with client.websocket_connect(url) as a, client.websocket_connect(url) as b:
        for ws in (a, b):
            receive(ws)
        a.send_json({"action": "set", "lmbda": 0.25})
        for ws in (a, b):
            change, state = until(ws, "state")[-2:]
            assert change["type"] == "change" and change["lmbda"] == 0.25
            assert state["config"]["lmbda"] == 0.25
        patch(client, sid, batch_size=5)
        for ws in (a, b):
            change, state = until(ws, "state")[-2:]
            assert (change["batch_size"], state["state"]["batch_size"]) == (5, 5)
        a.send_json({"action": "set", "lmbda": -1})
        error = until(a, "error")[-1]
        assert error["field"] == "lmbda"


def test_the_store_keeps_the_changes_over_a_restart(tmp_path: Path) -> None:
    settings = Settings(db=str(tmp_path / "runs.sqlite3"))
    with TestClient(create_app(settings)) as client:
        sid = create(client)
        step(client, sid, unit="batch")
        patch(client, sid, eta=0.5)
        patch(client, sid, eta=0.25, lmbda=1.0)  # before the mini-batch starts: replaces it
        step(client, sid, unit="batch", count=2)
        patch(client, sid, batch_size=4)
        step(client, sid, unit="batch")
        before = client.get(f"/api/sessions/{sid}/history").json()["changes"]
    assert [(c["update"], c["eta"], c["batch_size"]) for c in before] == [
        (1, 0.25, 10),
        (3, 0.25, 4),
    ]
    with TestClient(create_app(settings)) as client:
        assert client.get(f"/api/sessions/{sid}/history").json()["changes"] == before
