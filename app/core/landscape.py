"""The cost of one mini-batch as a function of two parameters, and SGD's steps across it.

A parameter is named ``(l, j, k)``: the weight ``weights[l][j, k]``, from
neuron ``k`` of layer ``l`` to neuron ``j`` of layer ``l+1``; ``k = None``
names the bias ``biases[l][j]``. Every other parameter stays where the
network has it.

The surface is the mean data cost ``(1/m) Σₓ Cₓ`` over the mini-batch's
rows, so the batch step −(η/m)·Σₓ∇Cₓ is −η·∇(mean C): a step down this
surface. With L2 (λ > 0) the update also shrinks each weight by
(1 − ηλ/n); that decay is a step of its own (:func:`decay_step`) and is not
part of the surface drawn.
"""

from __future__ import annotations

import copy

import numpy as np

from app.core.activations import Array
from app.core.network import Network
from app.core.trace import trace_batch
from app.core.update import gradient_step

Param = tuple[int, int, int | None]
GRID_FLOATS = 1 << 21  # the most floats one layer holds while a chunk of the grid runs


def at(network: Network, weights: list[Array], biases: list[Array]) -> Network:
    """A copy of ``network`` (same activations and cost) with these parameters."""
    other = copy.copy(network)
    other.weights, other.biases = list(weights), list(biases)
    return other


def check_param(network: Network, p: Param) -> None:
    """Raise ValueError when ``p`` names no parameter of ``network``."""
    l, j, k = p
    sizes = network.sizes
    if not 0 <= l < len(sizes) - 1:
        raise ValueError(
            f"layer {l} is out of range: weights[l] exists for 0 <= l < {len(sizes) - 1}"
        )
    if not 0 <= j < sizes[l + 1]:
        raise ValueError(f"j = {j} is out of range: layer {l + 1} has {sizes[l + 1]} neurons")
    if k is not None and not 0 <= k < sizes[l]:
        raise ValueError(f"k = {k} is out of range: layer {l} has {sizes[l]} neurons")


def value_of(weights: list[Array], biases: list[Array], p: Param) -> float:
    """The value of parameter ``p``."""
    l, j, k = p
    return float(biases[l][j] if k is None else weights[l][j, k])


def batch_cost_grid(
    network: Network,
    xs: Array,
    ys: Array,
    first: Param,
    second: Param,
    values1: Array,
    values2: Array,
) -> Array:
    """Mean cost over the rows ``xs``, ``ys`` with ``first`` at each of ``values1``, ``second``
    at each of ``values2``: shape ``(len(values2), len(values1))``, a heatmap's ``z[i][j]``.

    The layers below the first parameter changed are computed once; from there on each
    grid point runs the m rows as ``(g, m, n)`` arrays, a chunk of points at a time. A
    changed weight adds ``(v − w)·a[k]`` to ``z[j]`` (a changed bias ``v − b``), so the
    point at the network's own values runs the same arithmetic as :func:`trace_batch`.
    The network is not changed.
    """
    for p in (first, second):
        check_param(network, p)
    if first == second:
        raise ValueError("the two parameters must differ")
    v1, v2 = np.meshgrid(np.asarray(values1, float), np.asarray(values2, float))
    # the change of each parameter at each grid point, flattened: shape (g,)
    shifts = [
        (first, v1.ravel() - value_of(network.weights, network.biases, first)),
        (second, v2.ravel() - value_of(network.weights, network.biases, second)),
    ]
    low = min(first[0], second[0])
    a = xs
    with np.errstate(over="ignore", invalid="ignore"):
        for l in range(low):
            a = network.layer_activation(l).fn(a @ network.weights[l].T + network.biases[l])
        rows = max(1, GRID_FLOATS // (len(xs) * max(network.sizes[low:])))
        costs = [
            _tail_cost(network, a, ys, low, [(p, d[i : i + rows]) for p, d in shifts])
            for i in range(0, v1.size, rows)
        ]
    return np.concatenate(costs).reshape(v1.shape)


def _tail_cost(
    network: Network, a: Array, ys: Array, low: int, shifts: list[tuple[Param, Array]]
) -> Array:
    """Mean cost per grid point, from layer ``low``'s activations ``a`` (shape ``(m, n)``)."""
    g = len(shifts[0][1])
    for l in range(low, network.num_layers - 1):
        z = a @ network.weights[l].T + network.biases[l]
        if z.ndim == 2:  # the first changed layer: from here on, one copy per grid point
            z = np.broadcast_to(z, (g, *z.shape)).copy()
        for (pl, j, k), d in shifts:
            if pl == l:
                z[:, :, j] += d[:, None] if k is None else d[:, None] * a[..., k]
        a = network.layer_activation(l).fn(z)
    return np.asarray(network.cost.fn(a, ys).mean(axis=-1))


def example_gradients(network: Network, xs: Array, ys: Array, params: list[Param]) -> Array:
    """Each row's gradient for each of ``params``, at the network's parameters: ``(m, len)``.

    Entry ``[i, p]`` is the ``delta_nabla_w`` (or ``delta_nabla_b``) of row ``i`` for ``p``.
    """
    trace = trace_batch(network, xs, ys)
    columns = [
        trace.deltas[l][:, j] if k is None else trace.deltas[l][:, j] * trace.activations[l][:, k]
        for l, j, k in params
    ]
    return np.column_stack(columns) if columns else np.zeros((len(xs), 0))


def largest_gradients(
    network: Network, xs: Array, ys: Array, count: int, exclude: tuple[Param, ...] = ()
) -> list[Param]:
    """The ``count`` weights with the largest |nabla_w| summed over the rows (biases left out)."""
    trace = trace_batch(network, xs, ys)
    found: list[tuple[float, Param]] = []
    for l, (d, a) in enumerate(zip(trace.deltas, trace.activations, strict=False)):
        nabla = np.abs(d.T @ a).ravel()
        for flat in np.argsort(-nabla, kind="stable")[: count + len(exclude)]:
            j, k = divmod(int(flat), a.shape[1])
            found.append((float(nabla[flat]), (l, j, k)))
    found.sort(key=lambda item: -item[0])
    return [p for _, p in found if p not in exclude][:count]


def decay_step(
    weights: list[Array], params: list[Param], eta: float, lmbda: float, n: int
) -> Array:
    """The L2 part of the batch update for ``params``: −(ηλ/n)·w (0 for a bias)."""
    # + 0.0 turns the −0.0 of λ = 0 into 0.0
    return np.array(
        [
            0.0 if k is None else -eta * lmbda / n * float(weights[l][j, k]) + 0.0
            for l, j, k in params
        ]
    )


def per_example_path(
    network: Network, xs: Array, ys: Array, params: list[Param], eta: float, lmbda: float, n: int
) -> Array:
    """The values of ``params`` after each row's own step, update inside the loop: ``(m, len)``.

    The trainer's ``per_example`` arithmetic: each gradient is taken where the last step
    left off, and every parameter moves by −(η/m)·its gradient (weights decay by
    1 − ηλ/(nm) first). ``network`` is not changed.
    """
    m = len(xs)
    weights, biases = list(network.weights), list(network.biases)
    path = np.zeros((m, len(params)))
    for i in range(m):
        row = trace_batch(at(network, weights, biases), xs[i : i + 1], ys[i : i + 1])
        nabla_b = [d[0] for d in row.deltas]
        nabla_w = [np.outer(d[0], a[0]) for d, a in zip(row.deltas, row.activations, strict=False)]
        weights = gradient_step(weights, nabla_w, eta / m, 1 - eta * lmbda / (n * m))
        biases = gradient_step(biases, nabla_b, eta / m)
        path[i] = [value_of(weights, biases, p) for p in params]
    return path
