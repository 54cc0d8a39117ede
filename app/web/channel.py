"""Streaming a session to its WebSockets: one :class:`Channel` per session.

A :class:`Channel` serves every socket open on one session. Whatever steps
the session (a socket's ``step``, its play loop, or a REST step) goes
through :meth:`Channel.step`, so every socket sees the same sequence. The
training and the encoding run in a worker thread, under the session's lock
(:mod:`app.web.steps`); the event loop only moves bytes.

A slow reader never makes the server buffer without bound: each socket's
:class:`Outbox` holds at most ``LIMIT`` bytes; an example frame that does
not fit is skipped (and counted), and the play loop (:mod:`app.web.player`)
slows down to the pace of the fastest reader rather than run ahead of every one.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import anyio

from app.core.trainer import UNITS
from app.sessions.session import Session
from app.sessions.state import State
from app.web.factored import FactoredEncoder
from app.web.frames import config_payload, encode_json, event_payload, state_payload
from app.web.messages import encode
from app.web.outbox import Key, Message, Outbox
from app.web.player import Play, Plays
from app.web.steps import first_chunk, rest_answer, run_chunk
from app.web.threads import in_thread

Sink = Callable[[list[bytes]], None]
"""Where a streamed REST answer takes each chunk's events' JSON (:mod:`app.web.streamed`)."""


class Channel(Plays):
    """The sockets open on one session, and its play loop."""

    one_message_a_step = False  # each example of a step is a message of its own

    def __init__(self, session: Session) -> None:
        self.session = session
        self.outboxes: set[Outbox] = set()
        self.play: Play | None = None  # the play loop under way
        self._stepping = asyncio.Lock()
        self._pending = 0  # steps asked for and not yet sent
        self._cancelling = False  # a cancel came: steps stop at their next chunk's end
        self.last_step_bytes = 0  # the most bytes one socket was sent by the last step
        self.factored = FactoredEncoder()  # this session's factored frames, written in its steps

    def subscribe(self, detail: str, fmt: str) -> Outbox:
        """A new socket's outbox, greeted with the state."""
        outbox = Outbox(detail, fmt)
        self.outboxes.add(outbox)
        outbox.offer(self.state_message(outbox, self.session.state()))
        return outbox

    async def step(
        self,
        unit: str,
        count: int,
        rest_detail: str | None = None,
        to_epoch_end: bool = False,
        sink: Sink | None = None,
    ) -> bytes | None:
        """Step off the event loop, send the events to every socket, return REST's answer.

        With ``sink``, each chunk's REST events go to it as the chunk ends, and what is
        returned is only the state's JSON (:mod:`app.web.streamed` sends the answer).

        Steps run one at a time, in the order they were asked for, and a step once asked
        for runs to its end and sends its events even if its caller is cancelled (a pause
        cancels the play loop): no socket ever misses an event of a step the session made.
        Only :meth:`cancel` stops a step early, between two of its chunks.
        """
        self._pending += 1  # counted now, so a pause before the step starts still waits for it
        generation = self.session.generation  # a step asked before a reset is of the run it reset
        return await asyncio.shield(
            asyncio.ensure_future(
                self._step(generation, unit, count, rest_detail, to_epoch_end, sink)
            )
        )

    async def _step(
        self,
        generation: int,
        unit: str,
        count: int,
        rest_detail: str | None,
        to_epoch_end: bool,
        sink: Sink | None,
    ) -> bytes | None:
        try:
            async with self._stepping:
                return await self._run(generation, unit, count, rest_detail, to_epoch_end, sink)
        finally:
            self._pending -= 1
            if not self._pending:
                self._cancelling = False

    async def _run(
        self,
        generation: int,
        unit: str,
        count: int,
        rest_detail: str | None,
        to_epoch_end: bool,
        sink: Sink | None,
    ) -> bytes | None:
        """Run a step a chunk at a time, sending each chunk's events (and progress) as it ends."""
        state = self.session.state()
        # asked for before a cancel, or before a reset (of the run it reset): it does not start
        if self._cancelling or generation != self.session.generation:
            return self._answer([], state, rest_detail, sink)
        keys = {o.key for o in self.outboxes}
        run, chunk = await in_thread(
            first_chunk, self.session, unit, count, keys, self.factored, rest_detail, to_epoch_end
        )
        parts: list[bytes] = []
        sent: dict[Key, int] = {}
        while chunk is not None:
            out, chunk_parts, state = chunk
            if sink is not None:
                sink(chunk_parts)
            else:
                parts += chunk_parts
            self._offer(out, sent)
            stop = self._cancelling and not run.finished
            if run.chunked:
                self.broadcast(
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
            chunk = await in_thread(run_chunk, self.session, run, keys, self.factored, rest_detail)
        self.last_step_bytes = max(sent.values(), default=0)
        replaced = run.trainer is not self.session.trainer  # a reset: it sends its own state
        if not replaced and (self.play is None or state.status != "ready"):
            self.broadcast_state(state)
        return self._answer(parts, state, rest_detail, sink)

    @staticmethod
    def _answer(
        parts: list[bytes], state: State, rest_detail: str | None, sink: Sink | None
    ) -> bytes | None:
        """REST's answer (only the state's JSON when its events went to ``sink``), if asked."""
        if rest_detail is None:
            return None
        return encode_json(state_payload(state)) if sink is not None else rest_answer(parts, state)

    def _offer(self, out: list[tuple[bool, dict[Key, Message]]], sent: dict[Key, int]) -> None:
        """Queue a chunk's messages for every socket; count the bytes each key was sent."""
        for essential, messages in out:
            for key, encoded in messages.items():
                sent[key] = sent.get(key, 0) + len(encoded)
            for outbox in list(self.outboxes):
                if (message := messages.get(outbox.key)) is not None:
                    outbox.offer(message, essential)

    def cancel(self) -> None:
        """Stop play, and the step under way at its next chunk's end (and any waiting)."""
        self.pause(announce=False)
        if self._pending:
            self._cancelling = True  # the step sends its progress and the state
        else:
            self.broadcast_state()

    async def reset(self, seed: int | None) -> None:
        """Stop play and reset the session between two steps (a step under way ends first, on
        the run it began; one asked for before the reset does not start); every socket is sent
        the new state."""
        self.pause(announce=False)  # a play must not run on into the new start
        async with self._stepping:
            await anyio.to_thread.run_sync(self.session.reset, seed)
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
                outbox.offer(encode(payload, outbox.format, self.factored))
            self.broadcast_state()
            return payload

    def state_message(self, outbox: Outbox, state: State) -> Message:
        """This socket's ``state`` message (always JSON text)."""
        play = self.play
        return encode_json(
            {
                "type": "state",
                "id": self.session.id,
                "config": config_payload(self.session.config),
                "state": state_payload(state),
                "playing": play is not None,
                "play_unit": None if play is None else play.unit,
                "rate": None if play is None else play.rate,
                "throttled": play is not None and play.throttled,
                "full_steps": {u: self.session.full_units(u, True) for u in UNITS},
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
