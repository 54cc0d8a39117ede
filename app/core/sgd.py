"""The step machine: mini-batch SGD over a dataset, one example at a time.

:class:`SGD` walks the book's ``SGD`` loop with a cursor (epoch,
mini-batch, example) so that training can stop after any example and go
on later. ``step(unit, count)`` advances by examples, mini-batches or
epochs, in any mix, and returns the plain events of :mod:`app.core.events`.
It never touches a socket or a thread: the server drives it. What the rest of
the program reads and sets besides (the state as a whole, the mini-batch under
way, an edit by hand) is :class:`~app.core.trainer.Trainer`'s, built on it.

Two update modes:

* ``"batch"`` (the book): every example's gradient is taken at the same
  weights; their sum moves the weights once, at the end of the mini-batch;
* ``"per_example"``: the weights move after each example by −(η/m)·its
  gradient, so the next gradient is taken at the moved weights.
"""

from __future__ import annotations

import time

import numpy as np

from app.core.bookrng import RNGS, BookShuffle
from app.core.checks import check_data, check_hyper
from app.core.epochs import epoch_event
from app.core.events import Event, ExampleEvent, UpdateEvent
from app.core.network import Network
from app.core.records import (
    BatchStart,
    ChangeRecord,
    Cursor,
    History,
    IntArray,
    TrainingData,
    UpdateRecord,
)
from app.core.trace import BatchTrace, all_finite, trace_rows
from app.core.underway import example_events
from app.core.update import FlatUpdate, example_factors, example_step

UNITS = ("example", "batch", "epoch")


class SGD:
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
        rng: str = "numpy",
    ) -> None:
        """``seed`` drives the shuffle of each epoch; the network was seeded on its own.

        ``rng="book"`` shuffles as network.py's ``SGD`` does after ``random.seed(seed)``
        (:class:`~app.core.bookrng.BookShuffle`); ``"numpy"``: ``default_rng([seed, epoch])``.
        """
        check_data(network, data, update)
        if rng not in RNGS:
            raise ValueError(f"unknown rng {rng!r}; choose from {list(RNGS)}")
        self.rng = rng
        self._book = BookShuffle(seed, len(data.x_train)) if rng == "book" else None
        self.network = network
        self.data = data
        self.n = len(data.x_train)
        self.update = update
        self.seed = seed
        check_hyper(eta, batch_size, lmbda, self.n)
        self.eta, self.batch_size, self.lmbda = float(eta), int(batch_size), float(lmbda)
        self._trace: BatchTrace | None = None  # the mini-batch under way's, between its steps
        self.cursor, self.seq, self.updates = Cursor(), 0, 0
        self.status, self.message = "ready", ""
        self.history = History()
        self._order = self._shuffle(0)
        self._batch_eta = self.eta  # eta, m and lmbda are fixed when a mini-batch starts
        self._batch_lmbda = self.lmbda
        self._m = 0
        self._start: BatchStart | None = None  # the mini-batch under way
        self._last: BatchStart | None = None  # the last one that finished
        self._flat_update = FlatUpdate()  # a batch update is one operation on one vector
        self._epoch_seconds = 0.0  # time spent stepping in this epoch so far
        self._mark = 0.0  # perf_counter() when the time since was last added to it

    def configure(
        self, *, eta: float | None = None, batch_size: int | None = None, lmbda: float | None = None
    ) -> None:
        """Change hyper-parameters (None: unchanged); they take effect at the next mini-batch.

        Any of them may change at any time: the mini-batch under way keeps its own η, m
        and λ. A change is kept in ``history.changes`` (:meth:`_record_change`);
        ValueError naming the field for a value out of range.
        """
        check_hyper(eta, batch_size, lmbda, self.n)
        before = (self.eta, self.batch_size, self.lmbda)
        self.eta = self.eta if eta is None else float(eta)
        self.batch_size = self.batch_size if batch_size is None else int(batch_size)
        self.lmbda = self.lmbda if lmbda is None else float(lmbda)
        if (self.eta, self.batch_size, self.lmbda) != before:
            self._record_change()

    def _record_change(self) -> None:
        """Note the values in force from the next mini-batch to start; a second change before
        it starts (at the same ``seq``) replaces the first."""
        c, finished = self.cursor, len(self.history.updates)
        epoch, batch = c.epoch, c.batch
        if self.in_batch:  # from the mini-batch after this one
            last = c.pos + self._m >= self.n
            epoch, batch = (epoch + 1, 0) if last else (epoch, batch + 1)
            finished += 1
        record = ChangeRecord(
            self.seq, epoch, batch, finished, self.eta, self.batch_size, self.lmbda
        )
        changes = self.history.changes
        if changes and changes[-1].seq == self.seq:
            changes[-1] = record
        else:
            changes.append(record)

    @property
    def in_batch(self) -> bool:
        """True between the first example of a mini-batch and its update."""
        return self._trace is not None

    def _shuffle(self, epoch: int) -> IntArray:
        """The order of the training examples in ``epoch``: rows of ``data.x_train``."""
        if self._book is not None:
            return self._book.order(epoch)
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
        self._mark = time.perf_counter()
        # Overflow is possible when training diverges, and is checked where it matters.
        with np.errstate(over="ignore", invalid="ignore"):
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
        self._epoch_seconds += time.perf_counter() - self._mark
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
        elif whole_batch and self.update == "batch":
            self._rest_of_batch(self._trace, events)
        elif not self._example(self._trace, events, emit):
            return False
        if self.cursor.index < self._m:
            return False
        self._finish_batch(self._trace, events, emit)
        return True

    def _next_start(self) -> BatchStart:
        """The next mini-batch, and the parameters, η and m it starts from.

        Its rows are a view of this epoch's order and its lists are the network's
        own: training replaces them, never changes them (a new order each epoch,
        new lists each update), so they need no copy.
        """
        c, net = self.cursor, self.network
        m = min(self.batch_size, self.n - c.pos)
        rows = self._order[c.pos : c.pos + m]
        return BatchStart(c.epoch, c.batch, rows, net.weights, net.biases, self.eta, m, self.lmbda)

    def _begin_batch(self, check: bool = True) -> None:
        start = self._start = self._next_start()
        self._m, self._batch_eta, self._batch_lmbda, rows = (
            start.m,
            start.eta,
            start.lmbda,
            start.rows,
        )
        if self.update == "batch":
            # All m gradients are taken at the same weights: do them at once.
            # take() gathers the rows in about half the time of fancy indexing here
            xs = self.data.x_train.take(rows, axis=0)
            ys = self.data.y_train.take(rows, axis=0)
            trace = trace_rows(self.network, xs, ys)
            if check and not trace.is_finite(inputs=False):
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
            row = trace_rows(
                net, self.data.x_train[sample : sample + 1], self.data.y_train[sample : sample + 1]
            )
            step, decay = example_factors(self._batch_eta, self._batch_lmbda, self.n, self._m)
            deltas, activations = [d[0] for d in row.deltas], [a[0] for a in row.activations]
            weights, biases = example_step(
                net.weights, net.biases, deltas, activations, step, decay
            )
            if not (row.is_finite(inputs=False) and all_finite(weights) and all_finite(biases)):
                self._diverge(f"the step for example {k + 1} would make the weights non-finite")
                return False
            trace.fill(k, row)
            net.weights, net.biases = weights, biases
            self.updates += 1
        self.seq += 1
        c.index += 1
        if emit:
            seq, m, cost = self.seq, self._m, float(trace.costs[k])
            events.append(
                ExampleEvent(seq, c.epoch, c.batch, k, m, sample, cost, trace, weights, biases)
            )
        return True

    def _rest_of_batch(self, trace: BatchTrace, events: list[Event]) -> None:
        """Batch mode, emitting: the events of the mini-batch's remaining examples at once.

        The same events as :meth:`_example` makes one by one: in batch mode no
        weight moves between them, and the trace holds every row already.
        """
        c, m, start = self.cursor, self._m, self._start
        assert start is not None  # set with the trace, by _begin_batch
        events += example_events(start, trace, c.index, m, self.seq + 1)
        self.seq += m - c.index
        c.index = m

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
                    lmbda=self._batch_lmbda,
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
        """The book's update for this mini-batch (:class:`FlatUpdate`); False if not finite."""
        step, decay = self._batch_eta / self._m, 1 - self._batch_eta * self._batch_lmbda / self.n
        return self._flat_update.apply(self.network, trace, step, decay, keep_gradient)

    def _finish_epoch(self, events: list[Event]) -> None:
        """The epoch's event (:mod:`app.core.epochs`), and the cursor on to the next epoch."""
        c, n = self.cursor, self.n
        seconds = self._epoch_seconds + time.perf_counter() - self._mark
        net, data = self.network, self.data
        lmbda = self._batch_lmbda  # the last mini-batch's: a change made during it comes after
        event = epoch_event(
            self.seq + 1, c.epoch, c.batch - 1, net, data, lmbda, n, seconds, self._batch_eta
        )
        self._epoch_seconds, self._mark = 0.0, time.perf_counter()  # the evaluation is not training
        if event is None:  # said before the cursor moves on, so the message names this epoch
            self._diverge(
                "the cost is not finite",
                where=f"the end of epoch {c.epoch + 1}",
                kept="The weights are those after the epoch's last update.",
            )
        c.epoch, c.batch, c.pos = c.epoch + 1, 0, 0
        self._order = self._shuffle(c.epoch)
        if event is None:
            return
        self.seq += 1
        self.history.epochs.append(event)
        events.append(event)

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
