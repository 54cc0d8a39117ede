"""The book's own loop: network.py's ``update_mini_batch`` and ``backprop``, as printed.

Column vectors ``(n, 1)``, ``np.dot`` for every product, and ``sigmoid_prime``
that takes the sigmoid twice: the code a reader of the book runs (network.py
is MIT-licensed, (c) Michael Nielsen), in Python 3. ``bench/engine.py`` times
it as the baseline, beside the engine's :meth:`app.core.network.Network.update_mini_batch`,
which computes the same weights bit for bit (``tests/bench``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from app.core.activations import Array


class BookNetwork:
    """network.py's ``Network``, started from given weights and biases (1-D biases are
    made columns)."""

    def __init__(self, weights: Sequence[Array], biases: Sequence[Array]) -> None:
        self.num_layers = len(weights) + 1
        self.weights = [w.copy() for w in weights]
        self.biases = [b.reshape(-1, 1).copy() for b in biases]

    def update_mini_batch(self, mini_batch: Sequence[tuple[Array, Array]], eta: float) -> None:
        """One step of gradient descent: the gradients summed over the mini-batch, then one move."""
        nabla_b = [np.zeros(b.shape) for b in self.biases]
        nabla_w = [np.zeros(w.shape) for w in self.weights]
        for x, y in mini_batch:
            delta_nabla_b, delta_nabla_w = self.backprop(x, y)
            nabla_b = [nb + dnb for nb, dnb in zip(nabla_b, delta_nabla_b, strict=True)]
            nabla_w = [nw + dnw for nw, dnw in zip(nabla_w, delta_nabla_w, strict=True)]
        self.weights = [
            w - (eta / len(mini_batch)) * nw for w, nw in zip(self.weights, nabla_w, strict=True)
        ]
        self.biases = [
            b - (eta / len(mini_batch)) * nb for b, nb in zip(self.biases, nabla_b, strict=True)
        ]

    def backprop(self, x: Array, y: Array) -> tuple[list[Array], list[Array]]:
        """The gradient of the quadratic cost of one example ``x`` (a column), target ``y``."""
        nabla_b = [np.zeros(b.shape) for b in self.biases]
        nabla_w = [np.zeros(w.shape) for w in self.weights]
        activation = x
        activations = [x]
        zs = []
        for b, w in zip(self.biases, self.weights, strict=True):
            z = np.dot(w, activation) + b
            zs.append(z)
            activation = sigmoid(z)
            activations.append(activation)
        delta = (activations[-1] - y) * sigmoid_prime(zs[-1])
        nabla_b[-1] = delta
        nabla_w[-1] = np.dot(delta, activations[-2].transpose())
        for l in range(2, self.num_layers):  # l = 2: the second-last layer, and so on
            z = zs[-l]
            sp = sigmoid_prime(z)
            delta = np.dot(self.weights[-l + 1].transpose(), delta) * sp
            nabla_b[-l] = delta
            nabla_w[-l] = np.dot(delta, activations[-l - 1].transpose())
        return nabla_b, nabla_w


def sigmoid(z: Array) -> Array:
    """1/(1 + e^−z), as network.py writes it."""
    s: Array = 1.0 / (1.0 + np.exp(-z))
    return s


def sigmoid_prime(z: Array) -> Array:
    """σ(z)(1 − σ(z)), as network.py writes it (the sigmoid taken twice)."""
    return sigmoid(z) * (1 - sigmoid(z))
