"""The network against independent oracles: finite differences and the book's loop."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from app.core.activations import ACTIVATIONS, Array
from app.core.costs import COSTS
from app.core.network import Network
from app.core.trace import trace_batch

from .conftest import assert_close_relative


def cost_at(net: Network, x: Array, y: Array) -> float:
    return float(net.cost.fn(net.feedforward(x), y))


def numeric_gradient(net: Network, x: Array, y: Array, h: float = 1e-6) -> list[Array]:
    """Central differences of the cost, one weight at a time: the oracle."""
    grads = []
    for w in net.weights:
        g = np.zeros_like(w)
        for idx in np.ndindex(w.shape):
            old = w[idx]
            w[idx] = old + h
            up = cost_at(net, x, y)
            w[idx] = old - h
            down = cost_at(net, x, y)
            w[idx] = old
            g[idx] = (up - down) / (2 * h)
        grads.append(g)
    return grads


def numeric_bias_gradient(net: Network, x: Array, y: Array, h: float = 1e-6) -> list[Array]:
    grads = []
    for b in net.biases:
        g = np.zeros_like(b)
        for i in range(len(b)):
            old = b[i]
            b[i] = old + h
            up = cost_at(net, x, y)
            b[i] = old - h
            down = cost_at(net, x, y)
            b[i] = old
            g[i] = (up - down) / (2 * h)
        grads.append(g)
    return grads


@pytest.mark.parametrize(
    ("activation", "cost"), list(itertools.product(sorted(ACTIVATIONS), sorted(COSTS)))
)
def test_backprop_matches_finite_differences(activation: str, cost: str) -> None:
    net = Network([3, 5, 4, 2], activation=activation, cost=cost, init="scaled", seed=1)
    rng = np.random.default_rng(2)
    for _ in range(3):
        x, y = rng.uniform(-1, 1, 3), np.array([0.0, 1.0])
        nabla_b, nabla_w = net.backprop(x, y)
        for got, want in zip(nabla_w, numeric_gradient(net, x, y), strict=True):
            np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-8)
        for got, want in zip(nabla_b, numeric_bias_gradient(net, x, y), strict=True):
            np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-8)


def test_shapes_follow_the_book() -> None:
    net = Network([784, 30, 10])
    assert [w.shape for w in net.weights] == [(30, 784), (10, 30)]
    assert [b.shape for b in net.biases] == [(30,), (10,)]
    assert all(w.dtype == np.float64 for w in net.weights)
    assert net.num_weights == 784 * 30 + 30 + 30 * 10 + 10
    assert net.feedforward(np.zeros(784)).shape == (10,)
    assert net.feedforward(np.zeros((5, 784))).shape == (5, 10)


def test_inits_draw_from_the_books_distributions() -> None:
    gaussian = Network([400, 300, 10], init="gaussian", seed=3)
    scaled = Network([400, 300, 10], init="scaled", seed=3)
    assert abs(gaussian.weights[0].std() - 1.0) < 0.01
    assert abs(scaled.weights[0].std() - 1 / np.sqrt(400)) < 0.001
    assert abs(scaled.biases[0].std() - 1.0) < 0.15
    again = Network([400, 300, 10], init="gaussian", seed=3)
    assert all(np.array_equal(a, b) for a, b in zip(gaussian.weights, again.weights, strict=True))


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"activation": "softsign"}, "activation"),
        ({"cost": "hinge"}, "cost"),
        ({"init": "zeros"}, "init"),
    ],
)
def test_unknown_names_are_refused(kwargs: dict[str, str], field: str) -> None:
    with pytest.raises(ValueError, match=field):
        Network([2, 2], **kwargs)


@pytest.mark.parametrize("sizes", [[2], [], [2, 0, 2]])
def test_bad_sizes_are_refused(sizes: list[int]) -> None:
    with pytest.raises(ValueError, match="sizes"):
        Network(sizes)


@pytest.mark.parametrize(
    ("activation", "cost"), list(itertools.product(sorted(ACTIVATIONS), sorted(COSTS)))
)
def test_fast_path_equals_the_backprop_loop(activation: str, cost: str) -> None:
    net = Network([4, 6, 5, 3], activation=activation, cost=cost, seed=4)
    rng = np.random.default_rng(5)
    xs, ys = rng.uniform(-1, 1, (9, 4)), np.eye(3)[rng.integers(0, 3, 9)]
    trace = trace_batch(net, xs, ys)
    loop_b = [np.zeros(b.shape) for b in net.biases]
    loop_w = [np.zeros(w.shape) for w in net.weights]
    for k, (x, y) in enumerate(zip(xs, ys, strict=True)):
        nabla_b, nabla_w = net.backprop(x, y)
        fast_b, fast_w = trace.example_gradient(k)
        for got, want in zip(fast_b + fast_w, nabla_b + nabla_w, strict=True):
            assert_close_relative(got, want)
        loop_b = [s + g for s, g in zip(loop_b, nabla_b, strict=True)]
        loop_w = [s + g for s, g in zip(loop_w, nabla_w, strict=True)]
        sum_b, sum_w = trace.sum_gradient(k + 1)
        for got, want in zip(sum_b + sum_w, loop_b + loop_w, strict=True):
            np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-15)
        assert trace.costs[k] == pytest.approx(cost_at(net, x, y), rel=1e-12)
    # going back to an earlier k gives the earlier sum again
    early_b, _ = trace.sum_gradient(2)
    np.testing.assert_allclose(early_b[0], trace.deltas[0][:2].sum(axis=0), rtol=1e-12)


def test_update_mini_batch_is_one_step_of_minus_eta_over_m_times_the_sum() -> None:
    net = Network([3, 4, 2], seed=6)
    rng = np.random.default_rng(7)
    batch = [(rng.uniform(-1, 1, 3), np.array([1.0, 0.0])) for _ in range(5)]
    before_w = [w.copy() for w in net.weights]
    before_b = [b.copy() for b in net.biases]
    total_w = [np.zeros(w.shape) for w in net.weights]
    total_b = [np.zeros(b.shape) for b in net.biases]
    for x, y in batch:
        db, dw = net.backprop(x, y)
        total_w = [t + g for t, g in zip(total_w, dw, strict=True)]
        total_b = [t + g for t, g in zip(total_b, db, strict=True)]
    net.update_mini_batch(batch, eta=0.5, lmbda=2.0, n=50)
    for w0, g, w1 in zip(before_w, total_w, net.weights, strict=True):
        np.testing.assert_allclose(w1, (1 - 0.5 * 2.0 / 50) * w0 - (0.5 / 5) * g, rtol=1e-13)
    for b0, g, b1 in zip(before_b, total_b, net.biases, strict=True):
        np.testing.assert_allclose(b1, b0 - (0.5 / 5) * g, rtol=1e-13)


def test_update_inside_the_loop_takes_each_gradient_at_moved_weights() -> None:
    batch_net, loop_net = Network([3, 4, 2], seed=8), Network([3, 4, 2], seed=8)
    rng = np.random.default_rng(9)
    batch = [(rng.uniform(-1, 1, 3), np.eye(2)[k % 2]) for k in range(4)]
    loop_net.update_per_example(batch, eta=3.0)
    batch_net.update_mini_batch(batch, eta=3.0)
    assert not np.allclose(loop_net.weights[0], batch_net.weights[0])
    # the first step alone is the same in both modes
    one_a, one_b = Network([3, 4, 2], seed=8), Network([3, 4, 2], seed=8)
    one_a.update_per_example(batch[:1], eta=3.0)
    one_b.update_mini_batch(batch[:1], eta=3.0)
    np.testing.assert_allclose(one_a.weights[1], one_b.weights[1], rtol=1e-14)


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_the_derivative_from_the_output_is_the_derivative_bit_for_bit(name: str) -> None:
    activation = ACTIVATIONS[name]
    z = np.random.default_rng(3).normal(0, 4, 1000)
    z[:3] = (0.0, 800.0, -800.0)
    np.testing.assert_array_equal(activation.prime_of_output(activation.fn(z)), activation.prime(z))


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_the_activation_written_over_z_is_the_activation_bit_for_bit(name: str) -> None:
    activation = ACTIVATIONS[name]
    z = np.random.default_rng(4).normal(0, 4, (7, 50))
    z[0, :4] = (0.0, 800.0, -800.0, -709.5)
    expected, over = activation.fn(z), z.copy()
    assert activation.fn_over(over) is over
    np.testing.assert_array_equal(over, expected)
