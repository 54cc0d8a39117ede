"""Packs: several binary frames in one WebSocket message, for a socket that asks (``pack=1``).

Each WebSocket message costs the browser a task of its own (a few tenths of a millisecond
before any script runs), and the server a send: at hundreds of events a second that is most
of the page's main thread. A socket opened with ``pack=1`` receives the binary frames that
are waiting together as one message, at most about one a frame of the display::

    b"NBLP" | u32 count | then per frame: u32 length | 4 zero bytes | the frame

Every frame is a whole number of 8-byte words long, so each starts 8-byte aligned and its
float64 data can be read in place. Text messages (states, errors) are never packed: they go
alone, in order with the frames. One frame waiting alone is sent as it is.
"""

from __future__ import annotations

import asyncio
import struct

from app.web.outbox import Close, Message, Outbox

PACK_MAGIC = b"NBLP"
PACK_SECONDS = 0.016  # what a pack gathers: about one frame of a 60 Hz display
PACK_MOST_FRAMES = 256
PACK_MOST_BYTES = 1024 * 1024  # a frame alone may be larger: it is sent alone
_HEAD = struct.Struct("<4sI")
_ENTRY = struct.Struct("<II")


def pack(frames: list[bytes]) -> bytes:
    """The frames as one pack (each a multiple of 8 bytes long, as factored frames are)."""
    parts = [_HEAD.pack(PACK_MAGIC, len(frames))]
    for frame in frames:
        parts += [_ENTRY.pack(len(frame), 0), frame]
    return b"".join(parts)


def unpack(message: bytes) -> list[bytes]:
    """The frames of a pack, or ``[message]`` for a frame sent alone."""
    if message[:4] != PACK_MAGIC:
        return [message]
    _, count = _HEAD.unpack_from(message)
    frames, at = [], _HEAD.size
    for _ in range(count):
        length, _zero = _ENTRY.unpack_from(message, at)
        at += _ENTRY.size
        frames.append(message[at : at + length])
        at += length
    return frames


async def next_message(outbox: Outbox) -> Message | Close:
    """The outbox's next message to send; for a packing socket, the frames waiting by then
    (after ``PACK_SECONDS``) packed together with it."""
    item = await outbox.next()
    if not outbox.pack or not isinstance(item, bytes):
        return item
    await asyncio.sleep(PACK_SECONDS)
    more = outbox.take_frames(PACK_MOST_FRAMES - 1, PACK_MOST_BYTES - len(item))
    return pack([item, *more]) if more else item
