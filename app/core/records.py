"""What the step machine works on and leaves behind: its data, cursor and history.

Plain records, no behaviour: :class:`TrainingData` is what a
:class:`~app.core.trainer.Trainer` trains on, :class:`Cursor` where it is,
:class:`BatchStart` a mini-batch and the parameters it starts from, and
:class:`History` every mini-batch's cost, epoch's metrics, edit by hand and change of
η, m or λ.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from app.core.activations import Array
from app.core.events import EditEvent, EpochEvent
from app.core.updates import UpdateRecord as UpdateRecord
from app.core.updates import Updates

IntArray = NDArray[np.int64]


class TrainingData(Protocol):
    """Rows of inputs ``(n, sizes[0])`` and one-hot targets ``(n, sizes[-1])``."""

    @property
    def x_train(self) -> Array: ...
    @property
    def y_train(self) -> Array: ...
    @property
    def x_test(self) -> Array: ...
    @property
    def y_test(self) -> Array: ...


@dataclass(frozen=True)
class BatchStart:
    """A mini-batch and the parameters it starts from (:meth:`Trainer.batch_start`).

    ``rows`` are its training-set indices, in order; ``weights``/``biases``
    the network's parameters when its first example was taken (arrays that
    training replaces, never changes); ``eta``, ``m`` and ``lmbda`` the values its
    steps use, −(η/m)·∇ per example and the decay 1 − ηλ/n.
    """

    epoch: int
    batch: int
    rows: IntArray
    weights: list[Array]
    biases: list[Array]
    eta: float
    m: int
    lmbda: float = 0.0


@dataclass(frozen=True)
class ChangeRecord:
    """η, m and λ changed during a run: the values in force from mini-batch ``batch`` of
    ``epoch`` on, which is mini-batch number ``update + 1`` of the run (``update`` of them
    had finished or were under way when the change was made). ``seq`` is the last event's."""

    seq: int
    epoch: int
    batch: int
    update: int
    eta: float
    batch_size: int
    lmbda: float


@dataclass
class History:
    """Every mini-batch's mean cost, every epoch's metrics, every edit by hand and every
    change of η, m or λ, in order.

    The updates, by far the most records, are kept as columns (:class:`Updates`).
    """

    updates: Updates = field(default_factory=Updates)
    epochs: list[EpochEvent] = field(default_factory=list)
    edits: list[EditEvent] = field(default_factory=list)
    changes: list[ChangeRecord] = field(default_factory=list)


@dataclass
class Cursor:
    """Where training is: ``index`` is the next example of mini-batch ``batch``.

    ``pos`` is where that mini-batch starts in the epoch's shuffled order.
    """

    epoch: int = 0
    batch: int = 0
    index: int = 0
    pos: int = 0
