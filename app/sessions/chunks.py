"""A long step run a chunk at a time, so that it can show progress and be cancelled.

``step("epoch", 40)`` on 1,297 digits is about 52,000 examples: run in one
go, it holds the session's lock for seconds and says nothing until it ends.
A :class:`StepRun` cuts it into chunks of at most ``chunk`` examples. Every
chunk ends on a whole example, and (for ``batch`` and ``epoch`` steps) on a
whole mini-batch, so a run stopped between two chunks leaves the trainer
where an ordinary, shorter step would have: ``done`` examples further on.
"""

from __future__ import annotations

from app.core.events import Event
from app.core.trainer import Trainer

CHUNK_EXAMPLES = 2000  # about 50 ms of digits or mnist training with its events


def position(trainer: Trainer) -> int:
    """Examples the trainer has run through since its start."""
    c = trainer.cursor
    return c.epoch * trainer.n + c.pos + c.index


def examples_ahead(trainer: Trainer, unit: str, count: int) -> int:
    """How many examples ``count`` steps of ``unit`` run through from where the trainer is.

    Exact while ``batch_size`` stays as it is; a change between chunks only
    makes later mini-batches bigger or smaller.
    """
    n, c = trainer.n, trainer.cursor
    if unit == "example":
        return count
    if unit == "epoch":
        return n - c.pos - c.index + (count - 1) * n if count else 0
    total, pos, m = 0, c.pos, trainer.current_batch_size
    left = m - c.index  # the rest of the mini-batch under way, or the whole next one
    for _ in range(count):
        total += left
        pos = pos + m if pos + m < n else 0
        m = left = min(trainer.batch_size, n - pos)
    return total


class StepRun:
    """``count`` steps of ``unit`` on ``trainer``, a chunk of examples at a time.

    The caller holds the session's lock around each :meth:`next_chunk` and
    may let it go between two; ``done``/``total`` count examples.
    """

    def __init__(
        self, trainer: Trainer, unit: str, count: int, *, emit: bool, chunk: int = CHUNK_EXAMPLES
    ) -> None:
        self.trainer, self.unit, self.count, self.emit = trainer, unit, count, emit
        self.chunk = max(1, chunk)
        self.total = examples_ahead(trainer, unit, count)
        self.start = position(trainer)
        self.units_left = count

    @property
    def done(self) -> int:
        """Examples run through so far (at most ``total``)."""
        return min(self.total, position(self.trainer) - self.start)

    @property
    def finished(self) -> bool:
        """Every unit done, or training stopped (diverged)."""
        return self.units_left == 0 or self.trainer.status != "ready"

    @property
    def chunked(self) -> bool:
        """True when the run takes more than one chunk."""
        return self.total > self.chunk

    def next_chunk(self) -> list[Event]:
        """Run the next chunk and return its events; [] once finished."""
        if self.finished:
            return []
        t = self.trainer
        if self.unit == "example":
            k = min(self.units_left, self.chunk)
            self.units_left -= k
            return t.step("example", k, emit=self.emit)
        per_batch = max(1, self.chunk // max(1, t.batch_size))
        if self.unit == "batch":
            k = min(self.units_left, per_batch)
            self.units_left -= k
            return t.step("batch", k, emit=self.emit)
        # an epoch: whole mini-batches, never past the epoch's end
        epoch = t.cursor.epoch
        k = min(t.batches_per_epoch - t.cursor.batch, per_batch)
        events = t.step("batch", k, emit=self.emit)
        if t.cursor.epoch != epoch:
            self.units_left -= 1
        return events
