"""A play's step size is checked against the limits without searching for the most each time."""

from types import SimpleNamespace
from typing import Any

import pytest

from app.sessions.config import Limits, RunConfig
from app.sessions.store import SessionStore
from app.web.channel import Channel
from app.web.group_channel import GroupChannel
from app.web.outbox import AHEAD
from app.web.player import _paced, at_most, most_per_step

READERS = {
    "none": [],
    "summary": [SimpleNamespace(detail="summary", format="json")],
    "factored": [SimpleNamespace(detail="full", format="factored")],
    "mixed": [
        SimpleNamespace(detail="full", format="factored"),
        SimpleNamespace(detail="full", format="json"),
    ],
}


@pytest.mark.parametrize("readers", list(READERS))
@pytest.mark.parametrize("update", ["batch", "per_example"])
def test_at_most_is_n_capped_by_the_most_a_step_may_take(readers: str, update: str) -> None:
    """The oracle is the search itself: ``min(n, most_per_step)`` for every n, unit and place."""
    limits = Limits(max_step_examples=500, max_frame_floats=20_000)
    store = SessionStore(limits)
    config = RunConfig(sizes=(2, 6, 2), batch_size=7, n_train=40, n_test=10, update=update)
    session = store.create(config)
    outboxes: Any = READERS[readers]
    for where in range(4):  # mid-mini-batch too: the factored frames depend on the index
        for unit in ("example", "batch", "epoch"):
            most = most_per_step(session, outboxes, unit)
            for n in (1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 600):
                assert at_most(session, outboxes, unit, n) == min(n, most), (unit, n)
        session.step("example", 3 + where)


def test_a_step_sent_as_one_message_is_not_paced_by_the_example() -> None:
    """A session's socket gets a message an example: a reader that says what it handled is
    sent a quarter of AHEAD examples a step. A group's socket gets one message a step, every
    member's examples in it: no such cap (its steps grow as the loop's timing allows)."""
    reader: Any = [SimpleNamespace(detail="summary", seen=3)]
    assert _paced(reader, "example") == AHEAD // 4
    assert _paced(reader, "batch") == 1
    assert _paced(reader, "example", one_message_a_step=True) > 1000
    assert _paced(reader, "batch", one_message_a_step=True) > 1000
    assert GroupChannel.one_message_a_step and not Channel.one_message_a_step
