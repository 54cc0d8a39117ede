"""Training sessions over REST: create, inspect, step, reset, delete."""

from __future__ import annotations

import contextlib
import itertools
import math
from dataclasses import asdict
from typing import Annotated, Literal

import anyio
from fastapi import APIRouter, Body, HTTPException, Query, Request, Response, status
from fastapi.exceptions import RequestValidationError

from app.core.edits import EditConflict
from app.core.snapshot import record_dict
from app.sessions.chunks import CHUNK_EXAMPLES
from app.sessions.config import ConfigError, RunConfig
from app.sessions.session import PREDICT_FLOATS, Session
from app.web.admission import BYTES_PER_FRAME_FLOAT, Budget
from app.web.changes import change_payload, change_settings
from app.web.channels import Channels
from app.web.deps import (
    BudgetDep,
    ChannelsDep,
    ClientDep,
    SessionDep,
    SettingsDep,
    StoreDep,
    get_stepping,
)
from app.web.frames import config_payload, encode_json, event_payload, state_payload
from app.web.protocol import (
    CurrentBatchOut,
    EditRequest,
    EditResponse,
    HistoryOut,
    NetworkOut,
    PredictOut,
    ResetRequest,
    SessionCreate,
    SessionOut,
    SettingsPatch,
    SettingsResponse,
    StepRequest,
    StepResponse,
)
from app.web.steps import check_frame_budget, run_step
from app.web.streamed import StepStream, step_stream
from app.web.threads import in_thread

router = APIRouter(prefix="/api/sessions", tags=["sessions"])


def json_response(content: bytes, status_code: int = 200) -> Response:
    """Already-encoded JSON: big arrays skip a second validation on the way out."""
    return Response(content, status_code=status_code, media_type="application/json")


def session_json(session: Session, status_code: int = 200) -> Response:
    """The protocol's SessionOut for ``session``."""
    body = {
        "id": session.id,
        "config": config_payload(session.config),
        "state": state_payload(session.state()),
    }
    response = json_response(encode_json(body), status_code)
    if status_code == status.HTTP_201_CREATED:  # where it is: a proxy pins the id to this process
        response.headers["Location"] = f"/api/sessions/{session.id}"
        response.headers["X-Nabla-Ids"] = session.id
    return response


@router.post("", status_code=status.HTTP_201_CREATED, response_model=SessionOut)
def create_session(
    store: StoreDep, client: ClientDep, body: Annotated[SessionCreate | None, Body()] = None
) -> Response:
    """Create a session; every field left out takes the data set's default."""
    fields = (body or SessionCreate()).model_dump()
    fields["sizes"] = tuple(fields["sizes"]) if fields["sizes"] is not None else None
    return session_json(store.create(RunConfig(**fields), client), status.HTTP_201_CREATED)


@router.get("/{session_id}", response_model=SessionOut)
def get_session(session: SessionDep) -> Response:
    """Show a session's configuration and state."""
    return session_json(session)


@router.get("/{session_id}/network", response_model=NetworkOut)
def get_network(session: SessionDep) -> Response:
    """Show the current weights and biases."""
    weights, biases = session.parameters()
    return json_response(
        encode_json(
            {"sizes": list(session.trainer.network.sizes), "weights": weights, "biases": biases}
        )
    )


@router.post("/{session_id}/step", response_model=StepResponse)
async def step(
    session_id: str, http: Request, body: Annotated[StepRequest | None, Body()] = None
) -> Response:
    """Advance training by examples, mini-batches or epochs; return the events."""
    # No dependency: the one clients send many times a second, and FastAPI's work per
    # dependency it solves is a good part of its CPU (bench/cost.py).
    stepping = await get_stepping(session_id, http)
    request = body or StepRequest()
    session, channels, budget = stepping.session, stepping.channels, stepping.budget
    if session.trainer.status != "ready":
        raise HTTPException(
            status.HTTP_409_CONFLICT, f"{session.trainer.message} (POST .../reset to start again)"
        )
    unit, count, detail = request.unit, request.count, request.detail
    async with contextlib.AsyncExitStack() as held:
        await held.enter_async_context(admit_step(budget, [session], unit, count, detail))
        if not is_heavy([session], unit, count, detail):
            return json_response(await step_json(session, channels, unit, count, detail))
        answer = await step_stream(session, channels, unit, count, detail)
        return StepStream(answer, held.pop_all())  # admitted until the answer is sent


def is_heavy(sessions: list[Session], unit: str, count: int, detail: str) -> bool:
    """Full-detail or long: a step whose answer is streamed, admitted by the budget."""
    return detail == "full" or sum(s.examples_in(unit, count) for s in sessions) > CHUNK_EXAMPLES


def admit_step(
    budget: Budget, sessions: list[Session], unit: str, count: int, detail: str
) -> contextlib.AbstractAsyncContextManager[None]:
    """The budget's admission of a step of ``sessions``: heavy if full-detail or long.

    A step over the limits is refused first (a 422 naming ``count``), before any budget."""
    for session in sessions:
        session.check_step(unit, count)
    if not is_heavy(sessions, unit, count, detail):
        return contextlib.nullcontext()
    if detail == "full":
        for session in sessions:
            check_frame_budget(session, unit, count)  # over NABLA_MAX_FRAME_FLOATS: a 422
        floats = sum(s.frame_floats(unit, count) for s in sessions)
        return budget.admit(BYTES_PER_FRAME_FLOAT * floats, "count: this full-detail step")
    return budget.admit(0, "count: this long step")


async def step_json(
    session: Session, channels: Channels, unit: str, count: int, detail: str
) -> bytes:
    """Step ``session`` (through its channel if a socket is open); the StepResponse JSON."""
    channel = channels.get(session.id)
    if channel is not None and channel.session is session:
        rest = await channel.step(unit, count, detail)
    else:
        _, rest, _ = await in_thread(run_step, session, unit, count, set(), detail)
    assert rest is not None
    return rest


@router.post("/{session_id}/edit", response_model=EditResponse)
async def edit(session: SessionDep, channels: ChannelsDep, body: EditRequest) -> Response:
    """Set one weight or bias by hand, between two mini-batches; return the edit event."""
    channel = channels.get(session.id)
    args = (body.layer, body.kind, body.row, body.col, body.value)
    payload: object
    try:
        if channel is not None and channel.session is session:
            payload = await channel.edit(*args)
        else:
            payload = event_payload(await anyio.to_thread.run_sync(session.edit, *args), "full")
    except EditConflict as e:
        raise HTTPException(status.HTTP_409_CONFLICT, f"no edit now: {e}") from e
    body_json = {"event": payload, "state": state_payload(session.state())}
    return json_response(encode_json(body_json))


@router.get("/{session_id}/batch", response_model=CurrentBatchOut)
def get_batch(
    session: SessionDep, detail: Annotated[Literal["full", "summary"], Query()] = "full"
) -> Response:
    """Show the examples of the mini-batch under way so far, as the stream sent them."""
    try:
        examples, start, state = session.examples_so_far(full=detail == "full")
    except ConfigError as e:  # too big at full detail: a 422 on the query's field
        raise RequestValidationError(
            [{"loc": ("query", e.field), "msg": e.message, "type": "value_error"}]
        ) from e
    parts = [encode_json(event_payload(e, detail)) for e in examples]
    start_json = b"null"
    if start is not None:
        start_json = encode_json({"weights": start.weights, "biases": start.biases})
    state_json = encode_json(state_payload(state))
    return json_response(
        b'{"examples":['
        + b",".join(parts)
        + b'],"start":'
        + start_json
        + b',"state":'
        + state_json
        + b"}"
    )


@router.get("/{session_id}/history", response_model=HistoryOut)
def get_history(session: SessionDep) -> Response:
    """Show the mean cost of every mini-batch and the metrics of every epoch."""
    history = session.history()
    updates = history.updates.rows()
    # no times; the warning always there, as in the epoch's event (a record keeps it if set)
    epochs = [{"type": "epoch", "warning": "", **record_dict(e)} for e in history.epochs]
    edits = [{"type": "edit", **asdict(e)} for e in history.edits]
    changes = [change_payload(c) for c in history.changes]
    body = {"updates": updates, "epochs": epochs, "edits": edits, "changes": changes}
    return json_response(encode_json(body))


@router.patch("/{session_id}/settings", response_model=SettingsResponse)
async def change_session_settings(
    session: SessionDep, channels: ChannelsDep, body: SettingsPatch
) -> Response:
    """Change η, m and/or λ from the next mini-batch on, without a new run (422 names a field)."""
    channel = channels.get(session.id)
    change = await change_settings(
        session, channel, eta=body.eta, batch_size=body.batch_size, lmbda=body.lmbda
    )
    answer = {
        "change": change,
        "config": config_payload(session.config),
        "state": state_payload(session.state()),
    }
    return json_response(encode_json(answer))


@router.get("/{session_id}/predict", response_model=PredictOut)
async def predict(
    session: SessionDep,
    settings: SettingsDep,
    budget: BudgetDep,
    resolution: Annotated[int, Query(ge=2, le=200)] = 50,
) -> Response:
    """Show the network's outputs on a grid over a 2-D data set's inputs.

    A wide network is drawn at the largest resolution whose grid costs at most
    ``NABLA_MAX_GRID_WORK`` multiply-adds (the answer's ``resolution`` says which).
    """
    if session.data.n_inputs != 2:
        raise HTTPException(status.HTTP_409_CONFLICT, f"{session.data.name} is not a 2-D data set")
    sizes = session.trainer.network.sizes
    per_point = sum(a * b + b for a, b in itertools.pairwise(sizes))
    resolution = max(2, min(resolution, math.isqrt(settings.max_grid_work // max(1, per_point))))
    nbytes = 3 * 8 * PREDICT_FLOATS + 64 * resolution**2 * sizes[-1]
    async with budget.admit(nbytes, "this prediction"):
        xs, ys, outputs = await anyio.to_thread.run_sync(session.predict, resolution)
        return json_response(
            encode_json({"resolution": resolution, "xs": xs, "ys": ys, "outputs": outputs})
        )


@router.post("/{session_id}/reset", response_model=SessionOut)
async def reset(
    session: SessionDep, channels: ChannelsDep, body: Annotated[ResetRequest | None, Body()] = None
) -> Response:
    """Go back to epoch 0 with the same configuration (a new seed draws new weights)."""
    await reset_session(session, channels, (body or ResetRequest()).seed)
    return session_json(session)


async def reset_session(session: Session, channels: Channels, seed: int | None) -> None:
    """Reset ``session``: its play loop stops, its sockets are sent the new state."""
    channel = channels.get(session.id)
    if channel is not None:
        await channel.reset(seed)
    else:
        await anyio.to_thread.run_sync(session.reset, seed)


@router.delete("/{session_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_session(session: SessionDep, store: StoreDep) -> None:
    """Delete a session for good; its sockets are closed."""
    store.delete(session.id)
