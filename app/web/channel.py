"""Streaming a session to its WebSockets: broadcast and the play loop.

A :class:`Channel` serves every socket open on one session. Whatever steps
the session (a socket's ``step``, its play loop, or a REST step) goes
through :meth:`Channel.step`, so every socket sees the same sequence. The
training and the encoding run in a worker thread, under the session's lock;
the event loop only moves bytes.

A slow reader never makes the server buffer without bound: each socket's
:class:`Outbox` holds at most ``LIMIT`` bytes; an example frame that does
not fit is skipped (and counted), and the play loop slows down to the pace
of the fastest reader rather than run ahead of every one.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import asdict

import anyio

from app.core.events import Event, ExampleEvent
from app.sessions.config import ConfigError
from app.sessions.runs import StepRun
from app.sessions.session import Session
from app.sessions.state import State
from app.sessions.stops import StopWhen
from app.web.factored import encode_example, encode_factored
from app.web.frames import config_payload, encode_binary, encode_json, event_payload, state_payload
from app.web.outbox import LIMIT, Key, Message, Outbox, running_loop

Chunk = tuple[list[tuple[bool, dict[Key, Message]]], list[bytes], State]
"""A step's chunk: each event's messages (and whether it is essential), its REST JSON, the state."""

STATE_EVERY = 1.0  # seconds between state messages while playing
CHUNK_SECONDS = 0.02  # unlimited play: aim for steps that take this long


def encode(payload: dict[str, object], fmt: str) -> Message:
    """JSON text, a binary frame (NBL1) or a factored one (NBL2)."""
    if fmt == "factored":
        return encode_factored(payload)
    return encode_binary(payload) if fmt == "binary" else encode_json(payload).decode()


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
    while not run.finished:
        chunk_out, chunk_parts, state = run_chunk(session, run, keys, rest_detail)
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
    rest_detail: str | None,
    to_epoch_end: bool = False,
) -> tuple[StepRun, Chunk | None]:
    """:func:`begin_run` and its first chunk in one trip to a thread (most steps are one chunk)."""
    run = begin_run(session, unit, count, keys, rest_detail, to_epoch_end)
    return run, None if run.finished else run_chunk(session, run, keys, rest_detail)


def run_chunk(session: Session, run: StepRun, keys: set[Key], rest_detail: str | None) -> Chunk:
    """One chunk of ``run``: its events' messages, their REST JSON and the state; in a thread."""
    with session.lock:  # frames read the mini-batch's trace: no other step meanwhile
        events = session.run_chunk(run)
        out = [(not isinstance(e, ExampleEvent), encode_event(e, keys)) for e in events]
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
    floats = session.frame_floats(unit, count, factored)
    most = session.limits.max_frame_floats
    if floats > most:
        raise ConfigError(
            "count",
            f"count: {count} {unit} step(s) at full detail is about {floats:,} numbers to send; "
            f"the limit is {most:,}: step less at a time, or ask for detail summary or none",
        )


def encode_event(event: Event, keys: set[Key]) -> dict[Key, Message]:
    """``event`` encoded once for each (detail, format) in ``keys`` (None: that detail omits it)."""
    payloads: dict[str, dict[str, object] | None] = {}
    messages: dict[Key, Message] = {}
    for detail, fmt in keys:
        if detail == "full" and fmt == "factored" and (frame := encode_example(event)) is not None:
            messages[(detail, fmt)] = frame  # an example's frame without its payload dict
            continue
        if detail not in payloads:
            payloads[detail] = event_payload(event, detail)
        payload = payloads[detail]
        if payload is not None:
            messages[(detail, fmt)] = encode(payload, fmt)
    return messages


class Channel:
    """The sockets open on one session, and its play loop."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.outboxes: set[Outbox] = set()
        self.player: asyncio.Task[None] | None = None
        self.player_owner: Outbox | None = None
        self.play_unit: str | None = None
        self.rate: float | None = None
        self.throttled = False
        self._stepping = asyncio.Lock()
        self._pending = 0  # steps asked for and not yet sent
        self._cancelling = False  # a cancel came: steps stop at their next chunk's end
        self.stop_when = StopWhen()
        self.last_step_bytes = 0  # the most bytes one socket was sent by the last step

    def subscribe(self, detail: str, fmt: str) -> Outbox:
        """A new socket's outbox, greeted with the state."""
        outbox = Outbox(detail, fmt)
        self.outboxes.add(outbox)
        outbox.offer(self.state_message(outbox, self.session.state()))
        return outbox

    def unsubscribe(self, outbox: Outbox) -> None:
        """A socket left; its play loop stops with it."""
        self.outboxes.discard(outbox)
        if self.player_owner is outbox:
            self.pause()

    async def step(
        self, unit: str, count: int, rest_detail: str | None = None, to_epoch_end: bool = False
    ) -> bytes | None:
        """Step off the event loop, send the events to every socket, return REST's answer.

        Steps run one at a time, in the order they were asked for, and a step once asked
        for runs to its end and sends its events even if its caller is cancelled (a pause
        cancels the play loop): no socket ever misses an event of a step the session made.
        Only :meth:`cancel` stops a step early, between two of its chunks.
        """
        self._pending += 1  # counted now, so a pause before the step starts still waits for it
        return await asyncio.shield(
            asyncio.ensure_future(self._step(unit, count, rest_detail, to_epoch_end))
        )

    async def _step(
        self, unit: str, count: int, rest_detail: str | None, to_epoch_end: bool
    ) -> bytes | None:
        try:
            async with self._stepping:
                return await self._run(unit, count, rest_detail, to_epoch_end)
        finally:
            self._pending -= 1
            if not self._pending:
                self._cancelling = False

    async def _run(
        self, unit: str, count: int, rest_detail: str | None, to_epoch_end: bool
    ) -> bytes | None:
        """Run a step a chunk at a time, sending each chunk's events (and progress) as it ends."""
        state = self.session.state()
        if self._cancelling:  # asked for before a cancel: it does not start
            return rest_answer([], state) if rest_detail is not None else None
        keys = {o.key for o in self.outboxes}
        run, chunk = await anyio.to_thread.run_sync(
            first_chunk, self.session, unit, count, keys, rest_detail, to_epoch_end
        )
        parts: list[bytes] = []
        sent: dict[Key, int] = {}
        while chunk is not None:
            out, chunk_parts, state = chunk
            parts += chunk_parts
            self._offer(out, sent)
            stop = self._cancelling and not run.finished
            if run.chunked:
                self._broadcast(
                    {
                        "type": "progress",
                        "unit": unit,
                        "count": count,
                        "done": run.done,
                        "total": run.total,
                        "cancelled": stop,
                    }
                )
            if stop or run.finished:
                break
            chunk = await anyio.to_thread.run_sync(run_chunk, self.session, run, keys, rest_detail)
        self.last_step_bytes = max(sent.values(), default=0)
        replaced = run.trainer is not self.session.trainer  # a reset: it sends its own state
        if not replaced and (self.player is None or state.status != "ready"):
            self.broadcast_state(state)
        return rest_answer(parts, state) if rest_detail is not None else None

    def _offer(self, out: list[tuple[bool, dict[Key, Message]]], sent: dict[Key, int]) -> None:
        """Queue a chunk's messages for every socket; count the bytes each key was sent."""
        for essential, messages in out:
            for key, encoded in messages.items():
                sent[key] = sent.get(key, 0) + len(encoded)
            for outbox in list(self.outboxes):
                if (message := messages.get(outbox.key)) is not None:
                    outbox.offer(message, essential)

    def _broadcast(self, payload: dict[str, object]) -> None:
        """Send every socket a small JSON message."""
        text = encode_json(payload).decode()
        for outbox in list(self.outboxes):
            outbox.offer(text)

    def cancel(self) -> None:
        """Stop play, and the step under way at its next chunk's end (and any waiting)."""
        self.pause(announce=False)
        if self._pending:
            self._cancelling = True  # the step sends its progress and the state
        else:
            self.broadcast_state()

    async def edit(
        self, layer: int, kind: str, row: int, col: int | None, value: float
    ) -> dict[str, object]:
        """Set a weight or a bias between two steps; every socket is sent the ``edit`` event.

        Returns the event's payload. ConfigError for a bad field, EditConflict mid-batch.
        """
        async with self._stepping:
            event = await anyio.to_thread.run_sync(self.session.edit, layer, kind, row, col, value)
            payload = event_payload(event, "full")
            assert payload is not None
            for outbox in list(self.outboxes):  # an event: in each socket's own format
                outbox.offer(encode(payload, outbox.format))
            self.broadcast_state()
            return payload

    def state_message(self, outbox: Outbox, state: State) -> Message:
        """This socket's ``state`` message (always JSON text)."""
        return encode_json(
            {
                "type": "state",
                "id": self.session.id,
                "config": config_payload(self.session.config),
                "state": state_payload(state),
                "playing": self.player is not None,
                "play_unit": self.play_unit,
                "rate": self.rate,
                "throttled": self.throttled,
                "detail": outbox.detail,
                "format": outbox.format,
                "skipped": outbox.skipped,
            }
        ).decode()

    def broadcast_state(self, state: State | None = None) -> None:
        """Send every socket the state."""
        state = state or self.session.state()
        for outbox in list(self.outboxes):
            outbox.offer(self.state_message(outbox, state))

    def close_all(self, code: int, reason: str) -> None:
        """Tell every socket why it is being closed, then close it."""
        self.pause(announce=False)
        for outbox in list(self.outboxes):
            outbox.offer(encode_json({"type": "error", "message": reason, "field": None}).decode())
            outbox.close(code, reason)

    # -- play ------------------------------------------------------------------

    def play(
        self, owner: Outbox, unit: str, rate: float | None, stop: StopWhen | None = None
    ) -> None:
        """Start (or re-aim) the play loop; it belongs to ``owner``'s socket.

        With ``stop`` conditions it ends by itself at the first epoch's end
        that meets one, and sends every socket a ``stopped`` message saying why.
        """
        self.pause(announce=False)
        self.player_owner, self.play_unit, self.rate = owner, unit, rate
        self.stop_when = stop or StopWhen()
        self.player = asyncio.get_running_loop().create_task(self._play(unit, rate))
        self.broadcast_state()

    def pause(self, announce: bool = True) -> None:
        """Stop the play loop, if any; a step under way still ends and sends its events."""
        if self.player is not None:
            player_loop = self.player.get_loop()
            if running_loop() is player_loop:
                self.player.cancel()
            else:  # asked from another thread: a task is cancelled in its own loop
                player_loop.call_soon_threadsafe(self.player.cancel)
        self.player = self.player_owner = self.play_unit = None
        self.rate = None
        if announce and not self._pending:
            self.broadcast_state()  # else the step under way sends the state after its events

    async def _play(self, unit: str, rate: float | None) -> None:
        loop = asyncio.get_running_loop()
        start = last_state = loop.time()
        done, per_call = 0, 1
        stop, start_epoch = self.stop_when, self.session.state().epoch
        while self.session.state().status == "ready":
            most = self._most_per_step(unit)
            self.throttled = await self._wait_for_a_reader() or self.throttled
            if rate is None:
                n = per_call
            else:
                due = int((loop.time() - start) * rate) + 1 - done
                if due <= 0:
                    await asyncio.sleep((done - (loop.time() - start) * rate) / rate)
                    continue
                n = due
            n = min(n, most)
            began = time.perf_counter()
            try:
                await self.step(unit, n, to_epoch_end=stop.any)
            except ConfigError as e:  # one unit is more than a step may send: say so, stop
                for outbox in list(self.outboxes):
                    outbox.offer(
                        encode_json(
                            {"type": "error", "message": e.message, "field": e.field}
                        ).decode()
                    )
                break
            took = time.perf_counter() - began
            done += n
            if (stopped := stop.check(self.session.state(), start_epoch)) is not None:
                self._broadcast({"type": "stopped", **asdict(stopped)})
                break
            # Aim for steps of CHUNK_SECONDS that fill at most a quarter of an outbox.
            by_bytes = (LIMIT // 4) * n // max(self.last_step_bytes, 1)
            per_call = max(1, min(most, by_bytes, round(n * CHUNK_SECONDS / max(took, 1e-6))))
            if loop.time() - last_state >= STATE_EVERY:
                last_state = loop.time()
                self.broadcast_state()
                self.throttled = False
            await asyncio.sleep(0)
        self.player = self.player_owner = self.play_unit = None
        self.rate = None
        self.broadcast_state()

    def _most_per_step(self, unit: str) -> int:
        """How many units one play step may take, within the request and frame limits."""
        limits, session = self.session.limits, self.session
        most = max(1, limits.max_step_examples // session.examples_in(unit, 1))
        if full := [o for o in self.outboxes if o.detail == "full"]:
            factored = all(o.format == "factored" for o in full)
            budget = limits.max_frame_floats
            low, high = 1, most  # the most units whose frames fit the budget (at least 1)
            while low < high:
                middle = (low + high + 1) // 2
                fits = session.frame_floats(unit, middle, factored) <= budget
                low, high = (middle, high) if fits else (low, middle - 1)
            most = low
        return most

    async def _wait_for_a_reader(self) -> bool:
        """Wait while every socket is congested; True if it had to."""
        waited = False
        while self.outboxes and all(o.congested for o in self.outboxes):
            waited = True
            await asyncio.sleep(0.005)
        return waited
