"""When Play stops by itself: after some epochs, at a low enough cost, a high enough accuracy.

Costs and accuracies are measured at the end of an epoch, so the cost and
accuracy conditions are checked there, on the metrics of the epoch that
just ended; the play loop never runs past an epoch's end while any
condition is set, so it stops at the first epoch that meets one.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.sessions.state import State


@dataclass(frozen=True)
class Stopped:
    """Why play stopped: ``reason`` is ``epochs``, ``cost`` or ``accuracy``; ``message`` says it."""

    reason: str
    message: str
    epoch: int


@dataclass(frozen=True)
class StopWhen:
    """Play's stop conditions; ``None`` leaves one out.

    ``epochs``: after that many epochs have ended since play started;
    ``cost``: when the training cost of an epoch falls below it;
    ``accuracy``: when the test accuracy of an epoch reaches it (0..1).
    """

    epochs: int | None = None
    cost: float | None = None
    accuracy: float | None = None

    @property
    def any(self) -> bool:
        """True when at least one condition is set."""
        return not (self.epochs is None and self.cost is None and self.accuracy is None)

    def check(self, state: State, start_epoch: int) -> Stopped | None:
        """Which condition ``state`` meets, if any; ``start_epoch`` is the epoch play began in."""
        ended = state.epoch - start_epoch
        metrics = state.metrics
        if ended <= 0 or metrics is None:
            return None
        at = f"the end of epoch {metrics.epoch + 1}"
        if self.cost is not None and metrics.train_cost < self.cost:
            return Stopped(
                "cost",
                f"Stopped at {at}: the training cost {metrics.train_cost:.4g} "
                f"fell below {self.cost:g}.",
                metrics.epoch,
            )
        if self.accuracy is not None and metrics.test_accuracy >= self.accuracy:
            return Stopped(
                "accuracy",
                f"Stopped at {at}: the test accuracy {metrics.test_accuracy:.1%} "
                f"reached {self.accuracy:.1%}.",
                metrics.epoch,
            )
        if self.epochs is not None and ended >= self.epochs:
            return Stopped(
                "epochs",
                f"Stopped at {at}: {ended} epoch{'s' if ended != 1 else ''} played.",
                metrics.epoch,
            )
        return None
