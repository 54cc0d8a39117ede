"""The book's update, w → (1 − ηλ/n)·w − (η/m)·nabla_w, and its check for non-finite numbers.

:func:`gradient_step` is the update on lists of arrays, as network.py
writes it; :func:`example_step` is ``per_example`` mode's move after one
example, used both by training and by the rebuilt events of a mini-batch
(:mod:`app.core.underway`), so that both make the same numbers.

:class:`FlatUpdate` does the book's update on every layer at once: the
network's weights then biases live in one vector (the layout of
:func:`app.core.trace.split`) and the network holds views of it, so a
mini-batch's update is one product, one sum and one check.
"""

from __future__ import annotations

import operator

import numpy as np

from app.core.activations import Array
from app.core.network import Network
from app.core.trace import BatchTrace, finite_vector, split


def gradient_step(
    params: list[Array], nablas: list[Array], step: float, decay: float = 1.0
) -> list[Array]:
    """New arrays ``decay·p − step·nabla``: the book's update with step = η/m.

    The result may overflow to inf when training diverges: callers check it.
    """
    with np.errstate(over="ignore", invalid="ignore"):
        if decay == 1.0:  # no L2 term: one product and one difference per layer
            return [p - step * g for p, g in zip(params, nablas, strict=True)]
        return [decay * p - step * g for p, g in zip(params, nablas, strict=True)]


def example_factors(eta: float, lmbda: float, n: int, m: int) -> tuple[float, float]:
    """``(step, decay)`` of one example's move in ``per_example`` mode: η/m and 1 − ηλ/(n·m).

    The L2 decay of a whole mini-batch, 1 − ηλ/n, spread over its m steps.
    """
    return eta / m, 1 - eta * lmbda / (n * m)


def example_step(
    weights: list[Array],
    biases: list[Array],
    deltas: list[Array],
    activations: list[Array],
    step: float,
    decay: float,
) -> tuple[list[Array], list[Array]]:
    """New ``(weights, biases)`` after one example's step in ``per_example`` mode.

    ``deltas[l]`` (shape ``(sizes[l+1],)``) and ``activations[l]`` (shape
    ``(sizes[l],)``; extra layers are ignored) are the example's factors: its
    ``delta_nabla_w[l]`` is their outer product and its ``delta_nabla_b[l]`` is
    ``deltas[l]``. May overflow to inf when training diverges: callers check.
    """
    nabla_w = [np.outer(d, a) for d, a in zip(deltas, activations, strict=False)]
    return gradient_step(weights, nabla_w, step, decay), gradient_step(biases, deltas, step)


class FlatUpdate:
    """The update of one network, on its parameters as one vector (see the module docstring)."""

    def __init__(self) -> None:
        # The vector the network's arrays are views of, while they still are.
        self._flat: Array | None = None
        self._flat_of: list[Array] = []
        self._decay: tuple[float, Array] | None = None  # (decay, the vector that multiplies)

    def apply(
        self, network: Network, trace: BatchTrace, step: float, decay: float, keep_gradient: bool
    ) -> bool:
        """w → decay·w − step·nabla_w, b → b − step·nabla_b; False if not finite.

        The same arithmetic element by element as :func:`gradient_step` on
        each array. On success the network gets the new arrays; on failure it
        keeps its own. Unless the gradient is kept for an event, the new
        parameters are written over it. Call it under ``np.errstate(over=
        "ignore", invalid="ignore")``: the new numbers may overflow.
        """
        sizes = network.sizes
        arrays = [*network.weights, *network.biases]
        flat = self._flat
        if flat is None or not all(map(operator.is_, arrays, self._flat_of)):
            # the first update, or the network's arrays were replaced from outside
            flat = np.concatenate([a.ravel() for a in arrays])
        nabla, (nabla_w, nabla_b) = trace.flat_gradient(sizes, keep=keep_gradient)
        kept = flat if decay == 1.0 else flat * self._decay_vector(network, decay)
        # −step·nabla + kept: the same numbers as kept − step·nabla (negation is exact)
        if keep_gradient:
            new = np.multiply(nabla, -step)
            nabla_w, nabla_b = split(new, sizes)
        else:
            new = np.multiply(nabla, -step, out=nabla)  # over nabla: its views now show new
        new += kept
        if not finite_vector(new):
            return False
        network.weights, network.biases = nabla_w, nabla_b
        self._flat, self._flat_of = new, [*nabla_w, *nabla_b]
        return True

    def _decay_vector(self, network: Network, decay: float) -> Array:
        """``decay`` for every weight and 1 for every bias, in :func:`split`'s layout."""
        if self._decay is None or self._decay[0] != decay:
            weights = sum(w.size for w in network.weights)
            vector = np.ones(weights + sum(b.size for b in network.biases))
            vector[:weights] = decay
            self._decay = (decay, vector)
        return self._decay[1]
