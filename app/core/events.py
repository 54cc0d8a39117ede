"""The plain event objects the step machine returns.

Three kinds, in the order training makes them: an :class:`ExampleEvent` for
each example of a mini-batch, one :class:`UpdateEvent` when the mini-batch
ends, and an :class:`EpochEvent` after the last mini-batch of an epoch.
A fourth, :class:`EditEvent`, is a weight or a bias set by hand between two
mini-batches. ``epoch``, ``batch`` and ``index`` count from 0.

An example event holds a reference to its mini-batch's :class:`BatchTrace`
and builds its gradient arrays only when they are read, so a caller that
never reads them (fast-forward) never pays for them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from app.core.activations import Array
from app.core.metrics import Confusion
from app.core.trace import BatchTrace


@dataclass(frozen=True, init=False)
class ExampleEvent:
    """Example ``index`` of mini-batch ``batch`` went through backprop.

    ``sample`` is its row in the training set. In ``per_example`` mode the
    weights moved right after it: ``weights``/``biases`` are the new ones
    (``None`` in ``batch`` mode, where nothing moves until the update).
    """

    type: ClassVar[str] = "example"
    seq: int
    epoch: int
    batch: int
    index: int
    batch_size: int
    sample: int
    cost: float
    trace: BatchTrace = field(repr=False, compare=False)
    weights: list[Array] | None = field(default=None, repr=False, compare=False)
    biases: list[Array] | None = field(default=None, repr=False, compare=False)

    def __init__(
        self,
        seq: int,
        epoch: int,
        batch: int,
        index: int,
        batch_size: int,
        sample: int,
        cost: float,
        trace: BatchTrace,
        weights: list[Array] | None = None,
        biases: list[Array] | None = None,
    ) -> None:
        """The fields in order, as the dataclass's own ``__init__`` takes them.

        Written out because a frozen dataclass sets each field through
        ``object.__setattr__``: three times slower, and every example makes one.
        """
        d = self.__dict__
        d["seq"], d["epoch"], d["batch"], d["index"] = seq, epoch, batch, index
        d["batch_size"], d["sample"], d["cost"], d["trace"] = batch_size, sample, cost, trace
        d["weights"], d["biases"] = weights, biases

    @property
    def x(self) -> Array:
        """The input, shape ``(sizes[0],)``."""
        x: Array = self.trace.activations[0][self.index]
        return x

    @property
    def y(self) -> Array:
        """The target, shape ``(sizes[-1],)`` (one-hot)."""
        y: Array = self.trace.ys[self.index]
        return y

    @property
    def output(self) -> Array:
        """The network's output for ``x``, at the weights its gradient was taken at."""
        output: Array = self.trace.activations[-1][self.index]
        return output

    # Cached by hand, not with functools.cached_property: on Python 3.11 that takes one lock
    # shared by every instance of the class, so the steps of all sessions, each in its own
    # worker thread, would queue on it.
    @property
    def _delta(self) -> tuple[list[Array], list[Array]]:
        if "_delta_cache" not in self.__dict__:
            self.__dict__["_delta_cache"] = self.trace.example_gradient(self.index)
        delta: tuple[list[Array], list[Array]] = self.__dict__["_delta_cache"]
        return delta

    @property
    def _running(self) -> tuple[list[Array], list[Array]]:
        if "_running_cache" not in self.__dict__:
            self.__dict__["_running_cache"] = self.trace.sum_gradient(self.index + 1)
        running: tuple[list[Array], list[Array]] = self.__dict__["_running_cache"]
        return running

    @property
    def delta_nabla_b(self) -> list[Array]:
        """This example's gradient with respect to the biases."""
        return self._delta[0]

    @property
    def delta_nabla_w(self) -> list[Array]:
        """This example's gradient for the weights: ``delta_nabla_w[l]`` is like ``weights[l]``."""
        return self._delta[1]

    @property
    def nabla_b(self) -> list[Array]:
        """The running sum of ``delta_nabla_b`` over examples 0..index of this mini-batch."""
        return self._running[0]

    @property
    def nabla_w(self) -> list[Array]:
        """The running sum of ``delta_nabla_w`` over examples 0..index of this mini-batch."""
        return self._running[1]


@dataclass(frozen=True)
class UpdateEvent:
    """The end of a mini-batch of ``batch_size`` examples.

    ``nabla_b``/``nabla_w`` are the sums of the examples' gradients and
    ``weights``/``biases`` the values after the update. In ``batch`` mode the
    weights moved here, once, by −(η/m)·nabla_w (and the L2 decay); in
    ``per_example`` mode they already moved after each example.
    """

    type: ClassVar[str] = "update"
    seq: int
    epoch: int
    batch: int
    batch_size: int
    eta: float
    lmbda: float
    mode: str
    cost: float
    nabla_b: list[Array] = field(repr=False, compare=False)
    nabla_w: list[Array] = field(repr=False, compare=False)
    weights: list[Array] = field(repr=False, compare=False)
    biases: list[Array] = field(repr=False, compare=False)


@dataclass(frozen=True)
class EpochEvent:
    """The end of an epoch: cost and accuracy on the training and test sets.

    ``confusion[i][j]`` counts the test examples of class ``i`` that the
    network put in class ``j`` (its largest output); ``None`` when not taken.
    """

    type: ClassVar[str] = "epoch"
    seq: int
    epoch: int
    batch: int
    train_cost: float
    train_accuracy: float
    test_cost: float
    test_accuracy: float
    confusion: Confusion | None = field(default=None, repr=False, compare=False)
    seconds: float | None = field(default=None, compare=False, metadata={"record": False})
    """Time spent training this epoch (its steps, without this evaluation); None if not timed.

    Sent with the live event only: the history and a saved run leave it out (the clock
    would make two identical runs differ).
    """
    warning: str = field(default="", compare=False, metadata={"record": "if set"})
    """What went wrong though every number is finite (:mod:`app.core.trouble`), or "".

    Kept in the history when set (a record without it reads as ""): a session restored or
    reopened says it as the live one did, and a run that went well is saved as before.
    """


@dataclass(frozen=True)
class EditEvent:
    """``weights[layer][row][col]`` (``kind="weight"``) or ``biases[layer][row]`` set by hand.

    ``old`` and ``new`` are its values before and after; ``epoch``/``batch``
    are the cursor, the mini-batch whose gradients are taken at ``new``
    (``index`` is always 0: edits happen between mini-batches). ``col`` is
    ``None`` for a bias.
    """

    type: ClassVar[str] = "edit"
    seq: int
    epoch: int
    batch: int
    index: int
    layer: int
    kind: str
    row: int
    col: int | None
    old: float
    new: float


Event = ExampleEvent | UpdateEvent | EpochEvent | EditEvent
