"""Saved runs: export a session as a JSON snapshot, import one as a new session."""

from __future__ import annotations

import anyio
from fastapi import APIRouter, Request, Response, status

from app.sessions.config import ConfigError
from app.sessions.session import Session
from app.sessions.store import SessionStore
from app.web.admission import BYTES_PER_IMPORT_BYTE
from app.web.deps import BudgetDep, ClientDep, SessionDep, SettingsDep, StoreDep
from app.web.frames import encode_json
from app.web.protocol import RunSnapshot, SessionOut
from app.web.routers.sessions import session_json
from app.web.runs import parse_snapshot, snapshot_config, snapshot_payload, snapshot_state

router = APIRouter(prefix="/api/sessions", tags=["runs"])
SCHEMA = {"schema": {"$ref": "#/components/schemas/RunSnapshot"}}  # read by hand, documented


@router.get("/{session_id}/export", response_model=RunSnapshot)
def export_run(session: SessionDep) -> Response:
    """Save the whole run (config, weights, cursor, history) as a versioned JSON snapshot."""
    config, state = session.capture()
    return Response(
        encode_json(snapshot_payload(config, state)),
        media_type="application/json",
        headers={"content-disposition": f'attachment; filename="nabla-run-{session.id[:8]}.json"'},
    )


@router.post(
    "/import",
    status_code=status.HTTP_201_CREATED,
    response_model=SessionOut,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/RunSnapshot"}}
            },
        }
    },
)
async def import_run(
    request: Request, store: StoreDep, settings: SettingsDep, client: ClientDep, budget: BudgetDep
) -> Response:
    """Go on from a snapshot of GET .../export, as a new session with a new id."""
    declared = request.headers.get("content-length", "")
    size = int(declared) if declared.isdigit() else settings.max_import_bytes
    size = min(size, settings.max_import_bytes)
    async with budget.admit(BYTES_PER_IMPORT_BYTE * size, "this import"):
        body = await read_body(request, settings.max_import_bytes)
        session = await anyio.to_thread.run_sync(restore_run, store, body, client)
    return session_json(session, status.HTTP_201_CREATED)


async def read_body(request: Request, most: int) -> bytes:
    """The request body; ConfigError("body") as soon as it grows past ``most`` bytes."""
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > most:
            raise ConfigError(
                "body", f"a saved run may be at most {most:,} bytes; this one is larger"
            )
        chunks.append(chunk)
    return b"".join(chunks)


def restore_run(store: SessionStore, body: bytes, owner: str = "") -> Session:
    """Validate ``body``, check its config against the limits, then build the session; a thread."""
    run = parse_snapshot(body)
    config = snapshot_config(run)
    resolved = store.check(config)  # the limits, before any array is built
    assert resolved.sizes is not None
    store.make_room(owner)  # a 429 before the arrays are built
    return store.restore(resolved, snapshot_state(run, resolved.sizes), owner)
