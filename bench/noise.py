"""Benchmark of the noise experiment and the true gradient (GET .../noise, .../gradient?over=all).

On a generated data set of MNIST's size (50,000 rows of 784 inputs in [0, 1], one-hot
labels over 10 classes) and the digits' size (1,297 rows of 64), prints the median
seconds of

* ``full``: the whole training set's trace and ∇C (``over=all`` when not cached);
* ``noise``: the draws of every m for K = 20, once ∇C is there (``.../noise`` when cached);
* ``both``: the two together, what the first ``.../noise`` at new weights costs, in wall
  time and in this process's CPU time (on a busy machine the wall time is mostly waiting);

with the server's default budget (``NABLA_MAX_GRADIENT_WORK``), and the load beside them.
The issue's targets: under 1 s for digits, under 5 s for MNIST [784, 30, 10].

Run: ``python bench/noise.py`` (one BLAS thread, as the server uses).
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import statistics
import time

import numpy as np

from app.core import gradient, noise
from app.core.network import Network
from app.settings import Settings

REPEATS = 3


def case(name: str, sizes: list[int], n: int) -> None:
    rng = np.random.default_rng(0)
    xs = rng.uniform(0, 1, (n, sizes[0]))
    ys = np.eye(sizes[-1])[rng.integers(0, sizes[-1], n)]
    net = Network(sizes, cost="cross_entropy", init="scaled", seed=1)
    budget = Settings().max_gradient_work
    rows = noise.rows_per_size(budget, sum(w.size for w in net.weights), n)
    full, draws, cpu = [], [], []
    for _ in range(REPEATS):
        c0, t0 = time.process_time(), time.perf_counter()
        trace = gradient.full_trace(net, xs, ys)
        truth = gradient.mean_of(trace, net.weights, 0.0, n)
        t1 = time.perf_counter()
        noise.spread(trace, truth, net.weights, 0.0, 20, 0, rows)
        t2 = time.perf_counter()
        full.append(t1 - t0)
        draws.append(t2 - t1)
        cpu.append(time.process_time() - c0)
    f, d, c = statistics.median(full), statistics.median(draws), statistics.median(cpu)
    print(
        f"{name:>6} {sizes} n={n:,}: full {f:.3f} s, noise {d:.3f} s, both {f + d:.3f} s "
        f"wall, {c:.3f} s CPU (rows per m {rows:,}; load {os.getloadavg()[0]:.2f})"
    )


if __name__ == "__main__":
    case("digits", [64, 30, 10], 1297)
    case("mnist", [784, 30, 10], 50_000)
