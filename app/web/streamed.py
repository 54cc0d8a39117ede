"""A REST step's answer sent while the step runs, a few events at a time, never built whole.

A full-detail step of 20,000 examples answers about 28 MB of JSON. The step already runs a
chunk at a time in a worker thread, each chunk's events encoded there
(:mod:`app.web.steps`); here each chunk's events go to the answer as soon as the chunk
ends, in pieces of at most :data:`PIECE_EVENTS` events, and the server writes one piece,
waits for the client to take it, and writes the next. No copy of the whole answer is
made, and the event loop never spends long on one piece, so other requests are answered
in between. The bytes are those of the whole answer:
``{"events":[e1,e2,...],"state":{...}}`` (sent chunked, without a ``Content-Length``).

The step itself runs to its end whatever the client does (as a socket's step does): a
client that leaves mid-answer leaves the session where a completed step would have.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
from collections.abc import AsyncGenerator, Awaitable, Callable, Coroutine
from typing import Any

import anyio
from anyio.streams.memory import MemoryObjectReceiveStream, MemoryObjectSendStream
from starlette.responses import StreamingResponse
from starlette.types import Receive, Scope, Send

from app.sessions.session import Session
from app.web.channel import Sink
from app.web.channels import Channels
from app.web.factored import FactoredEncoder
from app.web.frames import encode_json, state_payload
from app.web.steps import first_chunk, run_chunk

PIECE_EVENTS = 256
"""Events joined into one write of the answer (a full-detail [2, 4, 2] example is ~1.4 kB)."""

Item = bytes | tuple[str, bytes] | BaseException
"""What the step sends the answer: a piece of events, ("end", the state's JSON), or its error."""
Sender = MemoryObjectSendStream[Item]
Receiver = MemoryObjectReceiveStream[Item]


def pieces(parts: list[bytes]) -> list[bytes]:
    """``parts`` (events' JSON) joined :data:`PIECE_EVENTS` at a time, each after a comma."""
    return [
        b"," + b",".join(parts[i : i + PIECE_EVENTS]) for i in range(0, len(parts), PIECE_EVENTS)
    ]


def state_end(state_json: bytes) -> bytes:
    """The answer's end after its events: the state."""
    return b'],"state":' + state_json + b"}"


class StepStream(StreamingResponse):
    """A streamed JSON answer that lets go of what it holds (``held``, such as the memory
    budget's admission) once it is sent, or abandoned by its client."""

    def __init__(self, body: AsyncGenerator[bytes], held: contextlib.AsyncExitStack) -> None:
        super().__init__(body, media_type="application/json")
        self._body, self._held = body, held

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            await self._body.aclose()
            await self._held.aclose()


def producer(
    session: Session, channels: Channels, unit: str, count: int, detail: str, send: Sender
) -> Coroutine[Any, Any, None]:
    """The step of ``session``, its items sent to ``send`` (closed at its end).

    Through the session's channel when a socket is open on it (its sockets see the
    step too), else a chunk at a time in a worker thread.
    """
    channel = channels.get(session.id)
    if channel is not None and channel.session is session:
        return _through_channel(channel.step, unit, count, detail, send)
    return _alone(session, unit, count, detail, send)


async def step_stream(
    session: Session, channels: Channels, unit: str, count: int, detail: str
) -> AsyncGenerator[bytes]:
    """Start the step of ``session``; its StepResponse JSON, piece by piece.

    Raises what the step raises before its first chunk has run (a refused step is
    an error answer, not a broken stream); the iterator yields the rest as it comes.
    """
    send, receive = anyio.create_memory_object_stream[Item](math.inf)
    # The step runs to its end even if the client leaves.
    task = asyncio.ensure_future(producer(session, channels, unit, count, detail, send))
    first = await receive.receive()
    if isinstance(first, BaseException):
        await task
        raise first
    return _answer(first, receive, task)


async def _answer(
    first: Item, receive: Receiver, task: asyncio.Future[None]
) -> AsyncGenerator[bytes]:
    """The answer's bytes from the step's items (``first`` already received)."""
    yield b'{"events":['
    async with contextlib.aclosing(relay(first, receive)) as rest:
        async for piece in rest:
            yield piece
    await task


async def relay(first: Item, receive: Receiver) -> AsyncGenerator[bytes]:
    """A StepResponse's bytes after its ``{"events":[``, from the step's items (``first``
    already received) to the state's closing brace; ``receive`` is closed at the end."""
    item, started = first, False
    with receive:
        while True:
            if isinstance(item, BaseException):
                raise item  # a step that failed midway: the client sees a cut answer
            if isinstance(item, tuple):
                yield state_end(item[1])
                return
            if item:
                yield item if started else item[1:]  # no comma before the answer's first event
                started = True
            item = await receive.receive()


def _sink(send: Sender) -> Sink:
    """A chunk's events to the answer, in pieces; dropped once the answer is abandoned."""

    def to_answer(parts: list[bytes]) -> None:
        with contextlib.suppress(anyio.BrokenResourceError):  # the client left
            for piece in pieces(parts):
                send.send_nowait(piece)

    return to_answer


def put(send: Sender, item: Item) -> None:
    """Send ``item`` to the answer, unless its client has left."""
    with contextlib.suppress(anyio.BrokenResourceError):
        send.send_nowait(item)


async def _through_channel(
    step: Callable[..., Awaitable[bytes | None]],
    unit: str,
    count: int,
    detail: str,
    send: Sender,
) -> None:
    """The step run by the session's channel (its sockets see it too)."""
    with send:
        try:
            end = await step(unit, count, detail, sink=_sink(send))
            assert end is not None
            put(send, b"")  # the first item, should the step have had no events
            put(send, ("end", end))
        except Exception as e:
            put(send, e)


async def _alone(session: Session, unit: str, count: int, detail: str, send: Sender) -> None:
    """The step run here, a chunk at a time in a worker thread (no socket is open)."""
    to_answer, factored = _sink(send), FactoredEncoder()
    with send:
        try:
            run, chunk = await anyio.to_thread.run_sync(
                first_chunk, session, unit, count, set(), factored, detail
            )
            put(send, b"")  # begun: the answer may start
            state = session.state()
            while chunk is not None:
                _, parts, state = chunk
                to_answer(parts)
                if run.finished:
                    break
                chunk = await anyio.to_thread.run_sync(
                    run_chunk, session, run, set(), factored, detail
                )
            put(send, ("end", encode_json(state_payload(state))))
        except Exception as e:
            put(send, e)
