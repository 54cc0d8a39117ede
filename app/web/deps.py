"""Dependencies of the routes, as ``Annotated`` aliases.

Each is an ``async def``: FastAPI runs a plain ``def`` dependency in a worker thread, a
trip through the event loop and back (about 130 µs of CPU, and a wait for the loop's turn
when it is busy) to read one attribute. Only a session that is not simply held here is
looked up in a thread (:func:`get_session`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import anyio
from fastapi import Depends, HTTPException, Request

from app.sessions.gradients import FullSets
from app.sessions.groups import GroupStore
from app.sessions.session import Session
from app.sessions.store import SessionNotFound, SessionStore
from app.sessions.userdata import TableStore
from app.settings import Settings
from app.web.admission import Budget
from app.web.channels import Channels


async def get_settings(request: Request) -> Settings:
    """The app's settings."""
    settings: Settings = request.app.state.settings
    return settings


async def get_store(request: Request) -> SessionStore:
    """The app's session store."""
    store: SessionStore = request.app.state.store
    return store


async def get_channels(request: Request) -> Channels:
    """The app's WebSocket channels."""
    channels: Channels = request.app.state.channels
    return channels


SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[SessionStore, Depends(get_store)]
ChannelsDep = Annotated[Channels, Depends(get_channels)]


async def get_session(session_id: str, store: StoreDep) -> Session:
    """The session named in the path, or 404.

    One this process holds and that is not due to expire is found on the event loop;
    any other is looked up in a worker thread (expiry, a shared database's lease).
    """
    if (session := store.held(session_id)) is not None:
        return session
    try:
        return await anyio.to_thread.run_sync(store.get, session_id)
    except SessionNotFound:
        raise HTTPException(
            404, f"no session with id {session_id!r} (it may have expired)"
        ) from None


SessionDep = Annotated[Session, Depends(get_session)]


@dataclass(frozen=True)
class Stepping:
    """What a REST step needs: its session, the channels and the budget."""

    session: Session
    channels: Channels
    budget: Budget


async def get_stepping(session_id: str, request: Request) -> Stepping:
    """A REST step's session (as :func:`get_session`), channels and budget, in one call.

    The REST step is the request clients send many times a second, and FastAPI's work per
    dependency it solves is a good part of the step's CPU: the route calls this itself.
    """
    state = request.app.state
    return Stepping(await get_session(session_id, state.store), state.channels, state.budget)


async def client_address(request: Request) -> str:
    """Who is asking: the connection's address, or the trusted proxy's header's last address."""
    settings: Settings = request.app.state.settings
    if settings.client_address_header:
        forwarded = request.headers.get(settings.client_address_header, "")
        last = forwarded.rsplit(",", 1)[-1].strip()
        if last:
            return last
    return request.client.host if request.client else "unknown"


ClientDep = Annotated[str, Depends(client_address)]


async def get_groups(request: Request) -> GroupStore:
    """The app's store of session groups (compare mode)."""
    groups: GroupStore = request.app.state.groups
    return groups


GroupsDep = Annotated[GroupStore, Depends(get_groups)]


async def get_tables(request: Request) -> TableStore:
    """The app's store of uploaded data sets."""
    tables: TableStore = request.app.state.tables
    return tables


TablesDep = Annotated[TableStore, Depends(get_tables)]


async def get_budget(request: Request) -> Budget:
    """The app's budget for heavy work."""
    budget: Budget = request.app.state.budget
    return budget


BudgetDep = Annotated[Budget, Depends(get_budget)]


async def get_fullsets(request: Request) -> FullSets:
    """The app's cache of true gradients over whole training sets."""
    fullsets: FullSets = request.app.state.fullsets
    return fullsets


FullSetsDep = Annotated[FullSets, Depends(get_fullsets)]
