"""What every database of sessions does, whichever engine keeps the rows.

A session is saved as of its last update (:meth:`app.core.trainer.Trainer.state`
with ``at_update=True``): one row in ``sessions`` -- its config and cursor as
JSON, its weights and biases as one blob (:mod:`app.sessions.blobs`), the
wall time it was last used -- and its history, append-only, one row
per record in ``history``, so a save writes the records made since the last
one, not the whole history again.

A save is built by the worker thread that stepped the session, under its lock
(the parameters copied into bytes), and written by one writer thread, which
puts every save waiting into one transaction: a crash leaves each session at
an update it had made, never a mix, and the steps of other sessions never wait
for the database. :class:`SessionRows` does all that; an engine
(:mod:`app.sessions.persist` for SQLite, :mod:`app.sessions.postgres` for
PostgreSQL) only writes and reads the rows.
"""

from __future__ import annotations

import functools
import json
import logging
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, fields
from typing import Any

import orjson

from app.core.records import History
from app.core.snapshot import RECORDS, TrainerState, record_dict
from app.sessions.blobs import pack, param_shapes, unpack
from app.sessions.config import RunConfig
from app.sessions.session import Session

log = logging.getLogger(__name__)

VERSION = 1
STATE_FIELDS = ("epoch", "batch", "index", "pos", "seq", "updates", "status", "message")

Row = tuple[str, int, str, str, bytes, float]
"""A ``sessions`` row: id, version, config, cursor, parameters, wall time of last use."""
Record = tuple[str, str, int, str]
"""A ``history`` row: session id, kind of record, its seq, the record as JSON."""
Write = tuple[str, bool, Row, list[Record]]
"""A save to write: session id, whether its history starts again, its row, its new records."""


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


@functools.lru_cache(maxsize=1024)
def _config_json(config: RunConfig) -> str:
    """``config`` as JSON; a session's config rarely changes, so it is written once."""
    return json.dumps(asdict(config))


def _nobody(session_id: str) -> None:
    """Told of nothing."""


def _rows(history: History, name: str, start: int, stop: int) -> list[dict[str, Any]]:
    """Records ``start:stop`` of the history's list ``name``, as plain dicts."""
    if name == "updates":
        return history.updates.rows(start, stop)
    return [record_dict(r) for r in getattr(history, name)[start:stop]]


class SessionRows:
    """Sessions saved at each update boundary; an engine subclasses it for its rows.

    ``shared`` says whether other processes use the same rows (PostgreSQL): then
    a process holds a session only under a lease (:mod:`app.sessions.postgres`).
    """

    shared = False
    lease_seconds = 0.0
    """How long a lease holds unless renewed (a shared database's)."""
    where = ""
    """The database, as the log names it (never a password)."""

    def __init__(self) -> None:
        self.on_lost: Callable[[str], object] = _nobody
        """Called with each session another process took over (never, unless ``shared``)."""
        self.on_wanted: Callable[[str], object] = _nobody
        """Called with each session held here that another process asks for (``shared``)."""
        self._saved: dict[str, Saved] = {}
        self._quick: dict[str, tuple[object, ...]] = {}  # what the last save() call saw
        self._gone: set[str] = set()  # ids deleted: never saved again (ids are never reused)
        self._pending: list[Write] = []  # saves built, not yet written
        self._writing, self._closed = False, False
        self._wake = threading.Condition()
        self._writer = threading.Thread(target=self._write_loop, name="nabla-db", daemon=True)

    # ------------------------------------------------------------ what an engine provides

    def _write(self, batch: list[Write]) -> None:
        """Write the saves of ``batch`` in one transaction (skipping ids in ``_gone``)."""
        raise NotImplementedError

    def _delete_rows(self, session_id: str) -> None:
        """Remove the session's row and its history rows, in one transaction."""
        raise NotImplementedError

    def touch(self, last_used: dict[str, float]) -> None:
        """Record each session's wall-clock time of last use, by id."""
        raise NotImplementedError

    def _rows(self, session_id: str | None = None) -> list[Row]:
        """Every session row, least recently used first; or the one of ``session_id``."""
        raise NotImplementedError

    def _history(self, session_id: str) -> Sequence[tuple[str, str]]:
        """The session's records as ``(kind, json)``, by kind, then seq."""
        raise NotImplementedError

    def _disconnect(self) -> None:
        """Close the connection(s)."""
        raise NotImplementedError

    def acquire(self, session_id: str) -> float:
        """Take the session's lease: 0 if this process holds it now, else seconds to wait.

        A database of this process alone needs none: it is always held.
        """
        return 0.0

    def holds(self, session_id: str) -> bool:
        """Whether this process's lease on the session is still good."""
        return True

    def purge(self, before: float) -> int:
        """Delete the sessions last used before ``before`` (wall time) that no process holds."""
        return 0

    def release(self, session_ids: list[str]) -> None:
        """Give up the leases of these sessions (their rows stay)."""
        for sid in session_ids:
            self.forget(sid)

    # ------------------------------------------------------------ the writer thread

    def _start(self) -> None:
        """Start the writer thread (once the engine's connection is open)."""
        self._writer.start()

    def close(self) -> None:
        """Write what is queued, then close the connection (the data stays); once."""
        self.flush()
        with self._wake:
            if self._closed:
                return
            self._closed = True
            self._wake.notify_all()
        self._writer.join()
        self._disconnect()

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
                self._write(batch)
            except Exception:  # training goes on; the log says what was not saved
                log.exception("%d session save(s) could not be written", len(batch))
            finally:
                with self._wake:
                    self._writing = False
                    self._wake.notify_all()

    # ------------------------------------------------------------ saving

    def save(self, session: Session) -> bool:
        """Queue ``session`` as of its last update, if that changed, for the writer.

        The caller holds the session's lock (the worker thread that stepped it).
        Returns whether anything was queued.
        """
        # Most steps make no update (an example at a time): tell that without capturing.
        t = session.trainer
        quick = (session.generation, t.updates, len(t.history.edits), t.status, session.config)
        if self._quick.get(session.id) == quick:
            return False
        self._quick[session.id] = quick
        state, history = t.state(at_update=True, history=False), t.history
        counts = tuple((f.name, len(getattr(history, f.name))) for f in fields(history))
        now = Saved(session.generation, state.seq, state.status, session.config, counts)
        saved = self._saved.get(session.id)
        if saved == now or session.id in self._gone:  # a deleted session stays deleted
            return False
        fresh = saved is None or saved.generation != now.generation
        done = {} if saved is None or fresh else dict(saved.counts)
        records = [
            (session.id, name, r["seq"], json.dumps(r))
            for name, count in counts
            # changes are few, and the last one may have been replaced (same seq): all rewritten
            for r in _rows(history, name, 0 if name == "changes" else done.get(name, 0), count)
        ]
        row = (
            session.id,
            VERSION,
            _config_json(session.config),
            json.dumps({k: getattr(state, k) for k in STATE_FIELDS}),
            pack(state.weights + state.biases),
            time.time() - (time.monotonic() - session.last_used),
        )
        with self._wake:
            self._pending.append((session.id, fresh, row, records))
            self._wake.notify_all()
        self._saved[session.id] = now
        return True

    def delete(self, session_id: str) -> None:
        """Remove the session's row and its history (nothing if there is none)."""
        self._gone.add(session_id)
        self.forget(session_id)
        self._delete_rows(session_id)

    def forget(self, session_id: str) -> None:
        """Forget what was saved of the session in this process (its rows stay)."""
        self._saved.pop(session_id, None)
        self._quick.pop(session_id, None)

    # ------------------------------------------------------------ reading back

    def load(self) -> Iterator[StoredSession]:
        """Every stored session; a row that cannot be read is logged and skipped."""
        for row in self._rows():
            stored = self._read_logged(row)
            if stored is not None:
                yield stored

    def load_one(self, session_id: str) -> StoredSession | None:
        """The stored session of this id, if there is one that can be read."""
        rows = self._rows(session_id)
        return self._read_logged(rows[0]) if rows else None

    def _read_logged(self, row: Row) -> StoredSession | None:
        try:
            return self._read(*row)
        except (ValueError, TypeError, KeyError) as e:
            log.warning("session %s in %s cannot be read: %s", row[0], self.where, e)
            return None

    def _read(
        self, sid: str, version: int, config: str, state: str, params: bytes, last_used: float
    ) -> StoredSession:
        if version != VERSION:
            raise ValueError(f"version {version} is not {VERSION}")
        fields_ = json.loads(config)
        run = RunConfig(**{**fields_, "sizes": tuple(fields_["sizes"])})
        assert run.sizes is not None
        w_shapes, b_shapes = param_shapes(run.sizes)
        arrays = unpack(bytes(params), w_shapes + b_shapes)
        texts: dict[str, list[str]] = {}
        for kind, record in self._history(sid):
            texts.setdefault(kind, []).append(record)
        history: dict[str, list[dict[str, Any]]] = {  # each kind parsed as one JSON array
            kind: orjson.loads("[" + ",".join(texts[kind]) + "]")
            for kind in RECORDS
            if kind in texts
        }
        cursor = json.loads(state)
        trainer_state = TrainerState(
            **{k: cursor[k] for k in STATE_FIELDS},
            weights=arrays[: len(w_shapes)],
            biases=arrays[len(w_shapes) :],
            history=history,
        )
        counts = tuple((k, len(v)) for k, v in history.items())
        self._saved[sid] = Saved(0, cursor["seq"], cursor["status"], run, counts)
        return StoredSession(sid, run, trainer_state, float(last_used))
