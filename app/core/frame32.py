"""An example's gradient frame in float32, built straight from a mini-batch's trace.

A compact (binary) frame carries, for example ``k`` of a mini-batch, its
``delta_nabla_b/w`` and the running ``nabla_b/w`` after it: the float32
rounding of the float64 ``outer(delta, a)`` (as :meth:`BatchTrace.example_gradient`
makes it) and of the float64 running sum that adds the examples one by one,
in order, as the book's loop does. :class:`Frames32` builds them with no
more copies than that takes:

* a layer whose gradients for the whole mini-batch are small (at most
  ``SMALL`` numbers, and every row of the trace filled) gets every example's
  outer product and their running sums at once, cast to float32 once; a
  frame's arrays are then views of their rows;
* a larger layer is built example by example in arrays it reuses:
  ``outer(delta, a)`` into a float64 scratch array, added in place into the
  float64 running sum, both cast into float32 arrays that
  :meth:`Frames32.parts` hands out until the next frame (a caller copying
  them at once, as an encoder does, needs no other copy).

Biases always go the first way when the trace is full (the running sums of
the deltas). Frames asked for out of order replay the rows before them, so
every frame holds the same numbers however the frames are asked for.
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
        self._biases = [(d.astype(np.float32), _cumsum32(d)) for d in deltas] if full else None
        # Each layer built example by example: float64 outer product and running sum, then
        # both in float32; written in place for each frame.
        self._rows = {
            l: (
                np.empty(shape),
                np.zeros(shape),
                np.empty(shape, np.float32),
                np.empty(shape, np.float32),
            )
            for l, (d, a, whole) in enumerate(zip(deltas, activations, self._whole, strict=False))
            if whole is None
            for shape in [(d.shape[1], a.shape[1])]
        }
        self._sum_b = [np.zeros(d.shape[1]) for d in deltas]  # read only when not full
        self._k = 0  # the next example: the sums hold rows 0.._k-1
        self._last: Frame32 | None = None  # frame _k-1 while its arrays still hold it

    def frame(self, k: int) -> Frame32:
        """Example ``k``'s ``(delta_nabla_b, delta_nabla_w, nabla_b, nabla_w)``, to keep."""
        delta_b, delta_w, sum_b, sum_w = self.parts(k)
        delta_w, sum_w = (
            [w.copy() if l in self._rows else w for l, w in enumerate(ws)]
            for ws in (delta_w, sum_w)
        )
        return delta_b, delta_w, sum_b, sum_w

    def parts(self, k: int) -> Frame32:
        """Example ``k``'s frame, to copy at once: the next frame overwrites some of its arrays.

        (Those of the layers built example by example; the others are views
        of arrays that never change.) Not to be modified, lists included.
        """
        if self._last is not None and k == self._k - 1:  # the same again (e.g. then kept)
            return self._last
        if k < self._k:  # out of order: start again from the first row
            self._k = 0
            for _, nw, _, _ in self._rows.values():
                nw.fill(0.0)
            for nb in self._sum_b:
                nb.fill(0.0)
        while self._k < k:
            self._add_row(self._k)
        frame: Frame32 = ([], [], [], [])
        delta_b, delta_w, sum_b, sum_w = frame
        layers = zip(self.deltas, self.activations, self._whole, strict=False)
        for l, (d, a, whole) in enumerate(layers):
            if whole is None:
                outer, nw, outer32, nw32 = self._rows[l]
                np.dot(d[k][:, None], a[k][None, :], out=outer)  # as example_gradient does
                np.add(nw, outer, out=nw)
                np.copyto(outer32, outer)
                np.copyto(nw32, nw)
                delta_w.append(outer32)
                sum_w.append(nw32)
            else:
                delta_w.append(whole[0][k])
                sum_w.append(whole[1][k])
            if self._biases is None:
                nb = self._sum_b[l]
                np.add(nb, d[k], out=nb)
                delta_b.append(d[k].astype(np.float32))
                sum_b.append(nb.astype(np.float32))
            else:
                delta_b.append(self._biases[l][0][k])
                sum_b.append(self._biases[l][1][k])
        self._k, self._last = k + 1, frame
        return frame

    def _add_row(self, k: int) -> None:
        """Add row ``k`` into the float64 running sums, as :meth:`parts` does, without a frame."""
        for l, (outer, nw, _, _) in self._rows.items():
            np.dot(self.deltas[l][k][:, None], self.activations[l][k][None, :], out=outer)
            np.add(nw, outer, out=nw)
        if self._biases is None:
            for d, nb in zip(self.deltas, self._sum_b, strict=True):
                np.add(nb, d[k], out=nb)
        self._k, self._last = k + 1, None


def _whole_batch(d: Array, a: Array) -> tuple[Array32, Array32]:
    """Every row's ``outer(d[k], a[k])`` and the running sums of them, in float32."""
    outer = np.einsum("ki,kj->kij", d, a)  # the products np.dot makes of a column and a row
    return outer.astype(np.float32), _running_sums32(outer)


def _running_sums32(rows: Array) -> Array32:
    """Row k becomes rows 0..k added in order, in float64 and in place; then rounded to float32.

    One add per row: np.cumsum over the first axis of these 3-d arrays is
    several times slower.
    """
    rows[0] += 0.0  # the sum starts from zeros, as the book's does: -0.0 becomes 0.0
    for k in range(1, len(rows)):
        np.add(rows[k - 1], rows[k], out=rows[k])
    sums: Array32 = rows.astype(np.float32)
    return sums


def _cumsum32(rows: Array) -> Array32:
    """The running sums of ``rows`` (2-d: here one call is quickest) added in order, in float32.

    A sum that starts from zeros, as the book's does, is never -0.0: a zero in
    np.cumsum is made +0.0, all else is the same.
    """
    sums = np.cumsum(rows, axis=0)
    sums += 0.0
    sums32: Array32 = sums.astype(np.float32)
    return sums32
