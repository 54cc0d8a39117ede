"""The noise against m (app/core/noise.py) and the matrix form (app/core/matrix.py)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from app.core import gradient, matrix, noise
from app.core.activations import ACTIVATIONS
from app.core.costs import COSTS
from app.core.network import Network

from .conftest import toy_data


def test_sizes_of_m_run_1_2_5_up_to_n() -> None:
    assert noise.sizes_of_m(1000) == [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]
    assert noise.sizes_of_m(37) == [1, 2, 5, 10, 20, 37]
    assert noise.draws_for(37, 37, 20) == 1 and noise.draws_for(20_000, 50_000, 20) == 3


def test_the_spread_falls_as_m_grows_on_a_fixed_seed() -> None:
    data = toy_data(4, 3, 400, seed=1)
    net = Network([4, 6, 3], seed=2)
    trace = gradient.full_trace(net, data.x_train, data.y_train)
    truth = gradient.mean_of(trace, net.weights, 0.0, 400)
    s2, sizes = noise.spread(trace, truth, net.weights, 0.0, k=50, seed=0)
    distances = [s.mean_sq_distance for s in sizes]
    assert all(a > b for a, b in itertools.pairwise(distances)), distances
    cosines = [s.mean_cosine for s in sizes]
    assert all(a < b for a, b in itertools.pairwise(cosines)), cosines
    assert sizes[-1].m == 400 and sizes[-1].mean_sq_distance == 0.0
    assert sizes[-1].mean_cosine == pytest.approx(1.0)
    # σ² is the variance of one example's gradient, by the plain loop
    each = [
        np.concatenate([w.ravel() for w in net.backprop(x, y)[1]] + net.backprop(x, y)[0])
        for x, y in zip(data.x_train, data.y_train, strict=True)
    ]
    g = np.mean(each, axis=0)
    assert s2 == pytest.approx(np.mean([np.sum((e - g) ** 2) for e in each]), rel=1e-9)
    for s in sizes[:-1]:  # the draws' mean lies near its expectation σ²/m·(n−m)/(n−1)
        assert s.mean_sq_distance == pytest.approx(s.expected_sq_distance, rel=0.5)
    again = noise.spread(trace, truth, net.weights, 0.0, k=50, seed=0)[1]
    assert [s.mean_sq_distance for s in again] == distances  # the seed fixes the draws


@pytest.mark.parametrize(("cost", "activation"), list(itertools.product(COSTS, ACTIVATIONS)))
@pytest.mark.parametrize("lmbda", [0.0, 0.5])
def test_the_matrix_sum_is_the_loop_s_to_1e_12(cost: str, activation: str, lmbda: float) -> None:
    data = toy_data(3, 2, 9, seed=4)
    net = Network([3, 5, 4, 2], cost=cost, activation=activation, seed=6)
    batch = list(zip(data.x_train, data.y_train, strict=True))
    run = matrix.run_matrix(net, batch, 2.0, lmbda, 30)
    nabla_b, nabla_w = matrix.loop_sum(net, batch)
    assert matrix.max_difference(run.nabla_w, nabla_w) <= 1e-12
    assert matrix.max_difference(run.nabla_b, nabla_b) <= 1e-12
    loop, mat = Network([3, 5, 4, 2], cost=cost, activation=activation, seed=6), net
    loop.update_mini_batch(batch, 2.0, lmbda, 30)
    mat.update_mini_batch_matrix(batch, 2.0, lmbda, 30)
    assert matrix.max_difference(loop.weights, mat.weights) <= 1e-12
    assert matrix.max_difference(loop.biases, mat.biases) <= 1e-12


def test_the_traced_run_shows_each_line_s_values_and_leaves_the_network_alone() -> None:
    data = toy_data(3, 2, 6)
    net = Network([3, 4, 2], seed=1)
    before = [w.copy() for w in net.weights]
    batch = list(zip(data.x_train, data.y_train, strict=True))
    run = matrix.run_matrix(net, batch, 1.0, 0.0, 6)
    for w, b in zip(net.weights, before, strict=True):
        np.testing.assert_array_equal(w, b)
    seen = {name: v for line in run.lines for name, v in line.values.items()}
    assert seen["X"]["shape"] == [3, 6] and seen["Y"]["shape"] == [2, 6]
    assert seen["Z"]["shape"] == [2, 6] and seen["Delta"]["shape"] == [4, 6]  # last ones seen
    assert seen["nabla_w"]["shapes"] == [[4, 3], [2, 4]]
    assert seen["self.weights"]["shapes"] == [[4, 3], [2, 4]]
    assert seen["m"]["value"] == 6
    forward = [line for line in run.lines if "Z" in line.values]
    assert [line.run for line in forward] == [0, 1]  # once per layer
    c = matrix.compare(net, batch, 1.0, 0.0, 6, run)
    assert c.max_diff_w <= 1e-12 and c.loop_seconds > 0 and c.matrix_seconds > 0
