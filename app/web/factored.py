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
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import orjson

from app.core.activations import Array
from app.core.events import Event, ExampleEvent
from app.core.trace import BatchTrace
from app.web.frames import GRADIENTS, Gradients, Payload, decode_binary, encode_json

MAGIC = b"NBL2"
_LENGTH = struct.Struct("<I")
FACTORS = ("deltas", "activations")
_FLOAT64 = np.dtype("<f8")  # little-endian float64: np.float64 on the machines served
Layout = tuple[tuple[str, int | None, tuple[int, ...]], ...]
_Views = list[tuple[str, int, memoryview, int]]
_Shape = tuple[tuple[tuple[str, int], ...], tuple[tuple[str, int, int], ...]]
_Rows = dict[int, tuple[bytes, list[slice]]]  # see _frame_rows
_SHAPES: dict[tuple[int, ...], tuple[_Shape, _Rows]] = {}  # see _shape


@dataclass(frozen=True)
class _Kept:
    """What :func:`_views` keeps of the last mini-batch's trace (see there)."""

    trace: BatchTrace
    views: _Views
    all_views: list[memoryview]  # bytes of y, output, x, then of each factor
    shape: _Shape  # names and columns of those: y, output, x, then the factors
    rows: _Rows  # the frame rows of every trace of this shape, made as they are needed


_last: _Kept | None = None  # see _views


def encode_factored(payload: Payload) -> bytes:
    """The factored frame of an event's payload (see the module docstring).

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
                for factor, l, view, columns in _views(value.event.trace):
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


def _buffer(array: Array) -> memoryview:
    """The array's own float64 buffer, or a copy's when it has another type or layout."""
    if not _in_place(array):
        array = np.ascontiguousarray(array, dtype=_FLOAT64)
    return array.data


def _in_place(array: Array) -> bool:
    """True when :func:`_buffer` gives the array's own buffer."""
    # numpy's arrays of float64 share one dtype object; any other is copied, which is safe
    return array.dtype is _FLOAT64 and array.flags.c_contiguous


def encode_example(event: Event) -> bytes | None:
    """The factored frame of a full-detail example event, read straight from its trace.

    The same bytes as ``encode_factored(event_payload(event, "full"))``, with
    no payload built: the header's numbers, then byte slices of the rows the
    frame carries. None for another event, or an example that carries its
    weights (per-example mode) or needs a copy: the caller encodes its payload.
    """
    if type(event) is not ExampleEvent or event.weights is not None:
        return None
    trace, rows = event.trace, event.index + 1
    kept = _last
    if kept is None or kept.trace is not trace:
        _views(trace)
        kept = _last
        if kept is None or kept.trace is not trace:  # not kept: a copy was needed
            return None
    if (known := kept.rows.get(rows)) is None:
        known = kept.rows[rows] = _frame_rows(kept.shape, rows)  # (dict writes are atomic)
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
    )
    head = head[:-1] + index
    pad = -(len(MAGIC) + 4 + len(head)) % 8
    data = [view[cut] for view, cut in zip(kept.all_views, cuts, strict=True)]
    return b"".join([MAGIC, _LENGTH.pack(len(head)), head, b"\0" * pad, *data])


def _frame_rows(shape: _Shape, rows: int) -> tuple[bytes, list[slice]]:
    """For the example frames of ``rows`` rows of a trace of ``shape``: the header's end from
    ``"arrays"`` on, and the byte range each of :attr:`_Kept.all_views` gives (row
    ``rows - 1`` of y, output and x; rows ``0..rows-1`` of each factor). The same for
    every mini-batch of one network: kept across them."""
    size, k = _FLOAT64.itemsize, rows - 1
    singles, factors = shape
    layout: list[tuple[str, int | None, tuple[int, ...]]]
    layout = [(name, None, (n,)) for name, n in singles]
    layout += [(name, l, (rows, n)) for name, l, n in factors]
    cuts = [slice(k * n * size, rows * n * size) for _, n in singles]
    cuts += [slice(0, rows * n * size) for _, _, n in factors]
    return b',"arrays":' + _index_json(tuple(layout)) + b"}", cuts


def _views(trace: BatchTrace) -> _Views:
    """``(name, layer, bytes, columns)`` of each factor, deltas then activations of weights[l].

    ``bytes`` is a byte view of the trace's whole array: a frame cuts its rows from it.

    Made once per mini-batch: the last trace's are kept (in ``_last``, swapped
    whole, so threads encoding other sessions' frames only miss it), as its
    examples come one after another. Rows filled later (per-example mode)
    show through the views; arrays that need a copy are never kept.
    """
    global _last
    last = _last
    if last is not None and last.trace is trace:
        return last.views
    activations = trace.activations
    # an example's own rows, in the payload's order: y, output, x; then the factors
    arrays = [trace.ys, activations[-1], activations[0], *trace.deltas, *activations[:-1]]
    shape, rows = _shape(tuple(a.shape[1] for a in activations))
    if not all(map(_in_place, arrays)):  # some need a copy: made for this frame only
        copies = [_buffer(a).cast("B") for a in arrays[3:]]
        return [(n, l, v, c) for (n, l, c), v in zip(shape[1], copies, strict=True)]
    all_views = [a.data.cast("B") for a in arrays]
    views = [(n, l, v, c) for (n, l, c), v in zip(shape[1], all_views[3:], strict=True)]
    _last = _Kept(trace, views, all_views, shape, rows)
    return views


def _shape(sizes: tuple[int, ...]) -> tuple[_Shape, _Rows]:
    """The names and columns of what a network of ``sizes`` sends (see :class:`_Kept`), and
    the frame rows of its mini-batches: kept for every network of the same sizes."""
    if (known := _SHAPES.get(sizes)) is None:
        singles = (("y", sizes[-1]), ("output", sizes[-1]), ("x", sizes[0]))
        factors = [("deltas", l, n) for l, n in enumerate(sizes[1:])]
        factors += [("activations", l, n) for l, n in enumerate(sizes[:-1])]
        known = ((singles, tuple(factors)), {})
        if len(_SHAPES) < 256:  # (dict writes are atomic)
            _SHAPES[sizes] = known
    return known


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
