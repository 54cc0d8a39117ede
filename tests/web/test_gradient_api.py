"""GET .../gradient, .../noise and .../matrix against a plain loop of the book's backprop."""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient

from app.core.network import Network
from app.settings import Settings
from app.web.app import create_app
from app.web.estimates import GradientOut, MatrixOut, NoiseOut

from .helpers import create

SMALL = {"n_train": 30, "n_test": 10, "batch_size": 7, "sizes": [2, 4, 3, 2], "eta": 2.0}


def get(client: TestClient, path: str, **query: Any) -> dict[str, Any]:
    response = client.get(path, params=query)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def loop_mean(net: Network, xs: Any, ys: Any, lmbda: float, n: int) -> list[np.ndarray]:
    """(1/m) Σ backprop over the rows, + (λ/n)·w: nabla_w then nabla_b, flat per layer."""
    sums = [np.zeros(w.shape) for w in net.weights] + [np.zeros(b.shape) for b in net.biases]
    for x, y in zip(xs, ys, strict=True):
        db, dw = net.backprop(x, y)
        sums = [s + d for s, d in zip(sums, dw + db, strict=True)]
    layers = len(net.weights)
    out = [s / len(xs) for s in sums]
    out[:layers] = [g + (lmbda / n) * w for g, w in zip(out[:layers], net.weights, strict=True)]
    return out


def as_arrays(body: dict[str, Any]) -> list[np.ndarray]:
    return [np.array(a) for a in body["nabla_w"] + body["nabla_b"]]


@pytest.mark.parametrize(
    ("cost", "activation", "lmbda"),
    list(itertools.product(["quadratic", "cross_entropy"], ["sigmoid", "tanh", "relu"], [0, 0.4])),
)
def test_over_all_and_over_batch_are_the_plain_loop(
    client: TestClient, cost: str, activation: str, lmbda: float
) -> None:
    sid = create(client, SMALL, cost=cost, activation=activation, lmbda=lmbda)
    assert client.get(f"/api/sessions/{sid}/gradient?over=batch").status_code == 409
    client.post(f"/api/sessions/{sid}/step", json={"unit": "batch", "count": 1})
    client.post(f"/api/sessions/{sid}/step", json={"unit": "example", "count": 3})
    session = client.app.state.store.get(sid)  # type: ignore[attr-defined]
    net, data = session.trainer.network, session.data
    n = len(data.x_train)
    for over in ("all", "batch"):
        body = get(client, f"/api/sessions/{sid}/gradient", over=over)
        GradientOut.model_validate(body)
        assert body["over"] == over and body["l2"] == (lmbda > 0)
        rows = session.trainer.batch_start().rows[:3] if over == "batch" else slice(None)
        assert body["m"] == (3 if over == "batch" else n)
        want = loop_mean(net, data.x_train[rows], data.y_train[rows], lmbda, n)
        for got, w in zip(as_arrays(body), want, strict=True):
            np.testing.assert_allclose(got, w, rtol=1e-10, atol=1e-13)


def test_over_batch_in_per_example_mode_replays_the_moving_weights(client: TestClient) -> None:
    sid = create(client, SMALL, update="per_example", lmbda=0.5)
    client.post(f"/api/sessions/{sid}/step", json={"unit": "example", "count": 4})
    session = client.app.state.store.get(sid)  # type: ignore[attr-defined]
    start, data, t = session.trainer.batch_start(), session.data, session.trainer
    net = Network(SMALL["sizes"])
    net.weights, net.biases = list(start.weights), list(start.biases)
    n, m = t.n, start.m
    means = []
    for r in start.rows[:4]:  # the book's update_per_example, one example at a time
        x, y = data.x_train[r], data.y_train[r]
        means.append(loop_mean(net, [x], [y], t.lmbda, n))
        net.update_per_example([(x, y)], start.eta / m, t.lmbda, n)  # m = 1: a step of η/m
    body = get(client, f"/api/sessions/{sid}/gradient", over="batch")
    np.testing.assert_allclose(session.trainer.network.weights[0], net.weights[0], rtol=1e-12)
    want = [np.mean([mean[i] for mean in means], axis=0) for i in range(len(means[0]))]
    for got, w in zip(as_arrays(body), want, strict=True):
        np.testing.assert_allclose(got, w, rtol=1e-10, atol=1e-13)


def test_over_all_beyond_the_budget_is_a_422_naming_over() -> None:
    with TestClient(create_app(Settings(max_gradient_work=100))) as client:
        sid = create(client, SMALL)
        response = client.get(f"/api/sessions/{sid}/gradient", params={"over": "all"})
        assert response.status_code == 422
        detail = response.json()["detail"][0]
        assert detail["loc"] == ["query", "over"] and "NABLA_MAX_GRADIENT_WORK" in detail["msg"]
        assert client.get(f"/api/sessions/{sid}/noise").status_code == 422
        bad = client.get(f"/api/sessions/{sid}/gradient", params={"over": "some"})
        assert bad.status_code == 422


def test_over_all_is_cached_per_set_of_weights(client: TestClient) -> None:
    sid = create(client, SMALL)
    first = get(client, f"/api/sessions/{sid}/gradient")
    again = get(client, f"/api/sessions/{sid}/gradient")
    assert again["nabla_w"] == first["nabla_w"]
    assert len(client.app.state.fullsets._cache) == 1  # type: ignore[attr-defined]
    client.post(f"/api/sessions/{sid}/step", json={"unit": "batch", "count": 1})
    moved = get(client, f"/api/sessions/{sid}/gradient")
    assert moved["nabla_w"] != first["nabla_w"]
    assert len(client.app.state.fullsets._cache) == 2  # type: ignore[attr-defined]


def test_noise_answers_each_m_up_to_n(client: TestClient) -> None:
    sid = create(client, SMALL, batch_size=7)
    body = get(client, f"/api/sessions/{sid}/noise", k=10, seed=3)
    NoiseOut.model_validate(body)
    assert [s["m"] for s in body["sizes"]] == [1, 2, 5, 7, 10, 20, 30]  # the run's m = 7 too
    assert body["m_now"] == 7 and body["n"] == 30
    assert body["sizes"][0]["mean_sq_distance"] > body["sizes"][-2]["mean_sq_distance"]
    assert get(client, f"/api/sessions/{sid}/noise", k=10, seed=3)["sizes"] == body["sizes"]
    assert client.get(f"/api/sessions/{sid}/noise", params={"k": 1}).status_code == 422


def test_matrix_compares_the_loop_and_the_product(client: TestClient) -> None:
    sid = create(client, SMALL)
    assert client.get(f"/api/sessions/{sid}/matrix").status_code == 409
    client.post(f"/api/sessions/{sid}/step", json={"unit": "batch", "count": 1})
    body = get(client, f"/api/sessions/{sid}/matrix", batch="last")
    MatrixOut.model_validate(body)
    assert body["m"] == 7 and body["finished"]
    assert body["max_diff_w"] <= 1e-12 and body["max_diff_b"] <= 1e-12
    assert body["loop_seconds"] > 0 and body["matrix_seconds"] > 0
    code = get(client, "/api/code")["functions"]["update_mini_batch_matrix"]
    forward = code["marks"]["forward"]["line"]
    assert [line["values"]["Z"]["shape"] for line in body["lines"] if line["line"] == forward] == [
        [4, 7],
        [3, 7],
        [2, 7],
    ]


def test_over_all_at_the_batch_start_and_the_landscape_s_full_step(client: TestClient) -> None:
    sid = create(client, SMALL, lmbda=0.3)
    client.post(f"/api/sessions/{sid}/step", json={"unit": "batch", "count": 1})
    now = get(client, f"/api/sessions/{sid}/gradient", over="all")
    then = get(client, f"/api/sessions/{sid}/gradient", over="all", at="batch")
    assert then["finished"] and then["nabla_w"] != now["nabla_w"]  # before the update
    client.post(f"/api/sessions/{sid}/step", json={"unit": "example", "count": 2})
    mid = get(client, f"/api/sessions/{sid}/gradient", over="all", at="batch")
    assert mid["nabla_w"] == now["nabla_w"]  # the batch under way starts at the weights now
    ls = get(client, f"/api/sessions/{sid}/landscape", w1="0,1,0", w2="1,0")
    assert ls["full_step"] == pytest.approx(
        [-2.0 * mid["nabla_w"][0][1][0], -2.0 * mid["nabla_b"][1][0]]
    )
