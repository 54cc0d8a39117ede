"""A trainer: the step machine (:mod:`app.core.sgd`) and what the rest of the program reads
and sets on it besides stepping.

* Where training is: the size of the mini-batch under way, the mini-batches of this epoch.
* The mini-batch under way, for a client that did not see its examples go by
  (:meth:`Trainer.examples_so_far`, :mod:`app.core.underway`), and where it started.
* Its whole state as plain data, and back (:meth:`Trainer.state`, :meth:`Trainer.restore`):
  what a saved run holds. The format and its checks are :mod:`app.core.snapshot`'s.
* An edit of one weight by hand, and the cost on any rows.

Restoring needs nothing but the state and a trainer freshly built from the same
configuration (same data, same sizes): the data set is rebuilt from its seed, and the
only randomness while training, each epoch's shuffle, follows from the seed and the
epoch, so the cursor fixes the order of every mini-batch.

Mid-mini-batch, a state also carries the mini-batch under way (:class:`BatchState`):
its m and eta, the parameters it started from, and the running sums ``nabla_b``/``nabla_w``
the trace had built so far. In ``batch`` mode the trace is recomputed from the start
parameters (every gradient is taken there); in ``per_example`` mode the examples already
taken are replayed from them, which must land on the saved parameters bit for bit. The sums
are kept because the order in which a sum is built (one example at a time, or all at once)
changes its last bits, and so the weights after the update.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

from app.core.activations import Array
from app.core.edits import EditConflict, check_edit, set_by_hand
from app.core.events import EditEvent, ExampleEvent
from app.core.metrics import evaluate
from app.core.records import BatchStart, Cursor
from app.core.sgd import SGD, UNITS
from app.core.snapshot import (
    BatchState,
    SnapshotError,
    TrainerState,
    check_state,
    history_from_records,
    history_records,
)
from app.core.trace import BatchTrace, trace_batch
from app.core.underway import example_events, with_weights
from app.core.update import example_factors

__all__ = ["UNITS", "Trainer"]

_Start = tuple[int, float, float, list[Array], list[Array]]  # m, eta, lmbda, weights, biases


class Trainer(SGD):
    """Mini-batch SGD over ``data`` for ``network``, driven a step at a time, and read."""

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

    @property
    def under_way(self) -> tuple[BatchStart, BatchTrace] | None:
        """The mini-batch under way, where it started (rows, parameters, η, m) and its
        trace so far; None between two mini-batches. For reading: training owns them."""
        if self._trace is None or self._start is None:
            return None
        return self._start, self._trace

    def batch_start(self, last: bool = False) -> BatchStart | None:
        """The current mini-batch (or, between two, the next one) and where it starts from.

        With ``last=True``: the last finished mini-batch instead (None before
        the first update). Training is not changed.
        """
        if last:
            return self._last
        return self._start if self._start is not None and self.in_batch else self._next_start()

    def examples_so_far(self, weights: bool = True) -> list[ExampleEvent]:
        """The example events of the mini-batch under way, 0 to ``index - 1``, as they were sent.

        Rebuilt from the mini-batch's trace, so a client that missed them (a page
        opened on a saved run, or reloaded) can show the mini-batch as it is. Their
        running sums come from a view of the trace with its own cache, so the sums
        training keeps are not touched. In ``per_example`` mode each carries the
        weights after its step (:mod:`app.core.underway`) unless ``weights`` is False.
        """
        trace, start, index = self._trace, self._start, self.cursor.index
        if trace is None or start is None or index == 0:
            return []
        view = BatchTrace(trace.activations, trace.deltas, trace.ys, trace.costs, filled=index)
        # a mini-batch's examples are consecutive events
        events = example_events(start, view, 0, index, self.seq - index + 1)
        if not weights or self.update != "per_example":
            return events
        step, decay = example_factors(self._batch_eta, self._batch_lmbda, self.n, self._m)
        return with_weights(start, events, step, decay)

    def _resume(
        self,
        cursor: Cursor,
        start: tuple[int, float, float, list[Array], list[Array]] | None = None,
    ) -> None:
        """Put the cursor at ``cursor``, with its epoch's order; with ``start`` = ``(m, eta,
        lmbda, weights, biases)``, the mini-batch there under way again at example
        ``cursor.index``.

        Its trace is rebuilt from ``start``'s parameters: in ``batch`` mode every
        gradient is taken there; in ``per_example`` mode the examples already taken
        are replayed, each at the parameters the last one left, which the network
        then holds. ValueError if a replayed step would make the weights non-finite.
        """
        index, net = cursor.index, self.network
        self.cursor = replace(cursor, index=0)
        self._order = self._shuffle(cursor.epoch)
        if start is not None:
            m, self._batch_eta, self._batch_lmbda, weights, biases = start
            self._m, c = m, self.cursor
            rows = self._order[c.pos : c.pos + m].copy()
            self._start = BatchStart(
                c.epoch, c.batch, rows, weights, biases, self._batch_eta, m, self._batch_lmbda
            )
            net.weights, net.biases = list(weights), list(biases)
            if self.update == "batch":  # every gradient at the start parameters: the same trace
                trace = trace_batch(net, self.data.x_train[rows], self.data.y_train[rows])
            else:
                trace = BatchTrace.empty(net.sizes, m)
                with np.errstate(over="ignore", invalid="ignore"):
                    for _ in range(index):
                        if not self._example(trace, [], emit=False):
                            raise ValueError("replaying the mini-batch made the weights diverge")
            self._trace = trace
        self.cursor.index = index

    def state(self, *, at_update: bool = False, history: bool = True) -> TrainerState:
        """The state now (``at_update``: as of the last update, the mini-batch under way to be
        redone). Arrays are shared. ``history=False`` leaves the history out (empty), for a
        caller that reads only its new records.
        """
        c, net = self.cursor, self.network
        state = TrainerState(
            epoch=c.epoch,
            batch=c.batch,
            index=c.index,
            pos=c.pos,
            seq=self.seq,
            updates=self.updates,
            status=self.status,
            message=self.message,
            weights=list(net.weights),
            biases=list(net.biases),
            history=history_records(self.history) if history else {},
        )
        if (under_way := self.under_way) is None:
            return state
        start, trace = under_way
        if at_update:  # back to the start of the mini-batch: one seq per example taken
            state.seq -= c.index
            state.updates -= c.index if self.update == "per_example" else 0
            state.index = 0
            state.weights, state.biases = list(start.weights), list(start.biases)
            return state
        state.in_batch = BatchState(
            start.m, start.eta, list(start.weights), list(start.biases), lmbda=start.lmbda
        )
        if (running := trace.running()) is not None:
            state.in_batch.sum_k, (state.in_batch.nabla_b, state.in_batch.nabla_w) = running
        return state

    def restore(self, state: TrainerState) -> None:
        """Go on from ``state``; the trainer is built from the same config and not stepped yet.

        :class:`~app.core.snapshot.SnapshotError` naming the part at fault if it does not fit.
        """
        check_state(state, self.network.sizes, self.n)
        net, b = self.network, state.in_batch
        self.history = history_from_records(state.history)
        cursor = Cursor(state.epoch, state.batch, state.index, state.pos)
        net.weights, net.biases = list(state.weights), list(state.biases)
        try:
            lmbda = self.lmbda if b is None or b.lmbda is None else b.lmbda
            self._resume(cursor, None if b is None else (b.m, b.eta, lmbda, b.weights, b.biases))
        except ValueError as e:
            raise SnapshotError("batch", str(e)) from None
        if b is not None:
            _check_replayed(net.weights + net.biases, state.weights + state.biases)
            if b.nabla_b is not None and b.nabla_w is not None and self._trace is not None:
                self._trace.keep_running(b.sum_k, (list(b.nabla_b), list(b.nabla_w)))
        self.seq, self.updates = state.seq, state.updates
        self.status, self.message = state.status, state.message

    def evaluate(self, xs: Array, ys: Array) -> tuple[float, float]:
        """Mean cost (plus the L2 term when lmbda > 0) and accuracy over rows ``xs``, ``ys``."""
        cost, accuracy, _ = evaluate(self.network, xs, ys, self.lmbda, self.n)
        return cost, accuracy

    def edit(self, layer: int, kind: str, row: int, col: int | None, value: float) -> EditEvent:
        """Set ``weights[layer][row][col]`` or ``biases[layer][row]`` to ``value`` (an edit event).

        Only between two mini-batches: every gradient of a mini-batch is taken
        at the weights it started from (or, in ``per_example`` mode, that the
        previous examples' steps left). Raises :class:`~app.core.edits.EditConflict`
        in the middle of one, ValueError (naming the field) for a bad index or value.
        """
        check_edit(self.network.sizes, layer, kind, row, col, value)
        c = self.cursor
        if self.in_batch:
            raise EditConflict.mid_batch(c, self._m)
        old = set_by_hand(self.network, layer, kind, row, col, value)
        self.seq += 1
        event = EditEvent(self.seq, c.epoch, c.batch, c.index, layer, kind, row, col, old, value)
        self.history.edits.append(event)
        return event


def _check_replayed(mine: list[Array], theirs: list[Array]) -> None:
    """SnapshotError unless the replayed mini-batch left the saved parameters, bit for bit."""
    if not all(np.array_equal(a, b) for a, b in zip(mine, theirs, strict=True)):
        raise SnapshotError(
            "network.weights",
            "do not follow from batch.weights by the examples already taken in this mini-batch",
        )
