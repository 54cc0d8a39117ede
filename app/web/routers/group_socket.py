"""A group's WebSocket (compare mode): play every member in lock step, as a session plays.

``/api/groups/{id}/stream`` takes ``play``, ``pause``, ``seen`` and ``ping`` (the session
socket's messages) and sends a ``state`` (the play's and every member's), a ``step`` per
group step (every member's events and state), and ``stopped`` or ``error`` as a session's
socket does. The play loop is :mod:`app.web.player`'s; single steps and resets stay REST.
"""

from __future__ import annotations

from typing import Annotated

import anyio
from anyio import CancelScope
from fastapi import APIRouter, Query, WebSocket
from pydantic import TypeAdapter

from app.sessions.groups import GroupNotFound, MemberGone
from app.sessions.stops import StopWhen
from app.settings import Settings
from app.web.frames import encode_json
from app.web.group_channel import GroupChannel
from app.web.limits import TOO_MANY_SOCKETS, too_many_sockets
from app.web.outbox import Outbox
from app.web.protocol import GroupClientMessage, PauseAction, PingAction, PlayAction, SeenAction
from app.web.routers.stream import (
    BAD_QUERY,
    FORBIDDEN_ORIGIN,
    NOT_FOUND,
    origin_allowed,
    read_actions,
    send_outbox,
    tell_error,
)

router = APIRouter()
DETAILS = ("summary", "none")
messages: TypeAdapter[GroupClientMessage] = TypeAdapter(GroupClientMessage)


@router.websocket("/api/groups/{group_id}/stream")
async def group_stream_socket(
    websocket: WebSocket,
    group_id: str,
    detail: Annotated[str, Query(description="summary or none")] = "summary",
) -> None:
    """Stream a group's steps and take its play messages."""
    state = websocket.app.state
    settings: Settings = state.settings
    await websocket.accept()
    if not origin_allowed(websocket, settings.allowed_origins):
        await websocket.close(FORBIDDEN_ORIGIN, "origin not allowed")
        return
    if detail not in DETAILS:
        await websocket.close(BAD_QUERY, f"detail must be one of {', '.join(DETAILS)}")
        return
    try:
        channel = state.group_channels.open(group_id, state.groups, state.channels)
    except (GroupNotFound, MemberGone) as e:
        await websocket.close(
            NOT_FOUND, "no such group" if isinstance(e, GroupNotFound) else str(e)
        )
        return
    if len(channel.outboxes) >= settings.max_sockets_per_session:
        await websocket.close(TOO_MANY_SOCKETS, too_many_sockets(settings.max_sockets_per_session))
        return
    outbox = channel.subscribe(detail)
    try:
        async with anyio.create_task_group() as tasks:
            tasks.start_soon(_receive, websocket, channel, outbox, tasks.cancel_scope, settings)
            tasks.start_soon(send_outbox, websocket, outbox, tasks.cancel_scope)
    finally:
        state.group_channels.release(channel, outbox)


async def _receive(
    websocket: WebSocket,
    channel: GroupChannel,
    outbox: Outbox,
    scope: CancelScope,
    settings: Settings,
) -> None:
    """Read play messages until the client leaves; each acts at once (none of them waits)."""
    async for action in read_actions(websocket, outbox, settings, messages):
        _act(action, channel, outbox)
    scope.cancel()


def _act(action: GroupClientMessage, channel: GroupChannel, outbox: Outbox) -> None:
    if isinstance(action, SeenAction):
        outbox.seen = action.count
    elif isinstance(action, PauseAction):
        channel.pause()
    elif isinstance(action, PingAction):
        outbox.offer(encode_json({"type": "pong"}).decode())
    elif isinstance(action, PlayAction):
        if all(s.trainer.status != "ready" for s in channel.members):
            tell_error(outbox, "every member has diverged (reset the group to start again)")
            return
        stop = StopWhen(action.stop_epochs, action.stop_cost, action.stop_accuracy)
        channel.start_play(outbox, action.unit, action.rate, stop)
