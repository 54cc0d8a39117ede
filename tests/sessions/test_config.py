"""resolve(): every default filled in from the catalogue, every field checked against the limits."""

from dataclasses import replace
from typing import Any

import pytest

from app.core import datasets
from app.core.builtin import POINTS_MAX_N
from app.core.load_args import DEFAULT_NOISE
from app.sessions.config import ConfigError, Limits, RunConfig, resolve

LIMITS = Limits()


def test_defaults_come_from_the_data_sets_catalogue() -> None:
    for name, info in datasets.catalogue().items():
        config = resolve(RunConfig(dataset=name), LIMITS)
        assert config.sizes == info.default_sizes
        assert (config.n_train, config.n_test) == (info.default_n_train, info.default_n_test)
        assert config.noise == (DEFAULT_NOISE if info.has_noise else None)


def test_given_fields_are_kept_and_resolving_twice_changes_nothing() -> None:
    config = RunConfig(
        dataset="xor",
        sizes=(2, 7, 2),
        n_train=33,
        n_test=9,
        noise=0.3,
        activation="relu",
        cost="cross_entropy",
        init="scaled",
        eta=0.1,
        batch_size=33,
        lmbda=1.0,
        update="per_example",
        seed=12,
    )
    assert resolve(config, LIMITS) == config
    assert resolve(resolve(RunConfig(), LIMITS), LIMITS) == resolve(RunConfig(), LIMITS)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"dataset": "nope"}, "dataset"),
        ({"activation": "softplus"}, "activation"),
        ({"cost": "hinge"}, "cost"),
        ({"init": "zeros"}, "init"),
        ({"update": "momentum"}, "update"),
        ({"sizes": (2,)}, "sizes"),
        ({"sizes": (2, 0, 2)}, "sizes"),
        ({"sizes": (3, 4, 2)}, "sizes"),
        ({"sizes": (2, 4, 3)}, "sizes"),
        ({"n_train": 3}, "n_train"),
        ({"n_test": 0}, "n_test"),
        ({"n_train": POINTS_MAX_N + 1}, "n_train"),
        ({"dataset": "digits", "noise": 0.1}, "noise"),
        ({"eta": -0.5}, "eta"),  # 0 is allowed: nothing moves
        ({"eta": float("nan")}, "eta"),
        ({"eta": float("inf")}, "eta"),
        ({"lmbda": -0.1}, "lmbda"),
        ({"lmbda": float("nan")}, "lmbda"),
        ({"batch_size": 0}, "batch_size"),
        ({"n_train": 20, "batch_size": 21}, "batch_size"),
        ({"seed": -1}, "seed"),
        ({"seed": 2**32}, "seed"),
    ],
)
def test_each_bad_field_is_named(changes: dict[str, Any], field: str) -> None:
    with pytest.raises(ConfigError) as error:
        resolve(replace(RunConfig(), **changes), LIMITS)
    assert error.value.field == field
    assert field in error.value.message


def test_max_layers_counts_the_input_and_output_layers() -> None:
    limits = Limits(max_layers=3)
    assert resolve(RunConfig(sizes=(2, 5, 2)), limits).sizes == (2, 5, 2)
    with pytest.raises(ConfigError, match="2 to 3 layers") as error:
        resolve(RunConfig(sizes=(2, 5, 5, 2)), limits)
    assert error.value.field == "sizes"


def test_max_weights_counts_weights_and_biases() -> None:
    # [2, 4, 2]: 4·2 + 4 biases, then 2·4 + 2 biases = 22 parameters
    assert resolve(RunConfig(sizes=(2, 4, 2)), Limits(max_weights=22)).sizes == (2, 4, 2)
    with pytest.raises(ConfigError, match="22 weights and biases") as error:
        resolve(RunConfig(sizes=(2, 4, 2)), Limits(max_weights=21))
    assert error.value.field == "sizes"


def test_mnist_needs_a_file() -> None:
    with pytest.raises(ConfigError) as error:
        resolve(RunConfig(dataset="mnist"), Limits(mnist_path="/nonexistent/mnist.pkl.gz"))
    assert error.value.field == "dataset"


def test_max_batch_floats_bounds_what_a_mini_batch_keeps() -> None:
    # [2, 4, 2] has 8 neurons: m = 10 keeps 10 rows of 8 numbers per array
    config = RunConfig(sizes=(2, 4, 2), batch_size=10)
    assert resolve(config, Limits(max_batch_floats=80)).batch_size == 10
    with pytest.raises(ConfigError, match="batch_size") as error:
        resolve(config, Limits(max_batch_floats=79))
    assert error.value.field == "batch_size"
