"""A run's configuration: what to train on, which network, which hyper-parameters.

:func:`resolve` fills every field the client left out from the data set's
catalogue entry and checks the whole against the server's :class:`Limits`.
Errors are :class:`ConfigError`, naming the field at fault.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, replace

from app.core import datasets
from app.core.activations import ACTIVATIONS
from app.core.bookrng import RNGS
from app.core.checks import MODES
from app.core.costs import COSTS
from app.core.load_args import DEFAULT_NOISE, MIN_N_TEST, MIN_N_TRAIN
from app.core.network import INITS
from app.core.table import ID_PREFIX, Table
from app.sessions.userdata import TableStore


class ConfigError(ValueError):
    """A configuration a session cannot be built from; ``field`` names the culprit."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


DEFAULT_BATCH_SIZE = 10
"""m when a config says nothing: the book's 10, or n_train when that is smaller."""


@dataclass(frozen=True)
class Limits:
    """What the server allows one session (from the settings)."""

    max_weights: int = 1_000_000
    max_layers: int = 8
    max_step_examples: int = 100_000
    max_batch_floats: int = 4_000_000
    """Bounds m · Σ sizes, the floats a mini-batch's trace keeps per array (32 MB)."""
    max_frame_floats: int = 8_000_000
    """Bounds the numbers one step may send at full detail (about 70 MB of JSON)."""
    mnist_path: str | None = None
    tables: TableStore | None = None
    """The uploaded data sets a run may name (``user-...`` ids)."""


def find_table(dataset: str, limits: Limits) -> Table | None:
    """The user table a ``user-...`` dataset names; None for a built-in set; else ConfigError."""
    if not dataset.startswith(ID_PREFIX):
        return None
    table = limits.tables.get(dataset) if limits.tables is not None else None
    if table is None:
        raise ConfigError(
            "dataset",
            f"there is no uploaded data set {dataset!r} on the server (uploads are kept for a "
            "while only): upload the data again",
        )
    return table


@dataclass(frozen=True)
class RunConfig:
    """Every setting of a run. ``None`` means "the data set's default" until :func:`resolve`."""

    dataset: str = "moons"
    sizes: tuple[int, ...] | None = None
    n_train: int | None = None
    n_test: int | None = None
    noise: float | None = None
    activation: str = "sigmoid"
    cost: str = "quadratic"
    init: str = "gaussian"
    eta: float = 3.0
    batch_size: int = 10  # DEFAULT_BATCH_SIZE, or n_train when that is smaller
    lmbda: float = 0.0
    update: str = "batch"
    seed: int = 0
    rng: str = "numpy"
    """``numpy``: Nabla's generator; ``book``: network.py's (:mod:`app.core.bookrng`)."""


def _choose(field: str, value: str, choices: object) -> None:
    names = sorted(choices)  # type: ignore[call-overload]
    if value not in names:
        raise ConfigError(field, f"{field} must be one of {', '.join(names)}, got {value!r}")


def _check_sizes(sizes: tuple[int, ...], info: datasets.DatasetInfo, limits: Limits) -> None:
    if len(sizes) < 2 or len(sizes) > limits.max_layers:
        raise ConfigError(
            "sizes", f"sizes must list 2 to {limits.max_layers} layers, got {len(sizes)}"
        )
    if any(s < 1 for s in sizes):
        raise ConfigError(
            "sizes", f"every layer in sizes needs at least 1 neuron, got {list(sizes)}"
        )
    if sizes[0] != info.n_inputs or sizes[-1] != info.n_classes:
        raise ConfigError(
            "sizes",
            f"{info.name} has {info.n_inputs} inputs and {info.n_classes} classes: sizes must "
            f"start with {info.n_inputs} and end with {info.n_classes}, got {list(sizes)}",
        )
    # each layer l+1 has sizes[l+1] biases and sizes[l+1]*sizes[l] weights
    weights = sum(n_out * (n_in + 1) for n_in, n_out in itertools.pairwise(sizes))
    if weights > limits.max_weights:
        raise ConfigError(
            "sizes",
            f"{weights:,} weights and biases is more than the limit of {limits.max_weights:,}",
        )


def check_batch_floats(batch_size: int, sizes: tuple[int, ...], limits: Limits) -> None:
    """ConfigError("batch_size") when a mini-batch's trace (m rows of Σ sizes) is too big."""
    floats = batch_size * sum(sizes)
    if floats > limits.max_batch_floats:
        raise ConfigError(
            "batch_size",
            f"batch_size {batch_size} times {sum(sizes):,} neurons is {floats:,} numbers per "
            f"mini-batch; the limit is {limits.max_batch_floats:,}: use a smaller batch_size",
        )


def resolve(config: RunConfig, limits: Limits) -> RunConfig:
    """``config`` with every default filled in and every field checked."""
    table = find_table(config.dataset, limits)
    infos = datasets.catalogue(limits.mnist_path, [table] if table else [])
    _choose("dataset", config.dataset, infos)
    _choose("activation", config.activation, ACTIVATIONS)
    _choose("cost", config.cost, COSTS)
    _choose("init", config.init, INITS)
    _choose("update", config.update, MODES)
    _choose("rng", config.rng, RNGS)
    info = infos[config.dataset]
    sizes = tuple(config.sizes) if config.sizes is not None else info.default_sizes
    _check_sizes(sizes, info, limits)
    n_train = info.default_n_train if config.n_train is None else config.n_train
    n_test = info.default_n_test if config.n_test is None else config.n_test
    bounds = (
        ("n_train", n_train, MIN_N_TRAIN, info.max_n_train),
        ("n_test", n_test, MIN_N_TEST, info.max_n_test),
    )
    for field, value, least, most in bounds:
        if not least <= value <= most:
            raise ConfigError(
                field, f"{field} must be between {least} and {most} for {info.name}, got {value}"
            )
    noise = config.noise
    if not info.has_noise and noise is not None:
        raise ConfigError("noise", f"noise applies to the 2-D data sets only, not to {info.name}")
    if info.has_noise and noise is None:
        noise = DEFAULT_NOISE
    if not (math.isfinite(config.eta) and config.eta >= 0):  # 0: nothing moves
        raise ConfigError("eta", f"eta must be a finite number >= 0, got {config.eta}")
    if not (math.isfinite(config.lmbda) and config.lmbda >= 0):
        raise ConfigError("lmbda", f"lmbda must be a finite number >= 0, got {config.lmbda}")
    batch_size = config.batch_size
    if batch_size == DEFAULT_BATCH_SIZE:  # the default fits a small data set (5 rows: m = 4)
        batch_size = min(batch_size, n_train)
    check_batch_floats(batch_size, sizes, limits)
    if not 1 <= batch_size <= n_train:
        raise ConfigError(
            "batch_size", f"batch_size must be between 1 and n_train={n_train}, got {batch_size}"
        )
    if not 0 <= config.seed < 2**32:
        raise ConfigError("seed", f"seed must be between 0 and 2**32 - 1, got {config.seed}")
    return replace(
        config, sizes=sizes, n_train=n_train, n_test=n_test, noise=noise, batch_size=batch_size
    )
