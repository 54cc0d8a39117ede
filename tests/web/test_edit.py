"""Editing a weight or a bias over REST and the WebSocket: the event, the history, the gradient."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient

from app.core.network import Network

from .helpers import create, receive, until

URL = "/api/sessions/{}/edit"


def edit(client: TestClient, sid: str, **body: Any) -> Any:
    return client.post(URL.format(sid), json=body)


def parameters(client: TestClient, sid: str) -> tuple[list[np.ndarray], list[np.ndarray]]:
    net = client.get(f"/api/sessions/{sid}/network").json()
    return [np.array(w) for w in net["weights"]], [np.array(b) for b in net["biases"]]


def test_an_edit_is_an_event_and_the_next_gradient_is_taken_there(client: TestClient) -> None:
    sid = create(client, sizes=[2, 3, 2])
    client.post(f"/api/sessions/{sid}/step", json={"unit": "batch"})
    old = parameters(client, sid)[0][0][2, 1]
    response = edit(client, sid, layer=0, kind="weight", row=2, col=1, value=-4.5)
    assert response.status_code == 200, response.text
    event, state = response.json()["event"], response.json()["state"]
    assert event == {
        "type": "edit", "seq": 12, "epoch": 0, "batch": 1, "index": 0,
        "layer": 0, "kind": "weight", "row": 2, "col": 1, "old": old, "new": -4.5,
    }  # fmt: skip
    assert state["seq"] == 12 and state["updates"] == 1
    weights, biases = parameters(client, sid)
    assert weights[0][2, 1] == -4.5
    oracle = Network([2, 3, 2])
    oracle.weights, oracle.biases = weights, biases
    step = client.post(f"/api/sessions/{sid}/step", json={"unit": "example"}).json()
    (example,) = step["events"]
    assert example["seq"] == 13
    x, y = np.array(example["x"]), np.array(example["y"])
    nabla_b, nabla_w = oracle.backprop(x, y)
    for got, want in zip(example["delta_nabla_w"], nabla_w, strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-15)
    for got, want in zip(example["delta_nabla_b"], nabla_b, strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-15)
    history = client.get(f"/api/sessions/{sid}/history").json()
    assert history["edits"] == [event]


def test_a_bias_edit(client: TestClient) -> None:
    sid = create(client, sizes=[2, 3, 2])
    event = edit(client, sid, layer=1, kind="bias", row=0, value=0.25).json()["event"]
    assert (event["kind"], event["col"], event["new"]) == ("bias", None, 0.25)
    assert parameters(client, sid)[1][1][0] == 0.25


def test_no_edit_in_the_middle_of_a_mini_batch_is_a_409(client: TestClient) -> None:
    sid = create(client, sizes=[2, 3, 2])
    client.post(f"/api/sessions/{sid}/step", json={"unit": "example", "count": 3})
    response = edit(client, sid, layer=0, kind="weight", row=0, col=0, value=1.0)
    assert response.status_code == 409
    assert "example 3 of 10 done" in response.json()["detail"]
    assert client.get(f"/api/sessions/{sid}").json()["state"]["seq"] == 3


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"layer": 2, "kind": "weight", "row": 0, "col": 0, "value": 1.0}, "layer"),
        ({"layer": 0, "kind": "weight", "row": 3, "col": 0, "value": 1.0}, "row"),
        ({"layer": 0, "kind": "weight", "row": 0, "col": 2, "value": 1.0}, "col"),
        ({"layer": 0, "kind": "weight", "row": 0, "value": 1.0}, "col"),
        ({"layer": 0, "kind": "bias", "row": 0, "col": 0, "value": 1.0}, "col"),
        ({"layer": 0, "kind": "gain", "row": 0, "col": 0, "value": 1.0}, "kind"),
        ({"layer": 0, "kind": "bias", "row": 0, "value": 1e9}, "value"),
        ({"layer": 0, "kind": "bias", "row": 0, "value": "1"}, "value"),
        ({"layer": 0, "kind": "bias", "row": -1, "value": 1.0}, "row"),
        ({"layer": 0, "kind": "bias", "row": 0}, "value"),
        ({"layer": 0, "kind": "bias", "row": 0, "value": 1.0, "extra": 1}, "extra"),
    ],
)
def test_bad_edits_are_a_422_naming_the_field(
    client: TestClient, body: dict[str, Any], field: str
) -> None:
    sid = create(client, sizes=[2, 3, 2])
    response = edit(client, sid, **body)
    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["loc"][-1] == field


def test_a_nan_value_is_a_422(client: TestClient) -> None:
    sid = create(client, sizes=[2, 3, 2])
    body = '{"layer": 0, "kind": "bias", "row": 0, "value": NaN}'
    response = client.post(
        URL.format(sid), content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 422


def test_an_edit_on_the_socket_reaches_every_socket(client: TestClient) -> None:
    sid = create(client, sizes=[2, 3, 2])
    url = f"/api/sessions/{sid}/stream"
    with (
        client.websocket_connect(url) as ws,
        client.websocket_connect(url + "?detail=none") as quiet,
    ):
        receive(ws), receive(quiet)
        ws.send_json(
            {"action": "edit", "layer": 1, "kind": "weight", "row": 1, "col": 2, "value": 3}
        )
        for socket in (ws, quiet):
            messages = until(socket, "state")
            edits = [m for m in messages if m["type"] == "edit"]
            assert len(edits) == 1 and edits[0]["new"] == 3.0 and edits[0]["seq"] == 1
            assert messages[-1]["state"]["seq"] == 1
        # mid-batch: an error naming the action, and the socket stays open
        ws.send_json({"action": "step", "unit": "example"})
        until(ws, "state")
        ws.send_json({"action": "edit", "layer": 1, "kind": "bias", "row": 0, "value": 1})
        error = until(ws, "error")[-1]
        assert error["field"] == "action" and "middle of a mini-batch" in error["message"]
        ws.send_json({"action": "edit", "layer": 5, "kind": "bias", "row": 0, "value": 1})
        assert until(ws, "error")[-1]["field"] == "layer"
    assert parameters(client, sid)[0][1][1, 2] == 3.0
