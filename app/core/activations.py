"""Activation functions, each a pair (fn, prime), held in a registry by name.

As in TF Playground's ``nn.ts``, the protocol and the URL carry names
(``"sigmoid"``), never code; :data:`ACTIVATIONS` maps a name to its pair.
Every function works elementwise on arrays of any shape.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]


@dataclass(frozen=True)
class Activation:
    """An activation ``fn`` and its derivative ``prime``, both taken at ``z``.

    ``prime_of_output`` is the same derivative written with ``a = fn(z)``,
    which the fast path has already: σ' = a(1 − a), tanh' = 1 − a², relu' =
    [a > 0]. It gives the same numbers bit for bit, with fewer numpy calls.
    ``fn_over`` is ``fn`` written over ``z``'s own float64 memory (z is lost):
    the same numbers, for a ``z`` that is a temporary anyway.
    """

    name: str
    fn: Callable[[Array], Array]
    prime: Callable[[Array], Array]
    prime_of_output: Callable[[Array], Array]
    fn_over: Callable[[Array], Array]


def sigmoid(z: Array) -> Array:
    """The sigmoid function 1/(1+e^-z)."""
    # Clipping z at −709 changes nothing representable (σ(−709) ≈ 1e-308) and
    # keeps exp(−z) from overflowing; above +709, exp(−z) < 1e-307 and 1 + it
    # is 1.0 exactly, so no clip is needed there. Every step writes into one
    # new array: 1/(1 + exp(−clip(z, −709, 709))) bit for bit, with fewer calls.
    s = np.maximum(z, -709.0, out=np.empty_like(z, dtype=np.float64))
    np.negative(s, out=s)
    np.exp(s, out=s)
    s += 1.0
    return np.divide(1.0, s, out=s)


def _sigmoid_over(z: Array) -> Array:
    """:func:`sigmoid` written over ``z`` (float64): the same steps, no new array."""
    np.maximum(z, -709.0, out=z)
    np.negative(z, out=z)
    np.exp(z, out=z)
    z += 1.0
    return np.divide(1.0, z, out=z)


def sigmoid_prime(z: Array) -> Array:
    """Derivative of the sigmoid function: σ(z)(1 − σ(z))."""
    s = sigmoid(z)
    return s * (1.0 - s)


def tanh_prime(z: Array) -> Array:
    """Derivative of tanh: 1 − tanh²(z)."""
    return 1.0 - np.tanh(z) ** 2


def relu(z: Array) -> Array:
    """max(0, z)."""
    return np.maximum(z, 0.0)


def relu_prime(z: Array) -> Array:
    """1 where z > 0, else 0 (the derivative at 0 is taken as 0)."""
    return (z > 0).astype(np.float64)


def _sigmoid_prime_of_output(a: Array) -> Array:
    return a * (1.0 - a)


def _tanh_prime_of_output(a: Array) -> Array:
    return 1.0 - a**2


def _tanh_over(z: Array) -> Array:
    return np.tanh(z, out=z)


def _relu_over(z: Array) -> Array:
    return np.maximum(z, 0.0, out=z)


SIGMOID = Activation("sigmoid", sigmoid, sigmoid_prime, _sigmoid_prime_of_output, _sigmoid_over)
TANH = Activation("tanh", np.tanh, tanh_prime, _tanh_prime_of_output, _tanh_over)
# relu' from the output: a > 0 exactly where z > 0
RELU = Activation("relu", relu, relu_prime, relu_prime, _relu_over)

ACTIVATIONS: dict[str, Activation] = {a.name: a for a in (SIGMOID, TANH, RELU)}
