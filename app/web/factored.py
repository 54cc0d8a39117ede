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

The header is indexed like NBL1's (:mod:`app.web.frames`), with ``offset``
counted in float64 values. :func:`app.web.frames.decode_binary` reads both.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Iterable
from functools import lru_cache

import numpy as np

from app.core.activations import Array
from app.core.events import ExampleEvent
from app.web.frames import GRADIENTS, Gradients, Payload, decode_binary, encode_json

MAGIC = b"NBL2"
_LENGTH = struct.Struct("<I")
FACTORS = ("deltas", "activations")
_FLOAT64 = np.dtype("<f8")
_FORMAT = np.zeros(1, _FLOAT64).data.format  # how a buffer of them says its type
Named = tuple[str, int | None, Array]
"""``(name, layer, array)``: ``layer`` is None for a single array."""
Layout = tuple[tuple[str, int | None, tuple[int, ...]], ...]


def encode_factored(payload: Payload) -> bytes:
    """The factored frame of an event's payload (see the module docstring).

    An example payload at full detail holds :class:`Gradients` for its four
    gradient fields: the first one brings the factors in their place, the
    other three are left out. No product is built.
    """
    header: Payload = {}
    layout: list[tuple[str, int | None, tuple[int, ...]]] = []
    blocks: list[memoryview] = []
    for name, value in payload.items():  # type checks, few calls: this runs for every event
        kind = type(value)
        arrays: Iterable[Named]
        if kind is np.ndarray:
            arrays = ((name, None, value),)
        elif kind is Gradients:
            arrays = _factors(value.event) if name == GRADIENTS[0] else ()
        elif kind is list and value and type(value[0]) is np.ndarray:
            arrays = [(name, l, v) for l, v in enumerate(value)]
        else:
            header[name] = value
            continue
        for array_name, layer, array in arrays:
            block = array.data  # the trace's rows, in place (an array's own buffer, no copy)
            if block.format != _FORMAT or not block.c_contiguous:  # cheaper than always asking
                block = np.ascontiguousarray(array, dtype=_FLOAT64).data
            layout.append((array_name, layer, array.shape))
            blocks.append(block)
    head = encode_json(header)[:-1] + (b',"arrays":' if header else b'"arrays":')
    head += _index_json(tuple(layout)) + b"}"
    pad = -(len(MAGIC) + 4 + len(head)) % 8
    # join reads each buffer in place: the data is copied once, into the frame
    return b"".join([MAGIC, _LENGTH.pack(len(head)), head, b"\0" * pad, *blocks])


def _factors(event: ExampleEvent) -> list[Named]:
    """Rows ``0..index`` of the trace's deltas, then of the activations that weights[l] take."""
    trace, rows = event.trace, event.index + 1
    out: list[Named] = []
    out += [("deltas", l, d[:rows]) for l, d in enumerate(trace.deltas)]
    out += [("activations", l, a[:rows]) for l, a in enumerate(trace.activations[:-1])]
    return out


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


def decode_frame(frame: bytes) -> Payload:
    """Any binary frame (NBL1 or NBL2) decoded, a factored example's gradients rebuilt."""
    return rebuild(decode_binary(frame))
