"""One training session: a data set, a network, its step machine, and a lock.

Every method that touches the trainer takes the session's lock, so a REST
step and a WebSocket play loop on the same session never interleave inside
a mini-batch. The methods are synchronous and CPU-bound: the web layer
calls them from worker threads, never on the event loop.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import replace

import numpy as np

from app.core.activations import Array
from app.core.events import EditEvent, Event, ExampleEvent
from app.core.records import BatchStart, ChangeRecord, History
from app.core.snapshot import SnapshotError, TrainerState
from app.core.trainer import Trainer
from app.sessions.build import build_trainer
from app.sessions.chunks import CHUNK_EXAMPLES, StepRun
from app.sessions.config import ConfigError, Limits, RunConfig, check_batch_floats, find_table
from app.sessions.state import State, state_of

PREDICT_FLOATS = 1 << 20  # the most floats one layer of a predict() chunk may hold (8 MB)


def factored_rows(examples: int, m: int, m_now: int, index: int) -> int:
    """At most how many trace rows the factored frames of ``examples`` examples hold.

    Frame ``k`` of a mini-batch holds its rows ``0..k``. The first example is at
    ``index`` of the mini-batch under way, of ``m_now`` examples; the mini-batches
    after it have at most ``m``. Counting those as full is an upper bound: for a
    fixed number of examples, the sum of ``b(b+1)/2`` over mini-batches of ``b ≤ m``
    is largest when they are as large as they can be.
    """
    first = min(examples, m_now - index)  # the rest of the mini-batch under way
    rows = first * index + first * (first + 1) // 2
    whole, rest = divmod(examples - first, m)  # then whole mini-batches, and part of one
    return rows + whole * m * (m + 1) // 2 + rest * (rest + 1) // 2


class Session:
    """A run that clients step; ``config`` is resolved (every field filled in)."""

    def __init__(self, session_id: str, config: RunConfig, limits: Limits) -> None:
        self.id = session_id
        self.limits = limits
        self.config = config
        self.table = find_table(config.dataset, limits)  # kept: reset needs it after eviction
        self.data, self.trainer = build_trainer(config, limits, self.table)
        self.lock = threading.RLock()
        self.last_used = time.monotonic()
        self.chunk_examples = CHUNK_EXAMPLES  # a long step runs in chunks of this many examples
        self.generation = 0  # counts resets: a new run under the same id
        self.saver: Callable[[Session], object] | None = None
        """Called after every step and reset, in the thread that made it, under the lock."""
        self._snapshot = self._take_snapshot()
        self._full_units: dict[tuple[object, ...], int] = {}  # see full_units

    @classmethod
    def restored(
        cls, session_id: str, config: RunConfig, state: TrainerState, limits: Limits
    ) -> Session:
        """A session built from a resolved ``config`` that goes on from ``state``.

        ConfigError naming the part of the state at fault if it does not fit.
        """
        session = cls(session_id, config, limits)
        try:
            session.trainer.restore(state)
        except SnapshotError as e:
            raise ConfigError(e.field, e.message) from e
        session._snapshot = session._take_snapshot()
        return session

    def capture(self, at_update: bool = False) -> tuple[RunConfig, TrainerState]:
        """The config and the trainer's state, read together (:meth:`Trainer.state`)."""
        with self.lock:
            return self.config, self.trainer.state(at_update=at_update)

    def _save(self) -> None:
        if self.saver is not None:
            self.saver(self)

    def touch(self) -> None:
        """Mark the session as used now (for idle expiry)."""
        self.last_used = time.monotonic()

    def examples_in(self, unit: str, count: int) -> int:
        """How many examples ``count`` steps of ``unit`` run through, at most."""
        if unit == "example":  # asked at every step: no table built each time
            return count
        if unit == "batch":
            return count * self.trainer.batch_size
        if unit == "epoch":
            return count * self.trainer.n
        raise KeyError(unit)

    def step(self, unit: str, count: int = 1, *, emit: bool = True) -> list[Event]:
        """Advance training; ConfigError("count") if it is more work than one request may ask."""
        run = self.start_run(unit, count, emit=emit)
        events: list[Event] = []
        while not run.finished:
            events += self.run_chunk(run)
        return events

    def check_step(self, unit: str, count: int) -> None:
        """Refuse (ConfigError naming ``count``) a step of more examples than a request may run."""
        if self.examples_in(unit, count) > self.limits.max_step_examples:
            raise ConfigError(
                "count",
                f"{count} {unit} step(s) is {self.examples_in(unit, count):,} examples; "
                f"one request may run at most {self.limits.max_step_examples:,}",
            )

    def start_run(self, unit: str, count: int, *, emit: bool = True) -> StepRun:
        """A step to run a chunk at a time (:meth:`run_chunk`); checked against the limits."""
        self.check_step(unit, count)
        with self.lock:
            return StepRun(self.trainer, unit, count, emit=emit, chunk=self.chunk_examples)

    def run_chunk(self, run: StepRun) -> list[Event]:
        """The next chunk of ``run``, under the lock; [] if a reset replaced its trainer."""
        with self.lock:
            if run.trainer is not self.trainer:
                run.units_left = 0
                return []
            self.touch()
            try:
                return run.next_chunk()
            finally:
                self._snapshot = self._take_snapshot()
                self._save()

    def units_to_epoch_end(self, unit: str) -> int:
        """How many ``unit`` steps reach the end of the current epoch, and no further."""
        with self.lock:
            t, c = self.trainer, self.trainer.cursor
            if unit == "example":
                return t.n - c.pos - c.index
            return t.batches_per_epoch - c.batch if unit == "batch" else 1

    def edit(self, layer: int, kind: str, row: int, col: int | None, value: float) -> EditEvent:
        """Set one weight or bias by hand (:meth:`Trainer.edit`); ConfigError names a bad field.

        Raises :class:`~app.core.trainer.EditConflict` in the middle of a mini-batch.
        """
        with self.lock:
            try:
                event = self.trainer.edit(layer, kind, row, col, value)
            except ValueError as e:
                raise ConfigError(str(e).split(" ", 1)[0], str(e)) from e
            self.touch()
            self._snapshot = self._take_snapshot()
            self._save()  # an edit is kept like an update: a restart goes on from it
            return event

    def set_initial(self, weights: list[Array], biases: list[Array]) -> None:
        """Start from these weights and biases (of the network's shapes) instead of the seed's.

        Only before any training: ConfigError("weights") otherwise. A reset draws from the
        seed again.
        """
        with self.lock:
            t = self.trainer
            if t.seq != 0 or t.in_batch:
                raise ConfigError(
                    "weights",
                    "initial weights can be given only before training starts: reset first",
                )
            t.network.weights, t.network.biases = weights, biases
            self.generation += 1  # a new start: it is saved whole
            self.touch()
            self._snapshot = self._take_snapshot()
            self._save()

    def configure(
        self, *, eta: float | None = None, batch_size: int | None = None, lmbda: float | None = None
    ) -> ChangeRecord | None:
        """Change η, m and/or λ from the next mini-batch on; the config follows.

        Returns the change as the history keeps it (None if nothing changed). ConfigError
        naming the field for a value the trainer or the limits refuse.
        """
        if batch_size is not None:
            check_batch_floats(batch_size, tuple(self.trainer.network.sizes), self.limits)
        with self.lock:
            t = self.trainer
            before = len(t.history.changes), t.history.changes[-1:]
            try:
                t.configure(eta=eta, batch_size=batch_size, lmbda=lmbda)
            except ValueError as e:
                raise ConfigError(str(e).split(" ", 1)[0], str(e)) from e
            self.config = replace(self.config, eta=t.eta, batch_size=t.batch_size, lmbda=t.lmbda)
            self._snapshot = self._take_snapshot()
            if (len(t.history.changes), t.history.changes[-1:]) == before:
                return None
            self.touch()
            self._save()
            return t.history.changes[-1]

    def reset(self, seed: int | None = None) -> None:
        """Back to epoch 0 with the same config; a new ``seed`` draws new weights, data, order."""
        config = self.config if seed is None else replace(self.config, seed=seed)
        if not 0 <= config.seed < 2**32:
            raise ConfigError("seed", f"seed must be between 0 and 2**32 - 1, got {config.seed}")
        data, trainer = build_trainer(config, self.limits, self.table)
        with self.lock:
            self.config, self.data, self.trainer = config, data, trainer
            self.generation += 1
            self.touch()
            self._snapshot = self._take_snapshot()
            self._save()

    def state(self) -> State:
        """Where training is, as of the end of the last step, reset or change.

        It never waits for the lock, so the event loop can read it while a
        worker thread trains.
        """
        return self._snapshot

    def frame_floats(self, unit: str, count: int, factored: bool = False) -> int:
        """About how many numbers (at most) the full-detail frames of such a step hold.

        ``factored``: frames that carry each example's gradient factors, rows
        0..index of the mini-batch's deltas and activations (``format=factored``),
        instead of its products; their update frames carry nabla and the weights.
        """
        network, m = self.trainer.network, self.trainer.batch_size
        sizes, examples, weights = network.sizes, self.examples_in(unit, count), network.num_weights
        moved = weights if self.trainer.update == "per_example" else 0
        if not factored:
            return examples * (2 * weights + sum(sizes) + moved)
        row = sum(sizes[1:]) + sum(sizes[:-1])  # one example's deltas and activations
        t = self.trainer
        rows = factored_rows(examples, m, t.current_batch_size, t.cursor.index if t.in_batch else 0)
        updates = -(-examples // m) + 1
        return rows * row + examples * (sizes[0] + 2 * sizes[-1] + moved) + updates * 2 * weights

    def full_units(self, unit: str, factored: bool = False) -> int:
        """The most units one full-detail step of ``unit`` may take from here (0: not one):
        its examples within ``max_step_examples``, its frames within ``max_frame_floats``.

        Every state message asks it of each unit, and a play loop of each of its steps
        that takes more than one: the answer is kept by what it depends on (where the
        cursor is in its mini-batch, m, the update mode), a few dozen values a session.
        """
        t = self.trainer
        index = t.cursor.index if t.in_batch else 0
        key = (unit, factored, t.batch_size, t.current_batch_size, index, t.n, t.update)
        if (known := self._full_units.get(key)) is None:
            if len(self._full_units) >= 1024:
                self._full_units.clear()
            known = self._full_units[key] = self._search_full_units(unit, factored)
        return known

    def _search_full_units(self, unit: str, factored: bool) -> int:
        """:meth:`full_units`, searched for: ``frame_floats`` grows with the count."""
        low, high = 0, self.limits.max_step_examples // self.examples_in(unit, 1)
        while low < high:  # frame_floats grows with the count
            middle = (low + high + 1) // 2
            fits = self.frame_floats(unit, middle, factored) <= self.limits.max_frame_floats
            low, high = (middle, high) if fits else (low, middle - 1)
        return low

    def _take_snapshot(self) -> State:
        """Read the trainer's state; the caller holds the lock (or is the constructor)."""
        with self.lock:
            return state_of(self.trainer)

    def parameters(self) -> tuple[list[Array], list[Array]]:
        """The current ``(weights, biases)``; training replaces these arrays, never changes them."""
        with self.lock:
            return self.trainer.network.weights, self.trainer.network.biases

    def examples_so_far(
        self, full: bool = False
    ) -> tuple[list[ExampleEvent], BatchStart | None, State]:
        """The example events of the mini-batch under way, its start, and the state they lead to.

        ``full``: as a full-detail step sends them; in ``per_example`` mode each
        carries the weights after its step, and the start (otherwise None) holds
        those before the first. ConfigError("detail") instead when that is more
        numbers than a full-detail step may send (``max_frame_floats``).
        """
        with self.lock:
            t = self.trainer
            k = t.cursor.index if t.in_batch else 0
            moved = full and k > 0 and t.update == "per_example"
            floats = self.frame_floats("example", k) + (t.network.num_weights if moved else 0)
            if full and floats > (most := self.limits.max_frame_floats):
                weights = ", with the weights after each," if moved else ""
                raise ConfigError(
                    "detail",
                    f"detail: the {k} examples at full detail{weights} are about {floats:,} "
                    f"numbers; the limit is {most:,} (NABLA_MAX_FRAME_FLOATS): ask for summary",
                )
            start = t.batch_start() if moved else None
            return t.examples_so_far(weights=full), start, self._snapshot

    def history(self) -> History:
        """A copy of the training history."""
        with self.lock:
            h = self.trainer.history
            return History(h.updates.copy(), list(h.epochs), list(h.edits), list(h.changes))

    def predict(self, resolution: int) -> tuple[Array, Array, Array]:
        """The outputs on a ``resolution``² grid over the input range of a 2-D data set.

        Returns ``(xs, ys, outputs)``: ``outputs[i, j]`` is the output vector at
        ``(xs[j], ys[i])``, the layout of a heatmap's ``z[row][column]``.
        """
        if self.data.n_inputs != 2:
            raise ConfigError(
                "dataset", f"{self.data.name} is not a 2-D data set: no decision boundary"
            )
        low, high = self.data.input_range
        pad = 0.1 * (high - low)  # a margin, so points at the edge are not on the border
        xs = ys = np.linspace(low - pad, high + pad, resolution)
        gx, gy = np.meshgrid(xs, ys)  # gx[i, j] = xs[j], gy[i, j] = ys[i]
        grid = np.column_stack([gx.ravel(), gy.ravel()])
        with self.lock:
            # In chunks: the whole grid at once through a wide layer would take
            # resolution² x max(sizes) floats (200² x 100,000 is 32 GB).
            outputs = self.trainer.network.feedforward_rows(grid, PREDICT_FLOATS)
        return xs, ys, outputs.reshape(resolution, resolution, -1)

    def batch_with_rows(
        self, last: bool = False
    ) -> tuple[BatchStart, Trainer, Array, Array] | None:
        """The current mini-batch's start (``last``: the last finished one's), its trainer and
        its rows.

        Returns ``(start, trainer, xs, ys)`` read together, so a reset cannot mix two runs.
        """
        with self.lock:
            start = self.trainer.batch_start(last)
            if start is None:
                return None
            return start, self.trainer, self.data.x_train[start.rows], self.data.y_train[start.rows]
