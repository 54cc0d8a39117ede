"""Classification metrics from a network's outputs: the confusion matrix.

The network's class for an input is the index of its largest output
(``argmax``), as ``evaluate`` in the book's network.py takes it; the true
class is the index of the one in its one-hot target.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from app.core.activations import Array
from app.core.network import Network

EVAL_FLOATS = 1 << 21  # the most floats one layer holds while evaluate() runs a chunk

Confusion = tuple[tuple[int, ...], ...]
"""``confusion[i][j]``: how many examples of class ``i`` the network put in class ``j``."""


def confusion_matrix(outputs: Array, ys: Array) -> NDArray[np.int64]:
    """Counts of (true class, predicted class), shape ``(k, k)`` for ``k = sizes[-1]`` outputs.

    ``outputs`` and ``ys`` have shape ``(n, k)``; row ``i`` of the result
    sums to the number of examples of class ``i``, and its trace is the
    number classified right.
    """
    if outputs.shape != ys.shape or outputs.ndim != 2:
        raise ValueError(f"outputs {outputs.shape} and targets {ys.shape} must both be (n, k)")
    k = ys.shape[1]
    true, predicted = np.argmax(ys, axis=1), np.argmax(outputs, axis=1)
    counts = np.bincount(true * k + predicted, minlength=k * k)
    return counts.reshape(k, k).astype(np.int64)


def as_confusion(counts: NDArray[np.int64]) -> Confusion:
    """The matrix as nested tuples of ints: immutable, and plain JSON on the wire."""
    return tuple(tuple(int(c) for c in row) for row in counts)


def class_accuracy(confusion: Confusion) -> list[float | None]:
    """Per class ``i``: the share of its examples classed right (None when it has none)."""
    return [row[i] / sum(row) if sum(row) else None for i, row in enumerate(confusion)]


def evaluate(
    network: Network, xs: Array, ys: Array, lmbda: float = 0.0, n: int = 1
) -> tuple[float, float, Array | None]:
    """Mean cost, accuracy and the outputs over rows ``xs``, ``ys`` (0, 0, None for no rows).

    With ``lmbda > 0`` the cost adds network2.py's L2 term ½(λ/n)Σw², ``n``
    being the size of the training set.
    """
    if len(xs) == 0:
        return 0.0, 0.0, None
    with np.errstate(over="ignore", invalid="ignore"):
        # in chunks: a wide layer times 50,000 rows would not fit at once
        a = network.feedforward_rows(xs, EVAL_FLOATS)
        cost = float(np.mean(network.cost.fn(a, ys)))
        if lmbda > 0:
            cost += 0.5 * (lmbda / n) * sum(float(np.sum(w * w)) for w in network.weights)
    accuracy = float(np.mean(np.argmax(a, axis=1) == np.argmax(ys, axis=1)))
    return cost, accuracy, a
