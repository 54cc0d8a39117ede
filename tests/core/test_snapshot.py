"""A trainer captured and restored goes on exactly as the original: every bit of every event."""

from __future__ import annotations

import numpy as np
import pytest

from app.core.events import Event, ExampleEvent, UpdateEvent
from app.core.network import Network
from app.core.snapshot import SnapshotError, history_from_records
from app.core.trainer import Trainer

from .conftest import ToyData

ARRAYS = ("delta_nabla_b", "delta_nabla_w", "nabla_b", "nabla_w", "weights", "biases")


def trainer(data: ToyData, mode: str, lmbda: float = 0.0) -> Trainer:
    net = Network([3, 5, 4, 2], seed=4)
    return Trainer(net, data, eta=2.5, batch_size=6, lmbda=lmbda, update=mode, seed=9)


def arrays_of(event: Event) -> list[np.ndarray]:
    """Every array an event carries (reading them builds the running sums, as a client does)."""
    out: list[np.ndarray] = []
    for name in ARRAYS:
        value = getattr(event, name, None)
        if value is not None:
            out += list(value)
    if isinstance(event, ExampleEvent):
        out += [event.x, event.y, event.output]
    return out


def assert_same_events(a: list[Event], b: list[Event]) -> None:
    assert a == b  # the dataclasses compare every scalar field
    for x, y in zip(a, b, strict=True):
        for u, v in zip(arrays_of(x), arrays_of(y), strict=True):
            assert u.tobytes() == v.tobytes()


def read(events: list[Event]) -> list[Event]:
    for e in events:
        arrays_of(e)
    return events


@pytest.mark.parametrize("mode", ["batch", "per_example"])
@pytest.mark.parametrize("lmbda", [0.0, 3.0])
@pytest.mark.parametrize("stop", [0, 2, 7, 9, 25])  # examples taken before the capture
def test_restored_trainer_makes_the_same_events(
    data: ToyData, mode: str, lmbda: float, stop: int
) -> None:
    original = trainer(data, mode, lmbda)
    read(original.step("batch", 1))
    read(original.step("example", stop))
    state = original.state()
    assert (state.in_batch is not None) == (original.in_batch)
    copy = trainer(data, mode, lmbda)
    copy.restore(state)
    for unit, count in [("example", 3), ("batch", 2), ("epoch", 1), ("example", 8)]:
        assert_same_events(read(original.step(unit, count)), read(copy.step(unit, count)))
    assert copy.history == original.history


@pytest.mark.parametrize("mode", ["batch", "per_example"])
def test_capture_at_update_redoes_the_batch_under_way(data: ToyData, mode: str) -> None:
    original = trainer(data, mode)
    original.step("batch", 2)
    before = original.state()
    original.step("example", 4)
    state = original.state(at_update=True)
    assert (state.index, state.seq, state.updates, state.in_batch) == (
        0,
        before.seq,
        before.updates,
        None,
    )
    assert all(a is b for a, b in zip(state.weights, before.weights, strict=True))
    copy = trainer(data, mode)
    copy.restore(state)
    twin = trainer(data, mode)
    twin.step("batch", 2)
    assert_same_events(read(copy.step("example", 10)), read(twin.step("example", 10)))


def test_bad_states_name_their_field(data: ToyData) -> None:
    t = trainer(data, "per_example")
    t.step("example", 3)
    state = t.state()
    cases = {
        "cursor.pos": lambda s: setattr(s, "pos", 23),
        "cursor.index": lambda s: setattr(s, "index", 6),
        "network.weights[1]": lambda s: s.weights.__setitem__(1, np.zeros((3, 5))),
        "batch.sum_k": lambda s: setattr(s.in_batch, "sum_k", 5),
    }
    for field, spoil in cases.items():
        bad = t.state()
        spoil(bad)
        with pytest.raises(SnapshotError) as e:
            trainer(data, "per_example").restore(bad)
        assert e.value.field == field
    state.weights[0] = state.weights[0] + 1e-9  # not where the replay lands
    with pytest.raises(SnapshotError, match="do not follow"):
        trainer(data, "per_example").restore(state)
    with pytest.raises(SnapshotError) as e:
        history_from_records({"notes": []})
    assert e.value.field == "history.notes"
    edit = {"seq": 1, "epoch": 0, "batch": 0, "index": 0, "layer": 0, "kind": "bias"}
    assert history_from_records({"edits": [{**edit, "row": 1, "col": None, "old": 0, "new": 1}]})
    for bad in ({"col": "2"}, {"row": 1.5}, {"old": "x"}):
        with pytest.raises(SnapshotError) as e:
            history_from_records(
                {"edits": [{**edit, "row": 1, "col": None, "old": 0, "new": 1, **bad}]}
            )
        assert e.value.field == "history.edits"
    epoch = {"seq": 2, "epoch": 0, "batch": 4, "train_cost": 0.5, "train_accuracy": 0.5}
    epoch |= {"test_cost": 0.5, "test_accuracy": 0.5}
    restored = history_from_records({"epochs": [{**epoch, "confusion": [[3, 1], [0, 4]]}]})
    assert restored.epochs[0].confusion == ((3, 1), (0, 4))
    for table in ([[3, 1]], [[3, -1], [0, 4]], [[3, 1.5], [0, 4]], "x"):
        with pytest.raises(SnapshotError) as e:
            history_from_records({"epochs": [{**epoch, "confusion": table}]})
        assert e.value.field == "history.epochs"


def test_update_events_follow_from_the_restored_sums(data: ToyData) -> None:
    """The kept running sum decides the update's last bits: both runs build it the same way."""
    original = trainer(data, "batch")
    read(original.step("example", 4))
    copy = trainer(data, "batch")
    copy.restore(original.state())
    (a,) = [e for e in original.step("batch") if isinstance(e, UpdateEvent)]
    (b,) = [e for e in copy.step("batch") if isinstance(e, UpdateEvent)]
    for u, v in zip(a.weights, b.weights, strict=True):
        assert u.tobytes() == v.tobytes()


def test_an_epochs_confusion_is_checked_and_comes_back_as_tuples() -> None:
    epoch = {
        "seq": 9, "epoch": 0, "batch": 2, "train_cost": 0.5, "train_accuracy": 1,
        "test_cost": 0.25, "test_accuracy": 0.5, "confusion": [[1, 0], [1, 0]],
    }  # fmt: skip
    (record,) = history_from_records({"epochs": [epoch]}).epochs
    assert record.confusion == ((1, 0), (1, 0))
    assert isinstance(record.train_accuracy, float)
    (none,) = history_from_records({"epochs": [{**epoch, "confusion": None}]}).epochs
    assert none.confusion is None
    for bad in ([[1, 2]], [[1, -1], [0, 0]], [[1, 0.5], [0, 0]], "2x2", [[True, 0], [0, 0]]):
        with pytest.raises(SnapshotError, match="square table") as e:
            history_from_records({"epochs": [{**epoch, "confusion": bad}]})
        assert e.value.field == "history.epochs"
