"""An example's gradient frame in float32, built straight from a mini-batch's trace.

A compact (binary) frame carries, for example ``k`` of a mini-batch, its
``delta_nabla_b/w`` and the running ``nabla_b/w`` after it, each the float32
rounding of the float64 value that :meth:`BatchTrace.example_gradient` and
:meth:`BatchTrace.sum_gradient` give. :class:`Frames32` builds them without
handing out float64 copies:

* a layer whose gradients for the whole mini-batch are small (at most
  ``SMALL`` numbers, and every row of the trace filled) gets every example's
  outer product and their running sums (a cumulative sum over the rows) at
  once, cast to float32 once; frames are then views;
* a larger layer is built example by example: ``outer(delta, a)`` once, its
  running sum kept in float64 and updated in place, both cast to float32.

Biases always go the first way when the trace is full: a cumulative sum of
the deltas. Running sums add the examples in order, as the book's loop does.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from app.core.activations import Array

Array32 = NDArray[np.float32]
Frame32 = tuple[list[Array32], list[Array32], list[Array32], list[Array32]]
"""``(delta_nabla_b, delta_nabla_w, nabla_b, nabla_w)`` in float32."""
SMALL = 1 << 16  # numbers (512 KiB in float64) a layer's whole-batch gradients may take


class Frames32:
    """The float32 frames of one mini-batch's examples, from its deltas and activations.

    ``deltas[l]`` has shape ``(m, sizes[l+1])`` and ``activations[l]`` shape
    ``(m, sizes[l])``; ``full`` says every row is filled (else rows fill in
    order and only filled rows are read).
    """

    def __init__(self, deltas: list[Array], activations: list[Array], full: bool) -> None:
        self.deltas, self.activations = deltas, activations
        m = len(deltas[0])
        # Per layer: (every row's outer product, every row's running sum), or None.
        self._whole: list[tuple[Array32, Array32] | None] = [
            _whole_batch(d, a) if full and m * d.shape[1] * a.shape[1] <= SMALL else None
            for d, a in zip(deltas, activations, strict=False)
        ]
        self._biases = (
            [(d.astype(np.float32), np.cumsum(d, axis=0).astype(np.float32)) for d in deltas]
            if full
            else None
        )
        self._k = 0  # the next example whose sums ``_sums`` are ready for
        self._sums: list[tuple[Array, Array]] | None = None  # float64 (nabla_b, nabla_w)

    def frame(self, k: int) -> Frame32:
        """Example ``k``'s ``(delta_nabla_b, delta_nabla_w, nabla_b, nabla_w)`` in float32."""
        if self._sums is None or self._k != k:
            self._sums = [
                # (a whole-batch layer never reads its weight sum: an empty product will do)
                (d[:k].sum(axis=0), d[:k].T @ a[:k] if whole is None else d[:0].T @ a[:0])
                for d, a, whole in zip(self.deltas, self.activations, self._whole, strict=False)
            ]
        frame: Frame32 = ([], [], [], [])
        delta_b, delta_w, sum_b, sum_w = frame
        for l, (d, a) in enumerate(zip(self.deltas, self.activations, strict=False)):
            nb, nw = self._sums[l]
            whole = self._whole[l]
            if whole is None:  # as example_gradient does, then one add into the sum
                outer = np.dot(d[k][:, None], a[k][None, :])
                nw += outer
                delta_w.append(outer.astype(np.float32))
                sum_w.append(nw.astype(np.float32))
            else:
                delta_w.append(whole[0][k])
                sum_w.append(whole[1][k])
            if self._biases is None:
                nb += d[k]
                delta_b.append(d[k].astype(np.float32))
                sum_b.append(nb.astype(np.float32))
            else:
                delta_b.append(self._biases[l][0][k])
                sum_b.append(self._biases[l][1][k])
        self._k = k + 1
        return frame


def _whole_batch(d: Array, a: Array) -> tuple[Array32, Array32]:
    """Every row's ``outer(d[k], a[k])`` and the running sums of them, in float32."""
    outer = np.einsum("ki,kj->kij", d, a)  # the products np.dot makes of a column and a row
    return outer.astype(np.float32), _running_sums32(outer)


def _running_sums32(rows: Array) -> Array32:
    """Row k becomes rows 0..k added in order, in float64 and in place; then rounded to float32.

    One add per row: np.cumsum over the first axis of these 3-d arrays is
    several times slower.
    """
    for k in range(1, len(rows)):
        np.add(rows[k - 1], rows[k], out=rows[k])
    sums: Array32 = rows.astype(np.float32)
    return sums
