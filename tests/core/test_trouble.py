"""Training gone wrong with every number finite (app/core/trouble.py), on the runs the issue saw."""

from __future__ import annotations

import numpy as np
import pytest

from app.core import datasets
from app.core.network import Network
from app.core.trainer import Trainer
from app.core.trouble import trouble


def first_epochs(activation: str, eta: float, epochs: int = 3) -> list[str]:
    """The warning of each of the first epochs on moons [2, 4, 2], m = 10."""
    data = datasets.load("moons", n_train=200, n_test=100, seed=0)
    net = Network([2, 4, 2], activation=activation, seed=0)
    trainer = Trainer(net, data, eta=eta, batch_size=10, seed=0)
    events = trainer.step("epoch", epochs)
    assert trainer.status == "ready"  # nothing overflowed: the overflow check says nothing
    return [e.warning for e in events if e.type == "epoch"]


@pytest.mark.parametrize(
    ("activation", "eta", "said"),
    [("sigmoid", 1000.0, "pinned at 0 or 1"), ("relu", 1e6, "outputs 0 for every input")],
)
def test_a_stuck_network_is_said_from_its_first_epoch(
    activation: str, eta: float, said: str
) -> None:
    warnings = first_epochs(activation, eta)
    assert all("the same output" in w and said in w and "smaller η" in w for w in warnings)


@pytest.mark.parametrize(("activation", "eta"), [("sigmoid", 3.0), ("relu", 0.5), ("sigmoid", 0.0)])
def test_a_network_that_learns_or_rests_gets_no_warning(activation: str, eta: float) -> None:
    assert first_epochs(activation, eta, epochs=5) == ["", "", "", "", ""]


def test_huge_weights_are_said_with_their_size() -> None:
    outputs = np.random.default_rng(0).random((20, 2))  # outputs that vary: not stuck
    weights = [np.array([[1.0, -4e21]]), np.ones((2, 1))]
    said = trouble(outputs, weights, "relu", 1e6)
    assert "huge (up to 4.0e+21)" in said and "η = 1e+06" in said
    assert trouble(outputs, [np.ones((2, 2))], "relu", 1e6) == ""
