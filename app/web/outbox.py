"""One socket's outbox: the messages waiting to be sent, bounded in bytes.

A slow reader never makes the server buffer without bound: an outbox holds at
most ``LIMIT`` bytes of example frames (twice that of essential messages:
updates, epochs, states); what does not fit is dropped and counted in
``skipped``. It may be filled from any thread; its sender waits in the
socket's own event loop.
"""

from __future__ import annotations

import asyncio
from collections import deque
from dataclasses import dataclass

Message = str | bytes
Frame = bytes  # a binary message (in Outbox, `bytes` names its property)
Key = tuple[str, str]  # (detail, format)
LIMIT = 8 * 1024 * 1024
AHEAD = 32  # messages a client that says what it has handled may have to handle still


@dataclass(frozen=True)
class Close:
    """Tells the sender to close the socket with this code and reason."""

    code: int
    reason: str


class Outbox:
    """One socket's queue of messages, bounded in bytes."""

    def __init__(self, detail: str, fmt: str) -> None:
        self.detail, self.format = detail, fmt
        self.skipped = 0
        self._queue: deque[Message | Close] = deque()
        self._bytes = 0
        self._ready = asyncio.Event()
        self._loop = asyncio.get_running_loop()  # the socket's loop: its sender waits here
        self.offered = 0  # messages queued for this socket so far (dropped ones not counted)
        self.seen: int | None = None  # how many of them the client says it has handled
        self.pack = False  # binary frames sent several to a message (app/web/packs.py)

    @property
    def key(self) -> Key:
        return self.detail, self.format

    @property
    def bytes(self) -> int:
        """Bytes of messages queued and not yet sent."""
        return self._bytes

    @property
    def congested(self) -> bool:
        """More than half full: the play loop waits for this reader."""
        return self._bytes > LIMIT // 2

    @property
    def behind(self) -> bool:
        """The client has more than ``AHEAD`` messages sent to it still to handle.

        Only a client that says what it has handled (``seen``) is ever behind: the page
        does, so that playing never runs far ahead of what it shows and a pause answers
        at once instead of after a queue of events.
        """
        return self.seen is not None and self.offered - self.seen > AHEAD

    def offer(self, message: Message, essential: bool = True) -> None:
        """Queue it; a frame that does not fit is dropped (essentials get twice the room)."""
        limit = LIMIT * (2 if essential else 1)
        if self._queue and self._bytes + len(message) > limit:
            self.skipped += 1
            return
        self._queue.append(message)
        self._bytes += len(message)
        self.offered += 1
        self._wake()

    def close(self, code: int, reason: str) -> None:
        """Queue a close after what is already queued."""
        self._queue.append(Close(code, reason))
        self._wake()

    def _wake(self) -> None:
        """Wake the sender, from its own loop or safely from any other thread."""
        if running_loop() is self._loop:
            self._ready.set()
        else:
            self._loop.call_soon_threadsafe(self._ready.set)

    async def next(self) -> Message | Close:
        """The next message, waiting for one."""
        while not self._queue:
            self._ready.clear()
            await self._ready.wait()
        item = self._queue.popleft()
        if not isinstance(item, Close):
            self._bytes -= len(item)
        return item

    def take_frames(self, most: int, most_bytes: int) -> list[Frame]:
        """The binary frames at the head of the queue, now: up to ``most`` of them, in all
        ``most_bytes`` at most; they stop at the first text message or close."""
        frames: list[Frame] = []
        while self._queue and len(frames) < most:
            head = self._queue[0]
            if not isinstance(head, bytes) or len(head) > most_bytes:
                break
            frames.append(head)
            most_bytes -= len(head)
            self._bytes -= len(head)
            self._queue.popleft()
        return frames


def running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None
