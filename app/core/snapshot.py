"""A trainer's state as plain data: what a saved run holds, and its checks.

:meth:`Trainer.state() <app.core.trainer.Trainer.state>` fills a
:class:`TrainerState` with everything a trainer needs to go on exactly where it
is; :meth:`Trainer.restore` puts one back, after :func:`check_state`. Mid-mini-batch
a state also carries the mini-batch under way (:class:`BatchState`). The history's
records travel as plain dicts (:func:`history_records`, :func:`history_from_records`).
The web layer's saved-run format and the SQLite store hold exactly these fields.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any, get_type_hints

import numpy as np

from app.core.activations import Array
from app.core.events import EditEvent, EpochEvent
from app.core.metrics import Confusion
from app.core.records import ChangeRecord, History, UpdateRecord
from app.core.updates import updates_from_rows

FORMAT = "nabla-run"
VERSION = 1
RECORDS: dict[str, type[Any]] = {
    "updates": UpdateRecord,
    "epochs": EpochEvent,
    "edits": EditEvent,
    "changes": ChangeRecord,
}
"""Each list of :class:`History`, by name, and the record type it holds."""

Records = dict[str, list[dict[str, Any]]]


class SnapshotError(ValueError):
    """A state that cannot be restored; ``field`` names the part at fault (``cursor.index``)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass
class BatchState:
    """The mini-batch under way: ``m``, ``eta``, its start parameters, the sums so far.

    ``nabla_b``/``nabla_w`` are the running sums over the first ``sum_k``
    examples as the trace last built them (None when ``sum_k == 0``). ``lmbda`` is the
    λ its steps use (None: the trainer's, as in runs saved before λ could change mid-run).
    """

    m: int
    eta: float
    weights: list[Array]
    biases: list[Array]
    sum_k: int = 0
    nabla_b: list[Array] | None = None
    nabla_w: list[Array] | None = None
    lmbda: float | None = None


@dataclass
class TrainerState:
    """Everything that changes while a trainer trains (the configuration aside).

    ``weights[l]`` has shape ``(sizes[l+1], sizes[l])``, ``biases[l]``
    ``(sizes[l+1],)``. ``history`` maps each list of :class:`History` to its
    records as dicts (see :data:`RECORDS`).
    """

    epoch: int
    batch: int
    index: int
    pos: int
    seq: int
    updates: int
    status: str
    message: str
    weights: list[Array]
    biases: list[Array]
    history: Records
    in_batch: BatchState | None = None


def record_dict(record: Any) -> dict[str, Any]:
    """One history record as a plain dict (its fields are numbers, text or tuples of counts).

    One level deep: ``dataclasses.asdict`` would deep-copy, several times slower, for nothing.
    A field marked ``metadata={"record": False}`` (an epoch's time) is left out, and one marked
    ``"if set"`` (an epoch's warning) when it is empty.
    """
    return {
        f.name: value
        for f in fields(record)
        if (keep := f.metadata.get("record", True))
        and ((value := getattr(record, f.name)) or keep is True)
    }


OPTIONAL_RECORDS = ("changes",)
"""Lists left out when empty: a run without them is saved as before they existed."""


def history_records(history: History) -> Records:
    """``history`` as plain dicts, one list per field (an empty optional one left out)."""
    records = {
        f.name: [record_dict(r) for r in getattr(history, f.name)]
        for f in fields(history)
        if f.name != "updates" and (f.name not in OPTIONAL_RECORDS or getattr(history, f.name))
    }
    return {"updates": history.updates.rows(), **records}


def history_from_records(records: Records) -> History:
    """The inverse of :func:`history_records`; SnapshotError naming a bad list or record.

    The updates, most records by far, are checked a column at a time
    (:func:`~app.core.updates.updates_from_rows`), the others one record at a time.
    """
    history = History()
    for name, rows in records.items():
        if name not in RECORDS:
            raise SnapshotError(f"history.{name}", f"unknown history; choose from {list(RECORDS)}")
        kind = RECORDS[name]
        try:
            if kind is UpdateRecord:
                history.updates = updates_from_rows(rows)
            else:
                getattr(history, name).extend(kind(**_typed(kind, row)) for row in rows)
        except (TypeError, ValueError) as e:
            raise SnapshotError(f"history.{name}", f"a record does not fit: {e}") from None
    return history


def _typed(kind: type[Any], row: dict[str, Any]) -> dict[str, Any]:
    """``row`` with each field of ``kind`` checked against its type hint.

    Ints, floats (ints accepted) and strs are checked as they are; a type in
    :data:`_CONVERTERS` (an epoch's :data:`Confusion`) is checked and converted
    by its function. A field that may be None (an edit's ``col``) is checked
    when it is not.
    """
    out = dict(row)
    for name, want, optional, label in _plan(kind):  # type: ignore[arg-type]
        if name not in row:
            continue
        value = row[name]
        if value is None and optional:
            continue
        if (convert := _CONVERTERS.get(want)) is not None:
            out[name] = convert(value)
        elif not _is(want, value):
            raise ValueError(f"{name} must be a {label}, got {value!r}")
        if want is float:
            out[name] = float(value)
    return out


@functools.cache
def _plan(kind: type[Any]) -> tuple[tuple[str, Any, bool, str], ...]:
    """Per field of ``kind``: its name, the type to check, whether None is allowed, its label.

    Worked out once per kind: ``get_type_hints`` costs about half a millisecond a call.
    """
    hints = get_type_hints(kind)
    plan = []
    for f in fields(kind):
        expected = hints[f.name]
        every = getattr(expected, "__args__", (expected,))
        options = [t for t in every if t is not type(None)]
        want = options[0] if len(options) == 1 else None
        plan.append(
            (f.name, want, len(options) < len(every), getattr(want, "__name__", str(expected)))
        )
    return tuple(plan)


def _is(kind: object, value: object) -> bool:
    """Whether ``value`` is an int, float (ints too) or str as ``kind`` says (else True)."""
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if kind is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind is str:
        return isinstance(value, str)
    return True


def _confusion(value: object) -> Confusion:
    """``value`` as a square table of non-negative counts, or ValueError."""
    if not isinstance(value, list | tuple) or not all(
        isinstance(row, list | tuple)
        and len(row) == len(value)
        and all(_is(int, n) and n >= 0 for n in row)
        for row in value
    ):
        raise ValueError("confusion must be a square table of non-negative integer counts")
    return tuple(tuple(row) for row in value)


# Record field types that are neither int, float nor str: a checker that returns the value to keep.
_CONVERTERS: dict[object, Callable[[object], object]] = {Confusion: _confusion}


def _check_arrays(field: str, arrays: list[Array], shapes: list[tuple[int, ...]]) -> None:
    if len(arrays) != len(shapes):
        raise SnapshotError(field, f"expected {len(shapes)} layers, got {len(arrays)}")
    for l, (a, shape) in enumerate(zip(arrays, shapes, strict=True)):
        if a.shape != shape:
            raise SnapshotError(f"{field}[{l}]", f"expected shape {shape}, got {a.shape}")
        if not np.isfinite(a).all():
            raise SnapshotError(f"{field}[{l}]", "holds a number that is not finite")


def check_state(state: TrainerState, sizes: list[int], n: int) -> None:
    """SnapshotError unless ``state`` fits a network of ``sizes`` and ``n`` training examples."""
    w_shapes: list[tuple[int, ...]] = [(b, a) for a, b in itertools.pairwise(sizes)]
    b_shapes: list[tuple[int, ...]] = [(b,) for b in sizes[1:]]
    _check_arrays("network.weights", state.weights, w_shapes)
    _check_arrays("network.biases", state.biases, b_shapes)
    if state.status not in ("ready", "diverged"):
        raise SnapshotError("status", f"must be ready or diverged, got {state.status!r}")
    if not 0 <= state.pos < n:
        raise SnapshotError("cursor.pos", f"must be between 0 and n_train - 1 = {n - 1}")
    if not 0 <= state.batch <= state.pos:
        raise SnapshotError("cursor.batch", f"must be between 0 and cursor.pos = {state.pos}")
    b = state.in_batch
    if b is None:
        if state.index != 0:
            raise SnapshotError("cursor.index", "must be 0 between two mini-batches (batch: null)")
        return
    if not 1 <= b.m <= n - state.pos:
        raise SnapshotError("batch.m", f"must be between 1 and {n - state.pos} here")
    if not 0 <= state.index < b.m:
        raise SnapshotError("cursor.index", f"must be between 0 and batch.m - 1 = {b.m - 1}")
    if not (np.isfinite(b.eta) and b.eta >= 0):
        raise SnapshotError("batch.eta", "must be a finite number >= 0")
    if b.lmbda is not None and not (np.isfinite(b.lmbda) and b.lmbda >= 0):
        raise SnapshotError("batch.lmbda", "must be a finite number >= 0")
    _check_arrays("batch.weights", b.weights, w_shapes)
    _check_arrays("batch.biases", b.biases, b_shapes)
    if not 0 <= b.sum_k <= state.index or (b.sum_k > 0) != (b.nabla_w is not None):
        raise SnapshotError("batch.sum_k", "must be 0 (no sums) or 1..cursor.index (with sums)")
    if b.nabla_b is not None and b.nabla_w is not None:
        _check_arrays("batch.nabla_w", b.nabla_w, w_shapes)
        _check_arrays("batch.nabla_b", b.nabla_b, b_shapes)
    if min(state.seq, state.updates) < 0 or state.seq < state.index:
        raise SnapshotError("seq", "seq and updates must be >= 0, and seq >= cursor.index")
