"""The mini-batch under way, rebuilt for a client that did not see its examples go by.

A page opened on a saved run, or reloaded in the middle of a mini-batch,
asks for the example events it missed (:meth:`Trainer.examples_so_far`).
They are rebuilt from what the trainer keeps of the mini-batch: its
:class:`~app.core.trace.BatchTrace` (each example's deltas and activations)
and the parameters it started from (:class:`BatchStart`, :meth:`Trainer.batch_start`).

In ``per_example`` mode every example moved the weights. Example ``k``'s
gradient is the outer product of its row of the trace, so the weights
after it follow from those before it by the very step training took
(:func:`app.core.update.example_step`): the same numbers, bit for bit, as
its live event carried.
"""

from __future__ import annotations

from dataclasses import replace

from app.core.activations import Array
from app.core.events import ExampleEvent
from app.core.records import BatchStart
from app.core.trace import BatchTrace
from app.core.update import example_step


def example_events(
    start: BatchStart, trace: BatchTrace, first: int, stop: int, first_seq: int
) -> list[ExampleEvent]:
    """The events of examples ``first..stop-1`` of mini-batch ``start``, from ``first_seq`` on.

    Without weights: the events of a ``batch`` mode mini-batch, or of a rebuilt one
    before :func:`with_weights`. Example ``k`` is training row ``start.rows[k]``.
    """
    samples = start.rows[first:stop].tolist()
    costs = trace.costs[first:stop].tolist()
    epoch, batch, m = start.epoch, start.batch, start.m
    return [
        ExampleEvent(first_seq + i, epoch, batch, first + i, m, sample, cost, trace)
        for i, (sample, cost) in enumerate(zip(samples, costs, strict=True))
    ]


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
