"""The sessions of this process, by id: created, found, evicted, expired.

Ids are unguessable (128 random bits, URL-safe). The store holds at most
``max_sessions``; creating one more evicts the least recently used, and a
session idle for ``idle_seconds`` expires. Whoever listens (the WebSocket
layer) is told which session went and why, to tell its clients.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable

from app.sessions.config import Limits, RunConfig, resolve
from app.sessions.session import Session

Listener = Callable[[str, str], None]
"""Called with ``(session_id, reason)`` when a session is removed."""


class SessionNotFound(KeyError):
    """No session has this id (never had, deleted, evicted or expired)."""


class SessionStore:
    """Sessions by id; each session's ``last_used`` orders them for eviction."""

    def __init__(
        self, limits: Limits, *, max_sessions: int = 200, idle_seconds: float = 3600
    ) -> None:
        self.limits = limits
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

    def add(self, session: Session) -> None:
        """Keep ``session``, evicting the least recently used one if the store is full."""
        evicted = []
        with self._lock:
            while len(self._sessions) >= self.max_sessions:
                oldest = min(self._sessions.values(), key=lambda s: s.last_used)
                evicted.append(self._sessions.pop(oldest.id).id)
            self._sessions[session.id] = session
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
        for listener in self.listeners:
            listener(session_id, reason)
