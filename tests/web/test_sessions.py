"""The sessions REST API: every route, and the numbers of one mini-batch checked from outside.

The oracle is the book's update, written here with numpy on the JSON the API sends:
``nabla_w`` is the sum of the examples' ``delta_nabla_w``, and
``w ← (1 − ηλ/n)·w − (η/m)·nabla_w``, ``b ← b − (η/m)·nabla_b``.
"""

from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient

from app.web.protocol import SessionConfig, SessionState

from .helpers import created, step, untimed

SMALL = {"n_train": 40, "n_test": 20, "batch_size": 10}
FULL_EXAMPLE = {"x", "y", "output", "cost", "delta_nabla_b", "delta_nabla_w", "nabla_b", "nabla_w"}
FULL_UPDATE = {"nabla_b", "nabla_w", "weights", "biases", "eta", "batch_size"}
BIG_ARRAYS = {"x", "delta_nabla_b", "delta_nabla_w", "nabla_b", "nabla_w", "weights", "biases"}
METRICS = {"train_cost", "train_accuracy", "test_cost", "test_accuracy"}


def network(client: TestClient, sid: str) -> dict[str, Any]:
    response = client.get(f"/api/sessions/{sid}/network")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


Arrays = list[np.ndarray[Any, np.dtype[np.float64]]]


def arrays(layers: list[Any]) -> Arrays:
    return [np.array(a, dtype=float) for a in layers]


def summed(events: list[dict[str, Any]], name: str) -> Arrays:
    """Layer by layer, the sum of ``name`` over ``events``."""
    return [np.sum(layer, axis=0) for layer in zip(*(arrays(e[name]) for e in events), strict=True)]


def moved(params: list[Any], nablas: Arrays, step: float, decay: float = 1.0) -> Arrays:
    """The book's update ``decay·p − step·nabla``, layer by layer."""
    return [decay * p - step * g for p, g in zip(arrays(params), nablas, strict=True)]


def sigmoid(z: Any) -> Any:
    return 1 / (1 + np.exp(-z))


def assert_layers_close(got: list[Any], want: Arrays) -> None:
    assert len(got) == len(want)
    for g, w in zip(arrays(got), want, strict=True):
        np.testing.assert_allclose(g, w, rtol=1e-12, atol=1e-12)


# ---------------------------------------------------------------- the routes


@pytest.mark.parametrize("kwargs", [{}, {"json": {}}, {"json": None}])
def test_create_fills_in_every_field(client: TestClient, kwargs: dict[str, Any]) -> None:
    response = client.post("/api/sessions", **kwargs)
    assert response.status_code == 201
    body = response.json()
    assert response.headers["location"] == f"/api/sessions/{body['id']}"
    assert response.headers["x-nabla-ids"] == body["id"]  # a proxy pins it to this process
    assert set(body) == {"id", "config", "state"}
    assert set(body["config"]) == set(SessionConfig.model_fields)
    assert all(value is not None for value in body["config"].values()), body["config"]
    moons = next(d for d in client.get("/api/datasets").json() if d["name"] == "moons")
    assert body["config"]["dataset"] == "moons"
    assert body["config"]["sizes"] == moons["default_sizes"]
    assert body["config"]["n_train"] == moons["default_n_train"]
    assert set(body["state"]) == set(SessionState.model_fields)
    state = body["state"]
    assert (state["seq"], state["updates"], state["status"], state["metrics"]) == (
        0,
        0,
        "ready",
        None,
    )


def test_create_keeps_every_field_it_is_given(client: TestClient) -> None:
    config = {
        "dataset": "circles",
        "sizes": [2, 3, 5, 2],
        "n_train": 30,
        "n_test": 7,
        "noise": 0.2,
        "activation": "tanh",
        "cost": "cross_entropy",
        "init": "scaled",
        "eta": 0.25,
        "batch_size": 4,
        "lmbda": 0.5,
        "update": "per_example",
        "seed": 99,
        "rng": "book",
    }
    body = created(client, {}, **config)
    assert body["config"] == config
    assert client.get(f"/api/sessions/{body['id']}").json() == body
    assert body["state"]["batches_per_epoch"] == 8  # ceil(30 / 4)


def test_network_has_the_books_shapes(client: TestClient) -> None:
    sizes = [2, 5, 3, 2]
    net = network(client, created(client, {}, sizes=sizes)["id"])
    assert net["sizes"] == sizes
    for l, (w, b) in enumerate(zip(net["weights"], net["biases"], strict=True)):
        assert len(w) == sizes[l + 1] and all(len(row) == sizes[l] for row in w)
        assert len(b) == sizes[l + 1]


def test_full_events_carry_every_array(client: TestClient) -> None:
    sid = created(client, {}, sizes=[2, 3, 2], **SMALL)["id"]
    events = step(client, sid, unit="epoch")
    kinds = [e["type"] for e in events]
    assert kinds == (["example"] * 10 + ["update"]) * 4 + ["epoch"]
    for e in events:
        assert {"type", "seq", "epoch", "batch"} <= set(e)
    example, update, epoch = events[0], events[10], events[-1]
    assert set(example) >= FULL_EXAMPLE
    assert len(example["x"]) == 2 and len(example["y"]) == len(example["output"]) == 2
    for name in ("delta_nabla_w", "nabla_w"):
        assert [np.shape(w) for w in example[name]] == [(3, 2), (2, 3)]
    for name in ("delta_nabla_b", "nabla_b"):
        assert [np.shape(b) for b in example[name]] == [(3,), (2,)]
    assert set(update) >= FULL_UPDATE
    assert [np.shape(w) for w in update["weights"]] == [(3, 2), (2, 3)]
    assert (update["eta"], update["batch_size"]) == (3.0, 10)
    assert set(epoch) >= METRICS and (epoch["epoch"], epoch["batch"]) == (0, 3)
    assert all(0 <= epoch[k] <= 1 for k in ("train_accuracy", "test_accuracy"))


def test_summary_has_every_event_without_the_arrays(client: TestClient) -> None:
    full = step(client, created(client, {}, **SMALL)["id"], unit="epoch", detail="full")
    summary = step(client, created(client, {}, **SMALL)["id"], unit="epoch", detail="summary")
    assert [(e["type"], e["seq"]) for e in summary] == [(e["type"], e["seq"]) for e in full]
    for s, f in zip(summary, full, strict=True):
        assert not BIG_ARRAYS & set(s), s
        assert untimed([s]) == untimed([{k: v for k, v in f.items() if k not in BIG_ARRAYS}])


def test_none_sends_only_epoch_events(client: TestClient) -> None:
    sid = created(client, {}, **SMALL)["id"]
    assert step(client, sid, unit="batch", count=2, detail="none") == []
    events = step(client, sid, unit="epoch", detail="none")
    assert [e["type"] for e in events] == ["epoch"]
    assert events[0]["seq"] == 4 * 11 + 1  # 40 examples, 4 updates and the epoch itself
    assert client.get(f"/api/sessions/{sid}").json()["state"]["seq"] == events[0]["seq"]


def test_seq_increases_across_requests(client: TestClient) -> None:
    sid = created(client, {}, **SMALL)["id"]
    seqs: list[int] = []
    for request in (
        {"unit": "example", "count": 3},
        {"unit": "batch", "detail": "summary"},
        {"unit": "epoch", "count": 2},
        {"unit": "example", "count": 25},
    ):
        seqs += [e["seq"] for e in step(client, sid, **request)]
    assert seqs == list(range(1, len(seqs) + 1))


def test_history_lists_every_update_and_epoch(client: TestClient) -> None:
    sid = created(client, {}, **SMALL)["id"]
    events = step(client, sid, unit="epoch", count=2, detail="summary")
    step(client, sid, unit="example", count=3)
    history = client.get(f"/api/sessions/{sid}/history").json()
    keys = ("seq", "epoch", "batch", "cost")
    assert history["updates"] == [{k: e[k] for k in keys} for e in events if e["type"] == "update"]
    # the history leaves out an epoch's time, which only the live event carries
    assert history["epochs"] == untimed([e for e in events if e["type"] == "epoch"])
    assert len(history["updates"]) == 8 and len(history["epochs"]) == 2


def test_predict_is_the_network_on_a_grid(client: TestClient) -> None:
    sid = created(client, {}, sizes=[2, 3, 2])["id"]
    step(client, sid, unit="batch", detail="none")
    grid = client.get(f"/api/sessions/{sid}/predict", params={"resolution": 7}).json()
    assert grid["resolution"] == 7 and len(grid["xs"]) == len(grid["ys"]) == 7
    outputs = np.array(grid["outputs"])
    assert outputs.shape == (7, 7, 2)
    net = network(client, sid)
    (w1, w2), (b1, b2) = arrays(net["weights"]), arrays(net["biases"])
    for i, y in enumerate(grid["ys"]):
        for j, x in enumerate(grid["xs"]):
            want = sigmoid(w2 @ sigmoid(w1 @ [x, y] + b1) + b2)
            np.testing.assert_allclose(outputs[i, j], want, rtol=1e-9)


def test_predict_needs_a_2d_data_set(client: TestClient) -> None:
    sid = created(client, {}, dataset="digits", n_train=50, n_test=10)["id"]
    response = client.get(f"/api/sessions/{sid}/predict", params={"resolution": 5})
    assert response.status_code == 409
    assert "digits" in response.json()["detail"]


def test_reset_gives_back_the_initial_weights_and_a_new_seed_new_ones(client: TestClient) -> None:
    sid = created(client, {}, **SMALL)["id"]
    initial = network(client, sid)
    step(client, sid, unit="epoch")
    assert network(client, sid) != initial
    response = client.post(f"/api/sessions/{sid}/reset")
    assert response.status_code == 200
    assert response.json()["state"]["seq"] == 0
    assert network(client, sid) == initial
    assert client.get(f"/api/sessions/{sid}/history").json() == {
        "updates": [],
        "epochs": [],
        "edits": [],
        "changes": [],
    }
    reseeded = client.post(f"/api/sessions/{sid}/reset", json={"seed": 7}).json()
    assert reseeded["config"]["seed"] == 7
    assert network(client, sid)["weights"] != initial["weights"]


def test_delete_then_every_route_is_404(client: TestClient) -> None:
    sid = created(client, {})["id"]
    assert client.delete(f"/api/sessions/{sid}").status_code == 204
    for method, path in (
        ("GET", ""),
        ("GET", "/network"),
        ("GET", "/history"),
        ("GET", "/predict"),
        ("POST", "/step"),
        ("POST", "/reset"),
        ("DELETE", ""),
    ):
        response = client.request(method, f"/api/sessions/{sid}{path}")
        assert response.status_code == 404, (method, path)
        assert sid in response.json()["detail"]


# ---------------------------------------------------------------- the numbers


@pytest.mark.parametrize("lmbda", [0.0, 2.5])
def test_an_update_is_the_sum_of_its_examples(client: TestClient, lmbda: float) -> None:
    # n_train=25, m=10: the third mini-batch has only 5 examples, so m must be read per batch
    sid = created(client, {}, sizes=[2, 3, 2], n_train=25, eta=0.7, lmbda=lmbda)["id"]
    for m in (10, 10, 5):
        before = network(client, sid)
        events = step(client, sid, unit="batch")
        examples, update = events[:m], events[m]
        assert [e["type"] for e in examples] == ["example"] * m and update["type"] == "update"
        assert update["batch_size"] == m and [e["index"] for e in examples] == list(range(m))
        nabla_w, nabla_b = summed(examples, "delta_nabla_w"), summed(examples, "delta_nabla_b")
        assert_layers_close(update["nabla_w"], nabla_w)
        assert_layers_close(update["nabla_b"], nabla_b)
        assert_layers_close(examples[-1]["nabla_w"], nabla_w)  # the running sum, at its end
        want_w = moved(before["weights"], nabla_w, 0.7 / m, decay=1 - 0.7 * lmbda / 25)
        want_b = moved(before["biases"], nabla_b, 0.7 / m)
        assert_layers_close(update["weights"], want_w)
        assert_layers_close(update["biases"], want_b)
        after = network(client, sid)
        assert (after["weights"], after["biases"]) == (update["weights"], update["biases"])


def test_running_sums_grow_one_example_at_a_time(client: TestClient) -> None:
    sid = created(client, {}, sizes=[2, 4, 2], **SMALL)["id"]
    seen = []
    for k in range(10):
        event, *update = step(client, sid, unit="example")
        assert [u["type"] for u in update] == (["update"] if k == 9 else [])
        assert (event["index"], event["batch"]) == (k, 0)
        seen.append(event)
        assert_layers_close(event["nabla_w"], summed(seen, "delta_nabla_w"))
        assert_layers_close(event["nabla_b"], summed(seen, "delta_nabla_b"))


def test_per_example_mode_moves_the_weights_after_each_example(client: TestClient) -> None:
    sid = created(client, {}, sizes=[2, 3, 2], update="per_example", eta=0.5, **SMALL)["id"]
    weights = network(client, sid)["weights"]
    events = step(client, sid, unit="batch")
    for e in events[:10]:
        assert_layers_close(e["weights"], moved(weights, arrays(e["delta_nabla_w"]), 0.5 / 10))
        weights = e["weights"]
    assert events[10]["type"] == "update" and events[10]["weights"] == events[9]["weights"]
    assert network(client, sid)["weights"] == events[9]["weights"]


def test_example_steps_then_a_batch_step_finish_the_same_mini_batch(client: TestClient) -> None:
    sid = created(client, {}, **SMALL)["id"]
    before = network(client, sid)
    first = step(client, sid, unit="example", count=3)
    rest = step(client, sid, unit="batch")
    assert [e["type"] for e in rest] == ["example"] * 7 + ["update"]
    assert [e["index"] for e in first + rest[:7]] == list(range(10))
    assert {e["batch"] for e in first + rest} == {0}
    nabla_w = summed(first + rest[:7], "delta_nabla_w")
    assert_layers_close(rest[-1]["nabla_w"], nabla_w)
    assert_layers_close(rest[-1]["weights"], moved(before["weights"], nabla_w, 3.0 / 10))
    assert step(client, sid, unit="example")[0]["batch"] == 1
