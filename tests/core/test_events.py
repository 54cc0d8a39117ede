"""The event records: ExampleEvent's hand-written __init__ matches its fields."""

from __future__ import annotations

import dataclasses
import inspect

import numpy as np
import pytest

from app.core.events import ExampleEvent
from app.core.network import Network
from app.core.trace import trace_batch


def test_example_event_init_takes_the_fields_in_order_with_their_defaults() -> None:
    params = list(inspect.signature(ExampleEvent.__init__).parameters.values())[1:]
    fields = dataclasses.fields(ExampleEvent)
    assert [p.name for p in params] == [f.name for f in fields]
    defaults = [None if f.default is dataclasses.MISSING else f.default for f in fields]
    assert [None if p.default is inspect.Parameter.empty else p.default for p in params] == defaults


def test_example_event_is_frozen_and_compares_as_a_dataclass() -> None:
    net = Network([2, 3, 2], seed=1)
    trace = trace_batch(net, np.ones((2, 2)), np.eye(2))
    event = ExampleEvent(1, 0, 0, 1, 2, 5, 0.25, trace)
    assert (event.weights, event.biases) == (None, None)
    assert dataclasses.asdict(event)["sample"] == 5
    with pytest.raises(dataclasses.FrozenInstanceError):
        event.seq = 2  # type: ignore[misc]
    # the trace and the weights are not compared
    assert event == ExampleEvent(1, 0, 0, 1, 2, 5, 0.25, trace, weights=[])
    assert event != ExampleEvent(2, 0, 0, 1, 2, 5, 0.25, trace)
    assert "sample=5" in repr(event) and "trace" not in repr(event)
    np.testing.assert_array_equal(event.x, np.ones(2))
