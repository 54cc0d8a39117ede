"""Groups of sessions over REST (compare mode): create, inspect, step in lock step, delete.

Lock step means *the same number of examples*: every member has seen as many examples as
the others after every group step. ``example`` and ``epoch`` steps do that by themselves (the
members share ``n_train``). A ``batch`` step takes one mini-batch of the member with the
largest m (the first such on a tie), and every other member the same number of examples: with
equal m that is one mini-batch each; with m = 1 beside m = 10 it is ten of the small ones.
"""

from __future__ import annotations

import contextlib
from typing import Annotated

from fastapi import APIRouter, Body, Depends, HTTPException, Request, Response, status

from app.sessions.config import ConfigError, RunConfig
from app.sessions.groups import Group, GroupNotFound, MemberGone
from app.sessions.session import Session
from app.web.channels import Channels
from app.web.deps import BudgetDep, ChannelsDep, ClientDep, GroupsDep
from app.web.frames import config_payload, encode_json, state_payload
from app.web.group_channel import GroupChannels
from app.web.group_steps import group_answer, step_members
from app.web.group_stream import group_stream
from app.web.protocol import (
    GroupCreate,
    GroupOut,
    GroupStepResponse,
    ResetRequest,
    SessionCreate,
    StepRequest,
)
from app.web.routers.sessions import (
    admit_step,
    is_heavy,
    json_response,
    reset_session,
)
from app.web.steps import check_frame_budget
from app.web.streamed import StepStream

router = APIRouter(prefix="/api/groups", tags=["groups"])


def find_group(groups: GroupsDep, group_id: str) -> Group:
    """The group, or 404."""
    try:
        return groups.get(group_id)
    except GroupNotFound:
        raise HTTPException(404, f"no group with id {group_id!r} (it may have expired)") from None


def members_of(groups: GroupsDep, group: Group) -> list[Session]:
    """The group's sessions, or 409 naming the one that went."""
    try:
        return groups.members(group)
    except MemberGone as e:
        raise HTTPException(
            status.HTTP_409_CONFLICT,
            f"{e}: the group cannot step in lock step any more (DELETE it and create another)",
        ) from None


def group_json(group: Group, members: list[Session], status_code: int = 200) -> Response:
    """The protocol's GroupOut."""
    body = {
        "id": group.id,
        "sessions": [
            {"id": s.id, "config": config_payload(s.config), "state": state_payload(s.state())}
            for s in members
        ],
        "variants": list(group.variants),
    }
    response = json_response(encode_json(body), status_code)
    if status_code == status.HTTP_201_CREATED:  # where they are: a proxy pins the ids here
        response.headers["Location"] = f"/api/groups/{group.id}"
        response.headers["X-Nabla-Ids"] = ", ".join([group.id, *(s.id for s in members)])
    return response


@router.post("", status_code=status.HTTP_201_CREATED, response_model=GroupOut)
def create_group(
    groups: GroupsDep, client: ClientDep, body: Annotated[GroupCreate | None, Body()] = None
) -> Response:
    """Create 2 or 3 sessions from the same config, differing only as their variants say."""
    request = body or GroupCreate()
    fields = request.model_dump(include=set(SessionCreate.model_fields))
    fields["sizes"] = tuple(fields["sizes"]) if fields["sizes"] is not None else None
    variants = [v.model_dump(exclude_none=True) for v in request.variants]
    group = groups.create(RunConfig(**fields), variants, owner=client)
    return group_json(group, groups.members(group), status.HTTP_201_CREATED)


@router.get("/{group_id}", response_model=GroupOut)
def get_group(group_id: str, groups: GroupsDep) -> Response:
    """Show the members' configurations and states."""
    group = find_group(groups, group_id)
    return group_json(group, members_of(groups, group))


def _examples_per_step(members: list[Session], unit: str, count: int) -> int:
    """How many examples each member runs through in a group step, at most."""
    if unit == "batch":
        return count * max(s.state().batch_size for s in members)
    return members[0].examples_in(unit, count)


@router.post("/{group_id}/step", response_model=GroupStepResponse)
async def step_group(
    group_id: str,
    groups: GroupsDep,
    channels: ChannelsDep,
    budget: BudgetDep,
    body: Annotated[StepRequest | None, Body()] = None,
) -> Response:
    """Advance every member by the same number of examples; return each one's events."""
    request = body or StepRequest()
    group = find_group(groups, group_id)
    members = members_of(groups, group)
    examples = _examples_per_step(members, request.unit, request.count)
    most = members[0].limits.max_step_examples
    if examples > most:  # before the budget: a 422 naming count
        raise ConfigError(
            "count",
            f"{request.count} {request.unit} step(s) is {examples:,} examples for each member; "
            f"one request may run at most {most:,}",
        )
    async with contextlib.AsyncExitStack() as held:
        await held.enter_async_context(
            admit_step(budget, members, "example", examples, request.detail)
        )
        ready = _ready(members, request)
        if not is_heavy(ready, "example", examples, request.detail):
            return await _step_whole(group, members, ready, channels, request)
        answer = await group_stream(group.id, members, ready, channels, request)
        return StepStream(answer, held.pop_all())  # admitted until the answer is sent


def _ready(members: list[Session], request: StepRequest) -> list[Session]:
    """The members that have not diverged, each checked before any steps; 409 if none.

    Checked before any member steps, so a refused step leaves them in lock step.
    """
    ready = [s for s in members if s.trainer.status == "ready"]
    if not ready:
        raise HTTPException(
            status.HTTP_409_CONFLICT,
            "every member has diverged (POST .../reset to start again): "
            + " ".join(s.trainer.message for s in members),
        )
    examples = _examples_per_step(ready, request.unit, request.count)
    for session in ready:
        if request.detail == "full":
            check_frame_budget(session, "example", examples)
    return ready


async def _step_whole(
    group: Group,
    members: list[Session],
    ready: list[Session],
    channels: Channels,
    request: StepRequest,
) -> Response:
    """A light group step (summary, short), its answer built whole."""
    answers = await step_members(ready, channels, request.unit, request.count, request.detail)
    return json_response(group_answer(group.id, members, answers))


def get_group_channels(request: Request) -> GroupChannels:
    """The groups' WebSocket channels (compare mode's sockets and their play loops)."""
    held: GroupChannels = request.app.state.group_channels
    return held


GroupChannelsDep = Annotated[GroupChannels, Depends(get_group_channels)]


@router.post("/{group_id}/reset", response_model=GroupOut)
async def reset_group(
    group_id: str,
    groups: GroupsDep,
    channels: ChannelsDep,
    group_channels: GroupChannelsDep,
    body: Annotated[ResetRequest | None, Body()] = None,
) -> Response:
    """Reset every member: with the same seed for all, the same initial weights and order again."""
    group = find_group(groups, group_id)
    members = members_of(groups, group)
    seed = (body or ResetRequest()).seed

    async def reset_member(session: Session) -> None:
        await reset_session(session, channels, seed)

    if (held := group_channels.by_id.get(group.id)) is not None:
        await held.reset(reset_member)  # its sockets' play stops, and they hear the new state
    else:
        for session in members:
            await reset_member(session)
    return group_json(group, members)


@router.delete("/{group_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_group(group_id: str, groups: GroupsDep) -> None:
    """Delete the group and its members (their sockets are closed)."""
    try:
        groups.delete(group_id)
    except GroupNotFound:
        raise HTTPException(404, f"no group with id {group_id!r} (it may have expired)") from None
