"""The data sets a network can learn: five 2-D point sets, the UCI digits and the book's MNIST.

As in TF Playground's ``dataset.ts``, names map to functions: :data:`GENERATORS`
holds the 2-D generators by name. :func:`catalogue` lists what can be loaded
(without loading it); :func:`load` builds a :class:`Dataset`.

Every array of a loaded :class:`Dataset` is float64 and read-only (a dataset may
be shared between sessions): inputs ``(n, n_inputs)``, one-hot targets
``(n, n_classes)``. Any bad argument raises :class:`DatasetError`, whose message
names the parameter at fault.
"""

from __future__ import annotations

import functools
import numbers
import operator
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

import numpy as np
from numpy.typing import NDArray

from app.core import _mnist, userdata
from app.core._points import DESCRIPTIONS, GENERATORS, PointGenerator, make_points

__all__ = [
    "GENERATORS",
    "Dataset",
    "DatasetError",
    "DatasetInfo",
    "PointGenerator",
    "catalogue",
    "load",
]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
_A = TypeVar("_A", bound=np.ndarray[Any, Any])

MIN_N_TRAIN = 4
MIN_N_TEST = 1
POINTS_MAX_N = 5000
DEFAULT_NOISE = 0.05
DIGITS_FILE = Path(__file__).resolve().parent / "data" / "digits.npz"
DIGITS_TOTAL = 1797
NAMES = (*GENERATORS, "digits", "mnist")


class DatasetError(ValueError):
    """A data set cannot be listed or loaded: unknown name, bad parameter or bad file."""


@dataclass(frozen=True)
class Dataset:
    """Inputs ``x_*`` float64 ``(n, n_inputs)`` and one-hot targets ``y_*`` ``(n, n_classes)``."""

    name: str
    description: str
    x_train: FloatArray
    y_train: FloatArray
    x_test: FloatArray
    y_test: FloatArray
    kind: str
    image_shape: tuple[int, int] | None
    input_range: tuple[float, float]
    class_names: tuple[str, ...]

    def __post_init__(self) -> None:
        """Check that the four arrays fit together."""
        for x, y, part in (
            (self.x_train, self.y_train, "train"),
            (self.x_test, self.y_test, "test"),
        ):
            if x.ndim != 2 or y.ndim != 2 or len(x) != len(y):
                raise DatasetError(f"x_{part} {x.shape} and y_{part} {y.shape} do not match")
        if self.x_train.shape[1] != self.x_test.shape[1] or self.n_classes != self.y_test.shape[1]:
            raise DatasetError("the train and test arrays have different widths")

    @property
    def n_inputs(self) -> int:
        """Inputs per example (the network's ``sizes[0]``)."""
        return int(self.x_train.shape[1])

    @property
    def n_classes(self) -> int:
        """Classes, i.e. outputs (the network's ``sizes[-1]``)."""
        return int(self.y_train.shape[1])

    @property
    def n_train(self) -> int:
        """Training examples."""
        return int(self.x_train.shape[0])

    @property
    def n_test(self) -> int:
        """Test examples."""
        return int(self.x_test.shape[0])

    @property
    def labels_train(self) -> IntArray:
        """Class of each training example, int64 ``(n_train,)``."""
        return np.asarray(np.argmax(self.y_train, axis=1), dtype=np.int64)

    @property
    def labels_test(self) -> IntArray:
        """Class of each test example, int64 ``(n_test,)``."""
        return np.asarray(np.argmax(self.y_test, axis=1), dtype=np.int64)


@dataclass(frozen=True)
class DatasetInfo:
    """What :func:`catalogue` tells about a data set without loading it."""

    name: str
    description: str
    n_inputs: int
    n_classes: int
    kind: str
    default_sizes: tuple[int, ...]
    default_n_train: int
    default_n_test: int
    max_n_train: int
    max_n_test: int
    has_noise: bool


class _Look(NamedTuple):
    """The fields of a Dataset that say how to show it."""

    kind: str
    image_shape: tuple[int, int] | None
    input_range: tuple[float, float]
    class_names: tuple[str, ...]


_POINTS_LOOK = _Look("points", None, (-1.0, 1.0), ("0", "1"))
_DIGITS_LOOK = _Look("image", (8, 8), (0.0, 1.0), tuple(str(d) for d in range(10)))
_MNIST_LOOK = _Look("image", (28, 28), (0.0, 1.0), _DIGITS_LOOK.class_names)


_Pair = tuple[int, int]


def _info(
    name: str, about: str, sizes: tuple[int, ...], defaults: _Pair, maxes: _Pair
) -> DatasetInfo:
    """A catalogue entry; ``defaults`` and ``maxes`` are (n_train, n_test) pairs."""
    kind = "points" if sizes[0] == 2 else "image"
    return DatasetInfo(
        name, about, sizes[0], sizes[-1], kind, sizes, *defaults, *maxes, kind == "points"
    )


_DIGITS_ABOUT = (
    "1,797 real hand-written digits as tiny 8x8 images (64 inputs, 10 classes; UCI, "
    "CC BY 4.0): a small, fast stand-in for MNIST."
)
_MNIST_ABOUT = (
    "The book's MNIST: 50,000 training and 10,000 test hand-written digits as 28x28 "
    "images (784 inputs, 10 classes); the book's [784, 30, 10] network reaches about 95%."
)
_POINT_SIZES = {"spiral": (2, 16, 2)}  # one wide sigmoid layer learns it; two deep ones stall
_POINTS_INFO = {
    name: _info(name, about, _POINT_SIZES.get(name, (2, 4, 2)), (200, 100), (POINTS_MAX_N,) * 2)
    for name, about in DESCRIPTIONS.items()
}
_DIGITS_MAXES = (DIGITS_TOTAL - MIN_N_TEST, DIGITS_TOTAL - MIN_N_TRAIN)
DIGITS_INFO = _info("digits", _DIGITS_ABOUT, (64, 30, 10), (1297, 500), _DIGITS_MAXES)
MNIST_INFO = _info("mnist", _MNIST_ABOUT, (784, 30, 10), (50_000, 10_000), (50_000, 10_000))


# ---------------------------------------------------------------- checks of the arguments


def _count(value: object, param: str, low: int, high: int) -> int:
    """``value`` as an int in [low, high], or a DatasetError naming ``param``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise DatasetError(f"{param} must be an integer, got {value!r}")
    count = operator.index(value)
    if not low <= count <= high:
        raise DatasetError(f"{param} must be between {low} and {high}, got {count}")
    return count


def _noise(value: object) -> float:
    """``value`` (None for the default) as a float in [0, 1], or a DatasetError."""
    if value is None:
        return DEFAULT_NOISE
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise DatasetError(f"noise must be a number, got {value!r}")
    noise = float(value)
    if not 0.0 <= noise <= 1.0:  # also refuses nan
        raise DatasetError(f"noise must be between 0 and 1, got {noise}")
    return noise


def _seed(value: object) -> int:
    """``value`` as a non-negative int seed, or a DatasetError."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or int(value) < 0:
        raise DatasetError(f"seed must be a non-negative integer, got {value!r}")
    return int(value)


def _split_counts(
    info: DatasetInfo, total: int, n_train: object, n_test: object
) -> tuple[int, int]:
    """Checked (n_train, n_test) out of ``total`` rows; one left out fills what the other leaves."""
    train = None if n_train is None else _count(n_train, "n_train", MIN_N_TRAIN, info.max_n_train)
    test = None if n_test is None else _count(n_test, "n_test", MIN_N_TEST, info.max_n_test)
    if train is None:
        train = min(info.default_n_train, total - (info.default_n_test if test is None else test))
    if test is None:
        test = min(info.default_n_test, total - train)
    if train + test > total:
        raise DatasetError(
            f"n_train + n_test must be at most {total} for {info.name}, got {train} + {test}"
        )
    return train, test


# ---------------------------------------------------------------- building datasets


def _frozen(array: _A) -> _A:
    """``array``, made read-only."""
    array.flags.writeable = False
    return array


def _dataset(name: str, about: str, look: _Look, *parts: NDArray[Any]) -> Dataset:
    """A Dataset of ``parts``: train inputs (n, d), train labels (n,), test inputs, test labels."""
    eye = np.eye(len(look.class_names))
    x_train, y_train, x_test, y_test = (
        _frozen(eye[part] if part.ndim == 1 else np.asarray(part, dtype=np.float64))
        for part in parts
    )
    return Dataset(name, about, x_train, y_train, x_test, y_test, *look)


def _load_points(name: str, n_train: object, n_test: object, noise: object, seed: int) -> Dataset:
    """The 2-D set ``name``: balanced classes, inputs (n, 2) in [-1, 1]."""
    info = _POINTS_INFO[name]
    n_train = info.default_n_train if n_train is None else n_train
    n_test = info.default_n_test if n_test is None else n_test
    train = _count(n_train, "n_train", MIN_N_TRAIN, info.max_n_train)
    test = _count(n_test, "n_test", MIN_N_TEST, info.max_n_test)
    xs, labels, rows, test_rows = make_points(name, train, test, _noise(noise), seed)
    parts = (xs[rows], labels[rows], xs[test_rows], labels[test_rows])
    return _dataset(name, info.description, _POINTS_LOOK, *parts)


@functools.lru_cache(maxsize=1)
def _digits_arrays() -> tuple[FloatArray, IntArray]:
    """All digits: pixels float64 (1797, 64) in [0, 1] and labels int64 (1797,), read-only."""
    try:
        with np.load(DIGITS_FILE, allow_pickle=False) as npz:
            images, labels = npz["images"], npz["labels"]
    except (OSError, KeyError, ValueError) as exc:
        raise DatasetError(f"cannot read the digits file {DIGITS_FILE}: {exc}") from exc
    if images.shape != (DIGITS_TOTAL, 8, 8) or labels.shape != (DIGITS_TOTAL,):
        raise DatasetError(
            f"the digits file {DIGITS_FILE} has shapes {images.shape}, {labels.shape}"
        )
    x = images.reshape(DIGITS_TOTAL, 64).astype(np.float64) / 16.0
    return _frozen(x), _frozen(labels.astype(np.int64))


def _load_digits(n_train: object, n_test: object, seed: int) -> Dataset:
    """The UCI digits shuffled with ``seed``: the first n_train rows train, the next n_test test."""
    train, test = _split_counts(DIGITS_INFO, DIGITS_TOTAL, n_train, n_test)
    x, labels = _digits_arrays()
    rows = np.random.default_rng(seed).permutation(DIGITS_TOTAL)
    rows, test_rows = rows[:train], rows[train : train + test]
    parts = (x[rows], labels[rows], x[test_rows], labels[test_rows])
    return _dataset("digits", DIGITS_INFO.description, _DIGITS_LOOK, *parts)


def _load_mnist(path: str | None, n_train: object, n_test: object, seed: int) -> Dataset:
    """The book's MNIST from ``path``: a seeded sample of its training and test parts."""
    if path is None:
        raise DatasetError("mnist_path: mnist is not available here (no mnist file is configured)")
    try:
        stamp = _mnist.file_stamp(path)
        arrays = _mnist.read_stamped(stamp)
        have_train, have_test = len(arrays.train_labels), len(arrays.test_labels)
        if have_train < MIN_N_TRAIN or have_test < MIN_N_TEST:
            raise _mnist.MnistFileError(
                f"mnist_path: the file holds only {have_train} + {have_test} examples"
            )
        train = (
            have_train if n_train is None else _count(n_train, "n_train", MIN_N_TRAIN, have_train)
        )
        test = have_test if n_test is None else _count(n_test, "n_test", MIN_N_TEST, have_test)
        return _mnist_dataset(stamp, train, test, seed)
    except _mnist.MnistFileError as exc:
        raise DatasetError(str(exc)) from exc


@functools.lru_cache(maxsize=2)
def _mnist_dataset(stamp: _mnist.Stamp, n_train: int, n_test: int, seed: int) -> Dataset:
    """The MNIST dataset of these arguments, built once and shared (its arrays are read-only)."""
    a = _mnist.read_stamped(stamp)
    rng = np.random.default_rng(seed)
    rows = rng.permutation(len(a.train_labels))[:n_train]
    test = rng.permutation(len(a.test_labels))[:n_test]
    parts = (a.train_images[rows], a.train_labels[rows], a.test_images[test], a.test_labels[test])
    return _dataset("mnist", MNIST_INFO.description, _MNIST_LOOK, *parts)


# ---------------------------------------------------------------- your own data


def table_info(table: userdata.Table) -> DatasetInfo:
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


def _load_table(table: userdata.Table, n_train: object, n_test: object, seed: int) -> Dataset:
    """A user table split into train and test rows (see :func:`userdata.split_rows`)."""
    info = table_info(table)
    if table.is_test is None:
        train, test = _split_counts(info, table.n_rows, n_train, n_test)
    else:
        n_train = info.max_n_train if n_train is None else n_train
        n_test = info.max_n_test if n_test is None else n_test
        train = _count(n_train, "n_train", MIN_N_TRAIN, info.max_n_train)
        test = _count(n_test, "n_test", MIN_N_TEST, info.max_n_test)
    rows, test_rows = userdata.split_rows(table, train, test, seed)
    x, labels = table.scaled(), table.labels
    look = _Look(info.kind, None, (-1.0, 1.0), table.class_names)
    parts = (x[rows], labels[rows], x[test_rows], labels[test_rows])
    return _dataset(table.id, info.description, look, *parts)


# ---------------------------------------------------------------- public entry points


def catalogue(
    mnist_path: str | None = None, tables: Iterable[userdata.Table] = ()
) -> dict[str, DatasetInfo]:
    """Every loadable data set by name; mnist only if ``mnist_path`` names an existing file.

    ``tables`` adds user tables, each under its id.
    """
    infos = {**_POINTS_INFO, "digits": DIGITS_INFO}
    if mnist_path is not None and os.path.isfile(mnist_path):
        infos["mnist"] = _mnist_info(mnist_path)
    infos.update((table.id, table_info(table)) for table in tables)
    return infos


def _mnist_info(path: str) -> DatasetInfo:
    """MNIST's entry, with the counts of the file itself (it may be smaller than the book's).

    Reading the file is cached; a file that cannot be read keeps the book's counts, and
    loading it then says what is wrong.
    """
    try:
        arrays = _mnist.read_stamped(_mnist.file_stamp(path))
    except _mnist.MnistFileError:
        return MNIST_INFO
    counts = (len(arrays.train_labels), len(arrays.test_labels))
    return _info("mnist", MNIST_INFO.description, MNIST_INFO.default_sizes, counts, counts)


def load(
    name: str,
    *,
    n_train: int | None = None,
    n_test: int | None = None,
    noise: float | None = None,
    seed: int = 0,
    mnist_path: str | None = None,
    table: userdata.Table | None = None,
) -> Dataset:
    """Load data set ``name``; the same arguments always give the same arrays.

    ``n_train``/``n_test`` default to the catalogue's defaults (for mnist: the whole
    file); ``noise`` (std of the jitter, in [0, 1]; default 0.05) is for the 2-D sets
    only; ``mnist_path`` is read only for ``"mnist"``; ``table`` is the user table
    whose id is ``name``. Raises DatasetError.
    """
    if table is not None and name == table.id:
        if noise is not None:
            raise DatasetError(f"noise applies only to the 2-D sets, not to {name}: leave it None")
        return _load_table(table, n_train, n_test, _seed(seed))
    if not isinstance(name, str) or name not in NAMES:
        raise DatasetError(f"name must be one of {', '.join(NAMES)}, got {name!r}")
    rng_seed = _seed(seed)
    if name in GENERATORS:
        return _load_points(name, n_train, n_test, noise, rng_seed)
    if noise is not None:
        raise DatasetError(f"noise applies only to the 2-D sets, not to {name}: leave it None")
    if name == "digits":
        return _load_digits(n_train, n_test, rng_seed)
    return _load_mnist(mnist_path, n_train, n_test, rng_seed)
