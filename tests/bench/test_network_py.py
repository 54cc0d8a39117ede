"""bench/network_py.py, the benchmark's baseline: the engine's weights, bit for bit."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from app.core.network import Network


def _load(name: str) -> ModuleType:
    path = Path(__file__).parents[2] / "bench" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"bench_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


network_py = _load("network_py")


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
