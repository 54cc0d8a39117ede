"""Sessions kept in SQLite, so a restarted server serves the same ids where they were.

The embedded default: one file per server process, nothing else to run. What
is saved and when is :mod:`app.sessions.saving`'s; this module writes and
reads the rows. The database runs in WAL mode; one connection serves every
thread, one transaction at a time.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

from app.sessions.saving import Record, Row, SessionRows, Write

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
PUT_ROW = "INSERT OR REPLACE INTO sessions VALUES (?, ?, ?, ?, ?, ?)"
PUT_RECORD = "INSERT OR REPLACE INTO history VALUES (?, ?, ?, ?)"


class SessionDB(SessionRows):
    """The database of sessions at ``path`` (a file, created with its folder, or ``:memory:``)."""

    def __init__(self, path: str) -> None:
        super().__init__()
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.path = self.where = path
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._lock = threading.Lock()
        with self._lock:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")  # WAL: a killed process loses nothing
            self._db.executescript(SCHEMA)
        self._start()

    def _disconnect(self) -> None:
        with self._lock:
            self._db.close()

    def _write(self, batch: list[Write]) -> None:
        with self._transaction() as db:
            for sid, fresh, row, records in batch:
                if sid in self._gone:  # deleted while it was stepping: stays deleted
                    continue
                if fresh:
                    db.execute("DELETE FROM history WHERE session_id = ?", (sid,))
                db.execute(PUT_ROW, row)
                db.executemany(PUT_RECORD, records)

    def _delete_rows(self, session_id: str) -> None:
        with self._transaction() as db:
            db.execute("DELETE FROM history WHERE session_id = ?", (session_id,))
            db.execute("DELETE FROM sessions WHERE id = ?", (session_id,))

    def copy_rows(self, row: Row, history: list[Record]) -> None:
        """Write a session's row and history rows as read from another database."""
        with self._transaction() as db:
            db.execute(PUT_ROW, row)
            db.executemany(PUT_RECORD, history)

    def touch(self, last_used: dict[str, float]) -> None:
        with self._transaction() as db:
            db.executemany(
                "UPDATE sessions SET last_used = ? WHERE id = ?",
                [(t, sid) for sid, t in last_used.items()],
            )

    def _rows(self, session_id: str | None = None) -> list[Row]:
        with self._lock:
            if session_id is None:
                return self._db.execute("SELECT * FROM sessions ORDER BY last_used").fetchall()
            return self._db.execute("SELECT * FROM sessions WHERE id = ?", (session_id,)).fetchall()

    def _history(self, session_id: str) -> Sequence[tuple[str, str]]:
        with self._lock:
            return self._db.execute(
                "SELECT kind, record FROM history WHERE session_id = ? ORDER BY kind, seq",
                (session_id,),
            ).fetchall()

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
