"""Play's stop conditions: after N epochs, at a low training cost, at a high test accuracy."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from .helpers import create, receive, until

CONFIG = {"n_train": 60, "n_test": 40, "batch_size": 10, "sizes": [2, 6, 2], "seed": 3}


def epochs_by_rest(client: TestClient, count: int) -> list[dict[str, Any]]:
    """The epoch events of the same run stepped over REST: the oracle for play."""
    sid = create(client, **CONFIG)
    body = {"unit": "epoch", "count": count, "detail": "none"}
    events = client.post(f"/api/sessions/{sid}/step", json=body).json()["events"]
    return [e for e in events if e["type"] == "epoch"]


def play_until_stopped(client: TestClient, **play: Any) -> tuple[list[dict[str, Any]], Any]:
    """Play with ``play``'s fields; the messages up to ``stopped`` and the state after it."""
    sid = create(client, **CONFIG)
    with client.websocket_connect(f"/api/sessions/{sid}/stream?detail=none") as ws:
        receive(ws)
        ws.send_json({"action": "play", "rate": None, **play})
        messages = until(ws, "stopped")
        state = until(ws, "state", playing=False)[-1]
    return messages, state


@pytest.mark.parametrize("unit", ["example", "batch", "epoch"])
def test_play_stops_after_n_epochs(client: TestClient, unit: str) -> None:
    messages, state = play_until_stopped(client, unit=unit, stop_epochs=3)
    stopped = messages[-1]
    assert stopped["reason"] == "epochs" and stopped["epoch"] == 2
    assert stopped["message"] == "Stopped at the end of epoch 3: 3 epochs played."
    assert len([m for m in messages if m["type"] == "epoch"]) == 3
    # not one example past the epoch's end
    assert (state["state"]["epoch"], state["state"]["batch"], state["state"]["index"]) == (3, 0, 0)


def test_play_stops_when_the_training_cost_falls_below(client: TestClient) -> None:
    oracle = epochs_by_rest(client, 8)
    costs = [e["train_cost"] for e in oracle]
    below = costs[4] * (1 + 1e-9)
    first = next(i for i, c in enumerate(costs) if c < below)
    messages, state = play_until_stopped(client, unit="batch", stop_cost=below)
    assert messages[-1]["reason"] == "cost" and messages[-1]["epoch"] == first
    assert f"{costs[first]:.4g}" in messages[-1]["message"]
    assert state["state"]["epoch"] == first + 1 and state["state"]["index"] == 0


def test_play_stops_when_the_test_accuracy_reaches(client: TestClient) -> None:
    oracle = epochs_by_rest(client, 8)
    best = max(e["test_accuracy"] for e in oracle)
    first = next(i for i, e in enumerate(oracle) if e["test_accuracy"] >= best)
    messages, state = play_until_stopped(client, unit="epoch", stop_accuracy=best)
    assert messages[-1]["reason"] == "accuracy" and messages[-1]["epoch"] == first
    assert state["state"]["metrics"]["test_accuracy"] == best


def test_the_first_condition_met_wins(client: TestClient) -> None:
    messages, _ = play_until_stopped(client, unit="epoch", stop_epochs=2, stop_accuracy=1e-9)
    assert messages[-1]["reason"] == "accuracy" and messages[-1]["epoch"] == 0


@pytest.mark.parametrize(
    ("field", "value"),
    [("stop_epochs", 0), ("stop_cost", -1), ("stop_accuracy", 1.5), ("stop_epochs", "2")],
)
def test_bad_stop_conditions_name_their_field(client: TestClient, field: str, value: Any) -> None:
    sid = create(client, **CONFIG)
    with client.websocket_connect(f"/api/sessions/{sid}/stream") as ws:
        receive(ws)
        ws.send_json({"action": "play", field: value})
        error = receive(ws)
        assert error["type"] == "error" and error["field"] == field
        ws.send_json({"action": "ping"})
        assert receive(ws) == {"type": "pong"}
