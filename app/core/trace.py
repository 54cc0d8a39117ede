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

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise

import numpy as np

from app.core.activations import Array
from app.core.costs import QuadraticCost
from app.core.network import Network

Gradient = tuple[list[Array], list[Array]]
"""``(nabla_b, nabla_w)``: lists shaped like ``biases`` and ``weights``."""


@lru_cache(maxsize=64)
def _layout(sizes: tuple[int, ...]) -> tuple[tuple[int, int, tuple[int, ...]], ...]:
    """``(start, stop, shape)`` of each ``weights[l]`` then each ``biases[l]`` in one vector."""
    shapes: list[tuple[int, ...]] = [(n_out, n_in) for n_in, n_out in pairwise(sizes)]
    shapes += [(n,) for n in sizes[1:]]
    places, start = [], 0
    for shape in shapes:
        stop = start + int(np.prod(shape))
        places.append((start, stop, shape))
        start = stop
    return tuple(places)


def flat_size(sizes: list[int]) -> int:
    """How many numbers :func:`split` takes: every weight, then every bias."""
    return _layout(tuple(sizes))[-1][1]


def split(flat: Array, sizes: list[int]) -> tuple[list[Array], list[Array]]:
    """Views of ``flat`` as ``(weights, biases)``.

    ``flat`` holds every ``weights[l]`` row-major, then every ``biases[l]``:
    updating every layer at once is then one operation on one vector.
    """
    views = [flat[start:stop].reshape(shape) for start, stop, shape in _layout(tuple(sizes))]
    layers = len(sizes) - 1
    return views[:layers], views[layers:]


def finite_vector(vector: Array) -> bool:
    """True when no number of the 1-D ``vector`` is inf or NaN: the same answer as np.isfinite.

    Call it under ``np.errstate(over="ignore", invalid="ignore")``, as
    :meth:`Trainer.step` runs.

    One pass, no temporary: ``v · v`` is finite when every number is (inf² is
    inf, and NaN survives any sum). It also overflows when some number is
    finite but huge (|v| ≳ 1e154): only then are the numbers looked at one by one.
    """
    return math.isfinite(np.dot(vector, vector)) or bool(np.isfinite(vector).all())


def all_finite(arrays: list[Array]) -> bool:
    """True when no number of any of ``arrays`` is inf or NaN (:func:`finite_vector` of each)."""
    with np.errstate(over="ignore", invalid="ignore"):
        return all(finite_vector(a.ravel()) for a in arrays)


@dataclass
class BatchTrace:
    """What backprop leaves behind for the m examples of one mini-batch.

    * ``activations[l]``: shape ``(m, sizes[l])``, for every layer ``l``;
      ``activations[0]`` are the inputs x and ``activations[-1]`` the outputs.
    * ``deltas[l]``: shape ``(m, sizes[l+1])``, the error δ of layer ``l+1``,
      i.e. of the neurons that ``weights[l]`` feeds.
    * ``ys``: shape ``(m, sizes[-1])``, the targets; ``costs``: shape ``(m,)``.

    Rows may be filled one at a time (the per-example mode takes each
    example's gradient at different weights); ``filled`` counts them. Row
    ``k`` never changes once filled, so gradients built from rows ``< k``
    stay valid.
    """

    activations: list[Array]
    deltas: list[Array]
    ys: Array
    costs: Array
    _sum_k: int = field(default=0, repr=False)
    _sum: Gradient | None = field(default=None, repr=False)
    _last: tuple[int, Gradient] | None = field(default=None, repr=False)
    filled: int = -1  # rows filled so far; -1: all of them

    def __post_init__(self) -> None:
        if self.filled < 0:
            self.filled = self.m

    @classmethod
    def empty(cls, sizes: list[int], m: int) -> BatchTrace:
        """A trace of ``m`` rows for a network of ``sizes``, to be filled by :meth:`fill`."""
        return cls(
            activations=[np.zeros((m, n)) for n in sizes],
            deltas=[np.zeros((m, n)) for n in sizes[1:]],
            ys=np.zeros((m, sizes[-1])),
            costs=np.zeros(m),
            filled=0,
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
        self.filled = max(self.filled, k + 1)

    def is_finite(self, inputs: bool = True) -> bool:
        """True when no activation, delta or cost is inf or NaN.

        ``inputs=False`` leaves out ``activations[0]``, the x's: for a caller
        that checked its data once (the largest layer, and it never changes).
        Call it under ``np.errstate(over="ignore", invalid="ignore")``, as
        :meth:`Trainer.step` runs: the arrays are small, and one
        :func:`finite_vector` of them all end to end costs half of one each.
        """
        arrays = [*self.activations[0 if inputs else 1 :], *self.deltas, self.costs]
        return finite_vector(np.concatenate(arrays, axis=None))

    def example_gradient(self, k: int) -> Gradient:
        """Example ``k``'s own ``(delta_nabla_b, delta_nabla_w)`` (:func:`example_gradient`),
        the last one asked for kept."""
        if self._last is None or self._last[0] != k:
            self._last = (k, example_gradient(self.deltas, self.activations, k))
        return self._last[1]

    def sum_gradient(self, k: int) -> Gradient:
        """The running sum ``(nabla_b, nabla_w)`` of the first ``k`` examples (:func:`running_sum`).

        The last sum is kept, so asking for k, k+1, k+2, ... in turn costs one
        add each; asking for an earlier k starts from zero again. The arrays
        are never changed in place afterwards: callers may keep them, and must
        not modify them. The whole mini-batch's sum is the update's
        (:meth:`flat_gradient`), however the running sum got there: the update,
        and so the weights, must not depend on how the steps were cut.
        """
        if k == self.m and self._sum_k != k and k > 1:
            nabla_w, nabla_b = self.flat_gradient([a.shape[1] for a in self.activations])[1]
            return nabla_b, nabla_w
        kept = (self._sum_k, self._sum) if self._sum is not None and self._sum_k <= k else None
        self._sum = running_sum(self.deltas, self.activations, k, kept, self.example_gradient)
        self._sum_k = k
        return self._sum

    def running(self) -> tuple[int, Gradient] | None:
        """``(k, the running sum over the first k examples)`` as last built, or None."""
        return None if self._sum is None else (self._sum_k, self._sum)

    def keep_running(self, k: int, sums: Gradient) -> None:
        """Take ``sums`` as the running sum over the first ``k`` examples (a restored trace's:
        the order a sum was built in changes its last bits, and so the update's)."""
        self._sum, self._sum_k = sums, k

    def gradient(self) -> Gradient:
        """The sum over all ``m`` examples: the book's ``nabla_b``, ``nabla_w`` after the loop."""
        return self.sum_gradient(self.m)

    def flat_gradient(
        self, sizes: list[int], keep: bool = True
    ) -> tuple[Array, tuple[list[Array], list[Array]]]:
        """:meth:`gradient` as one vector laid out as :func:`split` says, and its views
        ``(nabla_w, nabla_b)`` into it.

        With ``keep``, the lists :meth:`gradient` returns from then on are those
        views; without, the caller may overwrite the vector (the trace forgets it).
        """
        flat: Array
        m = self.m
        if self._sum is not None and self._sum_k == m:  # the running sum got there already
            nabla_b, nabla_w = self._sum
            flat = np.concatenate([a.ravel() for a in (*nabla_w, *nabla_b)])
        else:
            flat = np.empty(flat_size(sizes))
        nabla_w, nabla_b = split(flat, sizes)
        if self._sum is None or self._sum_k != m:
            for d, a, nw, nb in zip(self.deltas, self.activations, nabla_w, nabla_b, strict=False):
                np.matmul(d.T, a, out=nw)
                np.add.reduce(d, axis=0, out=nb)
        if keep:
            self._sum, self._sum_k = (nabla_b, nabla_w), m
        return flat, (nabla_w, nabla_b)


def example_gradient(deltas: list[Array], activations: list[Array], k: int) -> Gradient:
    """Row ``k``'s ``(delta_nabla_b, delta_nabla_w)``: ``deltas[l][k]`` and the outer product
    ``deltas[l][k] ⊗ activations[l][k]``, each entry one multiplication."""
    nabla_b = [d[k].copy() for d in deltas]
    # np.dot of a column and a row is the outer product delta ⊗ a; on
    # these sizes it runs faster than np.outer's broadcast multiply.
    nabla_w = [
        np.dot(d[k][:, None], a[k][None, :]) for d, a in zip(deltas, activations, strict=False)
    ]
    return nabla_b, nabla_w


def running_sum(
    deltas: list[Array],
    activations: list[Array],
    k: int,
    kept: tuple[int, Gradient] | None = None,
    example: Callable[[int], Gradient] | None = None,
) -> Gradient:
    """The in-order running sum ``(nabla_b, nabla_w)`` over rows ``0..k-1``, as the book's loop
    adds it: into zeros, ``nabla += delta_nabla`` for each row in turn (:func:`example_gradient`).

    The one definition of the sum an example event shows: every server-side
    user calls it, and the page's ``runningSums`` (static/js/frames.js) mirrors
    it bit for bit (docs/architecture.md). ``kept``: ``(j, the sum over rows
    0..j-1)``, j ≤ k, to go on from; ``example``: row ``r``'s gradient, if the
    caller keeps them. New arrays each time: ``kept``'s are not changed.
    """
    row = example or (lambda r: example_gradient(deltas, activations, r))
    if kept is None:
        j = 0
        nabla_b = [np.zeros(d.shape[1]) for d in deltas]
        nabla_w = [
            np.zeros((d.shape[1], a.shape[1])) for d, a in zip(deltas, activations, strict=False)
        ]
    else:
        j, (nabla_b, nabla_w) = kept
    for r in range(j, k):
        delta_b, delta_w = row(r)
        nabla_b = [nb + db for nb, db in zip(nabla_b, delta_b, strict=True)]
        nabla_w = [nw + dw for nw, dw in zip(nabla_w, delta_w, strict=True)]
    return nabla_b, nabla_w


def trace_batch(network: Network, xs: Array, ys: Array) -> BatchTrace:
    """Backprop for the rows of ``xs`` (shape ``(m, sizes[0])``) at the network's current weights.

    The same arithmetic as :meth:`Network.backprop`, one row per example:
    ``z = a @ w.T + b`` forward, ``delta = (delta @ w) * σ'(z)`` backward.
    """
    # Overflow is possible when training diverges; callers check is_finite().
    with np.errstate(over="ignore", invalid="ignore"):
        return trace_rows(network, xs, ys)


def trace_rows(network: Network, xs: Array, ys: Array) -> BatchTrace:
    """:func:`trace_batch` for a caller already under ``np.errstate(over="ignore",
    invalid="ignore")`` (:meth:`Trainer.step`): the same, without entering it again."""
    activations = [xs]
    z = xs
    last = network.num_layers - 2  # weights[last] feeds the output layer
    for l, (b, w) in enumerate(zip(network.biases, network.weights, strict=True)):
        z = activations[-1] @ w.T
        z += b
        activation = network.layer_activation(l)
        # z is a temporary: a hidden layer's activations are written over it; the
        # output's z is kept for cost.delta(z, a, y)
        activations.append(activation.fn(z) if l == last else activation.fn_over(z))
    delta, costs = _output(network, z, activations[-1], ys)
    deltas = [delta]
    # Walk back from the last hidden layer: weights[l+1] carries the error
    # of layer l+2 back to layer l+1, whose z is zs[l].
    for l in range(network.num_layers - 3, -1, -1):
        # activations[l + 1] = fn(zs[l]): the derivative from it is the same, cheaper
        delta = delta @ network.weights[l + 1]
        delta *= network.layer_activation(l).prime_of_output(activations[l + 1])
        deltas.append(delta)
    deltas.reverse()
    return BatchTrace(activations=activations, deltas=deltas, ys=ys, costs=costs)


def _output(network: Network, z: Array, a: Array, ys: Array) -> tuple[Array, Array]:
    """The output error δᴸ and each row's cost.

    For the quadratic cost both come from one ``a − y``, and σ'(z) from the
    sigmoid output ``a``: the same numbers, bit for bit, as ``cost.delta``
    and ``cost.fn``, in fewer calls.
    """
    cost = network.cost
    if isinstance(cost, QuadraticCost):
        diff = a - ys
        costs = np.add.reduce(np.square(diff), axis=-1)
        costs *= 0.5
        diff *= a * (1.0 - a)  # (a − y) ⊙ sigmoid_prime(z), since a = sigmoid(z)
        return diff, costs
    return cost.delta(z, a, ys), np.asarray(cost.fn(a, ys), dtype=np.float64)
