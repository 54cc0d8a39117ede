"""A damaged database of sessions: moved aside, what can be read copied to a fresh one.

:func:`open_sessions` opens the file a server keeps its sessions in. When that file
is not a database SQLite can read, fails its quick check, is empty though it exists,
or lacks one of the tables, the server still starts: the file is renamed
``<name>.damaged-<UTC time>`` (the log says so, naming both files), a fresh file
takes its place, and every session row (with its history) that can still be read is
copied into it, one row at a time. The problem is returned, for ``/api/health``.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import time
from pathlib import Path

from app.sessions.persist import SessionDB
from app.sessions.saving import Record

log = logging.getLogger(__name__)

TABLES = ("sessions", "history")


def open_sessions(path: str) -> tuple[SessionDB, str | None]:
    """The database at ``path`` and ``None``; or, if it was damaged, a recovered one and why."""
    problem = _problem(path)
    if problem is None:
        try:
            return SessionDB(path), None
        except sqlite3.DatabaseError as e:
            problem = f"it cannot be opened ({e})"
    aside = Path(f"{path}.damaged-{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}")
    Path(path).rename(aside)
    for suffix in ("-wal", "-shm"):  # the journal belongs with the file it journals
        with contextlib.suppress(FileNotFoundError):
            Path(path + suffix).rename(str(aside) + suffix)
    db = SessionDB(path)
    copied, lost = _salvage(aside, db)
    message = (
        f"the session database {path} was damaged: {problem}; it was moved to {aside}, "
        f"{copied} session(s) recovered, {lost} unreadable"
    )
    log.error("%s", message)
    return db, message


def _problem(path: str) -> str | None:
    """What is wrong with the file at ``path``, or None (also when there is no file yet)."""
    if path == ":memory:" or not Path(path).exists():
        return None
    if Path(path).stat().st_size == 0:
        return "the file was empty (0 bytes): its sessions are gone"
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            check = db.execute("PRAGMA quick_check").fetchone()[0]
            names = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.DatabaseError as e:
        return f"SQLite cannot read it ({e})"
    if check != "ok":
        return f"its quick check failed ({str(check)[:200]})"
    missing = [t for t in TABLES if t not in names]
    if missing:
        return f"its table(s) {', '.join(missing)} were missing"
    return None


def _salvage(aside: Path, db: SessionDB) -> tuple[int, int]:
    """Copy every readable session row, and its readable history, from ``aside`` into ``db``."""
    copied = lost = 0
    try:
        old = sqlite3.connect(f"file:{aside}?mode=ro", uri=True)
        ids = [r[0] for r in old.execute("SELECT id FROM sessions")]
    except sqlite3.DatabaseError:
        return 0, 0
    with contextlib.closing(old):
        for sid in ids:
            try:
                row = old.execute("SELECT * FROM sessions WHERE id = ?", (sid,)).fetchone()
                history = _history(old, sid)
                db.copy_rows(row, history)
                copied += 1
            except sqlite3.DatabaseError as e:
                log.warning("session %s could not be recovered from %s: %s", sid, aside, e)
                lost += 1
    return copied, lost


def _history(old: sqlite3.Connection, sid: str) -> list[Record]:
    """The session's history rows, or none if they cannot be read (the session goes on)."""
    try:
        return old.execute("SELECT * FROM history WHERE session_id = ?", (sid,)).fetchall()
    except sqlite3.DatabaseError as e:
        log.warning("the history of session %s could not be recovered: %s", sid, e)
        return []
