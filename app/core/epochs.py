"""The end of an epoch: the cost and accuracy on the training and test sets, and the confusion.

What network2.py's ``SGD`` monitors after each epoch (``monitor_training_cost``
and the others), at the weights the epoch's last update left: the mean cost
over the whole set (with the L2 term when λ > 0) and the share classified
right, for the training set and the test set, and the test set's confusion
matrix (:mod:`app.core.metrics`).
"""

from __future__ import annotations

import math

from app.core.activations import Array
from app.core.events import EpochEvent
from app.core.metrics import Confusion, as_confusion, confusion_matrix, evaluate
from app.core.network import Network
from app.core.records import TrainingData


def epoch_event(
    seq: int, epoch: int, batch: int, network: Network, data: TrainingData, lmbda: float, n: int
) -> EpochEvent | None:
    """The event of epoch ``epoch`` (its last mini-batch ``batch``); None if a cost is not finite.

    ``n`` is the size of the training set, for the L2 term ½(λ/n)Σw².
    """
    train = evaluate(network, data.x_train, data.y_train, lmbda, n)[:2]
    test_cost, test_accuracy, outputs = evaluate(network, data.x_test, data.y_test, lmbda, n)
    if not all(math.isfinite(v) for v in (*train, test_cost, test_accuracy)):
        return None
    confusion = confusion_of(outputs, data)
    return EpochEvent(seq, epoch, batch, *train, test_cost, test_accuracy, confusion=confusion)


def confusion_of(outputs: Array | None, data: TrainingData) -> Confusion | None:
    """The test set's confusion matrix from the network's ``outputs`` on it (None: no test set)."""
    if outputs is None:
        return None
    return as_confusion(confusion_matrix(outputs, data.y_test))
