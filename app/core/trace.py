"""The fast path: backprop for a whole mini-batch at once, as matrices.

One matrix product per layer does what the book's loop does example by
example. What it keeps is small: each example's activations and deltas,
``O(m · Σ sizes)`` numbers, never the ``m`` gradient tensors themselves
(``O(m · number of weights)``). Any gradient is rebuilt from them on
demand, because a weight gradient is an outer product:

* example ``k``'s ``delta_nabla_w[l]`` is ``outer(deltas[l][k], activations[l][k])``;
* the running sum after ``k`` examples is ``deltas[l][:k].T @ activations[l][:k]``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from app.core.activations import Array
from app.core.network import Network

Gradient = tuple[list[Array], list[Array]]
"""``(nabla_b, nabla_w)``: lists shaped like ``biases`` and ``weights``."""


@dataclass
class BatchTrace:
    """What backprop leaves behind for the m examples of one mini-batch.

    * ``activations[l]``: shape ``(m, sizes[l])``, for every layer ``l``;
      ``activations[0]`` are the inputs x and ``activations[-1]`` the outputs.
    * ``deltas[l]``: shape ``(m, sizes[l+1])``, the error δ of layer ``l+1``,
      i.e. of the neurons that ``weights[l]`` feeds.
    * ``ys``: shape ``(m, sizes[-1])``, the targets; ``costs``: shape ``(m,)``.

    Rows may be filled one at a time (the per-example mode takes each
    example's gradient at different weights); row ``k`` never changes once
    filled, so gradients built from rows ``< k`` stay valid.
    """

    activations: list[Array]
    deltas: list[Array]
    ys: Array
    costs: Array
    _sum_k: int = field(default=0, repr=False)
    _sum: Gradient | None = field(default=None, repr=False)
    _last: tuple[int, Gradient] | None = field(default=None, repr=False)

    @classmethod
    def empty(cls, sizes: list[int], m: int) -> BatchTrace:
        """A trace of ``m`` rows for a network of ``sizes``, to be filled by :meth:`fill`."""
        return cls(
            activations=[np.zeros((m, n)) for n in sizes],
            deltas=[np.zeros((m, n)) for n in sizes[1:]],
            ys=np.zeros((m, sizes[-1])),
            costs=np.zeros(m),
        )

    @property
    def m(self) -> int:
        """The number of examples (rows)."""
        return len(self.costs)

    def fill(self, k: int, row: BatchTrace) -> None:
        """Copy the single row of ``row`` into row ``k``."""
        for mine, theirs in zip(
            self.activations + self.deltas, row.activations + row.deltas, strict=True
        ):
            mine[k] = theirs[0]
        self.ys[k] = row.ys[0]
        self.costs[k] = row.costs[0]

    def is_finite(self) -> bool:
        """True when no activation, delta or cost is inf or NaN."""
        arrays = [*self.activations, *self.deltas, self.costs]
        return all(bool(np.isfinite(a).all()) for a in arrays)

    def example_gradient(self, k: int) -> Gradient:
        """Example ``k``'s own ``(delta_nabla_b, delta_nabla_w)``."""
        if self._last is None or self._last[0] != k:
            nabla_b = [d[k].copy() for d in self.deltas]
            # np.dot of a column and a row is the outer product delta ⊗ a; on
            # these sizes it runs faster than np.outer's broadcast multiply.
            nabla_w = [
                np.dot(d[k][:, None], a[k][None, :])
                for d, a in zip(self.deltas, self.activations, strict=False)
            ]
            self._last = (k, (nabla_b, nabla_w))
        return self._last[1]

    def sum_gradient(self, k: int) -> Gradient:
        """The running sum ``(nabla_b, nabla_w)`` over the first ``k`` examples.

        The last sum is kept, so asking for k, k+1, k+2, ... in turn costs one
        rank-1 update each; asking for an earlier k starts from zero again.
        The arrays are never changed in place afterwards: callers may keep
        them, and must not modify them.
        """
        if (self._sum is None or k < self._sum_k) and k > 1:
            # From scratch, many rows at once: one matrix product per layer.
            self._sum = (
                [d[:k].sum(axis=0) for d in self.deltas],
                [d[:k].T @ a[:k] for d, a in zip(self.deltas, self.activations, strict=False)],
            )
            self._sum_k = k
            return self._sum
        if self._sum is None or k < self._sum_k:
            self._sum_k = 0
            self._sum = (
                [np.zeros(d.shape[1]) for d in self.deltas],
                [
                    np.zeros((d.shape[1], a.shape[1]))
                    for d, a in zip(self.deltas, self.activations, strict=False)
                ],
            )
        k0 = self._sum_k
        if k == k0 + 1:
            # One more example: add its gradient (one array add per layer,
            # and the gradient is usually built already for the same frame).
            nabla_b, nabla_w = self._sum
            delta_b, delta_w = self.example_gradient(k0)
            self._sum = (
                [nb + db for nb, db in zip(nabla_b, delta_b, strict=True)],
                [nw + dw for nw, dw in zip(nabla_w, delta_w, strict=True)],
            )
            self._sum_k = k
        elif k > k0:
            nabla_b, nabla_w = self._sum
            # Rows k0..k-1 are the examples not yet in the kept sum.
            self._sum = (
                [nb + d[k0:k].sum(axis=0) for nb, d in zip(nabla_b, self.deltas, strict=True)],
                [
                    nw + d[k0:k].T @ a[k0:k]
                    for nw, d, a in zip(nabla_w, self.deltas, self.activations, strict=False)
                ],
            )
            self._sum_k = k
        return self._sum

    def gradient(self) -> Gradient:
        """The sum over all ``m`` examples: the book's ``nabla_b``, ``nabla_w`` after the loop."""
        return self.sum_gradient(self.m)


def trace_batch(network: Network, xs: Array, ys: Array) -> BatchTrace:
    """Backprop for the rows of ``xs`` (shape ``(m, sizes[0])``) at the network's current weights.

    The same arithmetic as :meth:`Network.backprop`, one row per example:
    ``z = a @ w.T + b`` forward, ``delta = (delta @ w) * σ'(z)`` backward.
    """
    activations = [xs]
    zs = []
    # Overflow is possible when training diverges; callers check is_finite().
    with np.errstate(over="ignore", invalid="ignore"):
        for l, (b, w) in enumerate(zip(network.biases, network.weights, strict=True)):
            z = activations[-1] @ w.T + b
            zs.append(z)
            activations.append(network.layer_activation(l).fn(z))
        delta = network.cost.delta(zs[-1], activations[-1], ys)
        deltas = [delta]
        # Walk back from the last hidden layer: weights[l+1] carries the error
        # of layer l+2 back to layer l+1, whose z is zs[l].
        for l in range(network.num_layers - 3, -1, -1):
            # activations[l + 1] = fn(zs[l]): the derivative from it is the same, cheaper
            prime = network.layer_activation(l).prime_of_output(activations[l + 1])
            delta = (delta @ network.weights[l + 1]) * prime
            deltas.append(delta)
        deltas.reverse()
        costs = np.asarray(network.cost.fn(activations[-1], ys), dtype=np.float64)
    return BatchTrace(activations=activations, deltas=deltas, ys=ys, costs=costs)
