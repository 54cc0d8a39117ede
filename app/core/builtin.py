"""The built-in data sets: five 2-D point sets, the UCI digits shipped with the package, MNIST.

Each has its catalogue entry (:data:`POINTS_INFO`, :data:`DIGITS_INFO`, :data:`MNIST_INFO`)
and a loader; the book's MNIST is read from a file the server names, when it has one.
"""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np

from app.core import _mnist
from app.core import load_args as args
from app.core._points import DESCRIPTIONS, make_points
from app.core.dataset import (
    Dataset,
    DatasetError,
    DatasetInfo,
    FloatArray,
    IntArray,
    Look,
    frozen,
    make_dataset,
    make_info,
)
from app.core.load_args import MIN_N_TEST, MIN_N_TRAIN

POINTS_MAX_N = 5000
DIGITS_FILE = Path(__file__).resolve().parent / "data" / "digits.npz"
DIGITS_TOTAL = 1797

POINTS_LOOK = Look("points", None, (-1.0, 1.0), ("0", "1"))
DIGITS_LOOK = Look("image", (8, 8), (0.0, 1.0), tuple(str(d) for d in range(10)))
MNIST_LOOK = Look("image", (28, 28), (0.0, 1.0), DIGITS_LOOK.class_names)

_DIGITS_ABOUT = (
    "1,797 real hand-written digits as tiny 8x8 images (64 inputs, 10 classes; UCI, "
    "CC BY 4.0): a small, fast stand-in for MNIST."
)
_MNIST_ABOUT = (
    "The book's MNIST: 50,000 training and 10,000 test hand-written digits as 28x28 "
    "images (784 inputs, 10 classes); the book's [784, 30, 10] network reaches about 95%."
)
_POINT_SIZES = {"spiral": (2, 16, 2)}  # one wide sigmoid layer learns it; two deep ones stall
POINTS_INFO = {
    name: make_info(name, about, _POINT_SIZES.get(name, (2, 4, 2)), (200, 100), (POINTS_MAX_N,) * 2)
    for name, about in DESCRIPTIONS.items()
}
_DIGITS_MAXES = (DIGITS_TOTAL - MIN_N_TEST, DIGITS_TOTAL - MIN_N_TRAIN)
DIGITS_INFO = make_info("digits", _DIGITS_ABOUT, (64, 30, 10), (1297, 500), _DIGITS_MAXES)
MNIST_INFO = make_info("mnist", _MNIST_ABOUT, (784, 30, 10), (50_000, 10_000), (50_000, 10_000))


def load_points(name: str, n_train: object, n_test: object, noise: object, seed: int) -> Dataset:
    """The 2-D set ``name``: balanced classes, inputs (n, 2) in [-1, 1]."""
    info = POINTS_INFO[name]
    train, test = args.counts(info, n_train, n_test)
    xs, labels, rows, test_rows = make_points(name, train, test, args.noise(noise), seed)
    parts = (xs[rows], labels[rows], xs[test_rows], labels[test_rows])
    return make_dataset(name, info.description, POINTS_LOOK, *parts)


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
    return frozen(x), frozen(labels.astype(np.int64))


def load_digits(n_train: object, n_test: object, seed: int, file_order: bool = False) -> Dataset:
    """The UCI digits shuffled with ``seed``: the first n_train rows train, the next n_test test.

    ``file_order``: not shuffled, the file's first n_train rows train, the next n_test test.
    """
    train, test = args.split_counts(DIGITS_INFO, DIGITS_TOTAL, n_train, n_test)
    x, labels = _digits_arrays()
    rows = (
        np.arange(DIGITS_TOTAL)
        if file_order
        else np.random.default_rng(seed).permutation(DIGITS_TOTAL)
    )
    rows, test_rows = rows[:train], rows[train : train + test]
    parts = (x[rows], labels[rows], x[test_rows], labels[test_rows])
    return make_dataset("digits", DIGITS_INFO.description, DIGITS_LOOK, *parts)


def load_mnist(
    path: str | None, n_train: object, n_test: object, seed: int, file_order: bool = False
) -> Dataset:
    """The book's MNIST from ``path``: a seeded sample of its training and test parts.

    ``file_order``: the first n_train training rows and n_test test rows, in the file's
    order, as the book's ``mnist_loader`` gives them (row ``i`` of the set is row ``i``
    of the file).
    """
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
            have_train
            if n_train is None
            else args.count(n_train, "n_train", MIN_N_TRAIN, have_train)
        )
        test = have_test if n_test is None else args.count(n_test, "n_test", MIN_N_TEST, have_test)
        return _mnist_dataset(stamp, train, test, None if file_order else seed)
    except _mnist.MnistFileError as exc:
        raise DatasetError(str(exc)) from exc


@functools.lru_cache(maxsize=2)
def _mnist_dataset(stamp: _mnist.Stamp, n_train: int, n_test: int, seed: int | None) -> Dataset:
    """The MNIST dataset of these arguments, built once and shared (its arrays are read-only).

    ``seed=None``: the file's first rows, in its order.
    """
    a = _mnist.read_stamped(stamp)
    if seed is None:
        rows, test = np.arange(n_train), np.arange(n_test)
    else:
        rng = np.random.default_rng(seed)
        rows = rng.permutation(len(a.train_labels))[:n_train]
        test = rng.permutation(len(a.test_labels))[:n_test]
    parts = (a.train_images[rows], a.train_labels[rows], a.test_images[test], a.test_labels[test])
    return make_dataset("mnist", MNIST_INFO.description, MNIST_LOOK, *parts)


def mnist_info(path: str) -> DatasetInfo:
    """MNIST's entry, with the counts of the file itself (it may be smaller than the book's).

    Reading the file is cached; a file that cannot be read keeps the book's counts, and
    loading it then says what is wrong.
    """
    try:
        arrays = _mnist.read_stamped(_mnist.file_stamp(path))
    except _mnist.MnistFileError:
        return MNIST_INFO
    counts = (len(arrays.train_labels), len(arrays.test_labels))
    return make_info("mnist", MNIST_INFO.description, MNIST_INFO.default_sizes, counts, counts)
