"""How fast the book's own loop runs here: network.py's ``update_mini_batch``, timed once.

The page shows each epoch's training time beside what the book's per-example loop
would take for the same network on the same machine: :func:`book_seconds_per_example`
times :meth:`~app.core.network.Network.update_mini_batch` (one ``backprop`` per example,
summed, then one update: network.py's loop) on random inputs for a fraction of a
second, takes the median mini-batch, and caches the result per network.
"""

from __future__ import annotations

import os
import statistics
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

from app.core.network import Network

BUDGET = 0.25  # seconds of timing for one network
M = 10
_lock = threading.Lock()  # one calibration at a time: two at once would time each other


@dataclass(frozen=True)
class Speed:
    """The book's loop on this machine: seconds per example, over ``examples`` timed."""

    seconds_per_example: float
    examples: int
    load: float


BYTES_PER_WEIGHT = 48
"""Peak bytes a timing holds per weight and bias (42 measured: the network, a mini-batch's
sums and each example's gradient)."""
_known: OrderedDict[tuple[tuple[int, ...], str], Speed] = OrderedDict()  # the last 16 timed


def book_seconds_per_example(sizes: tuple[int, ...], cost: str) -> Speed:
    """The median time per example of network.py's loop for ``sizes`` and ``cost`` (cached)."""
    with _lock:
        speed = known(sizes, cost) or _timed(sizes, cost)
        _known[sizes, cost] = speed
        _known.move_to_end((sizes, cost))
        while len(_known) > 16:
            _known.popitem(last=False)
        return speed


def known(sizes: tuple[int, ...], cost: str) -> Speed | None:
    """The speed already timed for ``sizes`` and ``cost``, if it is cached."""
    return _known.get((sizes, cost))


def _timed(sizes: tuple[int, ...], cost: str) -> Speed:
    net = Network(sizes, cost=cost, seed=0)
    rng = np.random.default_rng(0)
    xs = rng.uniform(0, 1, (M, sizes[0]))
    ys = np.eye(sizes[-1])[rng.integers(0, sizes[-1], M)]
    batch = list(zip(xs, ys, strict=True))
    net.update_mini_batch(batch, eta=0.1)  # warm up
    times: list[float] = []
    end = time.perf_counter() + BUDGET
    while len(times) < 5 or (time.perf_counter() < end and len(times) < 1000):
        start = time.perf_counter()
        net.update_mini_batch(batch, eta=0.1)
        times.append(time.perf_counter() - start)
    return Speed(statistics.median(times) / M, len(times) * M, os.getloadavg()[0])
