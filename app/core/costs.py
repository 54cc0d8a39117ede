"""Cost functions, each a small class with ``fn`` and ``delta`` as in network2.py.

``fn(a, y)`` is the cost of one example (or of each row when ``a`` and ``y``
are 2-D, shape ``(m, n_out)``); ``delta(z, a, y)`` is the output error
δᴸ = ∂C/∂zᴸ for a sigmoid output layer. :data:`COSTS` maps names to costs.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from app.core.activations import Array, sigmoid_prime


class Cost(Protocol):
    """What a cost provides: its name, its value and the output error."""

    name: str

    def fn(self, a: Array, y: Array) -> Array:
        """Cost of each example: a scalar for 1-D input, shape ``(m,)`` for 2-D."""
        ...

    def delta(self, z: Array, a: Array, y: Array) -> Array:
        """Output error δᴸ, same shape as ``a``."""
        ...


class QuadraticCost:
    """C = ½‖a − y‖², the cost of network.py."""

    name = "quadratic"

    def fn(self, a: Array, y: Array) -> Array:
        """½‖a − y‖² over the last axis."""
        return np.asarray(0.5 * np.sum((a - y) ** 2, axis=-1))

    def delta(self, z: Array, a: Array, y: Array) -> Array:
        """(a − y) ⊙ σ'(z)."""
        return (a - y) * sigmoid_prime(z)


class CrossEntropyCost:
    """C = −Σ [y ln a + (1 − y) ln(1 − a)], the cost of network2.py."""

    name = "cross_entropy"

    def fn(self, a: Array, y: Array) -> Array:
        """The cross-entropy over the last axis.

        A saturated sigmoid gives a = 1.0 exactly, and ln 0 = −∞; the book
        hides that with nan_to_num, here the logs are floored at the smallest
        float (ln ≈ −708), so the cost stays finite and 0·ln 0 counts as 0.
        """
        tiny = np.finfo(np.float64).tiny
        terms = -y * np.log(np.maximum(a, tiny)) - (1 - y) * np.log(np.maximum(1 - a, tiny))
        return np.asarray(np.sum(terms, axis=-1))

    def delta(self, z: Array, a: Array, y: Array) -> Array:
        """a − y: the σ'(z) factor cancels, which is why this cost learns faster."""
        return a - y


QUADRATIC = QuadraticCost()
CROSS_ENTROPY = CrossEntropyCost()

COSTS: dict[str, Cost] = {c.name: c for c in (QUADRATIC, CROSS_ENTROPY)}
