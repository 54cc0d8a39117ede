"""Your own data read into a :class:`~app.core.table.Table`: CSV text or rows of numbers.

The label is the last column, an integer or a string. A CSV may start with a header
(a first row whose feature cells are all text) and may end with a column named
``split`` holding ``train`` or ``test`` per row (what ``GET /api/datasets/{id}/csv``
writes): then that split is kept. :func:`to_csv` writes that form back.

Every error is a :class:`~app.core.table.UserDataError` naming the row and the column
at fault, counted from 1 as a spreadsheet counts them (a header is row 1).
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Sequence

import numpy as np

from app.core import csvsafe
from app.core.table import (
    MIN_TEST,
    MIN_TRAIN,
    BoolArray,
    FloatArray,
    Table,
    TableLimits,
    UserDataError,
    make_table,
)

SPLIT_COLUMN = "split"
SPLITS = ("train", "test")


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
    labels = [csvsafe.restore(r[d].strip()) for _, r in body]
    for (number, _), label in zip(body, labels, strict=True):
        if not label:
            raise UserDataError("the label is empty", number, d + 1)
    is_test = _split([r[-1] for _, r in body], body[0][0], n) if split else None
    columns = (
        tuple(csvsafe.restore(c.strip()) for c in header[:d])
        if header
        else tuple(f"x{j + 1}" for j in range(d))
    )
    return make_table(title, features, labels, columns, is_test, limits)


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
    return make_table(title, features, texts, tuple(f"x{j + 1}" for j in range(d)), None, limits)


def to_csv(
    x: FloatArray, labels: Sequence[str], is_test: Sequence[bool], columns: Sequence[str]
) -> str:
    """CSV text with a header: the features (exact: Python's shortest repr), label, split.

    Column and class names that a spreadsheet would run as formulas are neutralised
    (:mod:`app.core.csvsafe`); :func:`parse_csv` reads them back as they were.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*(csvsafe.neutralise(c) for c in columns), "label", SPLIT_COLUMN])
    safe = {name: csvsafe.neutralise(name) for name in set(labels)}
    for row, label, test in zip(x.tolist(), labels, is_test, strict=True):
        writer.writerow([*(repr(v) for v in row), safe[label], SPLITS[int(test)]])
    return out.getvalue()
