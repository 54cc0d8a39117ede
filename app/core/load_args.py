"""The checks of a data set's load arguments: ``n_train``, ``n_test``, ``noise``, ``seed``.

Each returns the checked value or raises a DatasetError whose message starts with
the parameter at fault ("n_train must be ...").
"""

from __future__ import annotations

import numbers
import operator

from app.core.dataset import DatasetError, DatasetInfo

MIN_N_TRAIN = 4
MIN_N_TEST = 1
DEFAULT_NOISE = 0.05


def count(value: object, param: str, low: int, high: int) -> int:
    """``value`` as an int in [low, high], or a DatasetError naming ``param``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise DatasetError(f"{param} must be an integer, got {value!r}")
    n = operator.index(value)
    if not low <= n <= high:
        raise DatasetError(f"{param} must be between {low} and {high}, got {n}")
    return n


def noise(value: object) -> float:
    """``value`` (None for the default) as a float in [0, 1], or a DatasetError."""
    if value is None:
        return DEFAULT_NOISE
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise DatasetError(f"noise must be a number, got {value!r}")
    std = float(value)
    if not 0.0 <= std <= 1.0:  # also refuses nan
        raise DatasetError(f"noise must be between 0 and 1, got {std}")
    return std


def seed(value: object) -> int:
    """``value`` as a non-negative int seed, or a DatasetError."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or int(value) < 0:
        raise DatasetError(f"seed must be a non-negative integer, got {value!r}")
    return int(value)


def split_counts(info: DatasetInfo, total: int, n_train: object, n_test: object) -> tuple[int, int]:
    """Checked (n_train, n_test) out of ``total`` rows; one left out fills what the other leaves."""
    train = None if n_train is None else count(n_train, "n_train", MIN_N_TRAIN, info.max_n_train)
    test = None if n_test is None else count(n_test, "n_test", MIN_N_TEST, info.max_n_test)
    if train is None:
        train = min(info.default_n_train, total - (info.default_n_test if test is None else test))
    if test is None:
        test = min(info.default_n_test, total - train)
    if train + test > total:
        raise DatasetError(
            f"n_train + n_test must be at most {total} for {info.name}, got {train} + {test}"
        )
    return train, test


def counts(info: DatasetInfo, n_train: object, n_test: object) -> tuple[int, int]:
    """Checked (n_train, n_test) within ``info``'s maxima; one left out is its default."""
    n_train = info.default_n_train if n_train is None else n_train
    n_test = info.default_n_test if n_test is None else n_test
    return (
        count(n_train, "n_train", MIN_N_TRAIN, info.max_n_train),
        count(n_test, "n_test", MIN_N_TEST, info.max_n_test),
    )
