"""The WebSocket stream of a session: every example's gradient, every update.

Each socket runs a receiver (control messages in) and a sender (events
out) under one task group, as in encode/broadcaster's example: when the
client leaves, the group is cancelled and both stop, and so does the play
loop the socket started. A third task, the actor, carries out the
messages in the order they came, so the receiver keeps reading while a
long step runs: a ``cancel`` acts at once (and drops the steps and plays
still queued behind it), so does a ``pause`` (dropping the plays), and a
``seen`` only notes how far the client has got.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Annotated, TypeVar, get_args
from urllib.parse import urlsplit

import anyio
from anyio import CancelScope
from fastapi import APIRouter, Query, WebSocket, WebSocketDisconnect
from pydantic import TypeAdapter, ValidationError
from starlette.types import Message

from app.core.edits import EditConflict
from app.sessions.config import ConfigError
from app.sessions.stops import StopWhen
from app.sessions.store import SessionBusy, SessionNotFound, SessionStore
from app.settings import Settings
from app.web.changes import change_settings
from app.web.channel import Channel
from app.web.channels import Channels
from app.web.frames import encode_json
from app.web.limits import (
    TOO_MANY_SOCKETS,
    MessageGate,
    Refusal,
    check_play_rate,
    too_many_sockets,
)
from app.web.outbox import Close, Outbox
from app.web.packs import next_message
from app.web.protocol import (
    CancelAction,
    ClientMessage,
    Detail,
    EditAction,
    Format,
    PauseAction,
    PingAction,
    PlayAction,
    ResetAction,
    SeenAction,
    SetAction,
    StepAction,
)

router = APIRouter()
NOT_FOUND = 4404
TRY_AGAIN = 1013  # another server process holds the session for now
MAX_REASON = 120  # a close reason is at most 123 bytes
FORBIDDEN_ORIGIN = 4403
BAD_QUERY = 1008  # policy violation: a query parameter out of its choices
DETAILS = get_args(Detail)
FORMATS = get_args(Format)
messages: TypeAdapter[ClientMessage] = TypeAdapter(ClientMessage)
QUEUED = 64  # control messages a socket may have waiting; the receiver waits beyond that
Actions = asyncio.Queue[ClientMessage]
T = TypeVar("T")


@router.websocket("/api/sessions/{session_id}/stream")
async def stream(
    websocket: WebSocket,
    session_id: str,
    detail: Annotated[str, Query(description="full, summary or none")] = "full",
    format: Annotated[str, Query(description="json or factored")] = "json",
    pack: Annotated[str, Query(description="1: binary frames several to a message")] = "0",
) -> None:
    """Stream a session's events and take its control messages."""
    store: SessionStore = websocket.app.state.store
    channels: Channels = websocket.app.state.channels
    settings: Settings = websocket.app.state.settings
    await websocket.accept()
    if not origin_allowed(websocket, settings.allowed_origins):
        await websocket.close(FORBIDDEN_ORIGIN, "origin not allowed")
        return
    for name, value, choices in (
        ("detail", detail, DETAILS),
        ("format", format, FORMATS),
        ("pack", pack, ("0", "1")),
    ):
        if value not in choices:  # said in the close reason, not a bare 403 at the handshake
            await websocket.close(BAD_QUERY, f"{name} must be one of {', '.join(choices)}")
            return
    try:  # in a thread: a shared database may have to load it, under its lease
        session = await anyio.to_thread.run_sync(store.get, session_id)
    except SessionNotFound:
        await websocket.close(NOT_FOUND, "no such session")
        return
    except SessionBusy as e:
        await websocket.close(TRY_AGAIN, e.message[:MAX_REASON])
        return
    channel = channels.open(session)
    if len(channel.outboxes) >= settings.max_sockets_per_session:
        await websocket.close(TOO_MANY_SOCKETS, too_many_sockets(settings.max_sockets_per_session))
        return
    outbox = channel.subscribe(detail, format)
    outbox.pack = pack == "1"
    try:
        actions: Actions = asyncio.Queue(QUEUED)
        async with anyio.create_task_group() as group:
            group.start_soon(
                _receive, websocket, channel, outbox, actions, group.cancel_scope, settings
            )
            group.start_soon(_act, channel, outbox, actions)
            group.start_soon(send_outbox, websocket, outbox, group.cancel_scope)
    finally:
        channels.release(channel, outbox)


def origin_allowed(websocket: WebSocket, allowed: list[str]) -> bool:
    """A page of another site may not drive a session (cross-site WebSocket hijacking).

    Browsers always send ``Origin``: it must be this server's own host or one of
    ``allowed``. Clients that are not browsers send none and are let in.
    """
    origin = websocket.headers.get("origin")
    if origin is None:
        return True
    return urlsplit(origin).netloc == websocket.headers.get("host") or origin in allowed


async def _receive(
    websocket: WebSocket,
    channel: Channel,
    outbox: Outbox,
    actions: Actions,
    scope: CancelScope,
    settings: Settings,
) -> None:
    """Read control messages until the client leaves or breaks a limit for good.

    Each is queued for :func:`_act`, but a ``cancel`` acts at once. A socket being
    closed for a limit is read on, and what it sends dropped, until the sender has
    sent what was queued before the close (the error saying why).
    """
    async for action in read_actions(websocket, outbox, settings, messages):
        if isinstance(action, CancelAction):
            _drop_steps(actions)
            channel.cancel()
        elif isinstance(action, SeenAction):
            outbox.seen = action.count
        elif isinstance(action, PauseAction):  # at once, not after the queued actions
            _drop_steps(actions, plays_only=True)
            channel.pause()
        else:
            await actions.put(action)
    scope.cancel()


async def read_actions(
    websocket: WebSocket, outbox: Outbox, settings: Settings, adapter: TypeAdapter[T]
) -> AsyncIterator[T]:
    """The client's messages, parsed by ``adapter``, until it leaves.

    A message over the limits or not JSON text is answered with an error (or closes the
    socket) and not yielded; once the socket is closing, what the client sends is dropped.
    """
    gate, closing = MessageGate(settings), False
    try:
        while True:
            message = await websocket.receive()
            if message["type"] == "websocket.disconnect":
                return
            if closing:
                continue
            refusal = gate.admit(message_size(message))
            if refusal is not None:
                closing = refuse(refusal, outbox)
                continue
            text = message.get("text")
            if text is None:
                tell_error(outbox, "messages must be JSON text, not binary")
                continue
            action = parse_message(text, outbox, settings.max_play_rate, adapter)
            if action is not None:
                yield action
    except WebSocketDisconnect:
        return


def message_size(message: Message) -> int:
    """Bytes of a received WebSocket message, text or binary."""
    text = message.get("text")
    return len(text.encode()) if text is not None else len(message.get("bytes") or b"")


def refuse(refusal: Refusal, outbox: Outbox) -> bool:
    """Tell the client (once) why its message was dropped; True if the socket is to close."""
    if refusal.tell:
        tell_error(outbox, refusal.message)
    if refusal.close_code is not None:
        outbox.close(refusal.close_code, refusal.message)
    return refusal.close_code is not None


def _drop_steps(actions: Actions, plays_only: bool = False) -> None:
    """Forget the steps and plays (or the plays only) still waiting in the queue; keep the rest."""
    dropped = PlayAction if plays_only else StepAction | PlayAction
    kept = [a for a in iter_queue(actions) if not isinstance(a, dropped)]
    for action in kept:
        actions.put_nowait(action)


def iter_queue(actions: Actions) -> list[ClientMessage]:
    """Empty the queue; its messages in order."""
    out = []
    while not actions.empty():
        out.append(actions.get_nowait())
    return out


async def _act(channel: Channel, outbox: Outbox, actions: Actions) -> None:
    """Carry out the queued control messages one at a time, in order."""
    while True:
        action = await actions.get()
        try:
            await _dispatch(action, channel, outbox)
        except ConfigError as e:
            tell_error(outbox, e.message, e.field)
        except EditConflict as e:
            tell_error(outbox, f"no edit in the middle of a mini-batch: {e}", "action")


def parse_message(text: str, outbox: Outbox, most_rate: float, adapter: TypeAdapter[T]) -> T | None:
    """The message (one ``adapter`` reads), or None after telling the client which field is
    wrong."""
    try:
        action = adapter.validate_json(text)
        if isinstance(action, PlayAction):
            check_play_rate(action.rate, most_rate)
        return action
    except ConfigError as e:
        tell_error(outbox, e.message, e.field)
        return None
    except ValidationError as e:
        first = e.errors()[0]
        # loc is ("step", "count") for a field of an action, ("action",) for the tag itself
        loc = [str(p) for p in first["loc"]]
        if first["type"].startswith("union_tag"):  # no or unknown "action"
            loc = ["action"]
        field = ".".join(loc[1:] if len(loc) > 1 else loc) or None
        tell_error(outbox, f"{field or 'message'}: {first['msg']}", field)
        return None


async def _dispatch(action: ClientMessage, channel: Channel, outbox: Outbox) -> None:
    session = channel.session
    if isinstance(action, PingAction):
        outbox.offer(encode_json({"type": "pong"}).decode())
    elif isinstance(action, StepAction | PlayAction) and session.trainer.status != "ready":
        tell_error(outbox, f"{session.trainer.message} (send a reset to start again)", "action")
    elif isinstance(action, StepAction):
        await channel.step(action.unit, action.count)
    elif isinstance(action, PlayAction):
        stop = StopWhen(action.stop_epochs, action.stop_cost, action.stop_accuracy)
        channel.start_play(outbox, action.unit, action.rate, stop)
    elif isinstance(action, PauseAction):
        channel.pause()
    elif isinstance(action, CancelAction):
        channel.cancel()
    elif isinstance(action, EditAction):
        await channel.edit(action.layer, action.kind, action.row, action.col, action.value)
    elif isinstance(action, SetAction):
        outbox.detail = action.detail or outbox.detail
        outbox.format = action.format or outbox.format
        eta, m, lmbda = action.eta, action.batch_size, action.lmbda
        if eta is not None or m is not None or lmbda is not None:  # tells every socket
            await change_settings(session, channel, eta=eta, batch_size=m, lmbda=lmbda)
        else:
            channel.broadcast_state()
    elif isinstance(action, ResetAction):
        await channel.reset(action.seed)


def tell_error(outbox: Outbox, message: str, field: str | None = None) -> None:
    outbox.offer(encode_json({"type": "error", "message": message, "field": field}).decode())


async def send_outbox(websocket: WebSocket, outbox: Outbox, scope: CancelScope) -> None:
    """Write the outbox to the socket until it closes."""
    try:
        while True:
            item = await next_message(outbox)
            if isinstance(item, Close):
                await websocket.close(item.code, item.reason)
                break
            if isinstance(item, bytes):
                await websocket.send_bytes(item)
            else:
                await websocket.send_text(item)
    except (WebSocketDisconnect, RuntimeError, OSError):
        pass
    scope.cancel()
