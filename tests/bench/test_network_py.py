"""The benchmark's baselines: network.py's loop and the bare floor train as the engine does."""

from __future__ import annotations

import importlib.util
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from app.core.activations import Array
from app.core.network import Network
from app.core.trainer import Trainer


def _load(name: str) -> ModuleType:
    path = Path(__file__).parents[2] / "bench" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"bench_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


network_py = _load("_network_py")


@pytest.mark.parametrize("sizes", [[784, 30, 10], [3, 5, 4, 2]])
def test_the_books_loop_moves_the_weights_as_the_engine_does(sizes: list[int]) -> None:
    rng = np.random.default_rng(5)
    net = Network(sizes, init="scaled", seed=2)
    book = network_py.BookNetwork(net.weights, net.biases)
    for _ in range(3):
        xs = rng.uniform(0, 1, (10, sizes[0]))
        ys = np.eye(sizes[-1])[rng.integers(0, sizes[-1], 10)]
        net.update_mini_batch(list(zip(xs, ys, strict=True)), eta=3.0)
        book.update_mini_batch([(x[:, None], y[:, None]) for x, y in zip(xs, ys, strict=True)], 3.0)
    for ours, theirs in zip(net.weights + net.biases, book.weights + book.biases, strict=True):
        np.testing.assert_array_equal(ours, theirs.reshape(ours.shape))


floor = _load("_floor")


@dataclass(frozen=True)
class Data:
    """Inputs in [-1, 1] and one-hot targets: the Trainer's TrainingData."""

    x_train: Array
    y_train: Array
    x_test: Array
    y_test: Array


def toy_data(n_in: int, n_out: int, n_train: int, n_test: int = 7) -> Data:
    rng = np.random.default_rng(0)
    x = rng.uniform(-1, 1, (n_train + n_test, n_in))
    y = np.eye(n_out)[rng.integers(0, n_out, n_train + n_test)]
    return Data(x[:n_train], y[:n_train], x[n_train:], y[n_train:])


@pytest.mark.parametrize(("sizes", "m"), [([784, 30, 10], 10), ([4, 6, 5, 3], 7)])
def test_the_bare_floor_trains_as_the_trainer_does(sizes: list[int], m: int) -> None:
    data = toy_data(sizes[0], sizes[-1], 53)
    trainer = Trainer(Network(sizes, init="scaled", seed=3), data, eta=0.5, batch_size=m)
    bare = Network(sizes, init="scaled", seed=3)
    run = floor.bare_epochs(bare, data, eta=0.5, m=m)
    assert run() + run() == 2 * 53
    trainer.step("epoch", 2, emit=False)
    for ours, theirs in zip(
        trainer.network.weights + trainer.network.biases, bare.weights + bare.biases, strict=True
    ):
        np.testing.assert_array_equal(ours, theirs)
