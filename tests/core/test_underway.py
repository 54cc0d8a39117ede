"""The mini-batch under way, rebuilt (Trainer.examples_so_far): the events as they were sent.

In per_example mode the weights after each example are rebuilt from the mini-batch's start;
they must equal, bit for bit, those the live step returned, with and without L2, after a
restore mid-mini-batch too. A hand-written loop (network2.py's update, one example at a time)
is the oracle for the numbers themselves.
"""

from __future__ import annotations

import numpy as np
import pytest

from app.core.events import ExampleEvent
from app.core.network import Network
from app.core.trainer import Trainer
from app.core.underway import weights_after_each

from .conftest import ToyData


def trainer(data: ToyData, mode: str = "per_example", lmbda: float = 0.0) -> Trainer:
    net = Network([3, 5, 4, 2], seed=4)
    return Trainer(net, data, eta=2.5, batch_size=6, lmbda=lmbda, update=mode, seed=9)


def examples(events: list[object]) -> list[ExampleEvent]:
    return [e for e in events if isinstance(e, ExampleEvent)]


def assert_same_weights(rebuilt: list[ExampleEvent], live: list[ExampleEvent]) -> None:
    assert rebuilt == live  # every scalar field
    for mine, theirs in zip(rebuilt, live, strict=True):
        assert mine.weights is not None and mine.biases is not None
        assert theirs.weights is not None and theirs.biases is not None
        for a, b in zip(mine.weights + mine.biases, theirs.weights + theirs.biases, strict=True):
            np.testing.assert_array_equal(a, b)
            assert a.tobytes() == b.tobytes()  # -0.0 and 0.0 too
        for a, b in zip(mine.delta_nabla_w, theirs.delta_nabla_w, strict=True):
            np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("lmbda", [0.0, 3.0])
@pytest.mark.parametrize("cut", [[1, 1, 1, 1, 1], [2, 3], [5]])
def test_the_weights_after_each_example_are_those_the_step_sent(
    data: ToyData, lmbda: float, cut: list[int]
) -> None:
    t = trainer(data, lmbda=lmbda)
    t.step("batch", 2)
    live: list[ExampleEvent] = []
    for count in cut:
        live += examples(t.step("example", count))
        assert_same_weights(t.examples_so_far(), live)
    assert t.cursor.index == 5 and t.cursor.batch == 2


@pytest.mark.parametrize("lmbda", [0.0, 3.0])
def test_a_restored_trainer_rebuilds_the_same_weights(data: ToyData, lmbda: float) -> None:
    t = trainer(data, lmbda=lmbda)
    t.step("epoch", 1)
    t.step("batch", 1)
    live = examples(t.step("example", 4))
    copy = trainer(data, lmbda=lmbda)
    copy.restore(t.state())
    assert_same_weights(copy.examples_so_far(), live)
    # and reading them changed nothing: both go on alike
    mine, theirs = examples(copy.step("batch")), examples(t.step("batch"))
    assert_same_weights(mine, theirs)


def test_the_weights_follow_the_books_step(data: ToyData) -> None:
    """Oracle: network2.py's update for one example, (1 − ηλ/(n·m))·w − (η/m)·∇, by hand."""
    eta, lmbda, m, n = 2.5, 3.0, 6, len(data.x_train)
    t = trainer(data, lmbda=lmbda)
    hand = Network([3, 5, 4, 2], seed=4)
    t.step("example", 4)
    rows = t.batch_start()
    assert rows is not None
    for e, sample in zip(t.examples_so_far(), rows.rows, strict=False):
        nabla_b, nabla_w = hand.backprop(data.x_train[sample], data.y_train[sample])
        decay = 1 - eta * lmbda / (n * m)
        hand.weights = [decay * w - eta / m * g for w, g in zip(hand.weights, nabla_w, strict=True)]
        hand.biases = [b - eta / m * g for b, g in zip(hand.biases, nabla_b, strict=True)]
        assert e.weights is not None and e.biases is not None
        for mine, theirs in zip(e.weights + e.biases, hand.weights + hand.biases, strict=True):
            np.testing.assert_allclose(mine, theirs, rtol=1e-12, atol=1e-14)


def test_no_weights_when_not_asked_or_in_batch_mode(data: ToyData) -> None:
    per_example, batch = trainer(data), trainer(data, mode="batch")
    for t in (per_example, batch):
        t.step("example", 3)
    assert all(e.weights is None for e in per_example.examples_so_far(weights=False))
    assert all(e.weights is None and e.biases is None for e in batch.examples_so_far())
    assert [e.cost for e in per_example.examples_so_far(weights=False)] == [
        e.cost for e in per_example.examples_so_far()
    ]


def test_between_mini_batches_there_is_nothing(data: ToyData) -> None:
    t = trainer(data)
    assert t.examples_so_far() == []
    t.step("batch")
    assert t.examples_so_far() == []


def test_events_out_of_order_are_refused(data: ToyData) -> None:
    t = trainer(data)
    t.step("example", 3)
    rows, events = t.batch_start(), t.examples_so_far(weights=False)
    assert rows is not None
    with pytest.raises(ValueError, match="in order"):
        weights_after_each(rows, events[1:], 2.5 / 6, 1.0)
