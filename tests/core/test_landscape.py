"""The cost landscape of a mini-batch and SGD's steps on it, against the engine's own events."""

from __future__ import annotations

import numpy as np
import pytest

from app.core import landscape as ls
from app.core.events import ExampleEvent, UpdateEvent
from app.core.network import Network
from app.core.trainer import Trainer

from .conftest import ToyData

PAIRS: list[tuple[ls.Param, ls.Param]] = [
    ((0, 1, 2), (1, 0, 3)),  # two layers
    ((1, 1, 0), (1, 0, 4)),  # one layer
    ((0, 2, None), (1, 1, 2)),  # a bias and a weight
]


def trainer(
    data: ToyData, mode: str = "batch", lmbda: float = 0.0, cost: str = "quadratic"
) -> Trainer:
    net = Network([3, 5, 2], cost=cost, seed=3)
    return Trainer(net, data, eta=2.5, batch_size=6, lmbda=lmbda, update=mode, seed=4)


@pytest.mark.parametrize(("first", "second"), PAIRS)
@pytest.mark.parametrize("cost", ["quadratic", "cross_entropy"])
def test_the_value_at_the_weights_is_the_engines_mini_batch_cost(
    data: ToyData, first: ls.Param, second: ls.Param, cost: str
) -> None:
    t = trainer(data, cost=cost)
    t.step("batch")  # start from moved weights, in the second mini-batch
    start = t.batch_start()
    assert start is not None
    at1 = ls.value_of(start.weights, start.biases, first)
    at2 = ls.value_of(start.weights, start.biases, second)
    grid = ls.batch_cost_grid(
        t.network,
        data.x_train[start.rows],
        data.y_train[start.rows],
        first,
        second,
        np.array([at1 - 0.5, at1, at1 + 0.25]),
        np.array([at2, at2 + 1.0]),
    )
    events = t.step("batch")
    update = events[-1]
    assert isinstance(update, UpdateEvent)
    assert grid.shape == (2, 3)
    assert abs(grid[0, 1] - update.cost) < 1e-12
    # another point of the grid: the engine's cost with those two values set by hand
    net = ls.at(t.network, start.weights, start.biases)
    net.weights = [w.copy() for w in net.weights]
    net.biases = [b.copy() for b in net.biases]
    for (l, j, k), v in ((first, at1 + 0.25), (second, at2 + 1.0)):
        if k is None:
            net.biases[l][j] = v
        else:
            net.weights[l][j, k] = v
    moved = net.cost.fn(net.feedforward(data.x_train[start.rows]), data.y_train[start.rows])
    assert abs(grid[1, 2] - float(np.mean(moved))) < 1e-12


def test_the_grid_leaves_the_network_alone(data: ToyData) -> None:
    t = trainer(data)
    before = [w.copy() for w in t.network.weights]
    ls.batch_cost_grid(
        t.network, data.x_train[:6], data.y_train[:6], (0, 0, 0), (0, 1, 1),
        np.linspace(-1, 1, 7), np.linspace(-1, 1, 5),
    )  # fmt: skip
    for a, b in zip(before, t.network.weights, strict=True):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize(("first", "second"), PAIRS)
def test_the_chain_of_steps_ends_at_the_batch_update(
    data: ToyData, first: ls.Param, second: ls.Param
) -> None:
    t = trainer(data)
    t.step("example", 2)  # part-way: the start is still the weights before the batch
    start = t.batch_start()
    assert start is not None and start.m == 6
    rest = t.step("batch")
    update = rest[-1]
    assert isinstance(update, UpdateEvent)
    # the steps from the server's gradients, taken at the start
    grads = ls.example_gradients(
        ls.at(t.network, start.weights, start.biases),
        data.x_train[start.rows],
        data.y_train[start.rows],
        [first, second],
    )
    at = np.array([ls.value_of(start.weights, start.biases, p) for p in (first, second)])
    end = at + np.sum(-(start.eta / start.m) * grads, axis=0)
    after = [ls.value_of(update.weights, update.biases, p) for p in (first, second)]
    np.testing.assert_allclose(end, after, rtol=0, atol=1e-12)
    # and from the example events' own delta_nabla_w / delta_nabla_b
    replay = trainer(data)
    events = [e for e in replay.step("batch") if isinstance(e, ExampleEvent)]
    assert len(events) == 6
    chain = at.copy()
    for e in events:
        for i, (l, j, k) in enumerate((first, second)):
            g = e.delta_nabla_b[l][j] if k is None else e.delta_nabla_w[l][j, k]
            chain[i] += -(start.eta / start.m) * g
    np.testing.assert_allclose(chain, after, rtol=0, atol=1e-12)


def test_with_l2_the_decay_step_closes_the_chain(data: ToyData) -> None:
    t = trainer(data, lmbda=3.0)
    start = t.batch_start()
    assert start is not None
    params: list[ls.Param] = [(0, 1, 2), (1, 0, None)]
    net = ls.at(t.network, start.weights, start.biases)
    grads = ls.example_gradients(net, data.x_train[start.rows], data.y_train[start.rows], params)
    at = np.array([ls.value_of(start.weights, start.biases, p) for p in params])
    decay = ls.decay_step(start.weights, params, start.eta, 3.0, t.n)
    assert decay[1] == 0.0
    update = t.step("batch")[-1]
    assert isinstance(update, UpdateEvent)
    end = at + np.sum(-(start.eta / start.m) * grads, axis=0) + decay
    after = [ls.value_of(update.weights, update.biases, p) for p in params]
    np.testing.assert_allclose(end, after, rtol=0, atol=1e-12)


@pytest.mark.parametrize("lmbda", [0.0, 3.0])
def test_per_example_path_is_the_weights_after_each_step(data: ToyData, lmbda: float) -> None:
    t = trainer(data, mode="per_example", lmbda=lmbda)
    t.step("batch")
    start = t.batch_start()
    assert start is not None
    params: list[ls.Param] = [(0, 4, 1), (1, 1, 3), (1, 0, None)]
    path = ls.per_example_path(
        ls.at(t.network, start.weights, start.biases),
        data.x_train[start.rows],
        data.y_train[start.rows],
        params,
        start.eta,
        lmbda,
        t.n,
    )
    examples = [e for e in t.step("batch") if isinstance(e, ExampleEvent)]
    assert len(examples) == len(path) == 6
    for point, e in zip(path, examples, strict=True):
        assert e.weights is not None and e.biases is not None
        truth = [ls.value_of(e.weights, e.biases, p) for p in params]
        np.testing.assert_allclose(point, truth, rtol=0, atol=1e-12)


def test_batch_start_names_the_batch_without_changing_training(data: ToyData) -> None:
    a, b = trainer(data), trainer(data)
    assert a.batch_start(last=True) is None
    first = a.batch_start()
    assert first is not None and (first.epoch, first.batch, first.m) == (0, 0, 6)
    a.step("example", 3)
    during = a.batch_start()
    assert during is not None
    np.testing.assert_array_equal(during.rows, first.rows)
    a.step("example", 3)  # the update
    last = a.batch_start(last=True)
    assert last is not None and last.batch == 0
    np.testing.assert_array_equal(last.weights[0], first.weights[0])
    nxt = a.batch_start()
    assert nxt is not None and nxt.batch == 1 and nxt.weights[0] is a.network.weights[0]
    a.step("epoch")
    b.step("example", 6)
    b.step("epoch")
    for x, y in zip(a.network.weights, b.network.weights, strict=True):
        np.testing.assert_array_equal(x, y)
    # the rows are the shuffle's: stepping the batch through runs exactly those examples
    c = trainer(data)
    rows = c.batch_start()
    assert rows is not None
    samples = [e.sample for e in c.step("batch") if isinstance(e, ExampleEvent)]
    assert samples == rows.rows.tolist()


def test_largest_gradients_are_the_biggest_entries_of_nabla_w(data: ToyData) -> None:
    t = trainer(data)
    xs, ys = data.x_train[:6], data.y_train[:6]
    top = ls.largest_gradients(t.network, xs, ys, 2)
    nabla_w = t.network.backprop(xs[0], ys[0])[1]
    for x, y in zip(xs[1:], ys[1:], strict=True):
        nabla_w = [a + b for a, b in zip(nabla_w, t.network.backprop(x, y)[1], strict=True)]
    flat = sorted(
        (
            (abs(float(w[j, k])), (l, j, k))
            for l, w in enumerate(nabla_w)
            for j, k in np.ndindex(w.shape)
        ),
        reverse=True,
    )
    assert top == [flat[0][1], flat[1][1]]
    assert ls.largest_gradients(t.network, xs, ys, 1, exclude=(top[0],)) == [top[1]]


def test_bad_parameters_are_refused(data: ToyData) -> None:
    t = trainer(data)
    with pytest.raises(ValueError, match="layer 2"):
        ls.check_param(t.network, (2, 0, 0))
    with pytest.raises(ValueError, match="k = 3"):
        ls.check_param(t.network, (0, 0, 3))
    with pytest.raises(ValueError, match="differ"):
        ls.batch_cost_grid(t.network, data.x_train[:2], data.y_train[:2], (0, 0, 0), (0, 0, 0),
                           np.zeros(2), np.zeros(2))  # fmt: skip
