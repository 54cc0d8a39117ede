"""The confusion matrix against a count done by hand, and the trainer's epoch event carrying it."""

from __future__ import annotations

import numpy as np
import pytest

from app.core.metrics import as_confusion, class_accuracy, confusion_matrix
from app.core.network import Network
from app.core.trainer import Trainer

from .conftest import ToyData


def counted(outputs: np.ndarray, ys: np.ndarray) -> list[list[int]]:
    """The confusion matrix by a plain loop over the examples."""
    k = ys.shape[1]
    table = [[0] * k for _ in range(k)]
    for output, y in zip(outputs, ys, strict=True):
        table[int(np.argmax(y))][int(np.argmax(output))] += 1
    return table


def test_confusion_matrix_equals_a_count_by_hand() -> None:
    rng = np.random.default_rng(3)
    outputs = rng.random((200, 4))
    ys = np.eye(4)[rng.integers(0, 4, 200)]
    matrix = confusion_matrix(outputs, ys)
    assert matrix.tolist() == counted(outputs, ys)
    assert matrix.sum() == 200
    assert np.trace(matrix) == np.sum(np.argmax(outputs, 1) == np.argmax(ys, 1))


def test_class_accuracy_is_the_diagonal_over_each_row() -> None:
    confusion = as_confusion(np.array([[3, 1, 0], [0, 0, 0], [2, 2, 4]]))
    assert class_accuracy(confusion) == [0.75, None, 0.5]


def test_confusion_refuses_mismatched_shapes() -> None:
    with pytest.raises(ValueError, match="outputs"):
        confusion_matrix(np.zeros((3, 2)), np.zeros((3, 3)))


def test_each_epoch_event_carries_the_test_sets_confusion(data: ToyData) -> None:
    t = Trainer(Network([3, 5, 2], seed=2), data, batch_size=4, seed=1)
    (epoch,) = [e for e in t.step("epoch") if e.type == "epoch"]
    outputs = np.array([t.network.feedforward(x) for x in data.x_test])
    assert epoch.confusion is not None
    assert [list(row) for row in epoch.confusion] == counted(outputs, data.y_test)
    correct = sum(epoch.confusion[i][i] for i in range(2))
    assert correct / len(data.x_test) == pytest.approx(epoch.test_accuracy)
    assert t.history.epochs[-1].confusion == epoch.confusion
