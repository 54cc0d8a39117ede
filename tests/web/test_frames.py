"""Encoding events as JSON: float64, every gradient field built from the trace."""

from __future__ import annotations

import orjson

from app.core.events import ExampleEvent
from app.core.network import Network
from app.core.trainer import Trainer
from app.web.frames import Gradients, encode_json, event_payload

from .helpers import Data


def events() -> list[ExampleEvent]:
    trainer = Trainer(Network([4, 6, 3], seed=1), Data([4, 6, 3], 10, 0), batch_size=5)
    return [e for e in trainer.step("batch", 2) if isinstance(e, ExampleEvent)]


def test_full_example_payloads_carry_the_gradients() -> None:
    for event in events():
        payload = event_payload(event, "full")
        assert payload is not None and isinstance(payload["nabla_w"], Gradients)
        text = orjson.loads(encode_json(payload))
        for name in ("delta_nabla_b", "delta_nabla_w", "nabla_b", "nabla_w"):
            want = getattr(event, name)
            for l, w in enumerate(want):
                assert text[name][l] == w.tolist()  # JSON: every float64 digit
        assert text["x"] == event.x.tolist() and text["seq"] == event.seq


def test_summary_payloads_have_no_gradients() -> None:
    payload = event_payload(events()[0], "summary")
    assert payload is not None and "nabla_w" not in payload
    assert "nabla_w" not in orjson.loads(encode_json(payload))
