"""A run built from its resolved config: the data set and a fresh trainer.

The core's data set errors name a parameter; here they become ConfigErrors naming
the request's field, worded for a remote client (:func:`public_message`).
"""

from __future__ import annotations

import logging

from app.core import datasets
from app.core.network import Network
from app.core.table import Table
from app.core.trainer import Trainer
from app.sessions.config import ConfigError, Limits, RunConfig

log = logging.getLogger(__name__)


def public_message(error: datasets.DatasetError) -> str:
    """What a client may read of ``error``: a broken mnist file is named only in the log.

    The core's message says which file and why, which is right in a notebook but tells a remote
    client about the server's disk; the operator finds it in the log instead.
    """
    message = str(error)
    if message.startswith("mnist_path:") and "not available here" not in message:
        log.error("the mnist file (NABLA_MNIST) cannot be used: %s", message)
        return "mnist_path: the server's mnist file cannot be used; its log says why"
    return message


def build_trainer(
    config: RunConfig, limits: Limits, table: Table | None = None
) -> tuple[datasets.Dataset, Trainer]:
    """The data set and a fresh trainer for a resolved ``config`` (``table``: its user data)."""
    try:
        data = datasets.load(
            config.dataset,
            n_train=config.n_train,
            n_test=config.n_test,
            noise=config.noise,
            seed=config.seed,
            mnist_path=limits.mnist_path,
            table=table,
            file_order=config.rng == "book",
        )
    except datasets.DatasetError as e:
        # its messages start with the parameter at fault: "n_train must be ..."
        field = str(e).split(" ", 1)[0]
        raise ConfigError(
            field if field in ("n_train", "n_test", "noise") else "dataset", public_message(e)
        ) from e
    assert config.sizes is not None
    network = Network(
        config.sizes,
        activation=config.activation,
        cost=config.cost,
        init=config.init,
        seed=config.seed,
        rng=config.rng,
    )
    trainer = Trainer(
        network,
        data,
        eta=config.eta,
        batch_size=config.batch_size,
        lmbda=config.lmbda,
        update=config.update,
        seed=config.seed,
        rng=config.rng,
    )
    return data, trainer
