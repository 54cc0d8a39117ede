"""η, m and λ changed during a run: from the next mini-batch on, exactly as the book's loop
would train with the same change at the same mini-batch, and kept in the history."""

from __future__ import annotations

import numpy as np
import pytest

from app.core.events import EpochEvent, UpdateEvent
from app.core.metrics import evaluate
from app.core.network import Network
from app.core.records import ChangeRecord
from app.core.trainer import Trainer

from .conftest import ToyData
from .test_trainer import assert_same_params

Settings = tuple[float, int, float]  # eta, m, lmbda


def book_sgd_with_changes(
    net: Network,
    data: ToyData,
    epochs: int,
    first: Settings,
    changes: dict[int, Settings],
    seed: int,
    mode: str,
) -> None:
    """The book's SGD loop, its η, m and λ replaced by ``changes[j]`` from mini-batch ``j`` of
    the run on (counted over all epochs). A new m cuts the rest of the epoch's order anew."""
    n, (eta, m, lmbda), j = len(data.x_train), first, 0
    update = net.update_mini_batch if mode == "batch" else net.update_per_example
    for epoch in range(epochs):
        order = np.random.default_rng([seed, epoch]).permutation(n)
        pos = 0
        while pos < n:
            eta, m, lmbda = changes.get(j, (eta, m, lmbda))
            rows = order[pos : pos + m]
            update(list(zip(data.x_train[rows], data.y_train[rows], strict=True)), eta, lmbda, n)
            pos, j = pos + len(rows), j + 1


@pytest.mark.parametrize("mode", ["batch", "per_example"])
@pytest.mark.parametrize(
    "change",
    [{"eta": 0.5}, {"batch_size": 7}, {"lmbda": 4.0}, {"eta": 0.25, "batch_size": 3, "lmbda": 1.0}],
)
def test_a_change_mid_mini_batch_trains_as_the_books_loop_changed_at_the_next(
    data: ToyData, mode: str, change: dict[str, float]
) -> None:
    first: Settings = (2.0, 4, 0.5)
    t = Trainer(
        Network([3, 5, 2], seed=1), data, eta=2.0, batch_size=4, lmbda=0.5, update=mode, seed=11
    )
    t.step("batch", 2)
    t.step("example", 3)  # inside mini-batch 3 (j = 2): it keeps the old values
    t.configure(**change)  # type: ignore[arg-type]
    second: Settings = (t.eta, t.batch_size, t.lmbda)
    updates = t.step("batch")
    assert isinstance(last := updates[-1], UpdateEvent)
    assert (last.eta, last.batch_size, last.lmbda) == first
    t.step("batch", 2)
    t.configure(eta=1.5)  # and one between two mini-batches: from the very next (j = 5)
    t.step("epoch", 3)
    book = Network([3, 5, 2], seed=1)
    third = (1.5, second[1], second[2])
    assert t.cursor.pos == 0  # at the end of an epoch: the book's loop runs as many
    epochs = t.cursor.epoch  # (3 or, with m = 7, 4: mini-batch 5 was already epoch 2's first)
    book_sgd_with_changes(book, data, epochs, first, {3: second, 5: third}, seed=11, mode=mode)
    assert_same_params(t.network.weights, book.weights)
    assert_same_params(t.network.biases, book.biases)
    one, two = t.history.changes
    assert one == ChangeRecord(2 * 5 + 3, 0, 3, 3, *second)  # 4 examples + 1 update a batch
    assert (two.update, two.eta, two.batch_size, two.lmbda) == (5, *third)
    assert (two.epoch, two.batch) == ((1, 0) if second[1] == 7 else (0, 5))


def test_a_change_in_an_epochs_last_mini_batch_starts_with_the_next_epoch(data: ToyData) -> None:
    t = Trainer(Network([3, 4, 2]), data, eta=1.0, batch_size=10)
    t.step("batch", 2)
    t.step("example")  # the last mini-batch of 23: examples 20 to 22
    t.configure(lmbda=2.0, eta=3.0)
    t.configure(batch_size=5)  # before that mini-batch starts: the one record, replaced
    (change,) = t.history.changes
    assert (change.epoch, change.batch, change.update) == (1, 0, 3)
    assert (change.eta, change.batch_size, change.lmbda) == (3.0, 5, 2.0)
    (epoch,) = [e for e in t.step("batch") if isinstance(e, EpochEvent)]
    # the epoch's cost takes the λ its last mini-batch trained with (0), not the next one's
    net, n = t.network, len(data.x_train)
    assert epoch.train_cost == evaluate(net, data.x_train, data.y_train, 0.0, n)[0]
    assert epoch.train_cost != evaluate(net, data.x_train, data.y_train, 2.0, n)[0]


def test_no_change_is_recorded_for_the_same_values(data: ToyData) -> None:
    t = Trainer(Network([3, 4, 2]), data, eta=1.0, batch_size=4, lmbda=0.5)
    t.configure(eta=1.0, batch_size=4, lmbda=0.5)
    assert t.history.changes == []


@pytest.mark.parametrize("update", ["batch", "per_example"])
def test_a_state_with_a_lmbda_change_under_way_goes_on_the_same(data: ToyData, update: str) -> None:
    t = Trainer(Network([3, 4, 2], seed=3), data, lmbda=0.5, batch_size=4, update=update)
    t.step("example", 6)
    t.configure(lmbda=3.0)
    state = t.state()
    assert state.in_batch is not None and state.in_batch.lmbda == 0.5
    again = Trainer(Network([3, 4, 2], seed=3), data, lmbda=3.0, batch_size=4, update=update)
    again.restore(state)
    a, b = t.step("epoch", 2), again.step("epoch", 2)
    assert [type(e) for e in a] == [type(e) for e in b]
    assert all(
        np.array_equal(x, y) for x, y in zip(t.network.weights, again.network.weights, strict=True)
    )
    assert again.history.changes == t.history.changes
