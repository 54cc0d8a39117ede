"""A network's weights and biases as bytes, and back: how the stores keep parameters.

One blob of little-endian float64: ``weights[0]``, ``weights[1]``, ..., then
``biases[0]``, ..., each row by row; every bit of every number is kept.
"""

from __future__ import annotations

import itertools

import numpy as np

from app.core.activations import Array


def pack(arrays: list[Array]) -> bytes:
    """The arrays' numbers, one after the other, as little-endian float64."""
    return b"".join(np.ascontiguousarray(a, dtype="<f8").tobytes() for a in arrays)


def unpack(blob: bytes, shapes: list[tuple[int, ...]]) -> list[Array]:
    """The inverse of :func:`pack` for arrays of ``shapes``; ValueError if the sizes differ."""
    data = np.frombuffer(blob, dtype="<f8").astype(np.float64)
    if data.size != sum(int(np.prod(s)) for s in shapes):
        raise ValueError(f"the blob holds {data.size} numbers, the shapes {shapes}")
    arrays, offset = [], 0
    for shape in shapes:
        size = int(np.prod(shape))
        arrays.append(data[offset : offset + size].reshape(shape))
        offset += size
    return arrays


def param_shapes(sizes: tuple[int, ...]) -> tuple[list[tuple[int, ...]], list[tuple[int, ...]]]:
    """Shapes of ``weights`` and ``biases`` for ``sizes``."""
    weights: list[tuple[int, ...]] = [(b, a) for a, b in itertools.pairwise(sizes)]
    return weights, [(b,) for b in sizes[1:]]
