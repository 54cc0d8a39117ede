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
from app.core.trace import BatchTrace
from app.web.frames import GRADIENTS, Gradients, Payload, encode_json

MAGIC = b"NBL2"
_LENGTH = struct.Struct("<I")
FACTORS = ("deltas", "activations")
_FLOAT64 = np.dtype("<f8")  # little-endian float64: np.float64 on the machines served
Layout = tuple[tuple[str, int | None, tuple[int, ...]], ...]
_Views = list[tuple[str, int, memoryview, int]]


class FactoredEncoder:
    """Writes payloads as factored frames (see the module docstring).

    It keeps the byte views of the last mini-batch's factors (:meth:`_views`), as
    its examples come one after another: one encoder per session, whose steps
    run one at a time under its lock, so no two threads share one.
    """

    def __init__(self) -> None:
        self._trace: BatchTrace | None = None
        self._views: _Views = []

    def encode(self, payload: Payload) -> bytes:
        """The factored frame of an event's payload.

        An example payload at full detail holds :class:`Gradients` for its four
        gradient fields: the first one brings the factors in their place, the
        other three are left out. No product is built.
        """
        header: Payload = {}
        layout: list[tuple[str, int | None, tuple[int, ...]]] = []
        data: list[memoryview] = []
        for name, value in payload.items():  # type checks, few calls: this runs for every event
            kind = type(value)
            if kind is np.ndarray:
                layout.append((name, None, value.shape))
                data.append(_buffer(value))
            elif kind is Gradients:
                if name == GRADIENTS[0]:  # rows 0..index of each factor, cut from the whole
                    rows = value.event.index + 1
                    for factor, l, view, columns in self._factors(value.event.trace):
                        layout.append((factor, l, (rows, columns)))
                        data.append(view[: rows * columns * _FLOAT64.itemsize])
            elif kind is list and value and type(value[0]) is np.ndarray:
                for l, v in enumerate(value):
                    layout.append((name, l, v.shape))
                    data.append(_buffer(v))
            else:
                header[name] = value
        head = encode_json(header)[:-1] + (b',"arrays":' if header else b'"arrays":')
        head += _index_json(tuple(layout)) + b"}"
        pad = -(len(MAGIC) + 4 + len(head)) % 8
        # join reads each buffer in place: the data is copied once, into the frame
        return b"".join([MAGIC, _LENGTH.pack(len(head)), head, b"\0" * pad, *data])

    def _factors(self, trace: BatchTrace) -> _Views:
        """``(name, layer, bytes, columns)`` of each factor, deltas then activations of
        weights[l]; ``bytes`` views the trace's whole array: a frame cuts its rows from it.

        Made once per mini-batch and kept. Rows filled later (per-example mode)
        show through the views; arrays that need a copy are copied for this frame only.
        """
        if trace is self._trace:
            return self._views
        sizes = [a.shape[1] for a in trace.activations]
        names = [("deltas", l, n) for l, n in enumerate(sizes[1:])]
        names += [("activations", l, n) for l, n in enumerate(sizes[:-1])]
        arrays = [*trace.deltas, *trace.activations[:-1]]
        views = [
            (n, l, _buffer(a).cast("B"), c) for (n, l, c), a in zip(names, arrays, strict=True)
        ]
        if all(map(_in_place, arrays)):
            self._trace, self._views = trace, views
        return views


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

    ``delta_nabla_w[l]`` is ``np.dot(column, row)`` of the last rows (the
    product numpy's backprop makes) and ``nabla_w[l]`` the sum of every row's
    product added in order to zeros, as the book's loop adds them: the page
    rebuilds the same numbers, bit for bit. A frame without factors is
    returned as it is.
    """
    if "deltas" not in frame:
        return frame
    out = {k: v for k, v in frame.items() if k not in FACTORS}
    out |= {name: [] for name in GRADIENTS}
    for d, a in zip(frame["deltas"], frame["activations"], strict=True):
        nabla_b, nabla_w = np.zeros(d.shape[1]), np.zeros((d.shape[1], a.shape[1]))
        for delta, activation in zip(d, a, strict=True):
            delta_nabla_w = np.dot(delta[:, None], activation[None, :])
            nabla_b += delta
            nabla_w += delta_nabla_w
        layer = (d[-1].copy(), delta_nabla_w, nabla_b, nabla_w)
        for name, value in zip(GRADIENTS, layer, strict=True):
            out[name].append(value)
    return out


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
