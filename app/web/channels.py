"""The channels of this process, one per session with sockets open."""

from __future__ import annotations

import asyncio

from app.sessions.session import Session
from app.web.channel import Channel
from app.web.outbox import Outbox

GONE = 4410  # close code: the session was deleted, evicted or expired
MOVED = 1012  # close code (service restart): another process holds the session now; reconnect


class Channels:
    """Channels by session id; told by the store when a session goes."""

    def __init__(self) -> None:
        self._by_id: dict[str, Channel] = {}
        self.loop: asyncio.AbstractEventLoop | None = None

    def get(self, session_id: str) -> Channel | None:
        """The session's channel, if any socket is open on it."""
        return self._by_id.get(session_id)

    def is_open(self, session_id: str) -> bool:
        """Whether a socket is open on the session (safe from any thread: one dict read)."""
        return session_id in self._by_id

    def open(self, session: Session) -> Channel:
        """The session's channel, made on the first socket."""
        channel = self._by_id.get(session.id)
        if channel is None or channel.session is not session:
            channel = self._by_id[session.id] = Channel(session)
        return channel

    def release(self, channel: Channel, outbox: Outbox) -> None:
        """A socket closed; the channel goes with its last socket."""
        channel.unsubscribe(outbox)
        if not channel.outboxes and self._by_id.get(channel.session.id) is channel:
            channel.pause(announce=False)
            del self._by_id[channel.session.id]

    def touch_open_sessions(self) -> None:
        """Mark every session with a socket open as used now."""
        for channel in list(self._by_id.values()):
            channel.session.touch()

    def session_gone(self, session_id: str, reason: str) -> None:
        """The store's listener: close the session's sockets; safe from any thread."""
        if self.loop is None or self.loop.is_closed():
            return
        self.loop.call_soon_threadsafe(self._close, session_id, reason)

    def session_moved(self, session_id: str) -> None:
        """Another process took the session over: close its sockets (the page reconnects)."""
        if self.loop is None or self.loop.is_closed():
            return
        self.loop.call_soon_threadsafe(self._close, session_id, "moved to another server", MOVED)

    def _close(self, session_id: str, reason: str, code: int = GONE) -> None:
        channel = self._by_id.pop(session_id, None)
        if channel is not None:
            channel.close_all(code, f"session {reason}")
