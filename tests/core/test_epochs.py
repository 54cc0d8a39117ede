"""The end of an epoch (app/core/epochs.py), against a plain loop over the examples."""

from __future__ import annotations

import numpy as np

from app.core.epochs import confusion_of, epoch_event
from app.core.network import Network

from .conftest import ToyData


def plain(
    network: Network, xs: np.ndarray, ys: np.ndarray, lmbda: float, n: int
) -> tuple[float, float]:
    """The book's way: one example at a time, its quadratic cost ½‖a − y‖², argmax for the class."""
    costs, right = [], 0
    for x, y in zip(xs, ys, strict=True):
        a = network.feedforward(x)
        costs.append(0.5 * float(np.sum((a - y) ** 2)))
        right += int(np.argmax(a) == np.argmax(y))
    l2 = 0.5 * (lmbda / n) * sum(float(np.sum(w * w)) for w in network.weights)
    return sum(costs) / len(costs) + l2, right / len(costs)


def test_the_epoch_event_holds_the_sets_costs_accuracies_and_confusion(data: ToyData) -> None:
    net, n = Network([3, 4, 2], seed=2), len(data.x_train)
    event = epoch_event(9, 1, 4, net, data, 0.5, n)
    assert event is not None and (event.seq, event.epoch, event.batch) == (9, 1, 4)
    train = plain(net, data.x_train, data.y_train, 0.5, n)
    # network2's total_cost(test_data, lmbda): the L2 term over the TEST set's size
    test = plain(net, data.x_test, data.y_test, 0.5, len(data.x_test))
    assert len(data.x_test) != n
    np.testing.assert_allclose((event.train_cost, event.train_accuracy), train, rtol=1e-12)
    np.testing.assert_allclose((event.test_cost, event.test_accuracy), test, rtol=1e-12)
    assert event.confusion is not None
    assert sum(map(sum, event.confusion)) == len(data.x_test)
    assert sum(event.confusion[i][i] for i in range(2)) == round(test[1] * len(data.x_test))


def test_a_cost_that_is_not_finite_gives_no_event(data: ToyData) -> None:
    net = Network([3, 4, 2], seed=2)
    net.weights = [w * np.inf for w in net.weights]
    assert epoch_event(1, 0, 0, net, data, 0.0, len(data.x_train)) is None


def test_no_test_set_no_confusion(data: ToyData) -> None:
    assert confusion_of(None, data) is None
