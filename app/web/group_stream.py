"""A heavy group step's answer streamed member by member, as :mod:`app.web.streamed` does one.

The members step one after the other, each as a single session's streamed step does
(:func:`~app.web.streamed.producer`), each into its own stream of items; the answer
relays the streams in the group's order:
``{"id":G,"members":[{"id":M1,"events":[...],"state":{...}},...]}``, the bytes of the
answer built whole. A ``batch`` step runs its leader (the member with the largest m)
first, since the others take as many examples as it did: when the leader is not the
first member, its items wait in its stream until their turn (memory the budget admitted
for the whole answer). The members' steps run to their end whatever the client does,
so the group stays in lock step.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
from collections.abc import AsyncGenerator

import anyio
import orjson

from app.sessions.groups import examples_seen
from app.sessions.session import Session
from app.web.channels import Channels
from app.web.frames import encode_json, state_payload
from app.web.protocol import StepRequest
from app.web.streamed import Item, Receiver, Sender, producer, put, relay

Streams = dict[str, tuple[Sender, Receiver]]


def leader_of(ready: list[Session]) -> Session:
    """The member a ``batch`` group step runs first: the largest m (the first such on a tie)."""
    return max(ready, key=lambda s: s.state().batch_size)


async def group_stream(
    group_id: str,
    members: list[Session],
    ready: list[Session],
    channels: Channels,
    request: StepRequest,
) -> AsyncGenerator[bytes]:
    """Start the group step (``ready``: the members not diverged); its answer, piece by piece.

    Raises what the first member's step raises before it has run a chunk (an error
    answer, not a broken stream).
    """
    streams: Streams = {s.id: anyio.create_memory_object_stream[Item](math.inf) for s in members}
    first = leader_of(ready) if request.unit == "batch" else ready[0]
    # The steps run to their end even if the client leaves.
    task = asyncio.ensure_future(_run(members, ready, channels, request, streams))
    item = await streams[first.id][1].receive()
    if isinstance(item, BaseException):
        await task
        for _, receive in streams.values():
            receive.close()
        raise item
    return _answer(group_id, members, streams, (first.id, item), task)


async def _run(
    members: list[Session],
    ready: list[Session],
    channels: Channels,
    request: StepRequest,
    streams: Streams,
) -> None:
    """Step the members in turn; a member that does not step gets its state alone."""
    unit, count, detail = request.unit, request.count, request.detail
    stepped: set[str] = set()

    async def run(session: Session, unit: str, count: int) -> bool:
        """Step ``session``; False if the step failed (it did not move, nor diverge)."""
        stepped.add(session.id)
        before = examples_seen(session)
        await producer(session, channels, unit, count, detail, streams[session.id][0])
        return examples_seen(session) != before or session.trainer.status != "ready"

    try:
        if unit == "batch":
            leader = leader_of(ready)
            before = examples_seen(leader)
            await run(leader, "batch", count)
            done = examples_seen(leader) - before
            for session in ready:
                if session is not leader and done > 0:
                    await run(session, "example", done)
        else:
            for session in ready:
                if not await run(session, unit, count):
                    break  # the answer says why; the others stay where they are, in lock step
    finally:
        for session in members:
            if session.id not in stepped:
                send = streams[session.id][0]
                put(send, b"")
                put(send, ("end", encode_json(state_payload(session.state()))))
                send.close()


async def _answer(
    group_id: str,
    members: list[Session],
    streams: Streams,
    first: tuple[str, Item],
    task: asyncio.Future[None],
) -> AsyncGenerator[bytes]:
    """The answer's bytes: each member's relayed in turn (one item of one already received)."""
    try:
        yield b'{"id":' + orjson.dumps(group_id) + b',"members":['
        for k, session in enumerate(members):
            receive = streams[session.id][1]
            item = first[1] if session.id == first[0] else await receive.receive()
            yield b"," * (k > 0) + b'{"id":' + orjson.dumps(session.id) + b',"events":['
            async with contextlib.aclosing(relay(item, receive)) as rest:
                async for piece in rest:
                    yield piece
        yield b"]}"
        await task
    finally:  # a client that left: the steps go on, what they send is dropped
        for _, receive in streams.values():
            receive.close()
