"""The sessions of this process, by id: created, found, evicted, expired.

Ids are unguessable (128 random bits, URL-safe). The store holds at most
``max_sessions``; creating one more evicts the least recently used, and a
session idle for ``idle_seconds`` expires. Whoever listens (the WebSocket
layer) is told which session went and why, to tell its clients.

With a :class:`~app.sessions.persist.SessionDB`, every session is also kept
there (saved after each step that made an update), :meth:`SessionStore.load`
brings them back after a restart, and whatever removes a session removes
its row.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections.abc import Callable

from app.core.snapshot import TrainerState
from app.sessions.config import ConfigError, Limits, RunConfig, resolve
from app.sessions.persist import SessionDB
from app.sessions.session import Session

log = logging.getLogger(__name__)

Listener = Callable[[str, str], None]
"""Called with ``(session_id, reason)`` when a session is removed."""


class SessionNotFound(KeyError):
    """No session has this id (never had, deleted, evicted or expired)."""


class SessionStore:
    """Sessions by id; each session's ``last_used`` orders them for eviction."""

    def __init__(
        self,
        limits: Limits,
        *,
        max_sessions: int = 200,
        idle_seconds: float = 3600,
        db: SessionDB | None = None,
    ) -> None:
        self.limits = limits
        self.db = db
        self.max_sessions = max_sessions
        self.idle_seconds = idle_seconds
        self._sessions: dict[str, Session] = {}
        self._lock = threading.Lock()
        self.listeners: list[Listener] = []

    def __len__(self) -> int:
        return len(self._sessions)

    def create(self, config: RunConfig) -> Session:
        """Resolve ``config``, build a session from it, and keep it (ConfigError if invalid)."""
        session = Session(secrets.token_urlsafe(16), resolve(config, self.limits), self.limits)
        self.add(session)
        return session

    def check(self, config: RunConfig) -> RunConfig:
        """A saved run's ``config`` resolved and checked against the limits.

        ConfigError("config.<field>") names the field at fault. Cheap: call it
        before building anything big from a saved run.
        """
        try:
            return resolve(config, self.limits)
        except ConfigError as e:
            raise ConfigError(f"config.{e.field}", e.message) from e

    def restore(self, config: RunConfig, state: TrainerState) -> Session:
        """A new session (new id) that goes on from ``state``; ConfigError if that does not fit."""
        resolved = self.check(config)
        session = Session.restored(secrets.token_urlsafe(16), resolved, state, self.limits)
        self.add(session)
        return session

    def load(self) -> int:
        """Bring back every session of the database; those idle too long are dropped there."""
        if self.db is None:
            return 0
        loaded = 0
        for stored in self.db.load():
            idle = time.time() - stored.last_used
            if idle > self.idle_seconds:
                self.db.delete(stored.id)
                continue
            try:  # the limits may have changed since it was saved
                config = self.check(stored.config)
                session = Session.restored(stored.id, config, stored.state, self.limits)
            except (ConfigError, ValueError) as e:
                log.warning("session %s could not be restored: %s", stored.id, e)
                continue
            session.last_used = time.monotonic() - max(idle, 0.0)
            self.add(session)
            loaded += 1
        return loaded

    def save_all(self) -> None:
        """Save every session whose last update is not saved yet, and when each was last used."""
        if self.db is None:
            return
        with self._lock:
            sessions = list(self._sessions.values())
        for session in sessions:
            with session.lock:
                self._save(session)
        now, wall = time.monotonic(), time.time()
        self.db.touch({s.id: wall - (now - s.last_used) for s in sessions})

    def _save(self, session: Session) -> None:
        """Save ``session`` if it is still here (a deleted one must not come back)."""
        if self.db is None or self._sessions.get(session.id) is not session:
            return
        try:
            self.db.save(session)
        except Exception:  # training goes on; the next save tries again
            log.exception("session %s could not be saved", session.id)

    def add(self, session: Session) -> None:
        """Keep ``session``, evicting the least recently used one if the store is full."""
        evicted = []
        with self._lock:
            while len(self._sessions) >= self.max_sessions:
                oldest = min(self._sessions.values(), key=lambda s: s.last_used)
                evicted.append(self._sessions.pop(oldest.id).id)
            self._sessions[session.id] = session
        session.saver = self._save
        with session.lock:
            self._save(session)
        for session_id in evicted:
            self._notify(
                session_id,
                "evicted: the server keeps at most "
                f"{self.max_sessions} sessions and this one was the least recently used",
            )

    def get(self, session_id: str) -> Session:
        """The session with this id, now the most recently used; SessionNotFound if none."""
        self.expire()
        with self._lock:
            session = self._sessions.get(session_id)
        if session is None:
            raise SessionNotFound(session_id)
        session.touch()
        return session

    def delete(self, session_id: str) -> None:
        """Forget the session for good; SessionNotFound if there is none."""
        with self._lock:
            if self._sessions.pop(session_id, None) is None:
                raise SessionNotFound(session_id)
        self._notify(session_id, "deleted")

    def expire(self) -> list[str]:
        """Drop every session idle for longer than ``idle_seconds``; return their ids."""
        deadline = time.monotonic() - self.idle_seconds
        with self._lock:
            gone = [sid for sid, s in self._sessions.items() if s.last_used < deadline]
            for session_id in gone:
                del self._sessions[session_id]
        for session_id in gone:
            self._notify(session_id, f"expired after {self.idle_seconds:g} s without use")
        return gone

    def _notify(self, session_id: str, reason: str) -> None:
        if self.db is not None:
            self.db.delete(session_id)
        for listener in self.listeners:
            listener(session_id, reason)
