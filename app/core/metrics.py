"""Classification metrics from a network's outputs: the confusion matrix.

The network's class for an input is the index of its largest output
(``argmax``), as ``evaluate`` in the book's network.py takes it; the true
class is the index of the one in its one-hot target.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from app.core.activations import Array

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
