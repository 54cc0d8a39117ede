"""The sessions of this process, by id: created, found, evicted, expired.

Ids are unguessable (128 random bits, URL-safe). The store holds at most
``max_sessions``, at most ``max_per_client`` of them made by one client (its
address). Making one more evicts an *idle* session only -- none of its sockets
open, unused for ``evict_seconds`` -- the client's own first when it is at its
quota; when no session is idle the new one is refused (:class:`StoreFull`), so
no client can push out another's session in use. A session unused for
``idle_seconds`` with no socket open expires. Whoever listens (the WebSocket
layer) is told which session went and why, to tell its clients.

With a database (:class:`~app.sessions.saving.SessionRows`: SQLite by default,
or PostgreSQL), every session is also kept there (saved after each step that
made an update), :meth:`SessionStore.load` brings them back after a restart
(from a database shared by several processes, :meth:`SessionStore.get` takes
each over when asked, under its lease), and whatever removes a session
removes its row.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections.abc import Callable

from app.core.snapshot import TrainerState
from app.sessions.config import ConfigError, Limits, RunConfig, resolve
from app.sessions.errors import SessionBusy as SessionBusy
from app.sessions.errors import SessionNotFound as SessionNotFound
from app.sessions.errors import StoreFull as StoreFull
from app.sessions.saving import SessionRows
from app.sessions.session import Session
from app.sessions.shared import SharedStore

log = logging.getLogger(__name__)

Listener = Callable[[str, str], None]
"""Called with ``(session_id, reason)`` when a session is removed."""


def _never_in_use(session_id: str) -> bool:
    return False


class SessionStore(SharedStore):
    """Sessions by id; each session's ``last_used`` orders them for eviction."""

    def __init__(
        self,
        limits: Limits,
        *,
        max_sessions: int = 200,
        idle_seconds: float = 3600,
        db: SessionRows | None = None,
        max_per_client: int | None = None,
        evict_seconds: float = 0.0,
    ) -> None:
        self.limits = limits
        self.db = db
        self.max_sessions = max_sessions
        self.idle_seconds = idle_seconds
        self.max_per_client = max_per_client or max_sessions
        self.evict_seconds = evict_seconds
        self.in_use: Callable[[str], bool] = _never_in_use
        """Whether a session has a socket open (set by the WebSocket layer)."""
        self._sessions: dict[str, Session] = {}
        self._owners: dict[str, str] = {}  # session id -> the client that made it
        self._lock = threading.Lock()
        self._taking = threading.Lock()  # one session taken over from the database at a time
        self.listeners: list[Listener] = []

    def __len__(self) -> int:
        return len(self._sessions)

    def create(self, config: RunConfig, owner: str = "") -> Session:
        """Resolve ``config``, build a session from it, and keep it (ConfigError if invalid)."""
        resolved = resolve(config, self.limits)
        self.make_room(owner)  # StoreFull before anything is built
        session = Session(secrets.token_urlsafe(16), resolved, self.limits)
        self.add(session, owner)
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

    def restore(self, config: RunConfig, state: TrainerState, owner: str = "") -> Session:
        """A new session (new id) that goes on from ``state``; ConfigError if that does not fit."""
        resolved = self.check(config)
        self.make_room(owner)
        session = Session.restored(secrets.token_urlsafe(16), resolved, state, self.limits)
        self.add(session, owner)
        return session

    def load(self) -> int:
        """Bring back every session of the database; those idle too long are dropped there.

        A shared database (PostgreSQL) brings none back now: each session is taken over,
        under its lease, when a request asks for it (:meth:`get`).
        """
        if self.db is None or self.db.shared:
            return 0
        loaded = 0
        for stored in self.db.load():
            session = self._revive(stored)
            if session is not None:
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

    def add(self, session: Session, owner: str = "") -> None:
        """Keep ``session``, evicting an idle one if need be; StoreFull if none may go."""
        with self._lock:
            evicted = self._make_room(owner)
            self._sessions[session.id] = session
            if owner:
                self._owners[session.id] = owner
        if self.db is not None:
            self.db.acquire(session.id)  # a new id's lease is free; a taken-over one is ours
        session.saver = self._save
        with session.lock:
            self._save(session)
        self._evicted(evicted)

    def make_room(self, owner: str = "", count: int = 1) -> None:
        """Evict idle sessions until ``count`` more of ``owner``'s fit; StoreFull if they cannot."""
        evicted: list[tuple[str, str]] = []
        try:
            with self._lock:
                for _ in range(count):  # each round evicts one session at most
                    evicted += self._make_room(owner, reserve=count)
        finally:
            self._evicted(evicted)

    def _make_room(self, owner: str, reserve: int = 1) -> list[tuple[str, str]]:
        """Under the lock: evict the one idle session it takes for ``reserve`` more to fit."""
        own = [s for sid, s in self._sessions.items() if owner and self._owners.get(sid) == owner]
        if owner and len(own) + reserve > self.max_per_client:
            victim = self._idle_one(own)
            if victim is None:
                raise StoreFull(
                    f"this client has {len(own)} sessions, the most one client may keep "
                    f"({self.max_per_client}): delete one, or wait for one to be idle",
                    self._retry_after(own),
                )
        elif len(self._sessions) + reserve > self.max_sessions:
            victim = self._idle_one(list(self._sessions.values()))
            if victim is None:
                raise StoreFull(
                    f"the server is full: {len(self._sessions)} sessions, all in use "
                    "(NABLA_MAX_SESSIONS); try again later",
                    self._retry_after(list(self._sessions.values())),
                )
        else:
            return []
        self._pop(victim.id)
        why = "at its client's quota" if owner and len(own) + reserve > self.max_per_client else ""
        return [(victim.id, why)]

    def _idle_one(self, sessions: list[Session]) -> Session | None:
        """The least recently used of ``sessions`` that may be evicted, if any."""
        deadline = time.monotonic() - self.evict_seconds
        idle = [s for s in sessions if s.last_used <= deadline and not self.in_use(s.id)]
        return min(idle, key=lambda s: s.last_used) if idle else None

    def _retry_after(self, sessions: list[Session]) -> float:
        """Seconds until the first of ``sessions`` without a socket may be evicted."""
        waits = [s.last_used + self.evict_seconds - time.monotonic() for s in sessions]
        free = [w for w, s in zip(waits, sessions, strict=True) if not self.in_use(s.id)]
        return min(free) if free else self.evict_seconds or 60.0

    def evictable(self, session_id: str) -> bool:
        """Whether the session is gone, or idle enough to be evicted."""
        with self._lock:
            session = self._sessions.get(session_id)
            return session is None or self._idle_one([session]) is not None

    def _pop(self, session_id: str) -> Session | None:
        self._owners.pop(session_id, None)
        return self._sessions.pop(session_id, None)

    def _evicted(self, evicted: list[tuple[str, str]]) -> None:
        for session_id, why in evicted:
            self._notify(
                session_id,
                f"evicted: the server keeps at most {self.max_sessions} sessions "
                f"({self.max_per_client} a client) and this one was idle{' ' + why if why else ''}",
            )

    def get(self, session_id: str) -> Session:
        """The session with this id, now the most recently used; SessionNotFound if none."""
        self.expire()
        with self._lock:
            session = self._sessions.get(session_id)
        if session is None:
            session = self._take_over(session_id)
        session.touch()
        return session

    def held(self, session_id: str) -> Session | None:
        """The session with this id if this process holds it and it is not idle past
        ``idle_seconds`` (then touched, as :meth:`get` does); else None: ask :meth:`get`.

        Never expires, waits or reads the database: the event loop may call it.
        """
        with self._lock:
            session = self._sessions.get(session_id)
        if session is None or session.last_used < time.monotonic() - self.idle_seconds:
            return None
        session.touch()
        return session

    def delete(self, session_id: str) -> None:
        """Forget the session for good; SessionNotFound if there is none."""
        with self._lock:
            if self._pop(session_id) is None:
                raise SessionNotFound(session_id)
        self._notify(session_id, "deleted")

    def expire(self) -> list[str]:
        """Drop every session idle for longer than ``idle_seconds``; return their ids.

        A session with a socket open is in use, however long ago it was last touched.
        """
        deadline = time.monotonic() - self.idle_seconds
        with self._lock:
            gone = [
                sid
                for sid, s in self._sessions.items()
                if s.last_used < deadline and not self.in_use(sid)
            ]
            for session_id in gone:
                self._pop(session_id)
        for session_id in gone:
            self._notify(session_id, f"expired after {self.idle_seconds:g} s without use")
        return gone

    def _notify(self, session_id: str, reason: str) -> None:
        if self.db is not None:
            self.db.delete(session_id)
        for listener in self.listeners:
            listener(session_id, reason)
