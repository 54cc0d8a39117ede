"""η, m and λ changed during a run, from its next mini-batch on: the one way both the REST
route (``PATCH /api/sessions/{id}/settings``) and the socket's ``set`` action make a change,
so that every socket of the session is told the same: a ``change`` message, then the state."""

from __future__ import annotations

from dataclasses import asdict
from functools import partial

import anyio

from app.core.records import ChangeRecord
from app.sessions.session import Session
from app.web.channel import Channel
from app.web.frames import Payload


def change_payload(change: ChangeRecord) -> Payload:
    """The ``change`` message of the protocol (``ChangeOut``)."""
    return {"type": "change", **asdict(change)}


async def change_settings(
    session: Session,
    channel: Channel | None,
    *,
    eta: float | None = None,
    batch_size: int | None = None,
    lmbda: float | None = None,
) -> Payload | None:
    """Change the settings given (None: kept) from the next mini-batch on; the change's payload,
    None if nothing changed. ConfigError naming the field for a value refused.

    ``channel`` is the session's (if a socket is open): its sockets get the change and the state.
    """
    configure = partial(session.configure, eta=eta, batch_size=batch_size, lmbda=lmbda)
    change = await anyio.to_thread.run_sync(configure)
    payload = None if change is None else change_payload(change)
    if channel is not None and channel.session is session:
        if payload is not None:
            channel.broadcast(payload)
        channel.broadcast_state()
    return payload
