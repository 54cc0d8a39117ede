"""The noise of a mini-batch's estimate against its size m, at fixed weights.

For each m, draw random mini-batches of m distinct training examples (as an
epoch's shuffle cuts them) and measure how far each one's mean gradient g_S
lies from the true gradient g = ∇C (:mod:`app.core.gradient`): the squared
distance ‖g_S − g‖² and the cosine between them. Averaged over the draws,
the squared distance falls like 1/m: for m examples drawn without
replacement from n, its expectation is

    E‖g_S − g‖² = σ²/m · (n − m)/(n − 1),   σ² = (1/n) Σₓ ‖∇Cₓ − g‖²,

so it is σ² at m = 1 and exactly 0 at m = n (the whole set is the truth).
σ² costs nothing more: example x's weight gradient is the outer product
δ·aᵀ, whose squared norm is ‖δ‖²·‖a‖².

Each draw's mean is one matrix product per layer on the rows of the
full-set trace, never m separate gradients.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from app.core.activations import Array
from app.core.gradient import MeanGradient
from app.core.trace import BatchTrace

ROWS_PER_SIZE = 60_000  # rows one m may draw in all: fewer draws of a large m (at least 2)


def sizes_of_m(n: int) -> list[int]:
    """1, 2, 5, 10, 20, 50, … below n, then n itself."""
    ms, decade = [], 1
    while decade < n:
        ms += [m for m in (decade, 2 * decade, 5 * decade) if m < n]
        decade *= 10
    return [*ms, n]


def rows_per_size(max_work: float, weights: int, n: int) -> int:
    """Rows each m may draw so that all the draws take about ``max_work`` multiply-adds."""
    return max(1, min(ROWS_PER_SIZE, int(max_work // (weights * len(sizes_of_m(n))))))


def draws_for(m: int, n: int, k: int, rows: int = ROWS_PER_SIZE) -> int:
    """How many mini-batches of ``m`` to draw: ``k``, but at least 2 and at most about
    ``rows`` rows in all; one for m = n (the only one: the whole set)."""
    return 1 if m >= n else min(k, max(2, rows // m))


def sigma2(trace: BatchTrace, truth: MeanGradient) -> float:
    """σ² = (1/n) Σₓ ‖∇Cₓ − g‖² = (1/n) Σₓ ‖∇Cₓ‖² − ‖g_data‖² (the L2 term cancels in ∇Cₓ − g)."""
    each = sum(
        np.einsum("ij,ij->i", d, d) * (1.0 + np.einsum("ij,ij->i", a, a))  # ‖δ‖²(‖a‖² + 1): w and b
        for d, a in zip(trace.deltas, trace.activations, strict=False)
    )
    data = [d.mean(axis=0) for d in trace.deltas]  # g without L2, layer by layer (biases)
    data_w = [d.T @ a / trace.m for d, a in zip(trace.deltas, trace.activations, strict=False)]
    norm2 = sum(float(np.sum(x * x)) for x in (*data, *data_w))
    return max(0.0, float(np.mean(each)) - norm2)


@dataclass(frozen=True)
class Spread:
    """The draws of one size m: mean ‖g_S − g‖², mean cosine, and the expectation above."""

    m: int
    draws: int
    mean_sq_distance: float
    mean_cosine: float
    expected_sq_distance: float


def spread(
    trace: BatchTrace,
    truth: MeanGradient,
    weights: list[Array],
    lmbda: float,
    k: int,
    seed: int,
    rows_per_size: int = ROWS_PER_SIZE,
    also: int | None = None,
) -> tuple[float, list[Spread]]:
    """``(σ², [Spread for each m of sizes_of_m(n)])`` at the weights ``trace`` was taken at.

    ``truth`` is :func:`app.core.gradient.mean_of` the whole ``trace``; each draw's mean gets
    the same L2 term, so the distances are those of the data gradients alone. ``also``: one
    more m to measure (the run's own), when it is not one of those.
    """
    n = trace.m
    rng = np.random.default_rng(seed)
    g = truth.flat()
    g_norm = float(np.linalg.norm(g))
    l2 = [(lmbda / n) * w for w in weights] if truth.l2 else [np.zeros(w.shape) for w in weights]
    s2 = sigma2(trace, truth)
    out = []
    ms = sizes_of_m(n)
    if also is not None and 1 <= also <= n and also not in ms:
        ms = sorted([*ms, also])
    for m in ms:
        count = draws_for(m, n, k, rows_per_size)
        dist, cos = np.empty(count), np.empty(count)
        for i in range(count):
            rows = np.sort(rng.choice(n, size=m, replace=False))  # sorted: faster row gathers
            ds = [np.take(d, rows, axis=0) for d in trace.deltas]  # take: faster than d[rows]
            parts = [
                (d.T @ np.take(a, rows, axis=0) / m + r).ravel()
                for d, a, r in zip(ds, trace.activations, l2, strict=False)
            ]
            parts += [d.mean(axis=0) for d in ds]
            g_s = np.concatenate(parts)
            diff = g_s - g
            dist[i] = float(diff @ diff)
            norm = float(np.linalg.norm(g_s))
            cos[i] = float(g_s @ g) / (norm * g_norm) if norm > 0 and g_norm > 0 else 0.0
        expected = s2 / m * (n - m) / (n - 1) if n > 1 else 0.0
        out.append(Spread(m, count, float(dist.mean()), float(cos.mean()), expected))
    return s2, out
