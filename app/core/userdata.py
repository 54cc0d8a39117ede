"""Your own data: CSV text or rows of numbers, checked and kept as a :class:`Table`.

A table is ``n`` rows of ``d`` numeric feature columns and a class label, the last
column, an integer or a string. Classes keep their names, in a stable order: by
value when every label is an integer, else alphabetically; class ``k`` is output
neuron ``k``. A CSV may start with a header (a first row whose feature cells are
all text) and may end with a column named ``split`` holding ``train`` or ``test``
per row (what ``GET /api/datasets/{id}/csv`` writes): then that split is kept.

The inputs the network sees live in [-1, 1], as those of the built-in sets: a
column already inside [-1, 1] is kept as it is, any other is mapped linearly onto
it (its minimum to -1, its maximum to 1), and a constant column becomes 0.

Every error is a :class:`UserDataError` naming the row and the column at fault,
counted from 1 as a spreadsheet counts them (a header is row 1).
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]

ID_PREFIX = "user-"
SPLIT_COLUMN = "split"
SPLITS = ("train", "test")
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
        span = np.where(high > low, high - low, 1.0)
        mapped = np.where(high > low, 2.0 * (self.x - low) / span - 1.0, 0.0)
        return np.asarray(np.where(inside, self.x, mapped), dtype=np.float64)


def _number(cell: str | float, row: int, column: int) -> float:
    """A finite float from one feature cell, or a UserDataError naming where it is."""
    if isinstance(cell, str):
        try:
            value = float(cell.strip())
        except ValueError:
            shown = repr(cell) if cell.strip() else "an empty cell"
            raise UserDataError(f"{shown} is not a number", row, column) from None
    else:
        value = float(cell)
    if not math.isfinite(value):
        raise UserDataError(f"{value} is not a finite number", row, column)
    return value


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


def _split(cells: list[str], first_row: int, column: int) -> BoolArray:
    """The ``split`` column as ``is_test`` (n,), each cell ``train`` or ``test``."""
    for i, cell in enumerate(cells):
        if cell.strip().lower() not in SPLITS:
            raise UserDataError(f"split must be train or test, got {cell!r}", first_row + i, column)
    is_test = np.array([c.strip().lower() == "test" for c in cells], dtype=np.bool_)
    if int((~is_test).sum()) < MIN_TRAIN or int(is_test.sum()) < MIN_TEST:
        raise UserDataError(
            f"the split needs at least {MIN_TRAIN} train rows and {MIN_TEST} test row",
            column=column,
        )
    return is_test


def _table(
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


def _width(row: Sequence[object], n: int, number: int, limits: TableLimits) -> None:
    """Check a row's length: ``n`` cells (the first row's), at least 2, at most the limit."""
    if len(row) < 2:
        raise UserDataError(
            f"a row needs at least one number and a label, got {len(row)} cell(s)", number
        )
    if len(row) - 1 > limits.max_columns:
        raise UserDataError(
            f"{len(row) - 1} feature columns is more than the limit of {limits.max_columns}",
            number,
            limits.max_columns + 1,
        )
    if len(row) != n:
        raise UserDataError(f"the row has {len(row)} cells where the first has {n}", number)


def _is_header(row: list[str]) -> bool:
    """A first row whose feature cells (one or more) are all text is a header."""
    if len(row) < 2:
        return False
    for cell in row[:-1]:
        try:
            float(cell)
        except ValueError:
            continue
        return False
    return True


def _csv_rows(text: str) -> list[tuple[int, list[str]]]:
    """The non-blank rows of ``text`` with their row numbers; any line ending (\\n, \\r\\n, \\r)."""
    reader = csv.reader(io.StringIO(text, newline=None))  # None: a lone \r ends a line too
    rows = []
    try:
        for i, row in enumerate(reader):
            if any(c.strip() for c in row):
                rows.append((i + 1, row))
    except csv.Error as e:
        raise UserDataError(f"not readable as CSV: {e}", reader.line_num) from None
    return rows


def parse_csv(text: str, title: str = "my data", limits: TableLimits | None = None) -> Table:
    """A Table from CSV text: optional header, features, label last (then maybe ``split``)."""
    limits = limits or TableLimits()
    if len(text.encode()) > limits.max_bytes:
        raise UserDataError(f"the file is more than the limit of {limits.max_bytes:,} bytes")
    rows = _csv_rows(text)
    if not rows:
        raise UserDataError("the file is empty: no rows", 1)
    header = rows[0][1] if _is_header(rows[0][1]) else None
    body = rows[1:] if header else rows
    if len(body) > limits.max_rows:
        raise UserDataError(
            f"{len(body):,} rows is more than the limit of {limits.max_rows:,}",
            body[limits.max_rows][0],
        )
    if not body:
        raise UserDataError("the file has a header but no rows", 2)
    n = len(header) if header else len(body[0][1])
    split = header is not None and header[-1].strip().lower() == SPLIT_COLUMN
    for number, row in body:
        if split and len(row) != n:
            raise UserDataError(f"the row has {len(row)} cells where the header has {n}", number)
        _width(row[:-1] if split else row, n - split, number, limits)
    d = n - 1 - split
    features = [[_number(c, num, j + 1) for j, c in enumerate(r[:d])] for num, r in body]
    labels = [r[d].strip() for _, r in body]
    for (number, _), label in zip(body, labels, strict=True):
        if not label:
            raise UserDataError("the label is empty", number, d + 1)
    is_test = _split([r[-1] for _, r in body], body[0][0], n) if split else None
    columns = (
        tuple(c.strip() for c in header[:d]) if header else tuple(f"x{j + 1}" for j in range(d))
    )
    return _table(title, features, labels, columns, is_test, limits)


def from_rows(
    rows: Sequence[Sequence[float | int | str]],
    labels: Sequence[int | str] | None = None,
    title: str = "my data",
    limits: TableLimits | None = None,
) -> Table:
    """A Table from rows of numbers, each ending with its label unless ``labels`` are given.

    Rows and columns in the errors count from 1, as for a CSV without a header.
    """
    limits = limits or TableLimits()
    if not rows:
        raise UserDataError("rows is empty: no rows", 1)
    if len(rows) > limits.max_rows:
        raise UserDataError(
            f"{len(rows):,} rows is more than the limit of {limits.max_rows:,}", limits.max_rows + 1
        )
    if labels is not None and len(labels) != len(rows):
        raise UserDataError(f"labels has {len(labels)} entries for {len(rows)} rows")
    full = [list(r) if labels is None else [*r, labels[i]] for i, r in enumerate(rows)]
    for i, row in enumerate(full):
        _width(row, len(full[0]), i + 1, limits)
    d = len(full[0]) - 1
    features = [[_number(c, i + 1, j + 1) for j, c in enumerate(r[:d])] for i, r in enumerate(full)]
    texts = []
    for i, row in enumerate(full):
        label = row[d]
        if isinstance(label, float) and not label.is_integer():
            raise UserDataError(f"a label is an integer or a string, got {label}", i + 1, d + 1)
        text = str(int(label)) if isinstance(label, float) else str(label).strip()
        if not text:
            raise UserDataError("the label is empty", i + 1, d + 1)
        texts.append(text)
    return _table(title, features, texts, tuple(f"x{j + 1}" for j in range(d)), None, limits)


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


def to_csv(
    x: FloatArray, labels: Sequence[str], is_test: Sequence[bool], columns: Sequence[str]
) -> str:
    """CSV text with a header: the features (exact: Python's shortest repr), label, split."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*columns, "label", SPLIT_COLUMN])
    for row, label, test in zip(x.tolist(), labels, is_test, strict=True):
        writer.writerow([*(repr(v) for v in row), label, SPLITS[int(test)]])
    return out.getvalue()
