"""The step machine against a plain loop written from the book's SGD."""

from __future__ import annotations

import copy
import dataclasses

import numpy as np
import pytest

from app.core import epochs
from app.core.activations import Array
from app.core.events import EpochEvent, ExampleEvent, UpdateEvent
from app.core.network import Network
from app.core.trainer import Trainer

from .conftest import ToyData, toy_data


def book_sgd(
    net: Network, data: ToyData, epochs: int, m: int, eta: float, lmbda: float, seed: int, mode: str
) -> None:
    """The book's SGD loop, with the trainer's seeded shuffle standing in for random.shuffle."""
    n = len(data.x_train)
    for epoch in range(epochs):
        order = np.random.default_rng([seed, epoch]).permutation(n)
        for start in range(0, n, m):
            rows = order[start : start + m]
            mini_batch = list(zip(data.x_train[rows], data.y_train[rows], strict=True))
            update = net.update_mini_batch if mode == "batch" else net.update_per_example
            update(mini_batch, eta, lmbda, n)


def assert_same_params(a: list[Array], b: list[Array], rtol: float = 1e-12) -> None:
    for x, y in zip(a, b, strict=True):
        np.testing.assert_allclose(x, y, rtol=rtol, atol=1e-14)


@pytest.mark.parametrize("mode", ["batch", "per_example"])
@pytest.mark.parametrize("lmbda", [0.0, 5.0])
def test_trainer_equals_the_books_loop(data: ToyData, mode: str, lmbda: float) -> None:
    book = Network([3, 5, 2], seed=1)
    book_sgd(book, data, epochs=3, m=4, eta=2.0, lmbda=lmbda, seed=11, mode=mode)
    trainer = Trainer(
        Network([3, 5, 2], seed=1), data, eta=2.0, batch_size=4, lmbda=lmbda, update=mode, seed=11
    )
    trainer.step("epoch", 3)
    assert_same_params(trainer.network.weights, book.weights)
    assert_same_params(trainer.network.biases, book.biases)


def test_batch_and_per_example_modes_differ(data: ToyData) -> None:
    nets = []
    for mode in ("batch", "per_example"):
        t = Trainer(Network([3, 5, 2], seed=1), data, eta=3.0, batch_size=5, update=mode)
        t.step("batch")
        nets.append(t.network)
    assert not np.allclose(nets[0].weights[0], nets[1].weights[0])


def test_event_order_m_examples_then_one_update_and_epochs_at_ends(data: ToyData) -> None:
    t = Trainer(Network([3, 4, 2]), data, batch_size=5)
    events = t.step("epoch", 2)
    # 23 examples in batches of 5: 5, 5, 5, 5, 3, then the epoch event.
    one_epoch = (["example"] * 5 + ["update"]) * 4 + ["example"] * 3 + ["update", "epoch"]
    assert [e.type for e in events] == one_epoch * 2
    per_epoch = [e for e in events if isinstance(e, EpochEvent)]
    assert [e.epoch for e in per_epoch] == [0, 1]
    updates = [e for e in events if isinstance(e, UpdateEvent)]
    assert [u.batch_size for u in updates] == [5, 5, 5, 5, 3] * 2
    # Walk the sequence: m example events with index 0..m-1, then the update.
    i = 0
    for u in updates:
        examples = events[i : i + u.batch_size]
        assert all(isinstance(e, ExampleEvent) for e in examples)
        assert [e.index for e in examples] == list(range(u.batch_size))  # type: ignore[union-attr]
        assert events[i + u.batch_size] is u
        i += u.batch_size + 1
        if u.batch == 4:
            assert isinstance(events[i], EpochEvent)
            i += 1
    assert i == len(events)
    seqs = [e.seq for e in events]
    assert seqs == list(range(1, len(events) + 1))


def test_units_mix_freely(data: ToyData) -> None:
    t = Trainer(Network([3, 4, 2]), data, batch_size=5)
    first = t.step("example", 3)
    assert [e.type for e in first] == ["example"] * 3
    assert t.cursor.index == 3 and t.updates == 0
    rest = t.step("batch")
    assert [e.type for e in rest] == ["example", "example", "update"]
    assert t.cursor.batch == 1 and t.cursor.index == 0 and t.updates == 1
    # the same as one batch step from the start
    u = Trainer(Network([3, 4, 2]), data, batch_size=5)
    u.step("batch")
    assert_same_params(t.network.weights, u.network.weights, rtol=0)


def test_example_events_carry_the_running_sum_and_the_update_the_total(data: ToyData) -> None:
    net = Network([3, 4, 2], seed=2)
    start = copy.deepcopy(net)
    t = Trainer(net, data, eta=0.7, batch_size=6, lmbda=1.5)
    events = t.step("batch")
    examples, update = events[:-1], events[-1]
    assert isinstance(update, UpdateEvent)
    running_w = [np.zeros(w.shape) for w in start.weights]
    running_b = [np.zeros(b.shape) for b in start.biases]
    for e in examples:
        assert isinstance(e, ExampleEvent)
        db, dw = start.backprop(e.x, e.y)
        assert_same_params(e.delta_nabla_w, dw)
        assert_same_params(e.delta_nabla_b, db)
        running_w = [r + g for r, g in zip(running_w, dw, strict=True)]
        running_b = [r + g for r, g in zip(running_b, db, strict=True)]
        assert_same_params(e.nabla_w, running_w)
        assert_same_params(e.nabla_b, running_b)
        np.testing.assert_allclose(e.output, start.feedforward(e.x), rtol=1e-13)
        np.testing.assert_array_equal(e.x, data.x_train[e.sample])
        assert e.weights is None
    assert_same_params(update.nabla_w, running_w)
    decay = 1 - 0.7 * 1.5 / 23
    expected_w = [decay * w - (0.7 / 6) * g for w, g in zip(start.weights, running_w, strict=True)]
    expected_b = [b - (0.7 / 6) * g for b, g in zip(start.biases, running_b, strict=True)]
    assert_same_params(update.weights, expected_w)
    assert_same_params(update.biases, expected_b)
    assert_same_params(t.network.weights, expected_w)


def test_per_example_events_carry_the_weights_after_each_step(data: ToyData) -> None:
    hand = Network([3, 4, 2], seed=3)
    t = Trainer(Network([3, 4, 2], seed=3), data, eta=1.5, batch_size=4, update="per_example")
    events = t.step("batch")
    examples = [e for e in events if isinstance(e, ExampleEvent)]
    assert len(examples) == 4 and t.updates == 4
    for e in examples:
        # a hand-written step: gradient at the current weights, then move by −(η/m)·it
        db, dw = hand.backprop(e.x, e.y)
        assert_same_params(e.delta_nabla_w, dw)
        hand.weights = [w - (1.5 / 4) * g for w, g in zip(hand.weights, dw, strict=True)]
        hand.biases = [b - (1.5 / 4) * g for b, g in zip(hand.biases, db, strict=True)]
        assert e.weights is not None and e.biases is not None
        assert_same_params(e.weights, hand.weights)
        assert_same_params(e.biases, hand.biases)
    update = events[-1]
    assert isinstance(update, UpdateEvent) and update.mode == "per_example"
    assert_same_params(update.weights, hand.weights)
    assert_same_params(
        update.nabla_w, [sum(e.delta_nabla_w[l] for e in examples) for l in range(2)]
    )


@pytest.mark.parametrize("mode", ["batch", "per_example"])
def test_fast_forward_trains_the_same(data: ToyData, mode: str) -> None:
    full = Trainer(Network([3, 4, 2], seed=5), data, batch_size=4, update=mode, seed=2)
    fast = Trainer(Network([3, 4, 2], seed=5), data, batch_size=4, update=mode, seed=2)
    full.step("example", 2)
    fast.step("example", 2, emit=False)
    full_events = full.step("epoch", 3)
    fast_events = fast.step("epoch", 3, emit=False)
    assert all(isinstance(e, EpochEvent) for e in fast_events)
    assert fast_events == [e for e in full_events if isinstance(e, EpochEvent)]
    assert_same_params(fast.network.weights, full.network.weights, rtol=0)
    assert fast.seq == full.seq and fast.updates == full.updates
    assert fast.history == full.history


def test_training_is_deterministic(data: ToyData) -> None:
    runs = []
    for _ in range(2):
        t = Trainer(Network([3, 6, 2], activation="tanh", seed=9), data, batch_size=3, seed=4)
        events = t.step("epoch", 2)
        runs.append((t, events))
    (a, ea), (b, eb) = runs
    assert ea == eb
    for wa, wb in zip(a.network.weights, b.network.weights, strict=True):
        assert np.array_equal(wa, wb)
    other = Trainer(Network([3, 6, 2], activation="tanh", seed=9), data, batch_size=3, seed=5)
    other.step("epoch", 2)
    assert not np.array_equal(other.network.weights[0], a.network.weights[0])


@pytest.mark.parametrize(
    "steps",
    [
        [("example", 1)] * 24,  # every running sum read, up to the whole mini-batch
        [("example", 3), ("batch", 1), ("example", 5), ("epoch", 1), ("example", 7)],
        [("batch", 2), ("example", 4), ("batch", 1), ("example", 10)],
    ],
)
def test_the_weights_do_not_depend_on_how_the_steps_were_cut(
    data: ToyData, steps: list[tuple[str, int]]
) -> None:
    """The update sums the whole mini-batch afresh, whatever running sums were read before."""
    cut = Trainer(Network([3, 6, 2], seed=9), data, batch_size=4, seed=4)
    done = 0
    for unit, count in steps:
        for event in cut.step(unit, count):
            if isinstance(event, ExampleEvent):
                done += 1
                assert event.nabla_w is not None  # reads the running sum, as a frame does
    whole = Trainer(Network([3, 6, 2], seed=9), data, batch_size=4, seed=4)
    whole.step("example", done, emit=False)
    assert cut.seq == whole.seq and cut.updates == whole.updates > 4
    assert_same_params(cut.network.weights, whole.network.weights, rtol=0)
    assert_same_params(cut.network.biases, whole.network.biases, rtol=0)


@pytest.mark.parametrize("mode", ["batch", "per_example"])
def test_divergence_stops_training_with_finite_weights(mode: str) -> None:
    data = toy_data(3, 2, 40, seed=1)
    net = Network([3, 8, 2], activation="relu", cost="cross_entropy", seed=1)
    t = Trainer(net, data, eta=1e300, batch_size=2, update=mode)
    events = t.step("epoch", 5)
    assert t.status == "diverged"
    assert "eta" in t.message and "mini-batch" in t.message and "non-finite" in t.message
    for w in t.network.weights + t.network.biases:
        assert np.isfinite(w).all()
    for e in events:
        arrays = []
        if isinstance(e, ExampleEvent):
            arrays = [e.x, e.output, *e.nabla_w, *e.delta_nabla_w]
        elif isinstance(e, UpdateEvent):
            arrays = [*e.weights, *e.nabla_w]
        assert all(np.isfinite(a).all() for a in arrays)
    before = (t.seq, [w.copy() for w in t.network.weights])
    assert t.step("batch") == []
    assert t.seq == before[0]
    assert all(np.array_equal(a, b) for a, b in zip(before[1], t.network.weights, strict=True))


def test_hyper_parameters_change_at_the_next_mini_batch(data: ToyData) -> None:
    t = Trainer(Network([3, 4, 2]), data, eta=1.0, batch_size=4)
    t.step("example")
    t.configure(eta=2.0, batch_size=6)
    rest = t.step("batch")
    update = rest[-1]
    assert isinstance(update, UpdateEvent)
    assert (update.eta, update.batch_size) == (1.0, 4)
    nxt = t.step("batch")[-1]
    assert isinstance(nxt, UpdateEvent)
    assert (nxt.eta, nxt.batch_size) == (2.0, 6)
    # 4 + 6 done, 13 left: 3 more batches of at most 6
    assert t.batches_per_epoch == 2 + 3


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"eta": -0.1}, "eta"),  # 0 is allowed: nothing moves
        ({"eta": float("nan")}, "eta"),
        ({"eta": float("inf")}, "eta"),
        ({"batch_size": 0}, "batch_size"),
        ({"batch_size": 24}, "batch_size"),
        ({"lmbda": -1.0}, "lmbda"),
        ({"update": "sometimes"}, "update"),
    ],
)
def test_bad_hyper_parameters_are_refused(
    data: ToyData, kwargs: dict[str, object], field: str
) -> None:
    with pytest.raises(ValueError, match=field):
        Trainer(Network([3, 4, 2]), data, **kwargs)  # type: ignore[arg-type]


def test_bad_steps_and_mismatched_data_are_refused(data: ToyData) -> None:
    t = Trainer(Network([3, 4, 2]), data)
    with pytest.raises(ValueError, match="unit"):
        t.step("week")
    with pytest.raises(ValueError, match="count"):
        t.step("batch", -1)
    with pytest.raises(ValueError, match="sizes"):
        Trainer(Network([4, 4, 2]), data)
    with pytest.raises(ValueError, match="sizes"):
        Trainer(Network([3, 4, 3]), data)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_inputs_that_are_not_finite_are_refused(data: ToyData, bad: float) -> None:
    x_train = data.x_train.copy()
    x_train[3, 1] = bad
    with pytest.raises(ValueError, match="x_train"):
        Trainer(Network([3, 4, 2]), dataclasses.replace(data, x_train=x_train))
    huge = dataclasses.replace(data, x_train=data.x_train * 1e200)  # finite, though v·v overflows
    assert Trainer(Network([3, 4, 2]), huge).status == "ready"


def test_epoch_metrics_match_a_direct_count(data: ToyData) -> None:
    t = Trainer(Network([3, 4, 2], cost="cross_entropy", seed=6), data, batch_size=5)
    epoch = t.step("epoch")[-1]
    assert isinstance(epoch, EpochEvent)
    out = t.network.feedforward(data.x_test)
    correct = sum(int(np.argmax(o) == np.argmax(y)) for o, y in zip(out, data.y_test, strict=True))
    assert epoch.test_accuracy == correct / len(data.y_test)
    costs = [
        -np.sum(y * np.log(o) + (1 - y) * np.log(1 - o))
        for o, y in zip(out, data.y_test, strict=True)
    ]
    assert epoch.test_cost == pytest.approx(np.mean(costs), rel=1e-12)
    assert t.history.epochs == [epoch]
    assert [r.batch for r in t.history.updates] == [0, 1, 2, 3, 4]


def test_evaluate_in_chunks_is_evaluate_at_once(
    data: ToyData, monkeypatch: pytest.MonkeyPatch
) -> None:
    t = Trainer(Network([3, 4, 2], seed=2), data, lmbda=0.5)
    whole = t.evaluate(data.x_train, data.y_train)
    monkeypatch.setattr("app.core.metrics.EVAL_FLOATS", 8)  # two rows of 4 at a time
    assert t.evaluate(data.x_train, data.y_train) == pytest.approx(whole, rel=1e-14)


def test_a_non_finite_epoch_cost_names_the_epoch_and_keeps_the_trained_weights(
    data: ToyData, monkeypatch: pytest.MonkeyPatch
) -> None:
    t = Trainer(Network([3, 4, 2]), data, batch_size=23)
    # the epoch's evaluation (app.core.epochs) finds a cost that is not finite
    monkeypatch.setattr(epochs, "evaluate", lambda *args: (float("inf"), 0.5, None))
    events = t.step("epoch")
    assert t.status == "diverged" and [e.type for e in events][-1] == "update"
    assert "at the end of epoch 1:" in t.message and "after the epoch's last update" in t.message
