"""Dependencies of the routes, as ``Annotated`` aliases."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request

from app.sessions.gradients import FullSets
from app.sessions.groups import GroupStore
from app.sessions.session import Session
from app.sessions.store import SessionNotFound, SessionStore
from app.sessions.userdata import TableStore
from app.settings import Settings
from app.web.admission import Budget
from app.web.channels import Channels


def get_settings(request: Request) -> Settings:
    """The app's settings."""
    settings: Settings = request.app.state.settings
    return settings


def get_store(request: Request) -> SessionStore:
    """The app's session store."""
    store: SessionStore = request.app.state.store
    return store


def get_channels(request: Request) -> Channels:
    """The app's WebSocket channels."""
    channels: Channels = request.app.state.channels
    return channels


SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[SessionStore, Depends(get_store)]
ChannelsDep = Annotated[Channels, Depends(get_channels)]


def get_session(session_id: str, store: StoreDep) -> Session:
    """The session named in the path, or 404."""
    try:
        return store.get(session_id)
    except SessionNotFound:
        raise HTTPException(
            404, f"no session with id {session_id!r} (it may have expired)"
        ) from None


SessionDep = Annotated[Session, Depends(get_session)]


def client_address(request: Request) -> str:
    """Who is asking: the connection's address, or the trusted proxy's header's last address."""
    settings: Settings = request.app.state.settings
    if settings.client_address_header:
        forwarded = request.headers.get(settings.client_address_header, "")
        last = forwarded.rsplit(",", 1)[-1].strip()
        if last:
            return last
    return request.client.host if request.client else "unknown"


ClientDep = Annotated[str, Depends(client_address)]


def get_groups(request: Request) -> GroupStore:
    """The app's store of session groups (compare mode)."""
    groups: GroupStore = request.app.state.groups
    return groups


GroupsDep = Annotated[GroupStore, Depends(get_groups)]


def get_tables(request: Request) -> TableStore:
    """The app's store of uploaded data sets."""
    tables: TableStore = request.app.state.tables
    return tables


TablesDep = Annotated[TableStore, Depends(get_tables)]


def get_budget(request: Request) -> Budget:
    """The app's budget for heavy work."""
    budget: Budget = request.app.state.budget
    return budget


BudgetDep = Annotated[Budget, Depends(get_budget)]


def get_fullsets(request: Request) -> FullSets:
    """The app's cache of true gradients over whole training sets."""
    fullsets: FullSets = request.app.state.fullsets
    return fullsets


FullSetsDep = Annotated[FullSets, Depends(get_fullsets)]
