"""GET /api/sessions/{id}/landscape: the numbers checked against the step API's own events."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient

from app.web.protocol import LandscapeOut

from .helpers import create, step

SMALL = {"n_train": 40, "n_test": 20, "batch_size": 8, "sizes": [2, 4, 3, 2], "eta": 2.0}


def landscape(client: TestClient, sid: str, **query: Any) -> dict[str, Any]:
    response = client.get(f"/api/sessions/{sid}/landscape", params=query)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    LandscapeOut.model_validate(body)
    return body


def value(params: dict[str, Any], p: dict[str, Any]) -> float:
    if p["kind"] == "b":
        return float(params["biases"][p["layer"]][p["j"]])
    return float(params["weights"][p["layer"]][p["j"]][p["k"]])


def test_the_grid_is_centred_on_the_batch_and_its_middle_is_the_batch_cost(
    client: TestClient,
) -> None:
    sid = create(client, SMALL)
    body = landscape(client, sid, w1="1,2,3", w2="0,1", resolution=21)
    assert body["w1"] == {"kind": "w", "layer": 1, "j": 2, "k": 3, "auto": False}
    assert body["w2"] == {"kind": "b", "layer": 0, "j": 1, "k": None, "auto": False}
    assert (body["epoch"], body["batch"], body["m"], body["finished"]) == (0, 0, 8, False)
    assert len(body["xs"]) == len(body["ys"]) == 21 == body["resolution"]
    assert np.shape(body["cost"]) == (21, 21)
    network = client.get(f"/api/sessions/{sid}/network").json()
    assert body["at"] == [value(network, body["w1"]), value(network, body["w2"])]
    assert body["xs"][10] == pytest.approx(body["at"][0], abs=1e-12)
    assert body["ys"][10] == pytest.approx(body["at"][1], abs=1e-12)
    events = step(client, sid, unit="batch")
    update = events[-1]
    assert [e["sample"] for e in events[:-1]] == body["rows"]
    assert abs(body["cost"][10][10] - update["cost"]) < 1e-12
    assert abs(body["start_cost"] - update["cost"]) < 1e-12


@pytest.mark.parametrize("lmbda", [0.0, 4.0])
def test_the_chain_of_steps_ends_at_the_update(client: TestClient, lmbda: float) -> None:
    sid = create(client, SMALL, lmbda=lmbda)
    step(client, sid, unit="example", count=3)
    body = landscape(client, sid, w1="0,3,1", w2="2,1,2")
    events = step(client, sid, unit="batch")
    update = events[-1]
    assert update["type"] == "update"
    after = [value(update, body["w1"]), value(update, body["w2"])]
    chain = np.asarray(body["at"]) + np.sum(body["steps"], axis=0) + body["decay"]
    np.testing.assert_allclose(chain, after, rtol=0, atol=1e-12)
    np.testing.assert_allclose(body["end"], after, rtol=0, atol=1e-12)
    # the steps are the events' own: −(η/m)·delta_nabla_w
    ex = [e for e in events if e["type"] == "example"]
    assert len(ex) == 5
    for e, s in zip(ex, body["steps"][3:], strict=True):
        grad = [e["delta_nabla_w"][0][3][1], e["delta_nabla_w"][2][1][2]]
        np.testing.assert_allclose(s, -2.0 / 8 * np.asarray(grad), rtol=1e-12, atol=1e-15)
    # the finished batch is still there, as "last"; "current" is the next one, from here
    last = landscape(client, sid, w1="0,3,1", w2="2,1,2", batch="last")
    assert last["finished"] and last["batch"] == 0
    np.testing.assert_allclose(last["end"], after, rtol=0, atol=1e-12)
    following = landscape(client, sid, w1="0,3,1", w2="2,1,2")
    assert following["batch"] == 1 and following["at"] == after


def test_per_example_path_is_the_weights_after_each_step(client: TestClient) -> None:
    sid = create(client, SMALL, update="per_example", lmbda=1.0)
    body = landscape(client, sid, w1="1,0,2", w2="2,1")
    assert body["mode"] == "per_example" and len(body["path"]) == 8
    events = [e for e in step(client, sid, unit="batch") if e["type"] == "example"]
    for point, e in zip(body["path"], events, strict=True):
        truth = [value(e, body["w1"]), value(e, body["w2"])]
        np.testing.assert_allclose(point, truth, rtol=0, atol=1e-12)
    batch_mode = landscape(client, create(client, SMALL), w1="1,0,2", w2="2,1")
    assert batch_mode["path"] is None


def test_without_weights_named_it_picks_the_largest_gradients(client: TestClient) -> None:
    sid = create(client, SMALL)
    body = landscape(client, sid)
    assert body["w1"]["auto"] and body["w2"]["auto"]
    events = step(client, sid, unit="batch")
    nabla = events[-1]["nabla_w"]
    flat = sorted(
        (abs(v), (l, j, k))
        for l, w in enumerate(nabla)
        for j, row in enumerate(w)
        for k, v in enumerate(row)
    )
    picked = [(p["layer"], p["j"], p["k"]) for p in (body["w1"], body["w2"])]
    assert picked == [flat[-1][1], flat[-2][1]]
    # one named, the other the largest that is not it
    one = landscape(client, create(client, SMALL), w2=",".join(map(str, flat[-1][1])))
    assert (one["w1"]["layer"], one["w1"]["j"], one["w1"]["k"]) == flat[-2][1]
    assert one["w1"]["auto"] and not one["w2"]["auto"]


def test_the_range_holds_the_steps_or_is_the_span_asked(client: TestClient) -> None:
    sid = create(client, SMALL)
    body = landscape(client, sid, w1="0,0,0", w2="0,1,1")
    for axis, i in (("xs", 0), ("ys", 1)):
        points = np.asarray(body["at"][i]) + np.cumsum(np.asarray(body["steps"])[:, i])
        assert body[axis][0] < points.min() and points.max() < body[axis][-1]
    wide = landscape(client, sid, w1="0,0,0", w2="0,1,1", span=2.5, resolution=5)
    assert wide["xs"][0] == pytest.approx(wide["at"][0] - 2.5)
    assert wide["ys"][-1] == pytest.approx(wide["at"][1] + 2.5)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"w1": "3,0,0"}, "w1"),
        ({"w1": "0,4,0"}, "w1"),
        ({"w2": "0,0,2"}, "w2"),
        ({"w2": "1,3"}, "w2"),
        ({"w1": "a,b"}, "w1"),
        ({"w1": "0,0,0,0"}, "w1"),
        ({"w1": "0,1,1", "w2": "0,1,1"}, "w2"),
        ({"resolution": 4}, "resolution"),
        ({"resolution": 82}, "resolution"),
        ({"span": 0}, "span"),
        ({"batch": "next"}, "batch"),
    ],
)
def test_bad_queries_are_422_naming_the_parameter(
    client: TestClient, query: dict[str, Any], field: str
) -> None:
    sid = create(client, SMALL)
    response = client.get(f"/api/sessions/{sid}/landscape", params=query)
    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["loc"] == ["query", field]


def test_no_last_batch_before_the_first_update_and_404_for_no_session(client: TestClient) -> None:
    sid = create(client, SMALL)
    assert client.get(f"/api/sessions/{sid}/landscape?batch=last").status_code == 409
    assert client.get("/api/sessions/nope/landscape").status_code == 404


def test_a_big_batch_gets_a_coarser_grid(client: TestClient) -> None:
    sid = create(client, SMALL, dataset="digits", sizes=[64, 30, 10], batch_size=500, n_train=1000)
    body = landscape(client, sid, w1="0,0,10", resolution=81)
    assert 5 <= body["resolution"] < 81
    assert np.shape(body["cost"]) == (body["resolution"], body["resolution"])
