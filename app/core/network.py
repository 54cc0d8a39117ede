"""The network of Nielsen's network.py, in numpy, one example at a time.

Conventions, as in the book:

* ``sizes`` lists the neurons per layer, input layer first: ``[2, 4, 2]``.
* ``weights[l]`` has shape ``(sizes[l+1], sizes[l])``: row ``j`` holds the
  weights *into* neuron ``j`` of layer ``l+1``, so ``z = w @ a + b``.
* ``biases[l]`` has shape ``(sizes[l+1],)``; the input layer has no biases.
* Vectors are 1-D arrays (the book uses ``(n, 1)`` columns; the arithmetic
  is the same). Everything is float64.

Hidden layers use the chosen activation; the output layer is always a
sigmoid, so that both costs' ``delta`` formulas hold as in the book.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

import numpy as np

from app.core.activations import ACTIVATIONS, SIGMOID, Activation, Array
from app.core.bookrng import RNGS, book_parameters
from app.core.costs import COSTS, Cost

INITS = ("gaussian", "scaled")


def _check_name(field: str, name: str, choices: Collection[str]) -> None:
    """Raise ValueError naming ``field`` when ``name`` is not one of ``choices``."""
    if name not in choices:
        raise ValueError(f"unknown {field} {name!r}; choose from {sorted(choices)}")


class Network:
    """A feed-forward network trained by stochastic gradient descent."""

    def __init__(
        self,
        sizes: Sequence[int],
        *,
        activation: str = "sigmoid",
        cost: str = "quadratic",
        init: str = "gaussian",
        seed: int = 0,
        rng: str = "numpy",
    ) -> None:
        """Draw the initial weights and biases from ``seed``.

        ``init="gaussian"`` draws every weight and bias from N(0, 1), as
        network.py does; ``"scaled"`` draws weights from N(0, 1/n_in), as
        network2.py's ``default_weight_initializer`` does. ``rng="book"`` draws
        the very numbers network.py draws after ``np.random.seed(seed)``
        (:mod:`app.core.bookrng`); ``"numpy"``, numpy's ``default_rng(seed)``.
        """
        if len(sizes) < 2 or any(int(s) < 1 for s in sizes):
            raise ValueError(f"sizes must list at least 2 layers of at least 1 neuron, got {sizes}")
        _check_name("activation", activation, ACTIVATIONS)
        _check_name("cost", cost, COSTS)
        _check_name("init", init, INITS)
        _check_name("rng", rng, RNGS)
        self.sizes = [int(s) for s in sizes]
        self.num_layers = len(self.sizes)
        self.activation: Activation = ACTIVATIONS[activation]
        self.cost: Cost = COSTS[cost]
        self.biases: list[Array]
        self.weights: list[Array]
        if rng == "book":
            self.biases, self.weights = book_parameters(self.sizes, seed, init == "scaled")
            return
        generator = np.random.default_rng(seed)
        self.biases = [generator.standard_normal(n) for n in self.sizes[1:]]
        # zip(sizes[:-1], sizes[1:]) pairs each layer with the next: (n_in, n_out).
        self.weights = [
            generator.standard_normal((n_out, n_in)) / (np.sqrt(n_in) if init == "scaled" else 1.0)
            for n_in, n_out in zip(self.sizes[:-1], self.sizes[1:], strict=True)
        ]

    @property
    def num_weights(self) -> int:
        """How many weights and biases the network has."""
        return sum(w.size + b.size for w, b in zip(self.weights, self.biases, strict=True))

    def layer_activation(self, l: int) -> Activation:
        """The activation of layer ``l+1`` (the one ``weights[l]`` feeds): sigmoid at the output."""
        return SIGMOID if l == self.num_layers - 2 else self.activation

    def feedforward(self, a: Array) -> Array:
        """The output for input ``a``: shape ``(sizes[0],)``, or ``(m, sizes[0])`` for m rows."""
        for l, (b, w) in enumerate(zip(self.biases, self.weights, strict=True)):
            # a @ w.T works for one example (1-D) and for rows of examples alike.
            z = a @ w.T
            z += b
            a = self.layer_activation(l).fn_over(z)  # z is new here: a is written over it
        return a

    def feedforward_rows(self, xs: Array, max_floats: int) -> Array:
        """:meth:`feedforward` of the rows of ``xs``, a few at a time.

        Each chunk holds at most ``max_floats`` numbers in its widest layer, so
        many rows through a wide layer never need gigabytes at once.
        """
        rows = max(1, max_floats // max(self.sizes))
        if len(xs) <= rows:
            return self.feedforward(xs)
        return np.concatenate([self.feedforward(xs[i : i + rows]) for i in range(0, len(xs), rows)])

    def backprop(self, x: Array, y: Array) -> tuple[list[Array], list[Array]]:
        """Return ``(nabla_b, nabla_w)``, the gradient of the cost of ONE example.

        ``nabla_b[l]`` and ``nabla_w[l]`` have the shapes of ``biases[l]`` and
        ``weights[l]``.
        """
        nabla_b: list[Array] = [np.zeros(b.shape) for b in self.biases]
        nabla_w: list[Array] = [np.zeros(w.shape) for w in self.weights]
        # feedforward, keeping every z and activation, layer by layer
        activation = x
        activations = [x]
        zs = []
        for l, (b, w) in enumerate(zip(self.biases, self.weights, strict=True)):
            z = w @ activation + b
            zs.append(z)
            activation = self.layer_activation(l).fn(z)
            activations.append(activation)
        # backward pass
        delta = self.cost.delta(zs[-1], activations[-1], y)
        nabla_b[-1] = delta
        nabla_w[-1] = np.outer(delta, activations[-2])
        # Here l = 1 means the last layer of neurons, l = 2 the second-last,
        # and so on: negative indices count from the end, as in the book.
        for l in range(2, self.num_layers):
            z = zs[-l]
            sp = self.layer_activation(self.num_layers - 1 - l).prime(z)
            delta = (self.weights[-l + 1].T @ delta) * sp
            nabla_b[-l] = delta
            nabla_w[-l] = np.outer(delta, activations[-l - 1])
        return nabla_b, nabla_w

    def update_mini_batch(
        self, mini_batch: Sequence[tuple[Array, Array]], eta: float, lmbda: float = 0.0, n: int = 1
    ) -> None:
        """Apply one step of gradient descent for a whole mini-batch, as the book does.

        Each example's gradient is taken at the SAME weights and added into
        ``nabla_b``/``nabla_w``; the weights move once, after the loop.
        ``lmbda`` is the L2 parameter and ``n`` the size of the training set.
        """
        nabla_b = [np.zeros(b.shape) for b in self.biases]
        nabla_w = [np.zeros(w.shape) for w in self.weights]
        for x, y in mini_batch:
            delta_nabla_b, delta_nabla_w = self.backprop(x, y)
            nabla_b = [nb + dnb for nb, dnb in zip(nabla_b, delta_nabla_b, strict=True)]
            nabla_w = [nw + dnw for nw, dnw in zip(nabla_w, delta_nabla_w, strict=True)]
        m = len(mini_batch)
        self.weights = [
            (1 - eta * (lmbda / n)) * w - (eta / m) * nw
            for w, nw in zip(self.weights, nabla_w, strict=True)
        ]
        self.biases = [b - (eta / m) * nb for b, nb in zip(self.biases, nabla_b, strict=True)]

    def update_mini_batch_matrix(
        self, mini_batch: Sequence[tuple[Array, Array]], eta: float, lmbda: float = 0.0, n: int = 1
    ) -> None:
        """:meth:`update_mini_batch` without the loop over examples: the book's chapter 2
        problem, "a fully matrix-based approach to backpropagation over a mini-batch".

        Column i of ``X`` is example i's x, so ONE forward pass and ONE backward pass
        serve all m examples: ``Z``, ``A`` and ``Delta`` of layer l+1 have shape
        ``(sizes[l+1], m)``, one column per example. The loop's Σᵢ δᵢ·aᵢᵀ is the
        product ``Delta @ A.T``, and Σᵢ δᵢ is ``Delta``'s sum over its columns.
        """
        X = np.column_stack([x for x, y in mini_batch])  # shape (sizes[0], m)
        Y = np.column_stack([y for x, y in mini_batch])  # shape (sizes[-1], m)
        A = X
        As, Zs = [X], []  # A and Z of every layer, for the backward pass
        for l, (b, w) in enumerate(zip(self.biases, self.weights, strict=True)):
            Z = w @ A + b[:, None]  # b[:, None] adds b to each of the m columns
            A = self.layer_activation(l).fn(Z)
            Zs.append(Z)
            As.append(A)
        Delta = self.cost.delta(Zs[-1], As[-1], Y)  # the output error, one column per example
        nabla_b: list[Array] = []
        nabla_w: list[Array] = []
        # l = 1 is the last layer, l = 2 the second-last, as in backprop
        for l in range(1, self.num_layers):
            if l > 1:
                sp = self.layer_activation(self.num_layers - 1 - l).prime(Zs[-l])
                Delta = (self.weights[-l + 1].T @ Delta) * sp
            nabla_b.insert(0, Delta.sum(axis=1))  # Σ over the m columns
            nabla_w.insert(0, Delta @ As[-l - 1].T)  # Σᵢ δᵢ·aᵢᵀ in one product
        m = len(mini_batch)
        self.weights = [
            (1 - eta * (lmbda / n)) * w - (eta / m) * nw
            for w, nw in zip(self.weights, nabla_w, strict=True)
        ]
        self.biases = [b - (eta / m) * nb for b, nb in zip(self.biases, nabla_b, strict=True)]

    def update_per_example(
        self, mini_batch: Sequence[tuple[Array, Array]], eta: float, lmbda: float = 0.0, n: int = 1
    ) -> None:
        """The same mini-batch, but with the update INSIDE the loop.

        After each example the weights move by −(η/m)·delta_nabla_w, so the
        next example's gradient is taken at the moved weights. The weight
        decay of L2 is shared out the same way: (1 − ηλ/(nm)) per example.
        """
        m = len(mini_batch)
        for x, y in mini_batch:
            delta_nabla_b, delta_nabla_w = self.backprop(x, y)
            self.weights = [
                (1 - eta * (lmbda / n) / m) * w - (eta / m) * dnw
                for w, dnw in zip(self.weights, delta_nabla_w, strict=True)
            ]
            self.biases = [
                b - (eta / m) * dnb for b, dnb in zip(self.biases, delta_nabla_b, strict=True)
            ]
