"""Factored frames (``format=factored``): the gradients' factors in float64, not their products.

A weight gradient is rank 1: example ``k``'s ``delta_nabla_w[l]`` is
``outer(deltas[l][k], activations[l][k])``, and the running ``nabla_w[l]``
after example ``k`` is the in-order sum of those for ``0..k``. So instead of
the four gradient fields an example frame carries, per layer ``l``:

* ``deltas[l]``: rows ``0..index`` of the trace's deltas, shape ``(index+1, sizes[l+1])``;
* ``activations[l]``: rows ``0..index`` of the trace's activations (the inputs
  of ``weights[l]``; ``activations[0]`` are the x's), shape ``(index+1, sizes[l])``;

and the client rebuilds the products (:func:`rebuild`). Every frame stands
alone: a client that skipped frames still rebuilds the running sums. Every
other array goes as it is, in float64::

    b"NBL2" | u32 header length | header JSON | zero padding to 8 bytes | float64 data

The header is the payload without its arrays plus ``"arrays"``: a list of
``{"name", "layer", "shape", "offset"}``, ``layer`` being ``null`` for a
single array and ``offset`` counted in float64 values from the data start.
"""

from __future__ import annotations

import math
import struct
from functools import lru_cache

import numpy as np
import orjson

from app.core.activations import Array
from app.core.events import ExampleEvent
from app.core.trace import BatchTrace, example_gradient, running_sum
from app.web.frames import GRADIENTS, Gradients, Payload, encode_json

MAGIC = b"NBL2"
_LENGTH = struct.Struct("<I")
FACTORS = ("deltas", "activations")
_FLOAT64 = np.dtype("<f8")  # little-endian float64: np.float64 on the machines served
Layout = tuple[tuple[str, int | None, tuple[int, ...]], ...]
_Head = tuple[bytes, list[slice]]  # see _example_head


class FactoredEncoder:
    """Writes events as factored frames (see the module docstring): :meth:`example` a
    full-detail example's, read from its trace; :meth:`encode` any other event's payload.

    It keeps byte views of the last mini-batch's trace, as its examples come one
    after another, and the headers' array index by network and row count: one
    encoder per session, whose steps run one at a time under its lock, so no two
    threads share one.
    """

    def __init__(self) -> None:
        self._trace: BatchTrace | None = None
        self._views: list[memoryview] = []  # bytes of y, output, x, then each factor
        self._heads: dict[tuple[tuple[int, ...], int, bool], _Head] = {}

    def example(self, event: ExampleEvent) -> bytes:
        """The frame of a full-detail example event: the payload's numbers, then row ``index``
        of y, output and x, rows ``0..index`` of each factor (deltas, then activations) in
        place of the four gradient fields, and in ``per_example`` mode the weights and biases
        after it. No product is built, and no payload: the bytes are cut from the trace."""
        trace, rows, moved = event.trace, event.index + 1, event.weights is not None
        views = self._trace_views(trace)
        key = (tuple(a.shape[1] for a in trace.activations), rows, moved)
        if (known := self._heads.get(key)) is None:
            known = _example_head(*key)
            if len(self._heads) < 1024:
                self._heads[key] = known
        index, cuts = known
        head = orjson.dumps(
            {
                "type": "example",
                "seq": event.seq,
                "epoch": event.epoch,
                "batch": event.batch,
                "index": event.index,
                "batch_size": event.batch_size,
                "sample": event.sample,
                "cost": event.cost,
            }
        )[:-1]
        head += index
        data = [view[cut] for view, cut in zip(views, cuts, strict=True)]
        if event.weights is not None and event.biases is not None:
            data += [_buffer(a) for a in (*event.weights, *event.biases)]
        pad = -(len(MAGIC) + 4 + len(head)) % 8
        # join reads each buffer in place: the data is copied once, into the frame
        return b"".join([MAGIC, _LENGTH.pack(len(head)), head, b"\0" * pad, *data])

    def encode(self, payload: Payload) -> bytes:
        """The frame of any other event's payload: its arrays in float64 after its numbers."""
        header: Payload = {}
        layout: list[tuple[str, int | None, tuple[int, ...]]] = []
        data: list[memoryview] = []
        for name, value in payload.items():  # type checks, few calls: this runs for every event
            kind = type(value)
            if kind is np.ndarray:
                layout.append((name, None, value.shape))
                data.append(_buffer(value))
            elif kind is list and value and type(value[0]) is np.ndarray:
                for l, v in enumerate(value):
                    layout.append((name, l, v.shape))
                    data.append(_buffer(v))
            elif kind is Gradients:
                raise TypeError("a full-detail example: FactoredEncoder.example writes its frame")
            else:
                header[name] = value
        head = encode_json(header)[:-1] + (b',"arrays":' if header else b'"arrays":')
        head += _index_json(tuple(layout)) + b"}"
        pad = -(len(MAGIC) + 4 + len(head)) % 8
        return b"".join([MAGIC, _LENGTH.pack(len(head)), head, b"\0" * pad, *data])

    def _trace_views(self, trace: BatchTrace) -> list[memoryview]:
        """Byte views of the trace's whole arrays: ys, outputs, inputs, then the factors.

        Made once per mini-batch and kept; rows filled later (per-example mode)
        show through them. Arrays that need a copy are copied for this frame only.
        """
        if trace is self._trace:
            return self._views
        a = trace.activations
        arrays = [trace.ys, a[-1], a[0], *trace.deltas, *a[:-1]]
        views = [_buffer(array).cast("B") for array in arrays]
        if all(map(_in_place, arrays)):
            self._trace, self._views = trace, views
        return views


def _example_head(sizes: tuple[int, ...], rows: int, moved: bool) -> _Head:
    """For the example frames of ``rows`` rows of a network of ``sizes``: the header's end from
    ``"arrays"`` on, and the byte range of each of :meth:`FactoredEncoder._trace_views` the
    frame takes (row ``rows - 1`` of y, output and x; rows ``0..rows-1`` of each factor)."""
    size, k, layers = _FLOAT64.itemsize, rows - 1, range(len(sizes) - 1)
    singles = [("y", sizes[-1]), ("output", sizes[-1]), ("x", sizes[0])]
    factors = [("deltas", l, sizes[l + 1]) for l in layers]
    factors += [("activations", l, sizes[l]) for l in layers]
    layout: list[tuple[str, int | None, tuple[int, ...]]]
    layout = [(name, None, (n,)) for name, n in singles]
    layout += [(name, l, (rows, n)) for name, l, n in factors]
    if moved:  # per_example: the weights and biases after this example
        layout += [("weights", l, (sizes[l + 1], sizes[l])) for l in layers]
        layout += [("biases", l, (sizes[l + 1],)) for l in layers]
    cuts = [slice(k * n * size, rows * n * size) for _, n in singles]
    cuts += [slice(0, rows * n * size) for _, _, n in factors]
    return b',"arrays":' + _index_json(tuple(layout)) + b"}", cuts


def _buffer(array: Array) -> memoryview:
    """The array's own float64 buffer, or a copy's when it has another type or layout."""
    if not _in_place(array):
        array = np.ascontiguousarray(array, dtype=_FLOAT64)
    return array.data


def _in_place(array: Array) -> bool:
    """True when :func:`_buffer` gives the array's own buffer."""
    # numpy's arrays of float64 share one dtype object; any other is copied, which is safe
    return array.dtype is _FLOAT64 and array.flags.c_contiguous


@lru_cache(maxsize=1024)
def _index_json(layout: Layout) -> bytes:
    """The header's ``"arrays"`` list as JSON: the same for frames of one kind, net and index."""
    index, offset = [], 0
    for name, layer, shape in layout:
        index.append({"name": name, "layer": layer, "shape": list(shape), "offset": offset})
        offset += math.prod(shape)
    return encode_json(index)


def rebuild(frame: Payload) -> Payload:
    """A decoded frame with the four gradient fields rebuilt from its factors, in float64.

    ``delta_nabla_w[l]`` is the last rows' product and ``nabla_w[l]`` the in-order
    sum of every row's (:func:`app.core.trace.running_sum`): the numbers the page
    rebuilds, bit for bit. A frame without factors is returned as it is.
    """
    if "deltas" not in frame:
        return frame
    out = {k: v for k, v in frame.items() if k not in FACTORS}
    deltas, activations = frame["deltas"], frame["activations"]
    rows = len(deltas[0])
    gradients = (
        *example_gradient(deltas, activations, rows - 1),
        *running_sum(deltas, activations, rows),
    )
    return out | dict(zip(GRADIENTS, gradients, strict=True))


def decode_binary(frame: bytes) -> Payload:
    """The inverse of :meth:`FactoredEncoder.encode`: the factors as sent (see :func:`rebuild`)."""
    if frame[:4] != MAGIC:
        raise ValueError("not a Nabla binary frame")
    (length,) = _LENGTH.unpack(frame[4:8])
    header: Payload = orjson.loads(frame[8 : 8 + length])
    start = 8 + length + (-(8 + length) % _FLOAT64.itemsize)
    data = np.frombuffer(frame, dtype=_FLOAT64, offset=start)
    for entry in header.pop("arrays"):
        size = int(np.prod(entry["shape"]))
        array = data[entry["offset"] : entry["offset"] + size].reshape(entry["shape"])
        if entry["layer"] is None:
            header[entry["name"]] = array
        else:
            header.setdefault(entry["name"], []).append(array)
    return header


def decode_frame(frame: bytes) -> Payload:
    """A binary frame decoded, a factored example's gradients rebuilt."""
    return rebuild(decode_binary(frame))
