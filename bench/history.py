"""Benchmark of long histories: a restart with many records, and the import of a large saved run.

A session of [2, 4, 2] on moons is given ``--records`` update records (one per
mini-batch, as a long run leaves) and an epoch record every 200, saved to a
SQLite file; the time for a new store to load it back is the restart's. Then a
saved run as large as ``NABLA_MAX_IMPORT_BYTES`` allows is imported. Prints the
medians of wall and CPU (process) time with ``os.getloadavg()``: on a shared
machine the wall time grows with the load, the CPU time much less.

Run: ``python bench/history.py [--records N] [--repeat R]``.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from app.core.events import EpochEvent
from app.core.records import UpdateRecord
from app.sessions.config import Limits, RunConfig
from app.sessions.persist import SessionDB
from app.sessions.store import SessionStore
from app.settings import Settings
from app.web.frames import encode_json
from app.web.routers.runs import restore_run
from app.web.runs import snapshot_payload


def long_session(store: SessionStore, records: int) -> str:
    """A session given ``records`` update records and an epoch record every 200."""
    session = store.create(RunConfig(sizes=(2, 4, 2), batch_size=1))
    session.step("batch", 3)
    with session.lock:
        history = session.trainer.history
        for k in range(records):
            history.updates.append(UpdateRecord(seq=k, epoch=k // 200, batch=k % 200, cost=0.5))
            if k % 200 == 199:
                history.epochs.append(EpochEvent(k, k // 200, 0, 0.5, 0.8, 0.5, 0.8))
        session.trainer.updates += records  # a save is due
    return session.id


Times = list[tuple[float, float]]
"""Wall and CPU seconds, one pair a run."""


def timed(times: Times, start: tuple[float, float]) -> None:
    """Add the wall and CPU seconds since ``start`` (``perf_counter()``, ``process_time()``)."""
    times.append((time.perf_counter() - start[0], time.process_time() - start[1]))


def report(what: str, times: Times) -> str:
    wall, cpu = (statistics.median(t[k] for t in times) for k in (0, 1))
    return f"{what}: median {wall:.2f} s wall, {cpu:.2f} s CPU"


def restart(path: Path, records: int, repeat: int) -> Times:
    store = SessionStore(Limits(), db=SessionDB(str(path)))
    long_session(store, records)
    store.save_all()
    assert store.db is not None
    store.db.close()
    times: Times = []
    for _ in range(repeat):
        again = SessionStore(Limits(), db=SessionDB(str(path)))
        start = time.perf_counter(), time.process_time()
        assert again.load() == 1
        timed(times, start)
        assert again.db is not None
        again.db.close()
    return times


def largest_import(repeat: int) -> tuple[int, int, Times]:
    """The saved run with the most records under NABLA_MAX_IMPORT_BYTES, imported."""
    most = Settings().max_import_bytes
    store = SessionStore(Limits(), max_sessions=1000)
    records = most // 40  # about 40 bytes an update record
    while True:
        session = store.get(long_session(store, records))
        body = encode_json(snapshot_payload(*session.capture()))
        if len(body) <= most:
            break
        records = int(records * most / len(body) * 0.99)
    times: Times = []
    for _ in range(repeat):
        start = time.perf_counter(), time.process_time()
        restore_run(store, body)
        timed(times, start)
    return len(body), records, times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=300_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()}")
    with tempfile.TemporaryDirectory() as folder:
        times = restart(Path(folder) / "history.sqlite3", args.records, args.repeat)
    print(report(f"restart with {args.records:,} records", times))
    size, records, times = largest_import(args.repeat)
    print(report(f"import of {size:,} bytes ({records:,} records)", times))
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
