"""The mini-batch under way, rebuilt for a client that did not see its examples go by.

A page opened on a saved run, or reloaded in the middle of a mini-batch,
asks for the example events it missed (:meth:`Trainer.examples_so_far`).
They are rebuilt from what the trainer keeps of the mini-batch: its
:class:`BatchTrace` (each example's deltas and activations) and the
parameters it started from (:class:`BatchStart`, :meth:`Trainer.batch_rows`).

In ``per_example`` mode every example moved the weights. Example ``k``'s
gradient is the outer product of its row of the trace, so the weights
after it follow from those before it by the very step training took
(:func:`app.core.update.example_step`): the same numbers, bit for bit, as
its live event carried.

Like :mod:`app.core.snapshot`, this module reads the trainer's private
attributes on purpose: it is the trainer's own, kept apart so the step
machine stays short.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from app.core.activations import Array
from app.core.events import ExampleEvent
from app.core.records import BatchStart
from app.core.trace import BatchTrace
from app.core.update import example_factors, example_step

if TYPE_CHECKING:
    from app.core.trainer import Trainer


def weights_after_each(
    start: BatchStart, events: list[ExampleEvent], step: float, decay: float
) -> list[tuple[list[Array], list[Array]]]:
    """``(weights, biases)`` after each of ``events``, examples 0, 1, … of a ``per_example`` batch.

    ``start`` holds the parameters before example 0; ``step`` and ``decay``
    are those of :func:`app.core.update.example_factors` for the mini-batch.
    """
    weights, biases = start.weights, start.biases
    after = []
    for k, e in enumerate(events):
        if e.index != k:
            raise ValueError(f"events must be examples 0, 1, … in order; event {k} is {e.index}")
        trace = e.trace
        deltas = [d[k] for d in trace.deltas]
        activations = [a[k] for a in trace.activations]
        weights, biases = example_step(weights, biases, deltas, activations, step, decay)
        after.append((weights, biases))
    return after


def with_weights(
    start: BatchStart, events: list[ExampleEvent], step: float, decay: float
) -> list[ExampleEvent]:
    """``events`` again, each carrying the weights and biases after its step (see above)."""
    after = weights_after_each(start, events, step, decay)
    return [replace(e, weights=w, biases=b) for e, (w, b) in zip(events, after, strict=True)]


def batch_start(trainer: Trainer, last: bool = False) -> BatchStart | None:
    """:meth:`Trainer.batch_rows`: the mini-batch under way (or the next, or ``last`` one)."""
    if last:
        return trainer._last
    if trainer._start is not None and trainer.in_batch:
        return trainer._start
    return trainer._next_start()


def examples_so_far(trainer: Trainer, weights: bool = True) -> list[ExampleEvent]:
    """:meth:`Trainer.examples_so_far`: examples 0 to ``index - 1`` of the mini-batch under way.

    Their running sums come from a view of the trace with its own cache, so
    the sums training keeps are not touched. In ``per_example`` mode each
    carries the weights after its step (see the module docstring) unless
    ``weights`` is False. [] between mini-batches.
    """
    trace, c, start = trainer._trace, trainer.cursor, trainer._start
    if trace is None or c.index == 0:
        return []
    view = BatchTrace(trace.activations, trace.deltas, trace.ys, trace.costs, filled=c.index)
    # a mini-batch's examples are consecutive events
    events = trainer._example_events(view, 0, c.index, trainer.seq - c.index + 1)
    if not weights or trainer.update != "per_example" or start is None:
        return events
    step, decay = example_factors(trainer._batch_eta, trainer.lmbda, trainer.n, trainer._m)
    return with_weights(start, events, step, decay)
