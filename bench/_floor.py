"""The floor under fast-forward: a Trainer epoch as bare numpy calls, nothing else.

The same arithmetic, call for call, as ``Trainer.step("epoch", emit=False)`` on a
sigmoid network with the quadratic cost (trace_rows, flat_gradient, FlatUpdate,
finite_vector, evaluate), so the same weights bit for bit (``tests/bench``); but no
cursor, history, events, records or registries: no Python around the numpy calls but
the loops. ``bench/engine.py`` times it to show how much of fast-forward's time is the
numpy work itself, which no restructuring of the Trainer can remove.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from app.core.activations import Array
from app.core.metrics import confusion_matrix, evaluate
from app.core.network import Network
from app.core.trace import finite_vector, flat_size, split


def bare_epochs(net: Network, data: object, eta: float, m: int, seed: int = 0) -> Callable[[], int]:
    """A run of one epoch at a time over ``data`` (x_train, y_train, x_test, y_test) for ``net``,
    whose weights it moves as the Trainer would; returns the examples it did."""
    sizes = net.sizes
    x_train, y_train = data.x_train, data.y_train  # type: ignore[attr-defined]
    n, epoch = len(x_train), [0]
    flat = np.concatenate([a.ravel() for a in (*net.weights, *net.biases)])

    def run() -> int:
        nonlocal flat
        order = np.random.default_rng([seed, epoch[0]]).permutation(n)
        weights, biases = split(flat, sizes)
        with np.errstate(over="ignore", invalid="ignore"):
            for pos in range(0, n, m):
                rows = order[pos : pos + m]
                flat = _batch(
                    flat,
                    weights,
                    biases,
                    x_train.take(rows, axis=0),
                    y_train.take(rows, axis=0),
                    eta / len(rows),
                    sizes,
                )
                weights, biases = split(flat, sizes)
            net.weights, net.biases = weights, biases
            evaluate(net, x_train, y_train)
            outputs = evaluate(net, data.x_test, data.y_test)[2]  # type: ignore[attr-defined]
            if outputs is not None:
                confusion_matrix(outputs, data.y_test)  # type: ignore[attr-defined]
        epoch[0] += 1
        return n

    return run


def _batch(
    flat: Array,
    weights: list[Array],
    biases: list[Array],
    xs: Array,
    ys: Array,
    step: float,
    sizes: list[int],
) -> Array:
    """One mini-batch: forward, backward, the summed gradient, the update; the new vector."""
    activations = [xs]
    for w, b in zip(weights, biases, strict=True):
        z = activations[-1] @ w.T
        z += b
        s = np.maximum(z, -709.0, out=z if len(activations) < len(sizes) - 1 else np.empty_like(z))
        np.negative(s, out=s)
        np.exp(s, out=s)
        s += 1.0
        activations.append(np.divide(1.0, s, out=s))
    a = activations[-1]
    delta = a - ys
    costs = np.add.reduce(np.square(delta), axis=-1)
    costs *= 0.5
    delta *= a * (1.0 - a)
    deltas = [delta]
    for l in range(len(sizes) - 3, -1, -1):
        delta = delta @ weights[l + 1]
        a = activations[l + 1]
        delta *= a * (1.0 - a)
        deltas.append(delta)
    deltas.reverse()
    nabla = np.empty(flat_size(sizes))
    nabla_w, nabla_b = split(nabla, sizes)
    for d, a, nw, nb in zip(deltas, activations, nabla_w, nabla_b, strict=False):
        np.matmul(d.T, a, out=nw)
        np.add.reduce(d, axis=0, out=nb)
    np.multiply(nabla, -step, out=nabla)
    nabla += flat
    if not finite_vector(nabla):
        raise FloatingPointError("diverged")
    float(np.add.reduce(costs))  # the mini-batch's mean cost, which the history keeps
    return nabla
