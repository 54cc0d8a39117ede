"""The five 2-D point sets of :mod:`app.core.datasets`, made by numpy alone.

Each generator takes the label (0 or 1) of every point, the noise and a
seeded generator, and returns the points, float64 ``(n, 2)`` in [-1, 1]: the
clean shape lies within about [-0.9, 0.9], Gaussian jitter of std ``noise`` is
added, and the result is clipped to the box.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
PointGenerator = Callable[[IntArray, float, np.random.Generator], FloatArray]
"""``(labels (n,) in {0, 1}, noise, rng) -> points (n, 2)`` in [-1, 1]."""


def _jitter(points: FloatArray, noise: float, rng: np.random.Generator) -> FloatArray:
    """``points`` (n, 2) plus Gaussian noise of std ``noise``, clipped to [-1, 1]."""
    return np.clip(points + rng.normal(0.0, noise, points.shape), -1.0, 1.0)


def _polar(radius: FloatArray, angle: FloatArray) -> FloatArray:
    """Points (n, 2) at ``radius`` and ``angle`` (radians), both (n,)."""
    return np.stack([radius * np.cos(angle), radius * np.sin(angle)], axis=1)


def xor(labels: IntArray, noise: float, rng: np.random.Generator) -> FloatArray:
    """Class 0 in the top-right and bottom-left quadrants, class 1 in the other two."""
    sign_x = rng.choice([-1.0, 1.0], len(labels))
    sign_y = np.where(labels == 0, sign_x, -sign_x)
    corner = rng.uniform(0.05, 0.9, (len(labels), 2))
    return _jitter(corner * np.stack([sign_x, sign_y], axis=1), noise, rng)


def circles(labels: IntArray, noise: float, rng: np.random.Generator) -> FloatArray:
    """Class 0 in a disc of radius 0.4, class 1 in a ring from 0.56 to 0.8."""
    n = len(labels)
    radius = np.where(labels == 0, rng.uniform(0.0, 0.4, n), rng.uniform(0.56, 0.8, n))
    return _jitter(_polar(radius, rng.uniform(0.0, 2 * math.pi, n)), noise, rng)


def moons(labels: IntArray, noise: float, rng: np.random.Generator) -> FloatArray:
    """Two interleaving half circles (scikit-learn's ``make_moons``, halved and centred)."""
    t = rng.uniform(0.0, math.pi, len(labels))
    upper = np.stack([np.cos(t), np.sin(t)], axis=1)
    lower = np.stack([1.0 - np.cos(t), 0.5 - np.sin(t)], axis=1)
    points = np.where(labels[:, None] == 0, upper, lower)
    return _jitter(0.5 * (points - np.array([0.5, 0.25])), noise, rng)


def spiral(labels: IntArray, noise: float, rng: np.random.Generator) -> FloatArray:
    """Two arms, half a turn apart, winding 1.25 turns out from the centre to radius 0.9."""
    along = rng.uniform(0.0, 1.0, len(labels))
    angle = 1.25 * 2 * math.pi * along + math.pi * labels
    return _jitter(_polar(0.9 * along, angle), noise, rng)


def gaussian(labels: IntArray, noise: float, rng: np.random.Generator) -> FloatArray:
    """Class 0 in a round blob around (0.45, 0.45), class 1 around (-0.45, -0.45)."""
    centre = np.where(labels[:, None] == 0, 0.45, -0.45)
    return _jitter(centre + rng.normal(0.0, 0.15, (len(labels), 2)), noise, rng)


GENERATORS: dict[str, PointGenerator] = {
    "xor": xor,
    "circles": circles,
    "moons": moons,
    "spiral": spiral,
    "gaussian": gaussian,
}

DESCRIPTIONS = {
    "xor": "Four corner clusters where diagonally opposite corners share a class: "
    "no straight line separates them, so the network needs a hidden layer.",
    "circles": "A disc of one class inside a ring of the other: a straight line cannot "
    "separate them, but a few hidden neurons can draw a closed boundary.",
    "moons": "Two interleaving half-moons: a straight line gets most points right, "
    "but bending the boundary around their tips takes a hidden layer and patience.",
    "spiral": "Two arms winding around each other: the hardest 2-D set, it needs "
    "a wide hidden layer and hundreds of epochs.",
    "gaussian": "Two round blobs in opposite corners: a straight line separates them, "
    "so even a tiny network learns them in a few epochs.",
}


class Points(NamedTuple):
    """All points (n, 2), their labels (n,), and which rows are train and test."""

    points: FloatArray
    labels: IntArray
    train_rows: IntArray
    test_rows: IntArray


def _halves(n: int) -> tuple[int, int]:
    """``n`` split between class 0 and class 1, class 0 taking the odd one."""
    return (n + 1) // 2, n // 2


def make_points(name: str, n_train: int, n_test: int, noise: float, seed: int) -> Points:
    """One draw of n_train + n_test points of set ``name``, split with balanced classes.

    Both parts come from the same draw: each class's points are shuffled and
    cut, so train and test each hold (n + 1) // 2 of class 0 and n // 2 of class 1.
    """
    rng = np.random.default_rng(seed)
    train_counts, test_counts = _halves(n_train), _halves(n_test)
    counts = [a + b for a, b in zip(train_counts, test_counts, strict=True)]
    labels = np.repeat(np.arange(2, dtype=np.int64), counts)
    points = GENERATORS[name](labels, noise, rng)
    train, test = [], []
    for start, count, k in zip((0, counts[0]), counts, train_counts, strict=True):
        rows = start + rng.permutation(count)
        train.append(rows[:k])
        test.append(rows[k:])
    return Points(
        points,
        labels,
        rng.permutation(np.concatenate(train)),
        rng.permutation(np.concatenate(test)),
    )
