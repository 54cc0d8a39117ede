"""Benchmark of saving sessions to SQLite: the cost of one save after one update.

For each network, a session in a WAL-mode database file (in a temporary
folder) takes one mini-batch, then is saved (random inputs stand in for
MNIST's, which only the network's size matters to); prints the median time of the
save alone (``SessionDB.save``: the snapshot as of the update, the parameters
as one float64 blob, the new history records, one transaction) and of the
mini-batch it follows, and the bytes the parameters take.

Run: ``python bench/persist.py [--saves N]``.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import statistics
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from app.core.activations import Array
from app.core.network import Network
from app.core.trainer import Trainer
from app.sessions.config import Limits, RunConfig
from app.sessions.persist import SessionDB
from app.sessions.session import Session
from app.sessions.store import SessionStore

CASES = [(2, 4, 2), (64, 30, 10), (784, 30, 10)]


@dataclass(frozen=True)
class Inputs:
    """Random inputs and one-hot targets: MNIST's shapes without the MNIST file."""

    x_train: Array
    y_train: Array
    x_test: Array
    y_test: Array


def session_of(store: SessionStore, sizes: tuple[int, ...]) -> Session:
    """A stored session on a network of ``sizes``; random inputs stand in for MNIST."""
    dataset = {2: "moons", 64: "digits"}.get(sizes[0])
    if dataset is not None:
        return store.create(RunConfig(dataset=dataset, sizes=sizes, batch_size=10))
    session = store.create(RunConfig(dataset="digits", sizes=(64, 30, 10), batch_size=10))
    rng = np.random.default_rng(0)
    x, y = rng.random((2000, sizes[0])), np.eye(sizes[-1])[rng.integers(0, sizes[-1], 2000)]
    data = Inputs(x, y, x[:100], y[:100])
    session.trainer = Trainer(Network(sizes), data, batch_size=10)
    session.config = replace(session.config, dataset="mnist", sizes=sizes)
    return session


def measure(sizes: tuple[int, ...], folder: Path, saves: int) -> tuple[float, float, int]:
    """Median seconds of one save and of one mini-batch, and the parameter bytes."""
    db = SessionDB(str(folder / f"{sizes[0]}.sqlite3"))
    store = SessionStore(Limits(), db=db)
    session = session_of(store, sizes)
    save_times, step_times = [], []
    for _ in range(saves):
        began = time.perf_counter()
        session.trainer.step("batch", 1, emit=False)
        stepped = time.perf_counter()
        assert db.save(session)
        save_times.append(time.perf_counter() - stepped)
        step_times.append(stepped - began)
    db.close()
    size = session.trainer.network.num_weights * 8
    return statistics.median(save_times), statistics.median(step_times), size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--saves", type=int, default=300)
    args = parser.parse_args()
    print(f"{'sizes':>14} {'params':>10} {'save (median)':>15} {'mini-batch':>12}")
    with tempfile.TemporaryDirectory() as folder:
        for sizes in CASES:
            save, step, size = measure(sizes, Path(folder), args.saves)
            name = "-".join(map(str, sizes))
            print(f"{name:>14} {size:>9,}B {save * 1e6:>12.0f} us {step * 1e6:>9.0f} us")


if __name__ == "__main__":
    main()
