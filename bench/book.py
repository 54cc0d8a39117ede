"""The book's experiments, run by Nabla over three seeds, beside the book's figures and speed.

For every preset of ``app/sessions/presets.py`` (the book's MNIST runs, ``rng="book"``) and
each seed, trains the book's epochs with ``Trainer.step("epoch", emit=False)`` and keeps the
test accuracy after every epoch (the book quotes its peak) and each epoch's training time;
times network.py's own loop (``bench/_network_py.py``: one ``backprop`` per example,
column vectors) on the same network and data; prints the README's table:

    | Chapter | Network | The book | Nabla, 3 seeds | Time per epoch: Nabla / network.py |

Runs:

* ``python bench/book.py --full``: the whole of each run (30 epochs, 50,000 images): the
  README's table. Needs the book's file (``nabla data mnist``, or ``--mnist PATH``); about
  1.5 s an epoch of [784, 30, 10] on a quiet core, so ~10 minutes for the five presets.
* ``python bench/book.py`` (what ``make bench`` runs): 2 epochs of each, and on a small
  generated file in the book's format when the real one is not there: a dry run of the
  script, whose accuracies mean nothing.

The load average is printed beside the times.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import argparse
import itertools
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _bookfile import write_book_file
from _network_py import BookNetwork

from app.sessions.build import build_trainer
from app.sessions.config import Limits, resolve
from app.sessions.presets import PRESETS, Preset
from app.settings import get_settings

SEEDS = (0, 1, 2)
BOOK_BATCHES = 200  # mini-batches of network.py's loop timed per network


def book_epoch_seconds(trainer_data: object, sizes: tuple[int, ...], m: int, n: int) -> float:
    """network.py's loop (quadratic backprop; the cost does not change its time much) for an
    epoch of ``n`` examples: ``BOOK_BATCHES`` mini-batches timed together (as Nabla's epoch
    is: the same share of a busy machine's interruptions), times ``n / (m * BOOK_BATCHES)``."""
    xs = trainer_data.x_train  # type: ignore[attr-defined]
    ys = trainer_data.y_train  # type: ignore[attr-defined]
    rng = np.random.default_rng(0)
    weights = [rng.standard_normal((b, a)) for a, b in itertools.pairwise(sizes)]
    biases = [rng.standard_normal(b) for b in sizes[1:]]
    book = BookNetwork(weights, biases)
    columns = [
        (x.reshape(-1, 1), y.reshape(-1, 1))
        for x, y in zip(xs[: m * 20], ys[: m * 20], strict=True)
    ]
    batches = [columns[(k * m) % len(columns) :][:m] for k in range(BOOK_BATCHES)]
    start = time.perf_counter()
    for batch in batches:
        book.update_mini_batch(batch, 3.0)
    return (time.perf_counter() - start) * n / (m * BOOK_BATCHES)


def run(preset: Preset, path: str, epochs: int) -> tuple[list[float], list[float], float]:
    """Peak test accuracy per seed, Nabla's median epoch time per seed, network.py's epoch time."""
    limits = Limits(mnist_path=path)
    peaks, seconds = [], []
    book_seconds = 0.0
    for seed in SEEDS:
        config = resolve(replace(preset.config, seed=seed), limits)
        data, trainer = build_trainer(config, limits)
        events = [e for _ in range(epochs) for e in trainer.step("epoch", 1, emit=False)]
        peaks.append(max(e.test_accuracy for e in events))  # type: ignore[attr-defined]
        seconds.append(statistics.median(e.seconds for e in events))  # type: ignore[attr-defined]
        if not book_seconds:
            assert config.sizes is not None and config.n_train is not None
            book_seconds = book_epoch_seconds(data, config.sizes, config.batch_size, config.n_train)
    return peaks, seconds, book_seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--full", action="store_true", help="the book's epochs (30), not 2")
    parser.add_argument("--mnist", type=Path, default=None, help="the book's mnist.pkl.gz")
    parser.add_argument("--presets", nargs="*", default=[p.id for p in PRESETS])
    args = parser.parse_args()
    path = args.mnist or get_settings().mnist_file()
    dry = not path.is_file()
    if dry:
        if args.full:
            sys.exit(f"no mnist file at {path}: run `nabla data mnist` first, or pass --mnist")
        path = write_book_file(Path(tempfile.mkdtemp()) / "mnist.pkl.gz", 2000, 500)
        print(f"(dry run: no mnist file here; a generated file in the book's format, {path})")
    print(f"load average {os.getloadavg()[0]:.2f} at the start")
    print(
        "| Chapter | Network | The book | Nabla, 3 seeds (peak test accuracy) "
        "| Time per epoch: Nabla / network.py |"
    )
    print("|---|---|---|---|---|")
    for preset in (p for p in PRESETS if p.id in args.presets):
        epochs = preset.epochs if args.full else 2
        peaks, seconds, book = run(preset, str(path), epochs)
        figure = "–" if preset.figure is None else f"{100 * preset.figure:.2f} %"
        mean = 100 * statistics.mean(peaks)
        ours = f"{100 * min(peaks):.2f}–{100 * max(peaks):.2f} % (mean {mean:.2f} %)"
        own = statistics.median(seconds)
        print(
            f"| {preset.chapter} | {preset.title} | {figure} | {ours} | "
            f"{own:.2f} s / {book:.2f} s ({book / own:.1f}×) |",
            flush=True,
        )
    print(f"load average {os.getloadavg()[0]:.2f} at the end; epochs per run: {epochs}")


if __name__ == "__main__":
    main()
