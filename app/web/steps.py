"""A step of a session run in a worker thread, a chunk at a time, under the session's lock.

Each chunk's events are encoded there too (:func:`~app.web.messages.encode_event`),
so the event loop only moves bytes; a REST step also gets its answer's JSON. Before a
full-detail step starts, :func:`check_frame_budget` refuses one whose frames would be
too big to send.
"""

from __future__ import annotations

from app.core.events import ExampleEvent
from app.sessions.chunks import StepRun
from app.sessions.config import ConfigError
from app.sessions.session import Session
from app.sessions.state import State
from app.web.factored import FactoredEncoder
from app.web.frames import encode_json, event_payload, state_payload
from app.web.messages import encode_event
from app.web.outbox import Key, Message

Chunk = tuple[list[tuple[bool, dict[Key, Message]]], list[bytes], State]
"""A step's chunk: each event's messages (and whether it is essential), its REST JSON, the state."""


def run_step(
    session: Session, unit: str, count: int, keys: set[Key], rest_detail: str | None
) -> tuple[list[tuple[bool, dict[Key, Message]]], bytes | None, State]:
    """Step ``session`` and encode its events once per (detail, format) in ``keys``; in a thread.

    Returns each event's messages with whether it is essential (not an
    example frame), the REST answer (events for ``rest_detail`` and the
    state) when asked, and the state after the step.
    """
    run = begin_run(session, unit, count, keys, rest_detail)
    out: list[tuple[bool, dict[Key, Message]]] = []
    parts: list[bytes] = []
    state = session.state()
    factored = FactoredEncoder()
    while not run.finished:
        chunk_out, chunk_parts, state = run_chunk(session, run, keys, factored, rest_detail)
        out += chunk_out
        parts += chunk_parts
    return out, rest_answer(parts, state) if rest_detail is not None else None, state


def begin_run(
    session: Session,
    unit: str,
    count: int,
    keys: set[Key],
    rest_detail: str | None,
    to_epoch_end: bool = False,
) -> StepRun:
    """A step of ``session`` to run in chunks, emitting events if any reader wants them.

    ``to_epoch_end``: no further than the end of the current epoch. In a thread.
    """
    details = {d for d, _ in keys} | ({rest_detail} if rest_detail else set())
    if "full" in details:
        factored = rest_detail != "full" and all(f == "factored" for d, f in keys if d == "full")
        check_frame_budget(session, unit, count, factored)
    with session.lock:
        if to_epoch_end:
            count = min(count, session.units_to_epoch_end(unit))
        return session.start_run(unit, count, emit=details != {"none"} and bool(details))


def first_chunk(
    session: Session,
    unit: str,
    count: int,
    keys: set[Key],
    factored: FactoredEncoder,
    rest_detail: str | None,
    to_epoch_end: bool = False,
) -> tuple[StepRun, Chunk | None]:
    """:func:`begin_run` and its first chunk in one trip to a thread (most steps are one chunk)."""
    run = begin_run(session, unit, count, keys, rest_detail, to_epoch_end)
    return run, None if run.finished else run_chunk(session, run, keys, factored, rest_detail)


def run_chunk(
    session: Session,
    run: StepRun,
    keys: set[Key],
    factored: FactoredEncoder,
    rest_detail: str | None,
) -> Chunk:
    """One chunk of ``run``: its events' messages (factored frames by the session's
    ``factored`` encoder), their REST JSON and the state; in a thread."""
    with session.lock:  # frames read the mini-batch's trace: no other step meanwhile
        events = session.run_chunk(run)
        out = [(not isinstance(e, ExampleEvent), encode_event(e, keys, factored)) for e in events]
        parts = []
        if rest_detail is not None:
            parts = [
                encode_json(p) for e in events if (p := event_payload(e, rest_detail)) is not None
            ]
        return out, parts, session.state()


def rest_answer(parts: list[bytes], state: State) -> bytes:
    """The protocol's StepResponse from its events' JSON ``parts`` and the state."""
    state_json = encode_json(state_payload(state))
    return b'{"events":[' + b",".join(parts) + b'],"state":' + state_json + b"}"


def check_frame_budget(session: Session, unit: str, count: int, factored: bool = False) -> None:
    """ConfigError("count") when the full-detail frames of this step would be too big to send.

    ``factored``: every full-detail reader takes factored frames, which hold fewer numbers.
    """
    if count <= session.full_units(unit, factored):  # kept by the session: most steps end here
        return
    floats = session.frame_floats(unit, count, factored)
    most = session.limits.max_frame_floats
    if floats > most:
        raise ConfigError(
            "count",
            f"count: {count} {unit} step(s) at full detail is about {floats:,} numbers to send; "
            f"the limit is {most:,}: step less at a time, or ask for detail summary or none",
        )
