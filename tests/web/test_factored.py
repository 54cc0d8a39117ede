"""Factored frames (NBL2): the gradients rebuilt from their factors, bit for bit.

The oracle is the book's loop written out: ``np.outer`` of each example's delta
and activation, added in order into zeros.
"""

from __future__ import annotations

import struct
from typing import Any

import numpy as np
import orjson
from hypothesis import given
from hypothesis import strategies as st

from app.core.activations import Array
from app.core.events import EditEvent, EpochEvent, Event, ExampleEvent, UpdateEvent
from app.core.network import Network
from app.core.trainer import Trainer
from app.sessions.config import Limits, RunConfig, resolve
from app.sessions.session import Session
from app.web.factored import FactoredEncoder, decode_binary, decode_frame, rebuild
from app.web.frames import GRADIENTS, encode_json, event_payload
from app.web.messages import encode_event

from .helpers import Data, assert_sums_close


def train(sizes: list[int], m: int, update: str, lmbda: float, seed: int = 0) -> list[Event]:
    """Two mini-batches and the epoch's end, plus one edit between them."""
    net = Network(sizes, seed=seed, activation="tanh" if seed % 2 else "sigmoid")
    data = Data(sizes, 2 * m, seed)
    trainer = Trainer(net, data, eta=0.5, batch_size=m, lmbda=lmbda, update=update)
    events = trainer.step("batch")
    events.append(trainer.edit(0, "weight", 0, 0, 0.25))
    return events + trainer.step("batch")


def frame(event: Event, detail: str = "full", encoder: FactoredEncoder | None = None) -> bytes:
    """``event``'s frame by ``encoder``, or by a new one (which keeps nothing yet)."""
    key = (detail, "factored")
    return encode_event(event, {key}, encoder or FactoredEncoder())[key]


def oracle(e: ExampleEvent) -> dict[str, list[Array]]:
    """The four gradient fields from the trace by the book's loop: np.outer, in-order +=."""
    out: dict[str, list[Array]] = {name: [] for name in GRADIENTS}
    for d, a in zip(e.trace.deltas, e.trace.activations, strict=False):
        nabla_b, nabla_w = np.zeros(d.shape[1]), np.zeros((d.shape[1], a.shape[1]))
        for k in range(e.index + 1):
            nabla_b += d[k]
            nabla_w += np.outer(d[k], a[k])
        layer = (d[e.index], np.outer(d[e.index], a[e.index]), nabla_b, nabla_w)
        for name, value in zip(GRADIENTS, layer, strict=True):
            out[name].append(value)
    return out


def same_bits(a: Array, b: Array) -> bool:
    return a.shape == b.shape and a.dtype == b.dtype and a.tobytes() == b.tobytes()


sizes_ = st.lists(st.integers(1, 7), min_size=2, max_size=4)


@given(sizes_, st.integers(1, 6), st.sampled_from(["batch", "per_example"]), st.booleans())
def test_example_frames_rebuild_the_book_loop_bit_for_bit(
    sizes: list[int], m: int, update: str, l2: bool
) -> None:
    examples = [
        e for e in train(sizes, m, update, 0.1 if l2 else 0.0) if isinstance(e, ExampleEvent)
    ]
    assert len(examples) == 2 * m
    for e in examples:
        got, want = decode_frame(frame(e)), oracle(e)
        for name in GRADIENTS:
            assert all(same_bits(g, w) for g, w in zip(got[name], want[name], strict=True)), name
        for l in range(len(sizes) - 1):
            assert np.array_equal(got["delta_nabla_b"][l], e.delta_nabla_b[l])
            assert np.array_equal(got["delta_nabla_w"][l], e.delta_nabla_w[l])
            d, a = e.trace.deltas[l][: e.index + 1], e.trace.activations[l][: e.index + 1]
            assert_sums_close(got["nabla_b"][l], e.nabla_b[l], d, np.ones((e.index + 1, 1)))
            assert_sums_close(got["nabla_w"][l], e.nabla_w[l], d, a)


def test_a_frame_holds_the_same_fields_as_the_json_event_and_its_factors() -> None:
    sizes = [5, 4, 3]
    for e in train(sizes, 4, "per_example", 0.0):
        if not isinstance(e, ExampleEvent):
            continue
        raw = decode_binary(frame(e))
        text = orjson.loads(encode_json(event_payload(e, "full")))
        assert set(raw) == set(text) - set(GRADIENTS) | {"deltas", "activations"}
        assert set(rebuild(raw)) == set(text)
        for l in range(len(sizes) - 1):
            assert raw["deltas"][l].dtype == np.float64
            assert raw["deltas"][l].shape == (e.index + 1, sizes[l + 1])
            assert raw["activations"][l].shape == (e.index + 1, sizes[l])
            assert np.array_equal(raw["activations"][l], e.trace.activations[l][: e.index + 1])
            assert text["weights"][l] == raw["weights"][l].tolist()  # per_example: float64 exact
        assert text["x"] == raw["x"].tolist() and text["output"] == raw["output"].tolist()
        assert raw["seq"] == e.seq and raw["cost"] == e.cost


def test_a_frame_decoded_alone_rebuilds_what_the_whole_sequence_does() -> None:
    examples = [e for e in train([6, 5, 4], 5, "batch", 0.0) if isinstance(e, ExampleEvent)]
    frames = [frame(e) for e in examples]
    in_order = [decode_frame(f) for f in frames]
    for skip in range(1, len(frames)):  # frames[skip - 1] never arrived
        alone = decode_frame(frames[skip])
        for name in GRADIENTS:
            pairs = zip(alone[name], in_order[skip][name], strict=True)
            assert all(same_bits(a, b) for a, b in pairs)


def test_frames_need_no_products_and_are_small() -> None:
    """[784, 30, 10], m = 10: index 0 and 9 (their four float32 products took 190 KB)."""
    examples = [e for e in train([784, 30, 10], 10, "batch", 0.0) if isinstance(e, ExampleEvent)]
    first, last = (frame(examples[k]) for k in (0, 9))
    assert len(first) < 15_000 and len(last) < 80_000
    assert "_delta_cache" not in examples[3].__dict__  # encoding built no gradient
    assert "_running_cache" not in examples[3].__dict__


def test_other_events_round_trip_in_float64() -> None:
    """Updates, epochs, edits at any detail and examples at summary: exactly the JSON numbers."""
    events = train([4, 3, 2], 3, "batch", 0.2)
    kinds = {type(e) for e in events}
    assert {UpdateEvent, EpochEvent, EditEvent} <= kinds
    for e in events:
        for detail in ("summary",) if isinstance(e, ExampleEvent) else ("full", "summary"):
            payload = event_payload(e, detail)
            assert payload is not None
            raw = frame(e, detail)
            assert raw[:4] == b"NBL2"
            (length,) = struct.unpack("<I", raw[4:8])
            pad = -(8 + length) % 8  # the data starts at a multiple of 8, after zero bytes
            assert raw[8 + length : 8 + length + pad] == b"\0" * pad
            assert (len(raw) - 8 - length - pad) % 8 == 0
            assert _plain(decode_frame(raw)) == orjson.loads(encode_json(payload)), (e, detail)


def _plain(value: Any) -> Any:
    """Arrays as nested lists of floats, as JSON has them."""
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def test_arrays_of_another_type_or_layout_are_written_as_float64() -> None:
    odd = np.arange(6, dtype=np.float32).reshape(2, 3).T  # float32, and not C-contiguous
    raw = decode_binary(FactoredEncoder().encode({"a": odd, "b": [odd[1:], odd[::2]]}))
    assert raw["a"].dtype == np.float64 and raw["a"].tolist() == odd.tolist()
    assert [b.tolist() for b in raw["b"]] == [odd[1:].tolist(), odd[::2].tolist()]


def test_frames_encoded_as_rows_fill_and_across_sessions_hold_their_own_rows() -> None:
    """Per-example mode, each frame encoded at once, two sessions taking turns."""
    sizes = [4, 5, 3]
    trainers = [
        Trainer(Network(sizes, seed=s), Data(sizes, 8, s), batch_size=4, update="per_example")
        for s in (1, 2)
    ]
    turns = [trainers[0]] * 4 + trainers * 4  # a mini-batch alone, then taking turns
    for trainer in turns:
        (e,) = [e for e in trainer.step("example") if isinstance(e, ExampleEvent)]
        got, want = decode_frame(frame(e)), oracle(e)
        for name in GRADIENTS:
            pairs = zip(got[name], want[name], strict=True)
            assert all(same_bits(g, w) for g, w in pairs), name


@given(sizes_, st.integers(1, 6), st.sampled_from(["batch", "per_example"]), st.booleans())
def test_an_encoder_that_keeps_the_trace_gives_the_bytes_of_a_new_one(
    sizes: list[int], m: int, update: str, lmbda: bool
) -> None:
    """The encoder keeps the views of the last mini-batch's factors: the same bytes."""
    kept = FactoredEncoder()
    for e in train(sizes, m, update, 0.1 if lmbda else 0.0, seed=len(sizes) + m):
        assert frame(e, encoder=kept) == frame(e)


def test_examples_of_two_sessions_taking_turns_keep_their_own_bytes() -> None:
    sizes = [3, 4, 2]
    trainers = [Trainer(Network(sizes, seed=s), Data(sizes, 8, s), batch_size=4) for s in (1, 2)]
    shared, own = FactoredEncoder(), {id(t): FactoredEncoder() for t in trainers}
    for trainer in [trainers[0]] * 2 + trainers * 4:
        (e,) = [e for e in trainer.step("example") if isinstance(e, ExampleEvent)]
        frames = [frame(e, encoder=own[id(trainer)]) for _ in range(2)]  # kept, then read again
        assert frames[0] == frames[1] == frame(e, encoder=shared) == frame(e)


def test_an_example_whose_trace_needs_a_copy_is_written_from_the_copy() -> None:
    sizes = [3, 4, 2]
    trainer = Trainer(Network(sizes), Data(sizes, 8, 0), batch_size=4)
    (e,) = trainer.step("example")
    assert isinstance(e, ExampleEvent)
    e.trace.ys = e.trace.ys.astype(np.float32)  # y needs a copy to float64
    e.trace.deltas[0] = np.asfortranarray(e.trace.deltas[0])  # and so does this factor
    encoder = FactoredEncoder()
    for _ in range(2):
        got = decode_frame(frame(e, encoder=encoder))
        assert got["y"].tolist() == e.y.tolist()
        assert got["delta_nabla_b"][0].tolist() == e.delta_nabla_b[0].tolist()


@given(
    st.integers(1, 9),
    st.sampled_from(["batch", "per_example"]),
    st.lists(st.tuples(st.sampled_from(["example", "batch"]), st.integers(1, 4)), max_size=4),
)
def test_the_budget_of_factored_frames_bounds_what_they_hold(
    m: int, update: str, steps: list[tuple[str, int]]
) -> None:
    """Session.frame_floats(..., factored=True) is at least the numbers the frames carry."""
    config = RunConfig(dataset="moons", sizes=[2, 5, 3, 2], n_train=40, batch_size=m)
    limits = Limits()
    session = Session(
        "s", resolve(RunConfig(**{**config.__dict__, "update": update}), limits), limits
    )
    encoder = FactoredEncoder()
    for unit, count in [*steps, ("epoch", 1)]:
        estimate = session.frame_floats(unit, count, factored=True)
        events = session.step(unit, count)
        key = ("full", "factored")
        frames = [encode_event(e, {key}, encoder).get(key) for e in events]
        numbers = sum(_numbers(f) for f in frames if isinstance(f, bytes))
        assert numbers <= estimate


def _numbers(frame: bytes) -> int:
    return sum(
        a.size if isinstance(a, np.ndarray) else sum(x.size for x in a)
        for a in decode_binary(frame).values()
        if isinstance(a, np.ndarray) or (isinstance(a, list) and a and isinstance(a[0], np.ndarray))
    )
