"""What a :class:`~app.core.trainer.Trainer` may be given: data that fits its network,
and hyper-parameters in range.

Each check raises ValueError; the hyper-parameters' messages start with the
parameter at fault (``eta must be ...``), which the sessions turn into the
field of a 422.
"""

from __future__ import annotations

import math

import numpy as np

from app.core.network import Network
from app.core.records import TrainingData
from app.core.trace import finite_vector

MODES = ("batch", "per_example")


def check_data(network: Network, data: TrainingData, update: str) -> None:
    """``data``'s rows fit ``network.sizes``, its inputs are finite, and ``update`` is a mode.

    The inputs are checked once here, so that no mini-batch's check has to
    look at them again.
    """
    sizes = network.sizes
    if data.x_train.shape[1:] != (sizes[0],):
        raise ValueError(f"inputs have shape {data.x_train.shape[1:]}, sizes[0] is {sizes[0]}")
    if data.y_train.shape[1:] != (sizes[-1],):
        raise ValueError(f"targets have shape {data.y_train.shape[1:]}, sizes[-1] is {sizes[-1]}")
    if update not in MODES:
        raise ValueError(f"unknown update {update!r}; choose from {list(MODES)}")
    with np.errstate(over="ignore", invalid="ignore"):
        if not finite_vector(data.x_train.ravel()):
            raise ValueError("x_train holds numbers that are inf or NaN")


def check_hyper(eta: float | None, batch_size: int | None, lmbda: float | None, n: int) -> None:
    """η finite and ≥ 0 (0: nothing moves, a teaching case), 1 ≤ m ≤ ``n`` (the training set),
    λ finite and ≥ 0; None: unchanged."""
    if eta is not None and not (math.isfinite(eta) and eta >= 0):
        raise ValueError(f"eta must be a finite number >= 0, got {eta}")
    if batch_size is not None and not 1 <= batch_size <= n:
        raise ValueError(f"batch_size must be between 1 and n_train={n}, got {batch_size}")
    if lmbda is not None and not (math.isfinite(lmbda) and lmbda >= 0):
        raise ValueError(f"lmbda must be a finite number >= 0, got {lmbda}")
