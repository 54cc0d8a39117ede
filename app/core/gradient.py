"""The true gradient ∇C, and a mini-batch's mean gradient as an estimate of it.

The book's equations (18)–(19): the cost is a mean over the n training
examples, C = (1/n) Σₓ Cₓ, so its gradient is the mean ∇C = (1/n) Σₓ ∇Cₓ.
A mini-batch's (1/m) Σ over its m examples estimates that mean; the update
−(η/m)·Σ ∇Cₓ is −η times the estimate.

With L2 (λ > 0) the update also multiplies each weight by (1 − ηλ/n): that
is −η·(λ/n)·w, the gradient of the book's regularisation term (λ/2n)·Σw².
:class:`MeanGradient` adds (λ/n)·w to ``nabla_w`` exactly when λ > 0, both
for the whole training set and for the mini-batch, so both are the gradient
the update follows; the biases have no such term.

Shapes as in :mod:`app.core.network`: ``nabla_w[l]`` is ``(sizes[l+1], sizes[l])``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from app.core.activations import Array
from app.core.network import Network
from app.core.trace import BatchTrace, trace_batch

CHUNK_FLOATS = 1 << 21  # the most floats one layer of a chunk of rows holds (16 MB)


@dataclass(frozen=True)
class MeanGradient:
    """A mean gradient over ``m`` examples, with the L2 term in ``nabla_w`` when ``l2``.

    ``cost`` is the mean cost of those examples, plus (λ/2n)·Σw² when ``l2``
    (the book's ``total_cost``).
    """

    m: int
    nabla_b: list[Array]
    nabla_w: list[Array]
    cost: float
    l2: bool

    def flat(self) -> Array:
        """Every ``nabla_w[l]`` then every ``nabla_b[l]`` in one vector."""
        return np.concatenate([a.ravel() for a in (*self.nabla_w, *self.nabla_b)])


def work(network: Network, rows: int) -> int:
    """Multiply-adds of one pass (forward or backward) over ``rows`` examples: rows × weights."""
    return rows * sum(w.size for w in network.weights)


def full_trace(network: Network, xs: Array, ys: Array) -> BatchTrace:
    """Backprop for every row of ``xs`` (shape ``(n, sizes[0])``), a chunk of rows at a time.

    The trace keeps ``xs`` itself as ``activations[0]`` (no copy of the inputs),
    and each example's activations and deltas of the other layers.
    """
    rows = max(1, CHUNK_FLOATS // max(network.sizes))
    if len(xs) <= rows:
        return trace_batch(network, xs, ys)
    starts = range(0, len(xs), rows)
    parts = [trace_batch(network, xs[i : i + rows], ys[i : i + rows]) for i in starts]
    layers = range(1, network.num_layers)
    return BatchTrace(
        activations=[xs, *(np.concatenate([p.activations[l] for p in parts]) for l in layers)],
        deltas=[np.concatenate([p.deltas[l - 1] for p in parts]) for l in layers],
        ys=ys,
        costs=np.concatenate([p.costs for p in parts]),
    )


def mean_of(
    trace: BatchTrace, weights: list[Array], lmbda: float, n: int, k: int | None = None
) -> MeanGradient:
    """The mean gradient of the first ``k`` rows of ``trace`` (all when None), taken at ``weights``.

    ``weights`` only matter with L2: (λ/n)·w is added to ``nabla_w`` when λ > 0.
    """
    k = trace.m if k is None else k
    if k < 1:
        raise ValueError("a mean gradient needs at least one example")
    # Σᵢ δᵢ·aᵢᵀ over the rows is one product deltas[l]ᵀ @ activations[l], (sizes[l+1], sizes[l])
    nabla_w = [d[:k].T @ a[:k] / k for d, a in zip(trace.deltas, trace.activations, strict=False)]
    nabla_b = [d[:k].sum(axis=0) / k for d in trace.deltas]
    cost = float(np.mean(trace.costs[:k]))
    l2 = lmbda > 0
    if l2:
        # a diverged run's weights overflow here: its gradient and cost are inf or nan, as the
        # trace's are, and the page says the run diverged
        with np.errstate(over="ignore", invalid="ignore"):
            nabla_w = [nw + (lmbda / n) * w for nw, w in zip(nabla_w, weights, strict=True)]
            cost += 0.5 * (lmbda / n) * sum(float(np.sum(w * w)) for w in weights)
    return MeanGradient(k, nabla_b, nabla_w, cost, l2)


@dataclass(frozen=True)
class Agreement:
    """How a mean gradient (the estimate) points and how long it is, against ∇C (the truth).

    ``cosine[l]``/``ratio[l]`` for layer l's weights and biases together; ``overall`` for
    every parameter at once. The cosine is 1 when they point the same way; the ratio of
    norms ‖estimate‖/‖∇C‖ is 1 when they are as long. A zero vector has cosine 0.
    """

    cosine: list[float]
    ratio: list[float]
    overall_cosine: float
    overall_ratio: float


def _cos_ratio(e: Array, t: Array) -> tuple[float, float]:
    ne, nt = float(np.linalg.norm(e)), float(np.linalg.norm(t))
    cos = float(e @ t) / (ne * nt) if ne > 0 and nt > 0 else 0.0
    return cos, (ne / nt if nt > 0 else float("inf") if ne > 0 else 1.0)


def agreement(estimate: MeanGradient, truth: MeanGradient) -> Agreement:
    """:class:`Agreement` of ``estimate`` with ``truth``, per layer and overall."""
    per_layer = [
        _cos_ratio(np.concatenate([ew.ravel(), eb]), np.concatenate([tw.ravel(), tb]))
        for ew, eb, tw, tb in zip(
            estimate.nabla_w, estimate.nabla_b, truth.nabla_w, truth.nabla_b, strict=True
        )
    ]
    cos, ratio = _cos_ratio(estimate.flat(), truth.flat())
    return Agreement([c for c, _ in per_layer], [r for _, r in per_layer], cos, ratio)
