"""A user's table: rows of features and a class label, checked, with an id of its content.

A table is ``n`` rows of ``d`` numeric feature columns and a class label. Classes keep
their names, in a stable order: by value when every label is an integer, else
alphabetically; class ``k`` is output neuron ``k``. The same rows always give the same
id. A table may carry its own train/test split.

The inputs the network sees live in [-1, 1], as those of the built-in sets: a
column already inside [-1, 1] is kept as it is, any other is mapped linearly onto
it (its minimum to -1, its maximum to 1), and a constant column becomes 0.

Every error is a :class:`UserDataError` naming the row and the column at fault,
counted from 1 as a spreadsheet counts them (a header is row 1).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]

ID_PREFIX = "user-"
MIN_TRAIN = 4
MIN_TEST = 1
MAX_NAME = 60


class UserDataError(ValueError):
    """A table that cannot be used; ``row`` and ``column`` count from 1 (None: the whole file)."""

    def __init__(self, message: str, row: int | None = None, column: int | None = None) -> None:
        where = ", ".join(
            f"{part} {n}" for part, n in (("row", row), ("column", column)) if n is not None
        )
        super().__init__(f"{where}: {message}" if where else message)
        self.row = row
        self.column = column


@dataclass(frozen=True)
class TableLimits:
    """The largest table accepted (the server's settings)."""

    max_rows: int = 10_000
    max_columns: int = 256
    max_classes: int = 20
    max_bytes: int = 4_000_000


@dataclass(frozen=True)
class Table:
    """``x`` float64 ``(n, d)`` as given, ``labels`` int64 ``(n,)`` indexing ``class_names``.

    ``is_test`` is a bool ``(n,)`` when the data came with its own split, else None.
    ``id`` is derived from the content alone: the same rows give the same id.
    """

    id: str
    title: str
    x: FloatArray
    labels: IntArray
    class_names: tuple[str, ...]
    column_names: tuple[str, ...]
    is_test: BoolArray | None

    @property
    def n_rows(self) -> int:
        """Rows (examples)."""
        return int(self.x.shape[0])

    @property
    def n_inputs(self) -> int:
        """Feature columns (the network's ``sizes[0]``)."""
        return int(self.x.shape[1])

    @property
    def n_classes(self) -> int:
        """Classes (the network's ``sizes[-1]``)."""
        return len(self.class_names)

    @property
    def nbytes(self) -> int:
        """About the memory the table holds."""
        split = 0 if self.is_test is None else self.is_test.nbytes
        return int(self.x.nbytes + self.labels.nbytes + split)

    def scaled(self) -> FloatArray:
        """The inputs in [-1, 1], float64 ``(n, d)`` (see the module's docstring)."""
        low, high = self.x.min(axis=0), self.x.max(axis=0)
        inside = (low >= -1.0) & (high <= 1.0)
        # Halved first (exact for normal floats), so that 1e308 - (-1e308) cannot overflow.
        half_low, half_high = low / 2, high / 2
        span = np.where(high > low, half_high - half_low, 1.0)
        mapped = np.where(high > low, 2.0 * ((self.x / 2 - half_low) / span) - 1.0, 0.0)
        return np.asarray(np.where(inside, self.x, mapped), dtype=np.float64)


def _classes(raw: list[str]) -> tuple[tuple[str, ...], IntArray]:
    """Class names in a stable order (numeric when every label is an integer) and indices."""
    try:
        as_int = [int(label) for label in raw]
    except ValueError:
        names = tuple(sorted(set(raw)))
    else:
        raw = [str(n) for n in as_int]
        names = tuple(str(n) for n in sorted(set(as_int)))
    index = {name: k for k, name in enumerate(names)}
    return names, np.array([index[label] for label in raw], dtype=np.int64)


def _content_id(x: FloatArray, names: Sequence[str], split: BoolArray | None) -> str:
    """``user-`` and 16 hex digits of the sha256 of the canonical rows."""
    digest = hashlib.sha256(f"{x.shape[0]}x{x.shape[1]}\n".encode())
    digest.update(np.ascontiguousarray(x, dtype="<f8").tobytes())
    digest.update("\n".join(names).encode())
    if split is not None:
        digest.update(split.astype(np.uint8).tobytes())
    return ID_PREFIX + digest.hexdigest()[:16]


def make_table(
    title: str,
    features: list[list[float]],
    labels: list[str],
    columns: tuple[str, ...],
    is_test: BoolArray | None,
    limits: TableLimits,
) -> Table:
    """Check the counts of rows and classes and build the Table."""
    least = MIN_TRAIN + MIN_TEST
    if len(features) < least:
        raise UserDataError(f"the data needs at least {least} rows, got {len(features)}")
    names, index = _classes(labels)
    if len(names) < 2:
        raise UserDataError(
            f"the labels hold one class only ({names[0]!r}): a network needs two or more",
            column=len(columns) + 1,
        )
    if len(names) > limits.max_classes:
        raise UserDataError(
            f"{len(names)} classes is more than the limit of {limits.max_classes}",
            column=len(columns) + 1,
        )
    x = np.array(features, dtype=np.float64).reshape(len(features), len(columns))
    clean = (title.strip() or "my data")[:MAX_NAME]
    content = _content_id(x, [names[k] for k in index], is_test)
    return Table(content, clean, x, index, names, columns, is_test)


def split_rows(table: Table, n_train: int, n_test: int, seed: int) -> tuple[IntArray, IntArray]:
    """Which rows train and which test: the table's own split, else a shuffle with ``seed``.

    With its own split, the first ``n_train`` train rows and ``n_test`` test rows, in order.
    """
    if table.is_test is not None:
        train = np.flatnonzero(~table.is_test)[:n_train]
        test = np.flatnonzero(table.is_test)[:n_test]
        return train.astype(np.int64), test.astype(np.int64)
    order = np.random.default_rng(seed).permutation(table.n_rows)
    return order[:n_train].astype(np.int64), order[n_train : n_train + n_test].astype(np.int64)
