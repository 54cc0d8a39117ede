"""Saved runs: export a session, import it, and the copy goes on exactly as the original."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import numpy as np
import orjson
import pytest
from fastapi.testclient import TestClient
from pydantic import TypeAdapter

from app.sessions.persist import SessionDB
from app.sessions.session import Session
from app.settings import Settings
from app.web.protocol import Float

from .helpers import JSON, RUN, UNKEPT, UNTIMED, assert_names, create, export, import_, receive


def step(client: TestClient, sid: str, unit: str, count: int) -> bytes:
    """The step's answer, byte for byte, but for each epoch's training time (the clock's)."""
    response = client.post(f"/api/sessions/{sid}/step", json={"unit": unit, "count": count})
    assert response.status_code == 200, response.text
    return UNKEPT.sub(b"", UNTIMED.sub(b"", response.content))


@pytest.mark.parametrize("update", ["batch", "per_example"])
@pytest.mark.parametrize("where", [("batch", 5), ("example", 3), ("example", 13)])
def test_an_imported_run_makes_the_same_events(
    client: TestClient, update: str, where: tuple[str, int]
) -> None:
    """Mid-epoch, mid-mini-batch (running sums under way), across an epoch: every byte equal."""
    sid = create(client, RUN, update=update, lmbda=2.0, batch_size=4, eta=2.0)
    step(client, sid, "batch", 2)
    step(client, sid, *where)
    saved = export(client, sid)
    copy = import_(client, saved)
    assert copy != sid
    original, restored = client.get(f"/api/sessions/{sid}"), client.get(f"/api/sessions/{copy}")
    theirs = restored.json()["state"]
    assert theirs.pop("has_last_batch") is False  # an opened run keeps no finished mini-batch
    assert {**original.json()["state"], "has_last_batch": False} == {
        **theirs,
        "has_last_batch": False,
    }
    assert original.json()["config"] == restored.json()["config"]
    assert export(client, copy) == saved  # and its own export is the same, byte for byte
    for unit, count in [("example", 2), ("batch", 1), ("example", 5), ("epoch", 1)]:
        assert step(client, sid, unit, count) == step(client, copy, unit, count)
    for path in ("network", "history"):
        a = client.get(f"/api/sessions/{sid}/{path}").content
        assert a == client.get(f"/api/sessions/{copy}/{path}").content


def test_edits_and_confusion_tables_travel_with_the_run(client: TestClient) -> None:
    """A weight set by hand and an epoch's confusion matrix: in the file, and the same after."""
    sid = create(client, RUN, batch_size=4)
    step(client, sid, "epoch", 1)
    edit = {"layer": 1, "kind": "weight", "row": 2, "col": 0, "value": 1.5}
    assert client.post(f"/api/sessions/{sid}/edit", json=edit).status_code == 200
    step(client, sid, "example", 2)
    saved = export(client, sid)
    history = json.loads(saved)["history"]
    assert history["edits"][0]["new"] == 1.5 and history["epochs"][0]["confusion"]
    copy = import_(client, saved)
    for path in ("network", "history"):
        a = client.get(f"/api/sessions/{sid}/{path}").content
        assert a == client.get(f"/api/sessions/{copy}/{path}").content
    assert step(client, sid, "epoch", 1) == step(client, copy, "epoch", 1)


def test_the_snapshot_says_what_it_is(client: TestClient) -> None:
    sid = create(client, RUN, batch_size=4)
    step(client, sid, "example", 6)
    run = json.loads(export(client, sid))
    assert (run["format"], run["version"]) == ("nabla-run", 1)
    assert run["cursor"] == {"epoch": 0, "batch": 1, "index": 2, "pos": 4}
    assert run["rng"]["seed"] == [0, 0]
    assert run["batch"]["m"] == 4
    assert [u["seq"] for u in run["history"]["updates"]] == [5]
    network = client.get(f"/api/sessions/{sid}/network").json()
    assert run["network"]["weights"] == network["weights"]


def test_json_floats_round_trip_exactly() -> None:
    """orjson writes, pydantic's parser reads: every float64 comes back with the same bits."""
    rng = np.random.default_rng(1)
    values = np.concatenate(
        [rng.standard_normal(5000) * 10.0 ** rng.integers(-300, 300, 5000), [5e-324, 1e308, -0.0]]
    )
    back = np.array(TypeAdapter(list[Float]).validate_json(orjson.dumps(values.tolist())))
    assert back.tobytes() == values.tobytes()


@pytest.fixture
def saved(client: TestClient) -> dict[str, Any]:
    sid = create(client, RUN, update="per_example", batch_size=4)
    step(client, sid, "example", 6)
    run: dict[str, Any] = json.loads(export(client, sid))
    return run


def spoil(run: dict[str, Any], path: str, value: Any) -> bytes:
    *parents, last = path.split(".")
    node = run
    for key in parents:
        node = node[int(key)] if isinstance(node, list) else node[key]
    node[int(last) if isinstance(node, list) else last] = value
    return json.dumps(run).encode()


@pytest.mark.parametrize(
    ("path", "value", "field"),
    [
        ("version", 2, "version"),
        ("format", "other", "format"),
        ("cursor.pos", 23, "cursor.pos"),
        ("cursor.pos", -1, "cursor.pos"),
        ("cursor.index", 4, "cursor.index"),
        ("cursor.epoch", 1, "rng.seed"),
        ("network.weights.1", [[0.0] * 5] * 2, "network.weights[1]"),
        ("network.biases.0", [0.0] * 4, "network.biases[0]"),
        ("network.weights.0.0.0", 0.123, "network.weights"),  # not where the replay lands
        ("batch.sum_k", 3, "batch.sum_k"),
        ("batch.m", 0, "batch.m"),
        ("config.sizes", [2, 900, 900, 900, 2], "config.sizes"),  # over max_weights
        ("config.sizes", [2, 6, 3, 2], "network.weights[0]"),
        ("config.dataset", "nope", "config.dataset"),
        ("config.extra", 1, "config.extra"),
        ("status", "done", "status"),
        ("history.notes", [], "history.notes"),
        ("history.edits", [{"seq": 1, "kind": "bias"}], "history.edits"),
        ("history.epochs", [{"confusion": [[1, 2]]}], "history.epochs"),
        ("history.updates.0.cost", "x", "history.updates"),
        ("seq", -5, "seq"),
    ],
)
def test_bad_snapshots_are_422_naming_the_field(
    client: TestClient, saved: dict[str, Any], path: str, value: Any, field: str
) -> None:
    response = client.post("/api/sessions/import", content=spoil(saved, path, value), headers=JSON)
    assert_names(response, field)


def test_non_finite_numbers_and_broken_json_are_refused(
    client: TestClient, saved: dict[str, Any]
) -> None:
    text = json.dumps(saved)
    nan = text.replace(str(saved["network"]["biases"][0][0]), "NaN", 1)
    assert "NaN" in nan
    assert_names(client.post("/api/sessions/import", content=nan, headers=JSON), "network")
    assert_names(client.post("/api/sessions/import", content=text[:-9], headers=JSON), "body")
    assert_names(client.post("/api/sessions/import", content=b"[]", headers=JSON), "body")


@pytest.mark.parametrize("app_settings", [Settings(max_import_bytes=2000)])
def test_a_run_larger_than_the_limit_is_refused_unread(
    client: TestClient, app_settings: Settings, saved: dict[str, Any]
) -> None:
    body = json.dumps(saved).encode()
    assert len(body) > 2000
    assert_names(client.post("/api/sessions/import", content=body, headers=JSON), "body")


def test_a_diverged_run_stays_diverged(client: TestClient) -> None:
    sid = create(client, RUN, eta=1e6, lmbda=1e6)  # the weights overflow within a few updates
    step(client, sid, "epoch", 6)
    assert client.get(f"/api/sessions/{sid}").json()["state"]["status"] == "diverged"
    copy = import_(client, export(client, sid))
    state = client.get(f"/api/sessions/{copy}").json()["state"]
    assert state["status"] == "diverged" and state["message"]
    assert client.post(f"/api/sessions/{copy}/step", json={}).status_code == 409


def test_saves_run_in_worker_threads_never_on_the_event_loop(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """REST steps, socket steps and play all save in the thread that stepped."""
    on_loop: list[bool] = []
    save = SessionDB.save

    def watched(self: SessionDB, session: Session) -> bool:
        try:
            asyncio.get_running_loop()
            on_loop.append(True)
        except RuntimeError:  # no loop runs in this thread: a worker
            on_loop.append(False)
        return save(self, session)

    monkeypatch.setattr(SessionDB, "save", watched)
    sid = create(client, RUN, batch_size=4)
    step(client, sid, "batch", 2)
    with client.websocket_connect(f"/api/sessions/{sid}/stream?detail=summary") as ws:
        receive(ws)
        ws.send_json({"action": "step", "unit": "batch", "count": 3})
        ws.send_json({"action": "play", "unit": "batch", "rate": None})
        while receive(ws).get("type") != "epoch":
            pass
        ws.send_json({"action": "pause"})
    assert len(on_loop) >= 4 and not any(on_loop)


def test_a_run_exported_before_the_history_was_columnar_imports_the_same(
    client: TestClient,
) -> None:
    """data/run-v1.json was exported by main at bbfa396 (records kept one object each).

    Mid-mini-batch, after an epoch and an edit by hand: it imports, its history
    reads back as it was, and its export is the same file, byte for byte.
    """
    saved = (Path(__file__).parent / "data" / "run-v1.json").read_bytes()
    copy = import_(client, saved)
    history = client.get(f"/api/sessions/{copy}/history").json()
    kept = json.loads(saved)["history"]
    assert history["updates"] == kept["updates"] and len(history["updates"]) == 12
    assert [{k: e[k] for k in kept["epochs"][0]} for e in history["epochs"]] == kept["epochs"]
    assert export(client, copy) == saved
    assert client.post(f"/api/sessions/{copy}/step", json={"unit": "epoch", "count": 1}).is_success
