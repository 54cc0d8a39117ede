"""Sessions kept in PostgreSQL, shared by every server process that names the same database.

``NABLA_DB=postgresql://user:password@host:5432/nabla`` (psycopg 3, the
``postgres`` extra). The rows are those of :mod:`app.sessions.persist`'s
SQLite file, saved the same way (:mod:`app.sessions.saving`): each session at
its last update, one transaction for every save waiting, committed (so a
killed process loses nothing it had written).

Since several processes use the rows, a process holds a session only under a
**lease**: a row of ``leases`` naming the holder and when its hold expires, by
the database's clock. :meth:`PostgresDB.acquire` takes a lease that is free or
expired, a thread renews every lease held a few times per lease period, and a
session whose lease another process has taken is reported to ``on_lost``; one that
another process asked for (it marks the lease ``wanted``) to ``on_wanted``, which lets it
go if no socket is open on it here. A
save is written only while its writer holds the session's lease (checked in
the same transaction, the lease row locked ``FOR SHARE``), so a process that
lost a session can never overwrite what its new holder saves.
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import socket
import threading
import time
from collections.abc import Iterator, Sequence
from urllib.parse import urlsplit

import psycopg

from app.sessions.saving import Row, SessionRows, Write

log = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    config TEXT NOT NULL,
    state TEXT NOT NULL,
    params BYTEA NOT NULL,
    last_used DOUBLE PRECISION NOT NULL
);
CREATE TABLE IF NOT EXISTS history (
    session_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    seq INTEGER NOT NULL,
    record TEXT NOT NULL,
    PRIMARY KEY (session_id, kind, seq)
);
CREATE TABLE IF NOT EXISTS leases (
    session_id TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    expires TIMESTAMPTZ NOT NULL,
    wanted TIMESTAMPTZ
);
"""
SCHEMA_LOCK = 0x6E61626C61  # "nabla": processes starting together create the tables once
PUT_ROW = """INSERT INTO sessions VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (id) DO UPDATE
SET version = EXCLUDED.version, config = EXCLUDED.config, state = EXCLUDED.state,
    params = EXCLUDED.params, last_used = EXCLUDED.last_used"""
PUT_RECORD = """INSERT INTO history VALUES (%s, %s, %s, %s)
ON CONFLICT (session_id, kind, seq) DO UPDATE SET record = EXCLUDED.record"""
# Free, expired or already ours: the lease is taken (one row-locked statement, no race).
TAKE = """INSERT INTO leases VALUES (%s, %s, clock_timestamp() + make_interval(secs => %s), NULL)
ON CONFLICT (session_id) DO UPDATE
SET holder = EXCLUDED.holder, expires = EXCLUDED.expires, wanted = NULL
WHERE leases.holder = EXCLUDED.holder OR leases.expires < clock_timestamp()
RETURNING session_id"""
HELD = """SELECT 1 FROM leases WHERE session_id = %s AND holder = %s
AND expires > clock_timestamp() FOR SHARE"""


def redacted(url: str) -> str:
    """``url`` without its password, for the log."""
    parts = urlsplit(url)
    host = f"{parts.hostname or ''}{f':{parts.port}' if parts.port else ''}"
    return f"{parts.scheme}://{parts.username + '@' if parts.username else ''}{host}{parts.path}"


class PostgresDB(SessionRows):
    """The sessions in the PostgreSQL database at ``url``, under leases of ``lease_seconds``."""

    shared = True

    def __init__(self, url: str, lease_seconds: float = 3.0) -> None:
        super().__init__()
        self.url, self.where = url, redacted(url)
        self.lease_seconds = lease_seconds
        self.holder = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"
        self._held: dict[str, float] = {}  # session id -> until when (monotonic) it is ours
        self._wanted: list[str] = []  # held here, asked for by another process
        self._lock = threading.Lock()
        self._conn = self._connect()
        with self._transaction() as db:
            db.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK,))
            db.execute(SCHEMA)
        self._stop = threading.Event()
        self._renewer = threading.Thread(target=self._renew_loop, name="nabla-lease", daemon=True)
        self._start()
        self._renewer.start()

    def _connect(self) -> psycopg.Connection[tuple[object, ...]]:
        conn = psycopg.connect(self.url, autocommit=True, connect_timeout=10)
        conn.execute("SET statement_timeout = '10s'")  # a stuck database: an error, not a hang
        return conn

    def _disconnect(self) -> None:
        self._stop.set()
        self._renewer.join()
        with contextlib.suppress(psycopg.Error):
            self.release(list(self._held))
        with self._lock:
            self._conn.close()

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[psycopg.Connection[tuple[object, ...]]]:
        """One transaction, one thread at a time; a broken connection is opened again."""
        with self._lock:
            if self._conn.broken or self._conn.closed:
                self._conn = self._connect()
            with self._conn.transaction():
                yield self._conn

    # ------------------------------------------------------------ rows

    def _write(self, batch: list[Write]) -> None:
        with self._transaction() as db:
            for sid, fresh, row, records in batch:
                if sid in self._gone:  # deleted while it was stepping: stays deleted
                    continue
                if db.execute(HELD, (sid, self.holder)).fetchone() is None:
                    log.warning("session %s not saved: another process holds it now", sid)
                    self.forget(sid)  # if it is ours again, its next save writes it whole
                    continue
                if fresh:
                    db.execute("DELETE FROM history WHERE session_id = %s", (sid,))
                db.execute(PUT_ROW, row)
                with db.cursor() as cursor:
                    cursor.executemany(PUT_RECORD, records)

    def _delete_rows(self, session_id: str) -> None:
        with self._transaction() as db:
            for table, column in (("history", "session_id"), ("sessions", "id")):
                db.execute(f"DELETE FROM {table} WHERE {column} = %s", (session_id,))
            db.execute("DELETE FROM leases WHERE session_id = %s", (session_id,))
        self._held.pop(session_id, None)

    def touch(self, last_used: dict[str, float]) -> None:
        with self._transaction() as db, db.cursor() as cursor:
            cursor.executemany(
                "UPDATE sessions SET last_used = %s WHERE id = %s",
                [(t, sid) for sid, t in last_used.items()],
            )

    def _rows(self, session_id: str | None = None) -> list[Row]:
        with self._transaction() as db:
            if session_id is None:
                cursor = db.execute("SELECT * FROM sessions ORDER BY last_used")
            else:
                cursor = db.execute("SELECT * FROM sessions WHERE id = %s", (session_id,))
            return cursor.fetchall()  # type: ignore[return-value]

    def _history(self, session_id: str) -> Sequence[tuple[str, str]]:
        with self._transaction() as db:
            return db.execute(  # type: ignore[return-value]
                "SELECT kind, record FROM history WHERE session_id = %s ORDER BY kind, seq",
                (session_id,),
            ).fetchall()

    # ------------------------------------------------------------ leases

    def acquire(self, session_id: str) -> float:
        """Take the session's lease: 0 if it is ours now, else the seconds until it expires."""
        started = time.monotonic()
        with self._transaction() as db:
            if db.execute(TAKE, (session_id, self.holder, self.lease_seconds)).fetchone():
                self._held[session_id] = started + self.lease_seconds
                return 0.0
            left = db.execute(  # and ask its holder to let go, if it can
                "UPDATE leases SET wanted = clock_timestamp() WHERE session_id = %s "
                "RETURNING EXTRACT(EPOCH FROM expires - clock_timestamp())",
                (session_id,),
            ).fetchone()
        return max(float(left[0]), 0.01) if left else 0.01  # type: ignore[arg-type]

    def holds(self, session_id: str) -> bool:
        """Whether this process's lease on the session is still good, by its own clock."""
        return self._held.get(session_id, 0.0) > time.monotonic()

    def release(self, session_ids: list[str]) -> None:
        """Give the leases up, so that another process may take the sessions at once."""
        for sid in session_ids:
            self._held.pop(sid, None)
            self.forget(sid)
        with self._transaction() as db:
            db.execute(
                "DELETE FROM leases WHERE holder = %s AND session_id = ANY(%s)",
                (self.holder, session_ids),
            )

    def purge(self, before: float) -> int:
        """Delete the sessions idle since ``before`` whose lease, if any, has run out."""
        with self._transaction() as db:
            gone = db.execute(
                "DELETE FROM sessions s WHERE last_used < %s AND NOT EXISTS (SELECT 1 FROM "
                "leases l WHERE l.session_id = s.id AND l.expires > clock_timestamp()) "
                "RETURNING id",
                (before,),
            ).fetchall()
            ids = [str(row[0]) for row in gone]
            db.execute("DELETE FROM history WHERE session_id = ANY(%s)", (ids,))
            db.execute("DELETE FROM leases WHERE session_id = ANY(%s)", (ids,))
        return len(ids)

    def renew(self) -> list[str]:
        """Extend every lease held; return (and stop holding) the sessions that were lost."""
        started, held = time.monotonic(), list(self._held)
        if not held:
            return []
        with self._transaction() as db:
            kept = db.execute(
                "UPDATE leases SET expires = clock_timestamp() + make_interval(secs => %s) "
                "WHERE holder = %s AND session_id = ANY(%s) RETURNING session_id, "
                "wanted > clock_timestamp() - make_interval(secs => %s)",
                (self.lease_seconds, self.holder, held, self.lease_seconds),
            ).fetchall()
        ours = {row[0] for row in kept}
        self._wanted = [str(row[0]) for row in kept if row[1]]
        for sid in held:
            if sid in ours and sid in self._held:
                self._held[sid] = started + self.lease_seconds
        return [sid for sid in held if sid not in ours and self._held.pop(sid, None) is not None]

    def _renew_loop(self) -> None:
        """Renew the leases a few times per lease period; report those lost or run out."""
        while not self._stop.wait(self.lease_seconds / 4):
            try:
                lost = self.renew()
            except psycopg.Error as e:  # the database is away: the leases run out
                log.warning("leases not renewed (%s): %s", self.where, e)
                lost = [s for s, until in list(self._held.items()) if until <= time.monotonic()]
                for sid in lost:
                    self._held.pop(sid, None)
            for sid in lost:
                self.forget(sid)
                self.on_lost(sid)
            wanted, self._wanted = self._wanted, []
            for sid in wanted:  # asked for by another process (its proxy's route changed)
                self.on_wanted(sid)
