"""Play's stop conditions, on states made by hand."""

from __future__ import annotations

from app.core.events import EpochEvent
from app.sessions.state import State
from app.sessions.stops import StopWhen


def state(epoch: int, train_cost: float = 0.5, test_accuracy: float = 0.5) -> State:
    metrics = EpochEvent(9, epoch - 1, 3, train_cost, 0.5, 0.6, test_accuracy) if epoch else None
    return State(epoch, 0, 0, 10, 4, 4 * epoch, 9, "ready", "", 3.0, epoch > 0, metrics)


def test_no_condition_never_stops() -> None:
    assert not StopWhen().any
    assert StopWhen().check(state(5, 0.0, 1.0), 0) is None


def test_epochs_count_from_where_play_began() -> None:
    stop = StopWhen(epochs=2)
    assert stop.check(state(3), 2) is None
    stopped = stop.check(state(4), 2)
    assert stopped is not None and stopped.reason == "epochs" and stopped.epoch == 3
    assert stopped.message == "Stopped at the end of epoch 4: 2 epochs played."


def test_cost_below_and_accuracy_reached() -> None:
    assert StopWhen(cost=0.1).check(state(1, train_cost=0.1), 0) is None
    by_cost = StopWhen(cost=0.1).check(state(1, train_cost=0.0999), 0)
    assert by_cost is not None and by_cost.reason == "cost" and "fell below 0.1" in by_cost.message
    assert StopWhen(accuracy=0.9).check(state(1, test_accuracy=0.89), 0) is None
    by_accuracy = StopWhen(accuracy=0.9).check(state(1, test_accuracy=0.9), 0)
    assert by_accuracy is not None and by_accuracy.reason == "accuracy"
    assert "90.0%" in by_accuracy.message


def test_metrics_from_before_play_do_not_count() -> None:
    assert StopWhen(cost=1.0, accuracy=0.1).check(state(3, 0.0, 1.0), 3) is None
