"""The step machine: mini-batch SGD over a dataset, one example at a time.

:class:`Trainer` walks the book's ``SGD`` loop with a cursor (epoch,
mini-batch, example) so that training can stop after any example and go
on later. ``step(unit, count)`` advances by examples, mini-batches or
epochs, in any mix, and returns the plain events of :mod:`app.core.events`.
It never touches a socket or a thread: the server drives it.

Two update modes:

* ``"batch"`` (the book): every example's gradient is taken at the same
  weights; their sum moves the weights once, at the end of the mini-batch;
* ``"per_example"``: the weights move after each example by −(η/m)·its
  gradient, so the next gradient is taken at the moved weights.
"""

from __future__ import annotations

import math
import operator
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from app.core.activations import Array
from app.core.edits import EditConflict, check_edit, edited
from app.core.events import EditEvent, EpochEvent, Event, ExampleEvent, UpdateEvent
from app.core.metrics import Confusion, as_confusion, confusion_matrix
from app.core.network import Network
from app.core.trace import BatchTrace, split, trace_batch

IntArray = NDArray[np.int64]
UNITS = ("example", "batch", "epoch")
EVAL_FLOATS = 1 << 21  # the most floats one layer holds while evaluate() runs a chunk
MODES = ("batch", "per_example")


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
class UpdateRecord:
    """One line of the training history: the mean cost of a finished mini-batch."""

    seq: int
    epoch: int
    batch: int
    cost: float


@dataclass(frozen=True)
class BatchStart:
    """A mini-batch and the parameters it starts from (:meth:`Trainer.batch_rows`).

    ``rows`` are its training-set indices, in order; ``weights``/``biases``
    the network's parameters when its first example was taken (arrays that
    training replaces, never changes); ``eta`` and ``m`` the values its
    steps use, −(η/m)·∇ per example.
    """

    epoch: int
    batch: int
    rows: IntArray
    weights: list[Array]
    biases: list[Array]
    eta: float
    m: int


@dataclass
class History:
    """Every mini-batch's mean cost, every epoch's metrics and every edit by hand, in order."""

    updates: list[UpdateRecord] = field(default_factory=list)
    epochs: list[EpochEvent] = field(default_factory=list)
    edits: list[EditEvent] = field(default_factory=list)


@dataclass
class Cursor:
    """Where training is: ``index`` is the next example of mini-batch ``batch``.

    ``pos`` is where that mini-batch starts in the epoch's shuffled order.
    """

    epoch: int = 0
    batch: int = 0
    index: int = 0
    pos: int = 0


def gradient_step(
    params: list[Array], nablas: list[Array], step: float, decay: float = 1.0
) -> list[Array]:
    """New arrays ``decay·p − step·nabla``: the book's update with step = η/m.

    The result may overflow to inf when training diverges: callers check it.
    """
    with np.errstate(over="ignore", invalid="ignore"):
        if decay == 1.0:  # no L2 term: one product and one difference per layer
            return [p - step * g for p, g in zip(params, nablas, strict=True)]
        return [decay * p - step * g for p, g in zip(params, nablas, strict=True)]


def _all_finite(arrays: list[Array]) -> bool:
    return all(bool(np.isfinite(a).all()) for a in arrays)


class Trainer:
    """Mini-batch SGD over ``data`` for ``network``, driven a step at a time."""

    def __init__(
        self,
        network: Network,
        data: TrainingData,
        *,
        eta: float = 3.0,
        batch_size: int = 10,
        lmbda: float = 0.0,
        update: str = "batch",
        seed: int = 0,
    ) -> None:
        """``seed`` drives the shuffle of each epoch; the network was seeded on its own."""
        if data.x_train.shape[1:] != (network.sizes[0],):
            raise ValueError(
                f"inputs have shape {data.x_train.shape[1:]}, sizes[0] is {network.sizes[0]}"
            )
        if data.y_train.shape[1:] != (network.sizes[-1],):
            raise ValueError(
                f"targets have shape {data.y_train.shape[1:]}, sizes[-1] is {network.sizes[-1]}"
            )
        if update not in MODES:
            raise ValueError(f"unknown update {update!r}; choose from {list(MODES)}")
        self.network = network
        self.data = data
        self.n = len(data.x_train)
        self.update = update
        self.seed = seed
        self.eta, self.batch_size, self.lmbda = 0.0, 0, 0.0
        self.configure(eta=eta, batch_size=batch_size, lmbda=lmbda)
        self.cursor = Cursor()
        self.seq = 0
        self.updates = 0
        self.status = "ready"
        self.message = ""
        self.history = History()
        self._order = self._shuffle(0)
        self._trace: BatchTrace | None = None
        self._batch_eta = self.eta  # eta and m are fixed when a mini-batch starts
        self._m = 0
        self._start: BatchStart | None = None  # the mini-batch under way
        self._last: BatchStart | None = None  # the last one that finished
        # The network's weights then biases as one vector (trace.split's layout),
        # kept while the network holds views of it: a batch update is then one
        # operation. ``_decay`` is (decay, the vector that multiplies it).
        self._flat: Array | None = None
        self._flat_of: list[Array] = []
        self._decay: tuple[float, Array] | None = None

    def configure(
        self, *, eta: float | None = None, batch_size: int | None = None, lmbda: float | None = None
    ) -> None:
        """Change hyper-parameters; they take effect at the next mini-batch."""
        if eta is not None and not (math.isfinite(eta) and eta > 0):
            raise ValueError(f"eta must be a finite number > 0, got {eta}")
        if batch_size is not None and not 1 <= batch_size <= self.n:
            raise ValueError(f"batch_size must be between 1 and n_train={self.n}, got {batch_size}")
        if lmbda is not None and not (math.isfinite(lmbda) and lmbda >= 0):
            raise ValueError(f"lmbda must be a finite number >= 0, got {lmbda}")
        self.eta = self.eta if eta is None else float(eta)
        self.batch_size = self.batch_size if batch_size is None else int(batch_size)
        self.lmbda = self.lmbda if lmbda is None else float(lmbda)

    # -- where training is -------------------------------------------------

    @property
    def in_batch(self) -> bool:
        """True between the first example of a mini-batch and its update."""
        return self._trace is not None

    @property
    def current_batch_size(self) -> int:
        """m of the mini-batch under way, or of the next one."""
        return self._m if self.in_batch else min(self.batch_size, self.n - self.cursor.pos)

    @property
    def batches_per_epoch(self) -> int:
        """Mini-batches in the current epoch (the last one may be smaller)."""
        c = self.cursor
        if self.in_batch:
            return c.batch + 1 + math.ceil((self.n - c.pos - self._m) / self.batch_size)
        return c.batch + math.ceil((self.n - c.pos) / self.batch_size)

    def batch_rows(self, last: bool = False) -> BatchStart | None:
        """The current mini-batch (or, between two, the next one) and where it starts from.

        With ``last=True``: the last finished mini-batch instead (None before
        the first update). Training is not changed.
        """
        if last:
            return self._last
        if self._start is not None and self.in_batch:
            return self._start
        c, m = self.cursor, self.current_batch_size
        return BatchStart(
            c.epoch,
            c.batch,
            self._order[c.pos : c.pos + m].copy(),
            list(self.network.weights),
            list(self.network.biases),
            self.eta,
            m,
        )

    def examples_so_far(self) -> list[ExampleEvent]:
        """The example events of the mini-batch under way, 0 to ``index - 1``, as they were sent.

        Rebuilt from the mini-batch's trace, so a client that missed them (a page
        opened on a saved run, or reloaded) can show the mini-batch as it is. Their
        running sums come from a view of the trace with its own cache, so the sums
        training keeps are not touched. In ``per_example`` mode the weights after
        each example are not kept: those events carry none. [] between mini-batches.
        """
        trace, c = self._trace, self.cursor
        if trace is None or c.index == 0:
            return []
        view = BatchTrace(trace.activations, trace.deltas, trace.ys, trace.costs, filled=c.index)
        first_seq = self.seq - c.index + 1  # a mini-batch's examples are consecutive events
        return [
            ExampleEvent(
                seq=first_seq + k,
                epoch=c.epoch,
                batch=c.batch,
                index=k,
                batch_size=self._m,
                sample=int(self._order[c.pos + k]),
                cost=float(trace.costs[k]),
                trace=view,
            )
            for k in range(c.index)
        ]

    def _shuffle(self, epoch: int) -> IntArray:
        """The order of the training examples in ``epoch``: a seeded permutation."""
        return np.random.default_rng([self.seed, epoch]).permutation(self.n)

    # -- stepping ------------------------------------------------------------

    def step(self, unit: str = "example", count: int = 1, *, emit: bool = True) -> list[Event]:
        """Advance ``count`` units (``example``, ``batch`` or ``epoch``) and return the events.

        With ``emit=False`` (fast-forward) only the epoch events are returned
        and no example or update event is built; the training is the same.
        Stepping stops early, with ``status == "diverged"``, if the weights
        would become non-finite.
        """
        if unit not in UNITS:
            raise ValueError(f"unknown unit {unit!r}; choose from {list(UNITS)}")
        if count < 0:
            raise ValueError(f"count must be >= 0, got {count}")
        events: list[Event] = []
        for _ in range(count):
            epoch = self.cursor.epoch
            while self.status == "ready":
                batch_done = self._advance(events, emit, whole_batch=unit != "example")
                if (
                    unit == "example"
                    or (unit == "batch" and batch_done)
                    or self.cursor.epoch != epoch
                ):
                    break
        return events

    def _advance(self, events: list[Event], emit: bool, whole_batch: bool) -> bool:
        """Process one example (or, fast-forwarding, the rest of the batch); True at its end."""
        fast = whole_batch and not emit and self.update == "batch"
        if self._trace is None:
            # Fast-forward needs no check of the trace: no event shows it, and a
            # non-finite gradient makes the update non-finite, which is checked.
            self._begin_batch(check=not fast)
            if self._trace is None:  # diverged
                return False
        if fast:
            # The trace already holds every example: skip to the end of the
            # batch, counting the example events that were not built.
            self.seq += self._m - self.cursor.index
            self.cursor.index = self._m
        elif not self._example(self._trace, events, emit):
            return False
        if self.cursor.index < self._m:
            return False
        self._finish_batch(self._trace, events, emit)
        return True

    def _begin_batch(self, check: bool = True) -> None:
        c = self.cursor
        self._m = min(self.batch_size, self.n - c.pos)
        self._batch_eta = self.eta
        rows = self._order[c.pos : c.pos + self._m]
        net = self.network
        self._start = BatchStart(
            c.epoch, c.batch, rows.copy(), list(net.weights), list(net.biases), self.eta, self._m
        )
        if self.update == "batch":
            # All m gradients are taken at the same weights: do them at once.
            trace = trace_batch(self.network, self.data.x_train[rows], self.data.y_train[rows])
            if check and not trace.is_finite():
                self._diverge("the gradient of this mini-batch is not finite")
                return
            self._trace = trace
        else:
            self._trace = BatchTrace.empty(self.network.sizes, self._m)

    def _example(self, trace: BatchTrace, events: list[Event], emit: bool) -> bool:
        """Process example ``index`` of the mini-batch; False if training diverged."""
        c, net = self.cursor, self.network
        k = c.index
        sample = int(self._order[c.pos + k])
        weights = biases = None
        if self.update == "per_example":
            row = trace_batch(
                net, self.data.x_train[sample : sample + 1], self.data.y_train[sample : sample + 1]
            )
            nabla_b = [d[0] for d in row.deltas]
            nabla_w = [
                np.outer(d[0], a[0]) for d, a in zip(row.deltas, row.activations, strict=False)
            ]
            step, decay = (
                self._batch_eta / self._m,
                1 - self._batch_eta * self.lmbda / (self.n * self._m),
            )
            weights = gradient_step(net.weights, nabla_w, step, decay)
            biases = gradient_step(net.biases, nabla_b, step)
            if not (row.is_finite() and _all_finite(weights) and _all_finite(biases)):
                self._diverge(f"the step for example {k + 1} would make the weights non-finite")
                return False
            trace.fill(k, row)
            net.weights, net.biases = weights, biases
            self.updates += 1
        self.seq += 1
        c.index += 1
        if emit:
            events.append(
                ExampleEvent(
                    seq=self.seq,
                    epoch=c.epoch,
                    batch=c.batch,
                    index=k,
                    batch_size=self._m,
                    sample=sample,
                    cost=float(trace.costs[k]),
                    trace=trace,
                    weights=weights,
                    biases=biases,
                )
            )
        return True

    def _finish_batch(self, trace: BatchTrace, events: list[Event], emit: bool) -> None:
        c, net = self.cursor, self.network
        if self.update == "batch":
            if not self._update(trace, keep_gradient=emit):
                c.index = 0
                self._trace = None
                self._diverge("the update would make the weights non-finite")
                return
            self.updates += 1
        self.seq += 1
        cost = float(np.add.reduce(trace.costs)) / self._m  # the mean, as np.mean computes it
        self.history.updates.append(UpdateRecord(self.seq, c.epoch, c.batch, cost))
        if emit:
            nabla_b, nabla_w = trace.gradient()
            events.append(
                UpdateEvent(
                    seq=self.seq,
                    epoch=c.epoch,
                    batch=c.batch,
                    batch_size=self._m,
                    eta=self._batch_eta,
                    lmbda=self.lmbda,
                    mode=self.update,
                    cost=cost,
                    nabla_b=nabla_b,
                    nabla_w=nabla_w,
                    weights=net.weights,
                    biases=net.biases,
                )
            )
        self._trace = None
        self._last = self._start
        c.pos += self._m
        c.batch += 1
        c.index = 0
        if c.pos >= self.n:
            self._finish_epoch(events)

    def _update(self, trace: BatchTrace, keep_gradient: bool) -> bool:
        """The update w → (1 − ηλ/n)·w − (η/m)·nabla_w, b → b − (η/m)·nabla_b; False if not finite.

        Done on all layers at once: the parameters and the gradient as one
        vector each, the same arithmetic element by element as
        :func:`gradient_step` on each array. Unless the gradient is kept for
        an event, the new parameters are written over it.
        """
        net, sizes = self.network, self.network.sizes
        arrays = [*net.weights, *net.biases]
        flat = self._flat
        if flat is None or not all(map(operator.is_, arrays, self._flat_of)):
            # the first update, or the network's arrays were replaced from outside
            flat = np.concatenate([a.ravel() for a in arrays])
        step, decay = self._batch_eta / self._m, 1 - self._batch_eta * self.lmbda / self.n
        nabla = trace.flat_gradient(sizes, keep=keep_gradient)
        with np.errstate(over="ignore", invalid="ignore"):
            kept = flat if decay == 1.0 else flat * self._decay_vector(decay)
            if keep_gradient:
                new = kept - step * nabla
            else:  # −(η/m)·nabla + kept: the same numbers as kept − (η/m)·nabla
                new = np.multiply(nabla, -step, out=nabla)
                new += kept
        if not np.isfinite(new).all():
            return False
        net.weights, net.biases = split(new, sizes)
        self._flat, self._flat_of = new, [*net.weights, *net.biases]
        return True

    def _decay_vector(self, decay: float) -> Array:
        """``decay`` for every weight and 1 for every bias, in :func:`split`'s layout."""
        if self._decay is None or self._decay[0] != decay:
            weights = sum(w.size for w in self.network.weights)
            vector = np.ones(weights + sum(b.size for b in self.network.biases))
            vector[:weights] = decay
            self._decay = (decay, vector)
        return self._decay[1]

    def _finish_epoch(self, events: list[Event]) -> None:
        c = self.cursor
        train = self.evaluate(self.data.x_train, self.data.y_train)
        test = self.evaluate(self.data.x_test, self.data.y_test)
        finite = all(math.isfinite(v) for v in (*train, *test))
        if not finite:  # said before the cursor moves on, so the message names this epoch
            self._diverge(
                "the cost is not finite",
                where=f"the end of epoch {c.epoch + 1}",
                kept="The weights are those after the epoch's last update.",
            )
        last_batch = c.batch - 1
        c.epoch, c.batch, c.pos = c.epoch + 1, 0, 0
        self._order = self._shuffle(c.epoch)
        if not finite:
            return
        self.seq += 1
        event = EpochEvent(
            self.seq, c.epoch - 1, last_batch, *train, *test, confusion=self.test_confusion()
        )
        self.history.epochs.append(event)
        events.append(event)

    def evaluate(self, xs: Array, ys: Array) -> tuple[float, float]:
        """Mean cost (plus the L2 term when lmbda > 0) and accuracy over rows ``xs``, ``ys``."""
        if len(xs) == 0:
            return 0.0, 0.0
        with np.errstate(over="ignore", invalid="ignore"):
            # in chunks: a wide layer times 50,000 rows would not fit at once
            a = self.network.feedforward_rows(xs, EVAL_FLOATS)
            cost = float(np.mean(self.network.cost.fn(a, ys)))
            if self.lmbda > 0:  # network2.py's total_cost adds ½(λ/n)Σw²
                weights = self.network.weights
                cost += 0.5 * (self.lmbda / self.n) * sum(float(np.sum(w * w)) for w in weights)
        accuracy = float(np.mean(np.argmax(a, axis=1) == np.argmax(ys, axis=1)))
        return cost, accuracy

    def test_confusion(self) -> Confusion | None:
        """The confusion matrix of the test set at the current weights (None without one)."""
        xs, ys = self.data.x_test, self.data.y_test
        if len(xs) == 0:
            return None
        with np.errstate(over="ignore", invalid="ignore"):
            outputs = self.network.feedforward_rows(xs, EVAL_FLOATS)
        return as_confusion(confusion_matrix(outputs, ys))

    def edit(self, layer: int, kind: str, row: int, col: int | None, value: float) -> EditEvent:
        """Set ``weights[layer][row][col]`` or ``biases[layer][row]`` to ``value``.

        Only between two mini-batches: every gradient of a mini-batch is taken
        at the weights it started from (in ``per_example`` mode, at the weights
        the previous examples' steps left), so an edit in the middle would
        leave its first examples at weights that are no longer the network's.
        Raises :class:`EditConflict` then, and ValueError (its message starting
        with the field at fault) for an index out of range or a bad value.
        """
        check_edit(self.network.sizes, layer, kind, row, col, value)
        if self.in_batch:
            c = self.cursor
            raise EditConflict(
                f"mini-batch {c.batch + 1} of epoch {c.epoch + 1} is under way "
                f"(example {c.index} of {self._m} done): finish it (step by batch) before an edit"
            )
        net = self.network
        if kind == "weight":
            net.weights, old = edited(net.weights, layer, row, col, value)
        else:
            net.biases, old = edited(net.biases, layer, row, None, value)
        self.seq += 1
        c = self.cursor
        event = EditEvent(self.seq, c.epoch, c.batch, c.index, layer, kind, row, col, old, value)
        self.history.edits.append(event)
        return event

    def _diverge(
        self, why: str, where: str = "", kept: str = "The weights are those before that step."
    ) -> None:
        c = self.cursor
        where = where or f"epoch {c.epoch + 1}, mini-batch {c.batch + 1}"
        self.status = "diverged"
        self.message = (
            f"Training stopped at {where}: {why}. "
            f"{kept} Try a smaller eta (now {self.eta:g}) and reset."
        )
