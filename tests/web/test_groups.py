"""The groups REST API (compare mode): members created together from the same start, stepped
in lock step by examples, reset and deleted together; errors name the field or the member."""

from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient

from app.settings import Settings
from app.web.protocol import GroupOut, GroupStepResponse

SMALL = {"n_train": 40, "n_test": 20, "batch_size": 10, "seed": 3}


def create_group(client: TestClient, **body: Any) -> dict[str, Any]:
    response = client.post("/api/groups", json=body)
    assert response.status_code == 201, response.text
    group: dict[str, Any] = response.json()
    GroupOut.model_validate(group)
    return group


def step(client: TestClient, gid: str, **request: Any) -> list[dict[str, Any]]:
    response = client.post(f"/api/groups/{gid}/step", json=request)
    assert response.status_code == 200, response.text
    body = response.json()
    GroupStepResponse.model_validate(body)
    assert body["id"] == gid
    members: list[dict[str, Any]] = body["members"]
    return members


def weights(client: TestClient, sid: str) -> list[Any]:
    return [np.array(w) for w in client.get(f"/api/sessions/{sid}/network").json()["weights"]]


def costs(member: dict[str, Any], kind: str) -> list[float]:
    return [e["cost"] for e in member["events"] if e["type"] == kind]


def test_create_gives_batch_and_per_example_from_the_same_start(client: TestClient) -> None:
    group = create_group(client, **SMALL)
    batch, per_example = group["sessions"]
    assert group["variants"] == [{"update": "batch"}, {"update": "per_example"}]
    assert batch["config"] == {**per_example["config"], "update": "batch"}
    assert per_example["config"]["update"] == "per_example"
    for a, b in zip(weights(client, batch["id"]), weights(client, per_example["id"]), strict=True):
        np.testing.assert_array_equal(a, b)
    # members are ordinary sessions: every session route works on them
    assert client.get(f"/api/sessions/{batch['id']}").json()["config"]["update"] == "batch"
    assert client.get(f"/api/groups/{group['id']}").json() == group


def test_one_example_moves_per_example_only_and_the_curves_split(client: TestClient) -> None:
    group = create_group(client, **SMALL)
    ids = [s["id"] for s in group["sessions"]]
    start = weights(client, ids[0])
    first = step(client, group["id"], unit="example")
    assert [m["id"] for m in first] == ids
    (eb,), (ep,) = (m["events"] for m in first)
    assert eb["sample"] == ep["sample"] and eb["cost"] == pytest.approx(ep["cost"], rel=1e-12)
    for w0, wb, wp in zip(start, weights(client, ids[0]), weights(client, ids[1]), strict=True):
        np.testing.assert_array_equal(wb, w0)  # batch: nothing moves before the update
        assert not np.allclose(wp, w0)  # per_example: moved after example 1
    assert [m["state"]["updates"] for m in first] == [0, 1]
    assert "weights" in ep and "weights" not in eb

    # the rest of the first mini-batch, then three more, at summary detail
    rest = step(client, group["id"], unit="batch", count=4, detail="summary")
    samples = [[e["sample"] for e in m["events"] if e["type"] == "example"] for m in rest]
    assert samples[0] == samples[1] and len(samples[0]) == 39
    example_costs = [costs(m, "example") for m in rest]
    assert example_costs[0] != example_costs[1]
    batch_costs, per_example_costs = (costs(m, "update") for m in rest)
    assert len(batch_costs) == len(per_example_costs) == 4
    assert [m["state"]["updates"] for m in rest] == [4, 40]
    # the first mini-batch's costs were taken at the same weights for its first example only,
    # so its mean differs a little; later mini-batches differ more
    assert abs(batch_costs[0] - per_example_costs[0]) < abs(batch_costs[3] - per_example_costs[3])
    assert rest[0]["events"][-1]["type"] == rest[1]["events"][-1]["type"] == "epoch"


def test_lock_step_is_by_examples_when_m_differs(client: TestClient) -> None:
    variants = [{"batch_size": 10}, {"batch_size": 1}, {"batch_size": 40, "eta": 1.5}]
    group = create_group(client, **SMALL, variants=variants)
    members = step(client, group["id"], unit="batch", detail="none")
    # the largest m sets the pace: one mini-batch of 40 is one epoch, so every member did one
    assert [m["state"]["epoch"] for m in members] == [1, 1, 1]
    assert [m["state"]["updates"] for m in members] == [4, 40, 1]
    members = step(client, group["id"], unit="example", count=3, detail="summary")
    assert [len(costs(m, "example")) for m in members] == [3, 3, 3]
    assert [m["state"]["index"] for m in members] == [3, 0, 3]


def test_a_group_step_reaches_the_sockets_of_its_members(client: TestClient) -> None:
    group = create_group(client, **SMALL)
    sid = group["sessions"][1]["id"]
    with client.websocket_connect(f"/api/sessions/{sid}/stream?detail=summary") as ws:
        assert ws.receive_json()["type"] == "state"
        members = step(client, group["id"], unit="batch", detail="summary")
        seen = [ws.receive_json()]
        while seen[-1]["type"] != "state":
            seen.append(ws.receive_json())
        assert seen[:-1] == members[1]["events"] and seen[-1]["state"] == members[1]["state"]


def test_reset_starts_every_member_again(client: TestClient) -> None:
    group = create_group(client, **SMALL)
    ids = [s["id"] for s in group["sessions"]]
    start = weights(client, ids[1])
    step(client, group["id"], unit="epoch", detail="none")
    response = client.post(f"/api/groups/{group['id']}/reset", json={})
    assert response.status_code == 200
    assert [s["state"]["seq"] for s in response.json()["sessions"]] == [0, 0]
    for a, b in zip(start, weights(client, ids[1]), strict=True):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize(
    ("body", "loc"),
    [
        ({"variants": [{"update": "batch"}]}, ["body", "variants"]),
        ({"variants": [{}, {}, {}, {}]}, ["body", "variants"]),
        ({"variants": [{"seed": 1}, {}]}, ["body", "variants", 0, "seed"]),
        ({"variants": [{"update": "sideways"}, {}]}, ["body", "variants", 0, "update"]),
        ({"n_train": 40, "variants": [{}, {"batch_size": 41}]}, ["body", "batch_size"]),
        ({"dataset": "nope"}, ["body", "dataset"]),
    ],
)
def test_bad_groups_are_422_naming_the_field(
    client: TestClient, body: dict[str, Any], loc: list[Any]
) -> None:
    response = client.post("/api/groups", json=body)
    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["loc"] == loc
    assert len(client.app.state.store) == 0  # type: ignore[attr-defined]


def test_delete_deletes_the_members(client: TestClient) -> None:
    group = create_group(client, **SMALL)
    assert client.delete(f"/api/groups/{group['id']}").status_code == 204
    for s in group["sessions"]:
        assert client.get(f"/api/sessions/{s['id']}").status_code == 404
    for method, path in [
        ("GET", ""),
        ("POST", "/step"),
        ("POST", "/reset"),
        ("DELETE", ""),
    ]:
        response = client.request(method, f"/api/groups/{group['id']}{path}")
        assert response.status_code == 404
        assert "no group with id" in response.json()["detail"]


@pytest.fixture
def app_settings() -> Settings:
    return Settings(max_sessions=3, session_evict_seconds=0)


def test_a_member_gone_makes_the_group_step_409(client: TestClient) -> None:
    group = create_group(client, **SMALL)
    first, second = (s["id"] for s in group["sessions"])
    client.post("/api/sessions", json=SMALL)
    client.get(f"/api/sessions/{second}")
    client.post("/api/sessions", json=SMALL)  # evicts the least recently used: the first member
    response = client.post(f"/api/groups/{group['id']}/step", json={})
    assert response.status_code == 409
    detail = response.json()["detail"]
    assert first in detail and "evicted" in detail
    assert client.get(f"/api/groups/{group['id']}").status_code == 409
    assert client.delete(f"/api/groups/{group['id']}").status_code == 204
    assert client.get(f"/api/sessions/{second}").status_code == 404


def test_a_step_too_big_for_one_member_steps_none(client: TestClient) -> None:
    group = create_group(client, **SMALL, variants=[{}, {"batch_size": 40}])
    response = client.post(
        f"/api/groups/{group['id']}/step", json={"unit": "batch", "count": 5000, "detail": "none"}
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "count"]
    sessions = client.get(f"/api/groups/{group['id']}").json()["sessions"]
    assert [s["state"]["seq"] for s in sessions] == [0, 0]


def test_a_diverged_member_stays_while_the_others_go_on(client: TestClient) -> None:
    # the L2 decay 1 − ηλ/(n·m) is −24 at η = 1e6: the weights grow 24-fold each example
    group = create_group(
        client, **SMALL, lmbda=0.01, variants=[{}, {"eta": 1e6, "update": "per_example"}]
    )
    members = step(client, group["id"], unit="epoch", count=3, detail="none")
    assert [m["state"]["status"] for m in members] == ["ready", "diverged"]
    members = step(client, group["id"], unit="epoch", detail="none")
    assert members[0]["state"]["epoch"] == 4 and members[1]["events"] == []
