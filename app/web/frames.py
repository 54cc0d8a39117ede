"""Putting events on the wire, as :mod:`app.web.protocol` describes them.

Payloads are plain dicts holding numpy arrays; :func:`encode_json` writes
them with orjson, which serialises numpy arrays natively and about ten
times faster than the standard library. :func:`encode_binary` writes the
compact format a client may ask for instead: the same dict with its
arrays moved into a float32 block (see ``docs/frames.md``)::

    b"NBL1" | u32 header length | header JSON | zero padding to 4 bytes | float32 data

The header is the payload without its arrays plus ``"arrays"``: a list of
``{"name", "layer", "shape", "offset"}``, ``layer`` being ``null`` for a
single array and ``offset`` counted in float32 values from the data start.

An example event's four gradient fields (``delta_nabla_b/w``, ``nabla_b/w``)
are :class:`Gradients` in the payload: built in float64 for JSON, and straight
in float32 for a binary frame (:meth:`BatchTrace.frame32`), so a binary
frame never pays for float64 copies of its largest arrays.
"""

from __future__ import annotations

import math
import struct
from dataclasses import asdict
from functools import lru_cache
from typing import Any

import numpy as np
import orjson

from app.core.events import EditEvent, EpochEvent, Event, ExampleEvent, UpdateEvent
from app.core.frame32 import Frame32
from app.sessions.config import RunConfig
from app.sessions.state import State

Payload = dict[str, Any]
MAGIC = b"NBL1"
_JSON_OPTIONS = orjson.OPT_SERIALIZE_NUMPY
_FLOAT32 = np.dtype("<f4")


GRADIENTS = ("delta_nabla_b", "delta_nabla_w", "nabla_b", "nabla_w")


class Gradients:
    """One of an example event's per-layer gradient fields, built when it is encoded.

    A plain class, not a dataclass: orjson would write a dataclass's fields
    instead of asking :func:`_float64` for the arrays.
    """

    __slots__ = ("event", "name")

    def __init__(self, event: ExampleEvent, name: str) -> None:
        self.event, self.name = event, name

    def float64(self) -> list[np.ndarray[Any, np.dtype[np.float64]]]:
        """The event's own arrays, as JSON sends them."""
        arrays: list[np.ndarray[Any, np.dtype[np.float64]]] = getattr(self.event, self.name)
        return arrays

    def float32(self) -> list[np.ndarray[Any, np.dtype[np.float32]]]:
        """The same values rounded to float32, as a binary frame sends them."""
        return self.event.frame32[GRADIENTS.index(self.name)]


def event_payload(event: Event, detail: str) -> Payload | None:
    """The event as a dict for ``detail`` (full, summary, none); None if that detail omits it."""
    if isinstance(event, EpochEvent):
        return {"type": "epoch", **asdict(event)}
    if isinstance(event, EditEvent):  # small, and every detail needs it to follow the weights
        return {"type": "edit", **asdict(event)}
    if detail == "none":
        return None
    if isinstance(event, ExampleEvent):
        return _example(event, full=detail == "full")
    return _update(event, full=detail == "full")


def _example(e: ExampleEvent, full: bool) -> Payload:
    payload: Payload = {
        "type": "example",
        "seq": e.seq,
        "epoch": e.epoch,
        "batch": e.batch,
        "index": e.index,
        "batch_size": e.batch_size,
        "sample": e.sample,
        "cost": e.cost,
        "y": e.y,
        "output": e.output,
    }
    if full:
        payload["x"] = e.x
        payload |= {name: Gradients(e, name) for name in GRADIENTS}
        if e.weights is not None:
            payload |= {"weights": e.weights, "biases": e.biases}
    return payload


def _update(e: UpdateEvent, full: bool) -> Payload:
    payload: Payload = {
        "type": "update",
        "seq": e.seq,
        "epoch": e.epoch,
        "batch": e.batch,
        "batch_size": e.batch_size,
        "eta": e.eta,
        "lmbda": e.lmbda,
        "mode": e.mode,
        "cost": e.cost,
    }
    if full:
        payload |= {
            "nabla_b": e.nabla_b,
            "nabla_w": e.nabla_w,
            "weights": e.weights,
            "biases": e.biases,
        }
    return payload


def state_payload(state: State) -> Payload:
    """A :class:`State` as the protocol's ``SessionState``."""
    payload = asdict(state)
    metrics = payload.pop("metrics")
    payload["metrics"] = (
        None
        if metrics is None
        else {
            k: metrics[k]
            for k in ("epoch", "train_cost", "train_accuracy", "test_cost", "test_accuracy")
        }
    )
    return payload


def config_payload(config: RunConfig) -> Payload:
    """A resolved :class:`RunConfig` as the protocol's ``SessionConfig``."""
    payload = asdict(config)
    payload["sizes"] = list(config.sizes or ())
    return payload


def encode_json(payload: Any) -> bytes:
    """UTF-8 JSON; numpy arrays become nested lists."""
    return orjson.dumps(payload, default=_float64, option=_JSON_OPTIONS)


def _float64(value: Any) -> Any:
    if isinstance(value, Gradients):
        return value.float64()
    raise TypeError(f"cannot encode {type(value).__name__}")


def encode_binary(payload: Payload) -> bytes:
    """The compact frame: arrays as float32 after a JSON header (see the module docstring)."""
    header: Payload = {}
    fields: list[_Field] = []  # each array field: (name, shape) or (name, None, layer shapes)
    blocks: list[np.ndarray[Any, np.dtype[np.float32]]] = []
    examples = _Examples()
    for name, value in payload.items():
        arrays: list[np.ndarray[Any, Any]]
        if type(value) in _SCALARS:
            header[name] = value
            continue
        if isinstance(value, np.ndarray):
            fields.append((name, value.shape))
            blocks.append(_float32(value))
            continue
        if isinstance(value, Gradients):
            arrays = examples.read(value, blocks)
        elif isinstance(value, list) and value and all(isinstance(v, np.ndarray) for v in value):
            arrays = [_float32(v) for v in value]
        else:
            header[name] = value
            continue
        fields.append((name, None, tuple([array.shape for array in arrays])))
        blocks += arrays
    head = encode_json(header)[:-1] + (b',"arrays":' if header else b'"arrays":')
    head += _index_json(tuple(fields)) + b"}"
    pad = _PADDING[(len(MAGIC) + 4 + len(head)) % 4]
    # join reads each float32 array's buffer in place: the data is copied once, into the frame
    frame: list[Any] = [MAGIC, struct.pack("<I", len(head)), head, pad, *blocks]
    return b"".join(frame)


class _Examples:
    """The float32 gradients of the example a payload's :class:`Gradients` fields belong to.

    Its frame is built once for all four fields, into arrays the next frame of
    the mini-batch reuses (:meth:`ExampleEvent.frame32_parts`): fine, as the
    join copies them before another frame is built, unless the payload holds
    another example's gradients too.
    """

    def __init__(self) -> None:
        self.event: ExampleEvent | None = None
        self.frame: Frame32 = ([], [], [], [])
        self.mixed = False

    def read(
        self, value: Gradients, blocks: list[np.ndarray[Any, np.dtype[np.float32]]]
    ) -> list[np.ndarray[Any, np.dtype[np.float32]]]:
        """``value``'s arrays; ``blocks``, those read so far, copied if another example's come."""
        if self.event is None:
            self.event, self.frame = value.event, value.event.frame32_parts()
        elif value.event is not self.event and not self.mixed:
            blocks[:] = [block.copy() for block in blocks]  # before another frame is built
            self.frame, self.mixed = self.event.frame32, True
        return self.frame[_GRADIENT[value.name]] if value.event is self.event else value.float32()


_Field = tuple[str, tuple[int, ...]] | tuple[str, None, tuple[tuple[int, ...], ...]]
_GRADIENT = {name: i for i, name in enumerate(GRADIENTS)}
_SCALARS = frozenset({int, float, str, bool, type(None)})  # straight into the header
_PADDING = (b"", b"\0\0\0", b"\0\0", b"\0")  # by the length so far, modulo 4


def _float32(array: np.ndarray[Any, Any]) -> np.ndarray[Any, np.dtype[np.float32]]:
    """The array itself if it is C-contiguous float32 already (no ``astype`` call), else a copy."""
    if array.dtype is _FLOAT32 and array.flags.c_contiguous:
        return array
    return array.astype(_FLOAT32, order="C")


@lru_cache(maxsize=256)
def _index_json(fields: tuple[_Field, ...]) -> bytes:
    """The header's ``"arrays"`` list as JSON: the same for every frame of one kind and network."""
    index, offset = [], 0
    for field in fields:
        name, layers = field[0], enumerate(field[2]) if len(field) == 3 else [(None, field[1])]
        for layer, shape in layers:
            index.append({"name": name, "layer": layer, "shape": list(shape), "offset": offset})
            offset += math.prod(shape)
    return encode_json(index)


_DATA = {MAGIC: "<f4", b"NBL2": "<f8"}  # each magic's data type; its size aligns the data


def decode_binary(frame: bytes) -> Payload:
    """The inverse of :func:`encode_binary` (float32 arrays) and of NBL2's encoder (float64).

    An NBL2 example keeps its factors (``deltas``, ``activations``):
    :func:`app.web.factored.rebuild` makes the gradients of them.
    """
    if frame[:4] not in _DATA:
        raise ValueError("not a Nabla binary frame")
    dtype = np.dtype(_DATA[frame[:4]])
    (length,) = struct.unpack("<I", frame[4:8])
    header: Payload = orjson.loads(frame[8 : 8 + length])
    start = 8 + length + (-(8 + length) % dtype.itemsize)
    data = np.frombuffer(frame, dtype=dtype, offset=start)
    for entry in header.pop("arrays"):
        size = int(np.prod(entry["shape"]))
        array = data[entry["offset"] : entry["offset"] + size].reshape(entry["shape"])
        if entry["layer"] is None:
            header[entry["name"]] = array
        else:
            header.setdefault(entry["name"], []).append(array)
    return header
