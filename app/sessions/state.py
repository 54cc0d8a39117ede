"""Where a session's training is: the :class:`State` read from its trainer after each change.

A session keeps the last one it read, so the event loop can read where training is
without waiting for the lock a worker thread holds while it trains.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.core.events import EpochEvent
from app.core.trainer import Trainer


@dataclass(frozen=True)
class State:
    """Where a session's training is; ``epoch``, ``batch`` and ``index`` count from 0."""

    epoch: int
    batch: int
    index: int
    batch_size: int
    batches_per_epoch: int
    updates: int
    seq: int
    status: str
    message: str
    eta: float
    has_last_batch: bool  # a finished mini-batch is kept: what ``batch=last`` reads
    metrics: EpochEvent | None


def state_of(trainer: Trainer) -> State:
    """Read ``trainer``'s state; the caller holds the session's lock (or owns the trainer)."""
    t, c = trainer, trainer.cursor
    epochs = t.history.epochs
    return State(
        epoch=c.epoch,
        batch=c.batch,
        index=c.index,
        batch_size=t.current_batch_size,
        batches_per_epoch=t.batches_per_epoch,
        updates=t.updates,
        seq=t.seq,
        status=t.status,
        message=t.message,
        eta=t.eta,
        has_last_batch=t.batch_start(last=True) is not None,
        metrics=epochs[-1] if epochs else None,
    )
