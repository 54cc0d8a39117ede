"""What the store does with a database several processes share: sessions move between them.

A process holds a session under a lease (:mod:`app.sessions.postgres`). One asked
for a session it does not hold takes it over from the database (:meth:`_take_over`),
once the lease of the process that held it runs out or is given up; one that holds a
session another process asks for lets it go if no socket is open on it here
(:meth:`hand_over`); one that lost a session forgets it (:meth:`lost`).
:class:`~app.sessions.store.SessionStore` has these methods from here.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from app.sessions.config import ConfigError, Limits, RunConfig
from app.sessions.errors import SessionBusy, SessionNotFound, StoreFull
from app.sessions.saving import SessionRows, StoredSession
from app.sessions.session import Session

log = logging.getLogger(__name__)


class SharedStore:
    """The store's part that deals with other processes; the store provides the rest."""

    db: SessionRows | None
    limits: Limits
    idle_seconds: float
    in_use: Callable[[str], bool]
    _lock: threading.Lock
    _taking: threading.Lock
    _sessions: dict[str, Session]

    def check(self, config: RunConfig) -> RunConfig:
        raise NotImplementedError

    def add(self, session: Session, owner: str = "") -> None:
        raise NotImplementedError

    def _save(self, session: Session) -> None:
        raise NotImplementedError

    def _pop(self, session_id: str) -> Session | None:
        raise NotImplementedError

    def _revive(self, stored: StoredSession) -> Session | None:
        """The session of a stored row; None (its row deleted if it idled too long) if it cannot."""
        assert self.db is not None
        idle = time.time() - stored.last_used
        if idle > self.idle_seconds:
            self.db.delete(stored.id)
            return None
        try:  # the limits may have changed since it was saved
            config = self.check(stored.config)
            session = Session.restored(stored.id, config, stored.state, self.limits)
        except (ConfigError, ValueError) as e:
            log.warning("session %s could not be restored: %s", stored.id, e)
            return None
        session.last_used = time.monotonic() - max(idle, 0.0)
        return session

    def _take_over(self, session_id: str) -> Session:
        """The session from the shared database, under its lease; SessionNotFound if none.

        Waits, up to a lease period, for another process's lease to run out (SessionBusy).
        """
        db = self.db
        if db is None or not db.shared:
            raise SessionNotFound(session_id)
        deadline = time.monotonic() + db.lease_seconds + 1
        while wait := db.acquire(session_id):  # asked again at each of the holder's renewals
            if time.monotonic() + wait > deadline:
                raise SessionBusy(session_id, wait)
            time.sleep(min(wait, db.lease_seconds / 4))
        with self._taking:  # one thread builds it; the others find it built
            with self._lock:
                session = self._sessions.get(session_id)
            if session is not None:
                return session
            stored = db.load_one(session_id)
            session = None if stored is None else self._revive(stored)
            if session is None:
                db.release([session_id])
                raise SessionNotFound(session_id)
            try:
                self.add(session)
            except StoreFull:
                db.release([session_id])
                raise
            return session

    def hand_over(self, session_id: str) -> bool:
        """Another process asks for the session: let it go, saved, if no socket is open on it.

        Returns whether it was let go (its lease given up, its rows written first).
        """
        db = self.db
        with self._lock:
            session = self._sessions.get(session_id)
        if db is None or self.in_use(session_id):
            return False
        if session is None:  # a lease left over (a take-over that failed): nothing to keep
            db.release([session_id])
            return True
        with session.lock:  # no step of it is under way here
            if self.in_use(session_id):
                return False
            self._save(session)
            with self._lock:
                self._pop(session_id)
            db.flush()
            db.release([session_id])
        return True

    def lost(self, session_id: str) -> bool:
        """Another process took the session over: forget it here (its rows stay).

        Returns whether this process had it.
        """
        with self._lock:
            return self._pop(session_id) is not None

    def purge(self) -> int:
        """Delete the stored sessions idle too long that no process holds; how many.

        A shared database only: a private one drops them when it loads (:meth:`load`).
        """
        if self.db is None or not self.db.shared:
            return 0
        return self.db.purge(time.time() - self.idle_seconds)
