"""The true gradient and a mini-batch's estimate (app/core/gradient.py) against independent oracles:
the book's backprop in a plain loop, and finite differences of the book's total cost."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from app.core import gradient
from app.core.activations import ACTIVATIONS
from app.core.costs import COSTS
from app.core.network import Network

from .conftest import assert_close_relative, toy_data

CASES = list(itertools.product(sorted(COSTS), sorted(ACTIVATIONS), [0.0, 0.7]))


def loop_mean(net: Network, xs, ys, lmbda: float):  # type: ignore[no-untyped-def]
    """(1/n) Σ backprop(x, y), plus (λ/n)·w: written from the book, one example at a time."""
    n = len(xs)
    nabla_b = [np.zeros(b.shape) for b in net.biases]
    nabla_w = [np.zeros(w.shape) for w in net.weights]
    for x, y in zip(xs, ys, strict=True):
        db, dw = net.backprop(x, y)
        nabla_b = [nb + d for nb, d in zip(nabla_b, db, strict=True)]
        nabla_w = [nw + d for nw, d in zip(nabla_w, dw, strict=True)]
    nabla_w = [nw / n + (lmbda / n) * w for nw, w in zip(nabla_w, net.weights, strict=True)]
    return [nb / n for nb in nabla_b], nabla_w


def total_cost(net: Network, xs, ys, lmbda: float) -> float:  # type: ignore[no-untyped-def]
    """The book's total_cost: mean cost plus (λ/2n)·Σw²."""
    n = len(xs)
    c = float(np.mean(net.cost.fn(net.feedforward(xs), ys)))
    return c + 0.5 * (lmbda / n) * sum(float(np.sum(w**2)) for w in net.weights)


@pytest.mark.parametrize(("cost", "activation", "lmbda"), CASES)
def test_the_mean_gradient_is_the_loop_and_the_finite_differences(
    cost: str, activation: str, lmbda: float
) -> None:
    data = toy_data(3, 2, 17, seed=3)
    net = Network([3, 4, 2], cost=cost, activation=activation, seed=5)
    xs, ys, n = data.x_train, data.y_train, 17
    g = gradient.mean_of(gradient.full_trace(net, xs, ys), net.weights, lmbda, n)
    assert g.m == n and g.l2 == (lmbda > 0)
    want_b, want_w = loop_mean(net, xs, ys, lmbda)
    for got, want in zip(g.nabla_b + g.nabla_w, want_b + want_w, strict=True):
        assert_close_relative(got, want)
    assert g.cost == pytest.approx(total_cost(net, xs, ys, lmbda), rel=1e-12)
    h = 1e-6
    for l, w in enumerate(net.weights):
        for j, k in np.ndindex(w.shape):
            saved = w[j, k]
            w[j, k] = saved + h
            up = total_cost(net, xs, ys, lmbda)
            w[j, k] = saved - h
            down = total_cost(net, xs, ys, lmbda)
            w[j, k] = saved
            assert g.nabla_w[l][j, k] == pytest.approx((up - down) / (2 * h), abs=1e-6)
    for l, b in enumerate(net.biases):
        for j in range(len(b)):
            saved = b[j]
            b[j] = saved + h
            up = total_cost(net, xs, ys, lmbda)
            b[j] = saved - h
            down = total_cost(net, xs, ys, lmbda)
            b[j] = saved
            assert g.nabla_b[l][j] == pytest.approx((up - down) / (2 * h), abs=1e-6)


def test_chunks_of_rows_give_the_same_trace(monkeypatch: pytest.MonkeyPatch) -> None:
    data = toy_data(3, 2, 50)
    net = Network([3, 5, 2], seed=1)
    whole = gradient.full_trace(net, data.x_train, data.y_train)
    monkeypatch.setattr(gradient, "CHUNK_FLOATS", 35)  # 7 rows of the widest layer a chunk
    parts = gradient.full_trace(net, data.x_train, data.y_train)
    assert parts.activations[0] is data.x_train  # no copy of the inputs
    for a, b in zip(
        whole.activations + whole.deltas, parts.activations + parts.deltas, strict=True
    ):
        assert_close_relative(b, a)  # BLAS may sum in another order for another number of rows


def test_the_agreement_is_numpy_s_cosine_and_norm_ratio() -> None:
    data = toy_data(3, 2, 40)
    net = Network([3, 4, 2], seed=2)
    trace = gradient.full_trace(net, data.x_train, data.y_train)
    truth = gradient.mean_of(trace, net.weights, 0.3, 40)
    estimate = gradient.mean_of(trace, net.weights, 0.3, 40, k=5)
    a = gradient.agreement(estimate, truth)
    e, t = estimate.flat(), truth.flat()
    assert a.overall_cosine == pytest.approx(e @ t / np.linalg.norm(e) / np.linalg.norm(t))
    assert a.overall_ratio == pytest.approx(np.linalg.norm(e) / np.linalg.norm(t))
    for l in range(2):
        el = np.concatenate([estimate.nabla_w[l].ravel(), estimate.nabla_b[l]])
        tl = np.concatenate([truth.nabla_w[l].ravel(), truth.nabla_b[l]])
        assert a.cosine[l] == pytest.approx(el @ tl / np.linalg.norm(el) / np.linalg.norm(tl))
        assert a.ratio[l] == pytest.approx(np.linalg.norm(el) / np.linalg.norm(tl))
    whole = gradient.agreement(truth, truth)
    assert whole.overall_cosine == pytest.approx(1.0) and whole.overall_ratio == pytest.approx(1.0)
