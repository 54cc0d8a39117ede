"""Binary frames byte for byte against a plain encoder written from the float64 event arrays.

The oracle takes each example's own float64 gradient from the event
(``delta_nabla_b/w``), adds them up in order itself (the book's loop), rounds
with ``astype(float32)`` and lays the frame out with ``struct`` and JSON, as
``docs/frames.md`` describes it. :func:`encode_binary` must give the same bytes.
"""

from __future__ import annotations

import math
import struct
import threading
from typing import Any

import numpy as np
import orjson
import pytest

from app.core import frame32
from app.core.events import Event, ExampleEvent
from app.core.network import Network
from app.core.trainer import Trainer
from app.web.frames import GRADIENTS, Gradients, decode_binary, encode_binary, event_payload


class Data:
    """Random inputs in [-1, 1] and one-hot targets, for the training and the test set."""

    def __init__(self, n_in: int, n_out: int, n: int, seed: int) -> None:
        rng = np.random.default_rng(seed)
        self.x_train = self.x_test = rng.uniform(-1, 1, (n, n_in))
        self.y_train = self.y_test = np.eye(n_out)[rng.integers(0, n_out, n)]


def reference_frame(payload: dict[str, Any]) -> bytes:
    """``NBL1 | u32 header length | header JSON | padding | float32 data``, the plain way."""
    header: dict[str, Any] = {}
    index: list[dict[str, Any]] = []
    data: list[bytes] = []
    offset = 0
    for name, value in payload.items():
        if isinstance(value, np.ndarray):
            arrays: list[tuple[int | None, np.ndarray]] = [(None, value)]
        elif isinstance(value, list) and value and all(isinstance(v, np.ndarray) for v in value):
            arrays = list(enumerate(value))
        else:
            header[name] = value
            continue
        for layer, array in arrays:
            index.append(
                {"name": name, "layer": layer, "shape": list(array.shape), "offset": offset}
            )
            data.append(array.astype(np.float32).tobytes())
            offset += math.prod(array.shape)
    head = orjson.dumps({**header, "arrays": index})
    pad = b"\0" * (-(8 + len(head)) % 4)
    return b"NBL1" + struct.pack("<I", len(head)) + head + pad + b"".join(data)


class Oracle:
    """Each event's payload with its gradients in float64, the running sums added in order."""

    def __init__(self) -> None:
        self.sums: tuple[list[np.ndarray], list[np.ndarray]] | None = None

    def frame(self, event: Event, detail: str) -> bytes | None:
        payload = event_payload(event, detail)
        if payload is None:
            return None
        if isinstance(event, ExampleEvent) and "nabla_w" in payload:
            delta_b, delta_w = event.delta_nabla_b, event.delta_nabla_w
            if event.index == 0 or self.sums is None:
                self.sums = [np.zeros_like(b) for b in delta_b], [np.zeros_like(w) for w in delta_w]
            self.sums = (
                [s + d for s, d in zip(self.sums[0], delta_b, strict=True)],
                [s + d for s, d in zip(self.sums[1], delta_w, strict=True)],
            )
            arrays = dict(zip(GRADIENTS, (delta_b, delta_w, *self.sums), strict=True))
            payload = {k: arrays[k] if isinstance(v, Gradients) else v for k, v in payload.items()}
        return reference_frame(payload)


def trainer(rng: np.random.Generator, mode: str) -> Trainer:
    """A small random network, data set and training setup."""
    sizes = [int(n) for n in rng.integers(1, 40, int(rng.integers(2, 5)))]
    m = int(rng.integers(1, 9))
    net = Network(
        sizes,
        activation=str(rng.choice(["sigmoid", "tanh", "relu"])),
        cost=str(rng.choice(["quadratic", "cross_entropy"])),
        seed=int(rng.integers(1000)),
    )
    data = Data(sizes[0], sizes[-1], 3 * m, seed=int(rng.integers(1000)))
    lmbda = float(rng.choice([0.0, 0.1, 5.0]))
    return Trainer(net, data, eta=0.5, batch_size=m, lmbda=lmbda, update=mode)


@pytest.mark.parametrize("small", [0, 200, frame32.SMALL])  # the layers built each way
@pytest.mark.parametrize("mode", ["batch", "per_example"])
@pytest.mark.parametrize("seed", range(4))
def test_frames_are_the_plain_encoders_bytes(
    monkeypatch: pytest.MonkeyPatch, small: int, mode: str, seed: int
) -> None:
    monkeypatch.setattr(frame32, "SMALL", small)
    rng = np.random.default_rng(seed)
    t = trainer(rng, mode)
    oracles = {detail: Oracle() for detail in ("full", "summary")}
    kept: list[tuple[bytes, bytes]] = []
    for unit in ["example", "example", "batch", "epoch", "example"]:  # cut as the server's steps
        for event in t.step(unit):
            for detail, oracle in oracles.items():
                want = oracle.frame(event, detail)
                payload = event_payload(event, detail)
                assert (payload is None) == (want is None)
                if payload is not None and want is not None:
                    got = encode_binary(payload)
                    assert type(got) is bytes and got == want, (detail, event)
                    kept.append((got, want))
    assert any(b"delta_nabla_w" in got for got, _ in kept)
    assert all(got == want for got, want in kept)  # no frame changed once handed out


@pytest.mark.parametrize(("sizes", "m"), [([784, 30, 10], 10), ([784, 100, 10], 12)])
def test_frames_at_mnist_sizes_are_the_plain_encoders_bytes(sizes: list[int], m: int) -> None:
    """The sizes the page shows most: layers built example by example and whole at once."""
    t = Trainer(Network(sizes, seed=5), Data(sizes[0], sizes[-1], 2 * m, seed=2), batch_size=m)
    oracle = Oracle()
    for event in t.step("batch", 2):
        assert encode_binary(event_payload(event, "full") or {}) == oracle.frame(event, "full")


def test_frames_encoded_again_or_out_of_order_are_the_same_bytes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(frame32, "SMALL", 0)  # every layer built example by example
    t = Trainer(Network([6, 30, 4], seed=3), Data(6, 4, 16, seed=0), batch_size=8)
    events = [e for e in t.step("batch") if isinstance(e, ExampleEvent)]
    oracle = Oracle()
    want = [oracle.frame(e, "full") for e in events]
    for k in [3, 0, 7, 7, 2, 5]:
        assert encode_binary(event_payload(events[k], "full") or {}) == want[k]
    kept = events[5].frame32  # the frame just encoded, kept: the same numbers
    assert np.array_equal(kept[3][0], decode_binary(want[5])["nabla_w"][0])
    assert events[4].frame32 is not None  # a cached float32 frame gives the same bytes
    assert encode_binary(event_payload(events[4], "full") or {}) == want[4]
    assert encode_binary(event_payload(events[5], "full") or {}) == want[5]
    frame = decode_binary(want[7])
    np.testing.assert_allclose(frame["nabla_w"][0], events[7].nabla_w[0], rtol=1e-6)


def test_sessions_encoding_in_threads_at_once_get_their_own_bytes() -> None:
    """Each session steps in its own worker thread: nothing is shared between their frames."""
    runs: dict[int, list[tuple[bytes, bytes]]] = {}

    def run(seed: int) -> None:
        t = trainer(np.random.default_rng(seed), "batch")
        oracle = Oracle()
        runs[seed] = [
            (encode_binary(event_payload(e, "full") or {}), oracle.frame(e, "full") or b"")
            for _ in range(20)
            for e in t.step("batch")
        ]

    threads = [threading.Thread(target=run, args=(seed,)) for seed in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(runs) == [0, 1, 2, 3]
    for frames in runs.values():
        assert all(got == want for got, want in frames)


def test_a_payload_mixing_two_examples_gradients_keeps_each(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Not what the server sends, but the encoder must not let one frame overwrite another."""
    monkeypatch.setattr(frame32, "SMALL", 0)
    t = Trainer(Network([5, 20, 3], seed=4), Data(5, 3, 8, seed=1), batch_size=4)
    events = [e for e in t.step("batch") if isinstance(e, ExampleEvent)]
    sums = [np.zeros((20, 5))]
    for e in events[:2]:
        sums.append(sums[-1] + e.delta_nabla_w[0])
    first, second = events[0], events[1]
    payload = {
        "a": Gradients(first, "nabla_w"),
        "b": Gradients(second, "nabla_w"),
        "c": Gradients(first, "delta_nabla_w"),
    }
    want = {"a": [sums[1], *first.nabla_w[1:]], "b": [sums[2], *second.nabla_w[1:]]}
    want["c"] = first.delta_nabla_w
    assert encode_binary(payload) == reference_frame(want)
