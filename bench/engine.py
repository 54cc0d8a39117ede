"""Benchmark of the engine: the book's loop, fast-forward, and frame-building training.

Prints, for each network, the median examples/s of

* ``loop``: the book's ``SGD`` epoch: a shuffled order, then network.py's own
  ``update_mini_batch`` on each mini-batch (backprop one example at a time, column
  vectors: ``bench/_network_py.py``);
* ``fast-forward``: ``Trainer.step(..., emit=False)``, whole mini-batches as matrices;
* ``factored``: ``Trainer.step(...)`` and every event encoded as the frame
  the server sends a ``detail=full, format=factored`` socket (the page's own;
  ``app.web.messages.encode_event``, which the server calls): each example's
  NBL2 frame holds the factors of its gradients, the mini-batch's deltas
  and activations so far, in float64; no product is built;

with their ratios to the loop; and the memory a mini-batch's trace keeps
against what keeping every example's full gradient would take; and the rate of the engine's own
``Network.update_mini_batch`` (1-D vectors; the same weights as network.py's, bit
for bit); and fast-forward's floor: the same epochs as bare numpy calls, no
Trainer around them (``bench/_floor.py``). The five are timed in turn within each
repeat, so that a busy machine slows them alike.

Run: ``python bench/engine.py`` (one BLAS thread, as the server uses).
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import argparse
import statistics
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from _floor import bare_epochs
from _network_py import BookNetwork

from app.core.activations import Array
from app.core.network import Network
from app.core.trainer import Trainer
from app.web.factored import FactoredEncoder
from app.web.messages import encode_event

CASES = [([784, 30, 10], 10), ([64, 30, 10], 10), ([784, 100, 10], 100)]


@dataclass(frozen=True)
class Data:
    """Random pixels in [0, 1] and one-hot labels, in the book's shapes."""

    x_train: Array
    y_train: Array
    x_test: Array
    y_test: Array


def make_data(n_in: int, n_out: int, n: int) -> Data:
    rng = np.random.default_rng(0)
    x = rng.uniform(0, 1, (n, n_in))
    y = np.eye(n_out)[rng.integers(0, n_out, n)]
    return Data(x, y, x[:10], y[:10])


def rates(runs: list[Callable[[], int]], repeats: int) -> list[float]:
    """Median examples/s of each run (which returns how many examples it did), timed in turn."""
    for run in runs:  # warm up: first allocations, caches
        run()
    samples: list[list[float]] = [[] for _ in runs]
    for _ in range(repeats):
        for run, times in zip(runs, samples, strict=True):
            start = time.perf_counter()
            done = run()
            times.append(done / (time.perf_counter() - start))
    return [statistics.median(times) for times in samples]


def book_loop(sizes: list[int], data: Data, m: int, batches: int, book: bool) -> Callable[[], int]:
    """The book's SGD for one epoch: a shuffled order, cut into mini-batches of m.

    With ``book``, network.py's own ``update_mini_batch`` (bench/_network_py.py:
    column vectors, as mnist_loader gives them); else the engine's
    :meth:`Network.update_mini_batch`, the same weights bit for bit. As
    network.py does, each run shuffles the training rows and takes the
    mini-batches from that order (the Trainer does the same), so both read
    the rows from scattered places in memory.
    """
    net = Network(sizes, init="scaled")
    rng = np.random.default_rng(0)
    if book:
        book_net = BookNetwork(net.weights, net.biases)
        pairs = [(x[:, None], y[:, None]) for x, y in zip(data.x_train, data.y_train, strict=True)]
        update = book_net.update_mini_batch
    else:
        pairs = list(zip(data.x_train, data.y_train, strict=True))
        update = net.update_mini_batch

    def run() -> int:
        order = rng.permutation(batches * m)
        for j in range(batches):
            update([pairs[i] for i in order[j * m : (j + 1) * m]], 0.5)
        return batches * m

    return run


def trainer_run(
    sizes: list[int], data: Data, m: int, batches: int, fmt: str | None
) -> Callable[[], int]:
    """Fast-forward for ``fmt`` None, else each event encoded for a full-detail ``fmt`` socket."""
    trainer = Trainer(Network(sizes, init="scaled"), data, eta=0.5, batch_size=m)
    keys = {("full", fmt)} if fmt else set()
    encoder = FactoredEncoder()  # the session's, as its channel keeps one

    def run() -> int:
        if fmt is None:
            trainer.step("batch", batches, emit=False)
            return batches * m
        # As the server does for a full-detail socket of one format: step, encode each event.
        for _ in range(batches):
            for e in trainer.step("batch"):
                encode_event(e, keys, encoder)
        return batches * m

    return run


def trace_memory(sizes: list[int], data: Data, m: int) -> tuple[int, int, int]:
    """Peak bytes allocated while one mini-batch is traced; its trace's size; m full gradients."""
    trainer = Trainer(Network(sizes, init="scaled"), data, eta=0.5, batch_size=m)
    tracemalloc.start()
    trainer.step("example")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert trainer.under_way is not None
    _, trace = trainer.under_way
    kept = (
        sum(a.nbytes for a in trace.activations + trace.deltas)
        + trace.ys.nbytes
        + trace.costs.nbytes
    )
    full = m * trainer.network.num_weights * 8
    return peak, kept, full


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--examples", type=int, default=2000, help="examples per timed run")
    args = parser.parse_args()
    print(
        f"numpy {np.__version__}, OPENBLAS_NUM_THREADS={os.environ['OPENBLAS_NUM_THREADS']}, "
        f"median of {args.repeats} runs of {args.examples} examples, "
        f"load average {os.getloadavg()[0]:.2f} before\n"
    )
    columns = (
        ("loop ex/s", 12),
        ("ff ex/s", 12),
        ("ff/loop", 9),
        ("factored ex/s", 15),
        ("factored/loop", 14),
    )
    header = f"{'sizes':<16}{'m':>4}" + "".join(f"{name:>{width}}" for name, width in columns)
    print(header)
    memory, loops, bares = [], [], []
    for sizes, m in CASES:
        batches = max(1, args.examples // m)
        data = make_data(sizes[0], sizes[-1], batches * m)
        runs = [
            book_loop(sizes, data, m, batches, book=True),
            book_loop(sizes, data, m, batches, book=False),
            trainer_run(sizes, data, m, batches, None),
            trainer_run(sizes, data, m, batches, "factored"),
            bare_epochs(Network(sizes, init="scaled"), data, 0.5, m),
        ]
        loop, engine_loop, fast, factored, bare = rates(runs, args.repeats)
        loops.append(f"{sizes}/{m} {engine_loop:,.0f} ({engine_loop / loop:.2f}x)")
        bares.append(f"{sizes}/{m} {bare:,.0f} ({bare / loop:.1f}x)")
        print(
            f"{sizes!s:<16}{m:>4}{loop:>12,.0f}{fast:>12,.0f}{fast / loop:>8.1f}x"
            f"{factored:>15,.0f}{factored / loop:>13.1f}x"
        )
        memory.append((sizes, m, *trace_memory(sizes, data, m)))
    print("the engine's Network.update_mini_batch, ex/s (x the loop):", *loops, sep="  ")
    print("fast-forward's floor, its numpy calls alone (bench/_floor.py):", *bares, sep="  ")
    print(f"\n{'sizes':<16}{'m':>4}{'trace kept':>14}{'peak tracing':>14}{'m gradients':>14}")
    for sizes, m, peak, kept, full in memory:
        kib = [f"{b / 1024:>10,.0f} KiB" for b in (kept, peak, full)]
        print(f"{sizes!s:<16}{m:>4}" + "".join(kib))
    print(f"load average {os.getloadavg()[0]:.2f} after")


if __name__ == "__main__":
    main()
