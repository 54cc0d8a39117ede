"""A light group step, its answer built whole: the REST step's and the group socket's.

Each member steps through its own channel (:func:`~app.web.routers.sessions.step_json`),
so its own sockets see the events too. Lock step means the same number of examples: a
``batch`` step runs the leader (the largest m) first and every other member as many
examples as it took.
"""

from __future__ import annotations

import orjson

from app.sessions.groups import examples_seen
from app.sessions.session import Session
from app.web.channels import Channels
from app.web.frames import encode_json, state_payload
from app.web.group_stream import leader_of
from app.web.routers.sessions import step_json


async def step_members(
    ready: list[Session], channels: Channels, unit: str, count: int, detail: str
) -> dict[str, bytes]:
    """Step the ``ready`` members in lock step; each one's StepResponse JSON by id."""
    answers: dict[str, bytes] = {}
    if unit == "batch":
        leader = leader_of(ready)
        before = examples_seen(leader)
        answers[leader.id] = await step_json(leader, channels, "batch", count, detail)
        done = examples_seen(leader) - before
        for session in ready:
            if session is not leader and done > 0:
                answers[session.id] = await step_json(session, channels, "example", done, detail)
    else:
        for session in ready:
            answers[session.id] = await step_json(session, channels, unit, count, detail)
    return answers


def group_answer(group_id: str, members: list[Session], answers: dict[str, bytes]) -> bytes:
    """``{"id":G,"members":[{"id":M,"events":[...],"state":{...}},...]}``: a member with no
    answer (it did not step) gets its state and no events."""
    parts = []
    for session in members:
        answer = answers.get(session.id) or encode_json(
            {"events": [], "state": state_payload(session.state())}
        )
        # {"events": …, "state": …} with the member's id in front, without decoding it again
        parts.append(b'{"id":' + orjson.dumps(session.id) + b"," + answer[1:])
    return b'{"id":' + orjson.dumps(group_id) + b',"members":[' + b",".join(parts) + b"]}"
