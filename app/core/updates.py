"""Every mini-batch's mean cost, kept as four columns: 32 bytes an update.

A long run leaves hundreds of thousands of update records, far more than
epochs or edits. :class:`Updates` keeps them as numpy columns (``seq``,
``epoch``, ``batch`` as int64, ``cost`` as float64) instead of one object
each, and reads a list of plain records (a saved run, the database) by
checking whole columns at once rather than one record at a time.

Records are only ever appended: a column's first ``len(self)`` entries never
change, so the arrays :meth:`Updates.columns` returns stay valid (and
unchanged) while training goes on.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

COLUMNS = ("seq", "epoch", "batch", "cost")
"""The fields of an update record, in order: three ints and a float."""

Column = NDArray[Any]


@dataclass(frozen=True)
class UpdateRecord:
    """One line of the training history: the mean cost of a finished mini-batch."""

    seq: int
    epoch: int
    batch: int
    cost: float


class Updates:
    """The update records of a run, in order, as columns that grow by doubling."""

    def __init__(self) -> None:
        self._ints = np.zeros((16, 3), dtype=np.int64)  # seq, epoch, batch by row
        self._cost = np.zeros(16, dtype=np.float64)
        self._n = 0

    def __len__(self) -> int:
        return self._n

    def _grow(self, more: int) -> None:
        """Room for ``more`` records after the ones there are."""
        need = self._n + more
        if need <= len(self._cost):
            return
        size = max(need, 2 * len(self._cost))
        ints = np.zeros((size, 3), dtype=np.int64)
        cost = np.zeros(size, dtype=np.float64)
        ints[: self._n], cost[: self._n] = self._ints[: self._n], self._cost[: self._n]
        self._ints, self._cost = ints, cost

    def append(self, record: UpdateRecord) -> None:
        """Add one record at the end."""
        self._grow(1)
        self._ints[self._n] = (record.seq, record.epoch, record.batch)
        self._cost[self._n] = record.cost
        self._n += 1

    def extend(self, seq: Column, epoch: Column, batch: Column, cost: Column) -> None:
        """Add the records whose fields are the equal-length columns given."""
        more = len(cost)
        self._grow(more)
        rows = slice(self._n, self._n + more)
        self._ints[rows, 0], self._ints[rows, 1], self._ints[rows, 2] = seq, epoch, batch
        self._cost[rows] = cost
        self._n += more

    def __getitem__(self, k: int) -> UpdateRecord:
        if not -self._n <= k < self._n:
            raise IndexError(f"update {k} of {self._n}")
        k %= self._n
        seq, epoch, batch = self._ints[k].tolist()
        return UpdateRecord(seq, epoch, batch, float(self._cost[k]))

    def __iter__(self) -> Iterator[UpdateRecord]:
        ints, cost = self._ints[: self._n].tolist(), self._cost[: self._n].tolist()
        return (UpdateRecord(s, e, b, c) for (s, e, b), c in zip(ints, cost, strict=True))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Updates):
            return NotImplemented
        n = self._n
        return (
            n == other._n
            and np.array_equal(self._ints[:n], other._ints[:n])
            and np.array_equal(self._cost[:n], other._cost[:n])
        )

    __hash__ = None  # type: ignore[assignment]  # mutable, compared by value

    def __repr__(self) -> str:
        return f"Updates({self._n} records)"

    def copy(self) -> Updates:
        """An independent copy (the columns copied, not shared)."""
        other = Updates()
        other.extend(*self.columns())
        return other

    def columns(self, start: int = 0, stop: int | None = None) -> tuple[Column, ...]:
        """``seq``, ``epoch``, ``batch``, ``cost`` of records ``start:stop`` (views; see above)."""
        stop = self._n if stop is None else min(stop, self._n)
        ints = self._ints[start:stop]
        return ints[:, 0], ints[:, 1], ints[:, 2], self._cost[start:stop]

    def rows(self, start: int = 0, stop: int | None = None) -> list[dict[str, Any]]:
        """Records ``start:stop`` as plain dicts, the form a saved run and the history carry."""
        stop = self._n if stop is None else min(stop, self._n)
        ints, cost = self._ints[start:stop].tolist(), self._cost[start:stop].tolist()
        return [
            {"seq": s, "epoch": e, "batch": b, "cost": c}
            for (s, e, b), c in zip(ints, cost, strict=True)
        ]


def updates_from_rows(rows: list[Any]) -> Updates:
    """Plain records (dicts of :data:`COLUMNS`) as :class:`Updates`; ValueError naming the fault.

    Checked a column at a time: every record a dict of exactly the four
    fields, ``seq``, ``epoch``, ``batch`` ints (not booleans) and ``cost`` a
    finite int or float.
    """
    if set(map(type, rows)) - {dict}:
        raise ValueError("every update record must be an object")
    if set(map(len, rows)) - {len(COLUMNS)}:
        raise ValueError(f"every update record has exactly the fields {', '.join(COLUMNS)}")
    try:
        columns = [[row[name] for row in rows] for name in COLUMNS]
    except KeyError as e:
        raise ValueError(f"every update record has a field {e.args[0]}") from None
    for name, values in zip(COLUMNS[:3], columns[:3], strict=True):
        if set(map(type, values)) - {int}:
            raise ValueError(f"{name} must be an int, got {_first_not(values, int)!r}")
    if set(map(type, columns[3])) - {int, float}:
        raise ValueError(f"cost must be a float, got {_first_not(columns[3], int, float)!r}")
    try:
        seq, epoch, batch = (np.array(c, dtype=np.int64) for c in columns[:3])
    except OverflowError:
        raise ValueError("seq, epoch and batch must fit in 64 bits") from None
    cost = np.array(columns[3], dtype=np.float64)
    if not np.isfinite(cost).all():
        raise ValueError("cost must be a finite number")
    updates = Updates()
    updates.extend(seq, epoch, batch, cost)
    return updates


def _first_not(values: list[Any], *kinds: type) -> Any:
    """The first of ``values`` whose type is none of ``kinds`` (for the error message)."""
    return next(v for v in values if type(v) not in kinds)
