"""Small, seeded data sets for the engine's tests."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest

from app.core.activations import Array


@dataclass(frozen=True)
class ToyData:
    """Random inputs and one-hot targets: enough for the engine, no dataset module needed."""

    x_train: Array
    y_train: Array
    x_test: Array
    y_test: Array


def toy_data(n_in: int, n_out: int, n_train: int, n_test: int = 7, seed: int = 0) -> ToyData:
    """Inputs in [-1, 1] and one-hot targets, drawn from ``seed``."""
    rng = np.random.default_rng(seed)
    n = n_train + n_test
    x = rng.uniform(-1, 1, (n, n_in))
    y = np.eye(n_out)[rng.integers(0, n_out, n)]
    return ToyData(x[:n_train], y[:n_train], x[n_train:], y[n_train:])


@pytest.fixture
def data() -> ToyData:
    """23 training examples for a [3, ., 2] network: 23 is prime, so the last batch is partial."""
    return toy_data(3, 2, 23)


def assert_close_relative(got: Array, want: Array, rel: float = 1e-12) -> None:
    """Agreement to ``rel`` relative to the array's scale.

    Elementwise relative error is no measure for an entry that is a sum which
    nearly cancels (a 1e-17 difference on 3.6e-6, found by hypothesis): the
    matrix and the loop add in different orders, so compare to the largest
    entry's size instead.
    """
    np.testing.assert_allclose(got, want, rtol=rel, atol=rel * float(np.abs(want).max()))
