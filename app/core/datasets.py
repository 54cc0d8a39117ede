"""The data sets a network can learn, by name: the built-in sets and your own tables.

As in TF Playground's ``dataset.ts``, names map to functions: :data:`GENERATORS`
holds the 2-D generators by name (:mod:`app.core.builtin` the other built-in sets).
:func:`catalogue` lists what can be loaded (without loading it); :func:`load` builds
a :class:`~app.core.dataset.Dataset`. Any bad argument raises
:class:`~app.core.dataset.DatasetError`, whose message names the parameter at fault.

This module is the data sets' public API: it names (``__all__``) the types of
:mod:`app.core.dataset` and the generators of :mod:`app.core._points` with it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from app.core import builtin
from app.core import load_args as args
from app.core._points import GENERATORS, PointGenerator
from app.core.dataset import Dataset, DatasetError, DatasetInfo, Look, make_dataset
from app.core.load_args import MIN_N_TEST, MIN_N_TRAIN
from app.core.table import Table, split_rows

__all__ = [
    "GENERATORS",
    "Dataset",
    "DatasetError",
    "DatasetInfo",
    "PointGenerator",
    "catalogue",
    "load",
]

NAMES = (*GENERATORS, "digits", "mnist")


def table_info(table: Table) -> DatasetInfo:
    """The catalogue entry of a user table: 80/20 split unless it has its own, one hidden layer."""
    n, d, k = table.n_rows, table.n_inputs, table.n_classes
    if table.is_test is not None:
        counts = (int((~table.is_test).sum()), int(table.is_test.sum()))
        defaults = maxes = counts
    else:
        n_test = max(MIN_N_TEST, n // 5)
        defaults, maxes = (n - n_test, n_test), (n - MIN_N_TEST, n - MIN_N_TRAIN)
    classes = ", ".join(table.class_names[:6]) + (", ..." if k > 6 else "")
    about = f"{table.title}: your data, {n:,} rows of {d} inputs in {k} classes ({classes})."
    kind = "points" if d == 2 else "table"
    sizes = (d, max(8, min(30, d)), k)
    return DatasetInfo(table.id, about, d, k, kind, sizes, *defaults, *maxes, False)


def _load_table(table: Table, n_train: object, n_test: object, seed: int) -> Dataset:
    """A user table split into train and test rows (see :func:`~app.core.table.split_rows`)."""
    info = table_info(table)
    if table.is_test is None:
        train, test = args.split_counts(info, table.n_rows, n_train, n_test)
    else:
        train, test = args.counts(info, n_train, n_test)  # its defaults are its maxima
    rows, test_rows = split_rows(table, train, test, seed)
    x, labels = table.scaled(), table.labels
    look = Look(info.kind, None, (-1.0, 1.0), table.class_names)
    parts = (x[rows], labels[rows], x[test_rows], labels[test_rows])
    return make_dataset(table.id, info.description, look, *parts)


def catalogue(
    mnist_path: str | None = None, tables: Iterable[Table] = ()
) -> dict[str, DatasetInfo]:
    """Every loadable data set by name; mnist only if ``mnist_path`` names an existing file.

    ``tables`` adds user tables, each under its id.
    """
    infos = {**builtin.POINTS_INFO, "digits": builtin.DIGITS_INFO}
    if mnist_path is not None and os.path.isfile(mnist_path):
        infos["mnist"] = builtin.mnist_info(mnist_path)
    infos.update((table.id, table_info(table)) for table in tables)
    return infos


def load(
    name: str,
    *,
    n_train: int | None = None,
    n_test: int | None = None,
    noise: float | None = None,
    seed: int = 0,
    mnist_path: str | None = None,
    table: Table | None = None,
    file_order: bool = False,
) -> Dataset:
    """Load data set ``name``; the same arguments always give the same arrays.

    ``n_train``/``n_test`` default to the catalogue's defaults (for mnist: the whole
    file); ``noise`` (std of the jitter, in [0, 1]; default 0.05) is for the 2-D sets
    only; ``mnist_path`` is read only for ``"mnist"``; ``table`` is the user table
    whose id is ``name``; ``file_order`` takes digits' and mnist's rows in the file's
    order instead of a seeded sample (as the book's loader does). Raises DatasetError.
    """
    if table is not None and name == table.id:
        if noise is not None:
            raise DatasetError(f"noise applies only to the 2-D sets, not to {name}: leave it None")
        return _load_table(table, n_train, n_test, args.seed(seed))
    if not isinstance(name, str) or name not in NAMES:
        raise DatasetError(f"name must be one of {', '.join(NAMES)}, got {name!r}")
    rng_seed = args.seed(seed)
    if name in GENERATORS:
        return builtin.load_points(name, n_train, n_test, noise, rng_seed)
    if noise is not None:
        raise DatasetError(f"noise applies only to the 2-D sets, not to {name}: leave it None")
    if name == "digits":
        return builtin.load_digits(n_train, n_test, rng_seed, file_order)
    return builtin.load_mnist(mnist_path, n_train, n_test, rng_seed, file_order)
