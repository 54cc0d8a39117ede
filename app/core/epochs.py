"""The end of an epoch: the cost and accuracy on the training and test sets, and the confusion.

What network2.py's ``SGD`` monitors after each epoch (``monitor_training_cost``
and the others), at the weights the epoch's last update left: the mean cost
over the whole set (with the L2 term when λ > 0, over that set's size as network2's
``total_cost`` takes it) and the share classified
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
    seq: int,
    epoch: int,
    batch: int,
    network: Network,
    data: TrainingData,
    lmbda: float,
    n: int,
    seconds: float | None = None,
) -> EpochEvent | None:
    """The event of epoch ``epoch`` (its last mini-batch ``batch``, ``seconds`` spent training);
    None if a cost is not finite.

    The L2 term ½(λ/n)Σw² divides by the size of the set evaluated, as network2.py's
    ``total_cost(data, lmbda)`` does: ``n`` (the training set's size) for the training
    cost, the test set's size for the test cost.
    """
    train = evaluate(network, data.x_train, data.y_train, lmbda, n)[:2]
    n_test = len(data.x_test)
    test_cost, test_accuracy, outputs = evaluate(network, data.x_test, data.y_test, lmbda, n_test)
    if not all(math.isfinite(v) for v in (*train, test_cost, test_accuracy)):
        return None
    confusion = confusion_of(outputs, data)
    return EpochEvent(
        seq, epoch, batch, *train, test_cost, test_accuracy, confusion=confusion, seconds=seconds
    )


def confusion_of(outputs: Array | None, data: TrainingData) -> Confusion | None:
    """The test set's confusion matrix from the network's ``outputs`` on it (None: no test set)."""
    if outputs is None:
        return None
    return as_confusion(confusion_matrix(outputs, data.y_test))
