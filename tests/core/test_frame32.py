"""Float32 frames against the float64 gradients they round, and the book's loop."""

from __future__ import annotations

import numpy as np
import pytest

from app.core import frame32
from app.core.network import Network
from app.core.trace import BatchTrace, trace_batch
from app.core.trainer import Trainer

from .conftest import toy_data


def float64_frame(trace: BatchTrace, k: int) -> list[list[np.ndarray]]:
    """What the event API gives for example k, in the order of a float32 frame."""
    delta_b, delta_w = trace.example_gradient(k)
    sum_b, sum_w = trace.sum_gradient(k + 1)
    return [delta_b, delta_w, sum_b, sum_w]


def assert_rounds(frame: frame32.Frame32, want: list[list[np.ndarray]]) -> None:
    """Each float32 array is the float64 value rounded (to within one float32 step)."""
    for got_layers, want_layers in zip(frame, want, strict=True):
        for got, w in zip(got_layers, want_layers, strict=True):
            assert got.dtype == np.float32 and got.shape == w.shape
            np.testing.assert_allclose(got, w, rtol=2**-23, atol=1e-300)


@pytest.mark.parametrize("small", [0, frame32.SMALL])
def test_frames_in_order_round_the_event_gradients(
    monkeypatch: pytest.MonkeyPatch, small: int
) -> None:
    """Both ways of building a layer: whole mini-batch at once, or example by example."""
    monkeypatch.setattr(frame32, "SMALL", small)
    net = Network([5, 7, 4, 3], activation="tanh", seed=3)
    rng = np.random.default_rng(4)
    xs, ys = rng.uniform(-1, 1, (6, 5)), np.eye(3)[rng.integers(0, 3, 6)]
    trace, oracle = trace_batch(net, xs, ys), trace_batch(net, xs, ys)
    loop_w = [np.zeros(w.shape) for w in net.weights]
    for k, (x, y) in enumerate(zip(xs, ys, strict=True)):
        frame = trace.frame32(k)
        assert_rounds(frame, float64_frame(oracle, k))
        _, nabla_w = net.backprop(x, y)
        loop_w = [s + g for s, g in zip(loop_w, nabla_w, strict=True)]
        for got, want in zip(frame[3], loop_w, strict=True):  # the book's running sum
            np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-7 * np.abs(want).max())


def test_frames_out_of_order_and_repeated_start_from_the_rows_before() -> None:
    net = Network([4, 300, 3], seed=1)  # 60 x 300 x 4 > SMALL: built example by example
    rng = np.random.default_rng(2)
    xs, ys = rng.uniform(-1, 1, (60, 4)), np.eye(3)[rng.integers(0, 3, 60)]
    trace, oracle = trace_batch(net, xs, ys), trace_batch(net, xs, ys)
    for k in [5, 2, 2, 3, 0, 59]:
        assert_rounds(trace.frame32(k), float64_frame(oracle, k))


def test_the_last_running_sum_is_the_update() -> None:
    """As in the book: after the m-th example, nabla_w is what the update uses."""
    data = toy_data(3, 2, 12)
    t = Trainer(Network([3, 5, 2], seed=2), data, batch_size=4)
    events = t.step("batch")
    *examples, update = events
    last = examples[-1].frame32
    for got, want in zip(last[2] + last[3], update.nabla_b + update.nabla_w, strict=True):
        assert np.array_equal(got, want.astype(np.float32))


def test_per_example_frames_read_only_the_rows_filled() -> None:
    """Per-example mode fills a row per step; each frame is built as its row arrives."""
    data = toy_data(3, 2, 12)
    t = Trainer(Network([3, 5, 2], seed=2), data, batch_size=4, update="per_example")
    oracle = Trainer(Network([3, 5, 2], seed=2), data, batch_size=4, update="per_example")
    want = [e for e in oracle.step("batch") if e.type == "example"]
    for k in range(4):
        event = t.step("example")[0]
        assert event.trace.filled == k + 1
        assert_rounds(event.frame32, float64_frame(want[k].trace, k))
