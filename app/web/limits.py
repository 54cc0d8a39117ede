"""Limits on what one client may send: request bodies, socket messages, play rates.

Each limit is a setting (``app/settings.py``) and each refusal says which limit
it met, so a client learns what to change rather than seeing a bare failure.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from fastapi import HTTPException
from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.sessions.config import ConfigError
from app.settings import Settings

TOO_BIG = 1009  # WebSocket close code: message too big
POLICY = 1008  # WebSocket close code: policy violation (here: too many messages, persisting)
TOO_MANY_SOCKETS = 4429  # our close code: the session already has its most sockets


def body_too_large(most: int, setting: str = "NABLA_MAX_BODY_BYTES") -> str:
    """The 413's detail."""
    return f"request body: more than {most:,} bytes (the server's limit, {setting})"


class BodyLimit:
    """ASGI middleware: a request body over its limit is a 413, read no further, never parsed.

    Uploads and imports (``upload_paths``) may send up to ``most`` bytes; every other
    request is a small JSON body of at most ``json_most``. A declared ``Content-Length``
    over the limit is refused before a byte is read; a chunked body is counted as it
    arrives and refused once it passes the limit.
    """

    def __init__(
        self,
        app: ASGIApp,
        most: int,
        json_most: int | None = None,
        upload_paths: frozenset[str] = frozenset(),
    ) -> None:
        self.app, self.most, self.upload_paths = app, most, upload_paths
        self.json_most = min(most, json_most) if json_most is not None else most

    def _limit(self, scope: Scope) -> tuple[int, str]:
        path = scope.get("path", "").rstrip("/")
        # PUT /api/sessions/{id}/network brings a whole network's weights, like an import
        given_weights = scope.get("method") == "PUT" and path.endswith("/network")
        if path in self.upload_paths or given_weights or self.json_most == self.most:
            return self.most, "NABLA_MAX_BODY_BYTES"
        return self.json_most, "NABLA_MAX_JSON_BYTES"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        most, setting = self._limit(scope)
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > most:  # the server checked its syntax
            response = JSONResponse({"detail": body_too_large(most, setting)}, status_code=413)
            await response(scope, receive, send)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > most:  # FastAPI answers an HTTPException raised while reading
                raise HTTPException(413, body_too_large(most, setting))
            return message

        await self.app(scope, counted, send)


class TokenBucket:
    """``rate`` tokens a second, at most ``burst`` saved up; each message takes one."""

    def __init__(self, rate: float, burst: int, clock: Callable[[], float]) -> None:
        self.rate, self.burst, self.clock = rate, burst, clock
        self.tokens, self.stamp = float(burst), clock()

    def take(self) -> bool:
        """Take a token if there is one."""
        now = self.clock()
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


@dataclass(frozen=True)
class Refusal:
    """A socket message the server will not act on: why, and whether to close the socket."""

    message: str
    close_code: int | None = None
    tell: bool = True  # False: the client was told already, drop it silently


class MessageGate:
    """What one socket may send: messages of at most ``max_message_bytes``, at a bounded rate.

    Over the rate, a message is dropped and the client told once. Drops that go on, each
    less than ``QUIET`` seconds after the last, are a flood: after ``message_burst`` of
    them the socket is closed.
    """

    QUIET = 1.0

    def __init__(self, settings: Settings, clock: Callable[[], float] = time.monotonic) -> None:
        self.most_bytes = settings.max_message_bytes
        self.rate, self.burst = settings.max_messages_per_second, settings.message_burst
        self.bucket = TokenBucket(self.rate, self.burst, clock)
        self.clock = clock
        self.dropped, self.last_drop = 0, -math.inf  # drops in the flood under way

    def admit(self, size: int) -> Refusal | None:
        """None if a message of ``size`` bytes may be acted on, else why not."""
        if size > self.most_bytes:
            return Refusal(
                f"message too big: {size:,} bytes, the limit is {self.most_bytes:,}", TOO_BIG
            )
        if self.bucket.take():
            return None
        now = self.clock()
        if now - self.last_drop >= self.QUIET:
            self.dropped = 0
        self.dropped, self.last_drop = self.dropped + 1, now
        if self.dropped > self.burst:
            return Refusal(f"too many messages: more than {self.rate:g} a second", POLICY)
        return Refusal(
            f"too many messages: at most {self.rate:g} a second (bursts of {self.burst}); "
            "messages over that are dropped, and a flood closes the socket",
            tell=self.dropped == 1,
        )


def check_play_rate(rate: float | None, most: float) -> None:
    """ConfigError("rate") when a play asks for more steps a second than the server allows."""
    if rate is not None and rate > most:
        raise ConfigError("rate", f"rate: at most {most:g} steps a second on this server")


def too_many_sockets(most: int) -> str:
    """The close reason when a session already has ``most`` sockets open."""
    return f"too many sockets on this session (at most {most})"
