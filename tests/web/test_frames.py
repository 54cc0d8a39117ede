"""Encoding events: JSON at float64, binary frames at float32, the same fields either way."""

from __future__ import annotations

import numpy as np
import orjson

from app.core.events import ExampleEvent
from app.core.network import Network
from app.core.trainer import Trainer
from app.web.frames import Gradients, decode_binary, encode_binary, encode_json, event_payload


class Data:
    """Ten random examples for a [4, ., 3] network."""

    def __init__(self) -> None:
        rng = np.random.default_rng(0)
        self.x_train = self.x_test = rng.uniform(-1, 1, (10, 4))
        self.y_train = self.y_test = np.eye(3)[rng.integers(0, 3, 10)]


def events() -> list[ExampleEvent]:
    trainer = Trainer(Network([4, 6, 3], seed=1), Data(), batch_size=5)
    return [e for e in trainer.step("batch", 2) if isinstance(e, ExampleEvent)]


def test_full_example_frames_carry_the_gradients_in_both_formats() -> None:
    for event in events():
        payload = event_payload(event, "full")
        assert payload is not None and isinstance(payload["nabla_w"], Gradients)
        text = orjson.loads(encode_json(payload))
        frame = decode_binary(encode_binary(payload))
        assert set(frame) == set(text)
        for name in ("delta_nabla_b", "delta_nabla_w", "nabla_b", "nabla_w"):
            want = getattr(event, name)
            for l, w in enumerate(want):
                assert text[name][l] == w.tolist()  # JSON: every float64 digit
                got = frame[name][l]
                assert got.dtype == np.float32 and got.shape == w.shape
                np.testing.assert_allclose(got, w, rtol=2**-23, atol=1e-300)
        assert frame["x"].shape == event.x.shape and frame["seq"] == event.seq


def test_frames_encoded_out_of_order_hold_the_same_numbers() -> None:
    in_order = [encode_binary(event_payload(e, "full") or {}) for e in events()]
    backwards = [encode_binary(event_payload(e, "full") or {}) for e in reversed(events())]
    assert backwards[::-1] == in_order


def test_summary_frames_have_no_gradients() -> None:
    payload = event_payload(events()[0], "summary")
    assert payload is not None and "nabla_w" not in payload
    assert "nabla_w" not in decode_binary(encode_binary(payload))
