"""Sessions kept in SQLite, so a restarted server serves the same ids where they were.

One row per session in ``sessions``: its config and cursor as JSON, its
weights and biases as one blob of little-endian float64 (``weights[0]``,
``weights[1]``, ..., then ``biases[0]``, ..., each row by row), and the wall
time it was last used. Its history is append-only in ``history``, one row
per record, so a save writes the records made since the last one, not the
whole history again.

What is saved is always the session as of its last update
(:meth:`app.core.trainer.Trainer.state` with ``at_update=True``): examples of a
mini-batch not yet finished are redone after a restart. A save is built by
the worker thread that stepped the session, under its lock (the parameters
copied into bytes), and written by one writer thread, which puts every save
waiting into one transaction: a crash leaves each session at an update it
had made, never a mix, and the steps of other sessions never wait for the
disk. The database runs in WAL mode; one connection serves every thread,
one transaction at a time.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import json
import logging
import sqlite3
import threading
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

import numpy as np
import orjson

from app.core.activations import Array
from app.core.records import History
from app.core.snapshot import RECORDS, TrainerState, record_dict
from app.sessions.config import RunConfig
from app.sessions.session import Session

log = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    config TEXT NOT NULL,
    state TEXT NOT NULL,
    params BLOB NOT NULL,
    last_used REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS history (
    session_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    seq INTEGER NOT NULL,
    record TEXT NOT NULL,
    PRIMARY KEY (session_id, kind, seq)
) WITHOUT ROWID;
"""
VERSION = 1
RECORD_KINDS = tuple(RECORDS)
STATE_FIELDS = ("epoch", "batch", "index", "pos", "seq", "updates", "status", "message")


@dataclass(frozen=True)
class Saved:
    """What a session's row holds, to tell whether a save is due and which records are new."""

    generation: int
    seq: int
    status: str
    config: RunConfig
    counts: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class StoredSession:
    """A row read back: enough to rebuild the session."""

    id: str
    config: RunConfig
    state: TrainerState
    last_used: float
    """Wall-clock time (``time.time()``) of its last use."""


def pack(arrays: list[Array]) -> bytes:
    """The arrays' numbers, one after the other, as little-endian float64."""
    return b"".join(np.ascontiguousarray(a, dtype="<f8").tobytes() for a in arrays)


def unpack(blob: bytes, shapes: list[tuple[int, ...]]) -> list[Array]:
    """The inverse of :func:`pack` for arrays of ``shapes``; ValueError if the sizes differ."""
    data = np.frombuffer(blob, dtype="<f8").astype(np.float64)
    if data.size != sum(int(np.prod(s)) for s in shapes):
        raise ValueError(f"the blob holds {data.size} numbers, the shapes {shapes}")
    arrays, offset = [], 0
    for shape in shapes:
        size = int(np.prod(shape))
        arrays.append(data[offset : offset + size].reshape(shape))
        offset += size
    return arrays


def param_shapes(sizes: tuple[int, ...]) -> tuple[list[tuple[int, ...]], list[tuple[int, ...]]]:
    """Shapes of ``weights`` and ``biases`` for ``sizes``."""
    weights: list[tuple[int, ...]] = [(b, a) for a, b in itertools.pairwise(sizes)]
    return weights, [(b,) for b in sizes[1:]]


Write = tuple[str, bool, tuple[object, ...], list[tuple[str, str, int, str]]]
"""A save to write: session id, whether its history starts again, its row, its new records."""


@functools.lru_cache(maxsize=1024)
def _config_json(config: RunConfig) -> str:
    """``config`` as JSON; a session's config rarely changes, so it is written once."""
    return json.dumps(asdict(config))


def _rows(history: History, name: str, start: int, stop: int) -> list[dict[str, Any]]:
    """Records ``start:stop`` of the history's list ``name``, as plain dicts."""
    if name == "updates":
        return history.updates.rows(start, stop)
    return [record_dict(r) for r in getattr(history, name)[start:stop]]


class SessionDB:
    """The database of sessions at ``path`` (a file, created with its folder, or ``:memory:``)."""

    def __init__(self, path: str) -> None:
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._lock = threading.Lock()
        self._saved: dict[str, Saved] = {}
        self._quick: dict[str, tuple[object, ...]] = {}  # what the last save() call saw
        self._gone: set[str] = set()  # ids deleted: never saved again (ids are never reused)
        self._pending: list[Write] = []  # saves built, not yet written
        self._writing, self._closed = False, False
        self._wake = threading.Condition()
        self._writer = threading.Thread(target=self._write_loop, name="nabla-db", daemon=True)
        with self._lock:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")  # WAL: a killed process loses nothing
            self._db.executescript(SCHEMA)
        self._writer.start()

    def close(self) -> None:
        """Write what is queued, then close the connection (the data stays on disk)."""
        self.flush()
        with self._wake:
            self._closed = True
            self._wake.notify_all()
        self._writer.join()
        with self._lock:
            self._db.close()

    def flush(self) -> None:
        """Wait until every save queued so far is written."""
        with self._wake:
            while self._pending or self._writing:
                self._wake.wait()

    def _write_loop(self) -> None:
        """Write the queued saves, all that wait in one transaction, until closed."""
        while True:
            with self._wake:
                while not self._pending and not self._closed:
                    self._wake.wait()
                if not self._pending:
                    return
                batch, self._pending, self._writing = self._pending, [], True
            try:
                with self._transaction() as db:
                    for sid, fresh, row, records in batch:
                        if sid in self._gone:  # deleted while it was stepping: stays deleted
                            continue
                        if fresh:
                            db.execute("DELETE FROM history WHERE session_id = ?", (sid,))
                        db.execute("INSERT OR REPLACE INTO sessions VALUES (?, ?, ?, ?, ?, ?)", row)
                        db.executemany(
                            "INSERT OR REPLACE INTO history VALUES (?, ?, ?, ?)", records
                        )
            except Exception:  # training goes on; the log says what was not saved
                log.exception("%d session save(s) could not be written", len(batch))
            finally:
                with self._wake:
                    self._writing = False
                    self._wake.notify_all()

    def save(self, session: Session) -> bool:
        """Write ``session`` as of its last update, if that changed; one transaction.

        The caller holds the session's lock (the worker thread that stepped it).
        Returns whether anything was written.
        """
        # Most steps make no update (an example at a time): tell that without capturing.
        t = session.trainer
        quick = (session.generation, t.updates, len(t.history.edits), t.status, session.config)
        if self._quick.get(session.id) == quick:
            return False
        self._quick[session.id] = quick
        state, history = (
            session.trainer.state(at_update=True, history=False),
            session.trainer.history,
        )
        counts = tuple((f.name, len(getattr(history, f.name))) for f in fields(history))
        now = Saved(session.generation, state.seq, state.status, session.config, counts)
        saved = self._saved.get(session.id)
        if saved == now:
            return False
        fresh = saved is None or saved.generation != now.generation
        done = {} if saved is None or fresh else dict(saved.counts)
        records = [
            (session.id, name, r["seq"], json.dumps(r))
            for name, count in counts
            for r in _rows(history, name, done.get(name, 0), count)
        ]
        row = (
            session.id,
            VERSION,
            _config_json(session.config),
            json.dumps({k: getattr(state, k) for k in STATE_FIELDS}),
            pack(state.weights + state.biases),
            time.time() - (time.monotonic() - session.last_used),
        )
        if session.id in self._gone:  # deleted while it was stepping: it stays deleted
            return False
        # Built here, under the session's lock (a consistent update); written by the writer
        # thread, which puts all the saves waiting into one transaction.
        with self._wake:
            self._pending.append((session.id, fresh, row, records))
            self._wake.notify_all()
        self._saved[session.id] = now
        return True

    def delete(self, session_id: str) -> None:
        """Remove the session's row and its history (nothing if there is none)."""
        self._saved.pop(session_id, None)
        self._quick.pop(session_id, None)
        with self._transaction() as db:
            self._gone.add(session_id)
            db.execute("DELETE FROM history WHERE session_id = ?", (session_id,))
            db.execute("DELETE FROM sessions WHERE id = ?", (session_id,))

    def copy_rows(self, row: tuple[object, ...], history: list[tuple[object, ...]]) -> None:
        """Write a session's row and history rows as read from another database."""
        with self._transaction() as db:
            db.execute("INSERT OR REPLACE INTO sessions VALUES (?, ?, ?, ?, ?, ?)", row)
            db.executemany("INSERT OR REPLACE INTO history VALUES (?, ?, ?, ?)", history)

    def touch(self, last_used: dict[str, float]) -> None:
        """Record each session's wall-clock time of last use, by id."""
        with self._transaction() as db:
            db.executemany(
                "UPDATE sessions SET last_used = ? WHERE id = ?",
                [(t, sid) for sid, t in last_used.items()],
            )

    def load(self) -> Iterator[StoredSession]:
        """Every stored session; a row that cannot be read is logged and skipped."""
        with self._lock:
            rows = self._db.execute("SELECT * FROM sessions ORDER BY last_used").fetchall()
        for row in rows:
            try:
                yield self._read(*row)
            except (ValueError, TypeError, KeyError) as e:
                log.warning("session %s in %s cannot be read: %s", row[0], self.path, e)

    def _read(
        self, sid: str, version: int, config: str, state: str, params: bytes, last_used: float
    ) -> StoredSession:
        if version != VERSION:
            raise ValueError(f"version {version} is not {VERSION}")
        fields_ = json.loads(config)
        run = RunConfig(**{**fields_, "sizes": tuple(fields_["sizes"])})
        assert run.sizes is not None
        w_shapes, b_shapes = param_shapes(run.sizes)
        arrays = unpack(params, w_shapes + b_shapes)
        history = self._history(sid)
        cursor = json.loads(state)
        trainer_state = TrainerState(
            **{k: cursor[k] for k in STATE_FIELDS},
            weights=arrays[: len(w_shapes)],
            biases=arrays[len(w_shapes) :],
            history=history,
        )
        counts = tuple((k, len(v)) for k, v in history.items())
        self._saved[sid] = Saved(0, cursor["seq"], cursor["status"], run, counts)
        return StoredSession(sid, run, trainer_state, last_used)

    def _history(self, sid: str) -> dict[str, list[dict[str, Any]]]:
        """The session's records by kind, in order; each kind parsed as one JSON array."""
        history: dict[str, list[dict[str, Any]]] = {}
        for kind in RECORD_KINDS:
            with self._lock:
                rows = self._db.execute(
                    "SELECT record FROM history WHERE session_id = ? AND kind = ? ORDER BY seq",
                    (sid, kind),
                ).fetchall()
            if rows:
                history[kind] = orjson.loads("[" + ",".join([r for (r,) in rows]) + "]")
        return history

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One transaction, one thread at a time: committed at the end, rolled back on error."""
        with self._lock:
            self._db.execute("BEGIN")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
