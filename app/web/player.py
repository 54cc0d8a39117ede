"""A channel's play loop: steps at a rate, or as fast as its fastest reader takes them.

The loop goes through :meth:`Channel.step` like any other step, so every socket
sees the same sequence. It never runs ahead of every reader: while every outbox is
congested it waits, and its steps grow only as long as they fill at most a quarter
of an outbox and take about ``CHUNK_SECONDS``. A client that says how many messages it has
handled (``seen``: the page does) is never left more than about ``AHEAD`` messages to handle.
It ends when training stops (done or
diverged), at a stop condition (a ``stopped`` message says which), or when a step
could not be sent (an ``error`` message says why).
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Collection
from dataclasses import asdict, dataclass, field
from typing import Protocol

from app.sessions.config import ConfigError
from app.sessions.session import Session
from app.sessions.state import State
from app.sessions.stops import StopWhen
from app.web.frames import encode_json
from app.web.outbox import AHEAD, LIMIT, Outbox, running_loop

STATE_EVERY = 1.0  # seconds between state messages while playing
CHUNK_SECONDS = 0.02  # unlimited play: aim for steps that take this long


@dataclass
class Play:
    """A play loop's state, in one place: the socket it belongs to, what it steps, how fast,
    when it stops, and whether it waited for a slow reader since the last state message."""

    owner: Outbox
    unit: str
    rate: float | None
    stop: StopWhen = field(default_factory=StopWhen)
    throttled: bool = False
    task: asyncio.Task[None] | None = None


class Stage(Protocol):
    """What the loop steps and tells: a session's :class:`~app.web.channel.Channel`, or a
    group's :class:`~app.web.group_channel.GroupChannel` (its ``session`` is the member
    whose state and limits the loop reads, and may change from one step to the next)."""

    @property
    def session(self) -> Session: ...

    outboxes: set[Outbox]
    last_step_bytes: int
    one_message_a_step: bool
    """True when a step reaches a socket as one message, whatever its units (a group's);
    False when each example is a message of its own (a session's)."""

    async def step(
        self, unit: str, count: int, rest_detail: str | None = None, to_epoch_end: bool = False
    ) -> bytes | None: ...
    def broadcast(self, payload: dict[str, object]) -> None: ...
    def broadcast_state(self, state: State | None = None) -> None: ...
    def play_ended(self, play: Play) -> None: ...


class PlayStage(Stage, Protocol):
    """A stage that keeps its play loop (:class:`Plays`' methods work on it)."""

    play: Play | None
    _pending: int  # steps asked for and not yet sent

    def pause(self, announce: bool = True) -> None: ...


class Plays:
    """The sockets' and the play loop's ways that a session's channel and a group's share:
    broadcast to every socket, start, end and pause the loop, let a socket go."""

    play: Play | None  # the play loop under way, set by each stage's __init__

    def broadcast(self: PlayStage, payload: dict[str, object]) -> None:
        """Send every socket a small JSON message."""
        text = encode_json(payload).decode()
        for outbox in list(self.outboxes):
            outbox.offer(text)

    def unsubscribe(self: PlayStage, outbox: Outbox) -> None:
        """A socket left; its play loop stops with it."""
        self.outboxes.discard(outbox)
        if self.play is not None and self.play.owner is outbox:
            self.pause()

    def start_play(
        self: PlayStage, owner: Outbox, unit: str, rate: float | None, stop: StopWhen | None = None
    ) -> None:
        """Start (or re-aim) the play loop; it belongs to ``owner``'s socket.

        With ``stop`` conditions it ends by itself at the first epoch's end
        that meets one, and sends every socket a ``stopped`` message saying why.
        """
        self.pause(announce=False)
        play = self.play = Play(owner, unit, rate, stop or StopWhen())
        play.task = asyncio.get_running_loop().create_task(play_loop(self, play))
        self.broadcast_state()

    def play_ended(self: PlayStage, play: Play) -> None:
        """The play loop ``play`` ended by itself: every socket is sent the state."""
        if self.play is play:
            self.play = None
        self.broadcast_state()

    def pause(self: PlayStage, announce: bool = True) -> None:
        """Stop the play loop, if any; a step under way still ends and sends its events."""
        if self.play is not None and (task := self.play.task) is not None:
            player_loop = task.get_loop()
            if running_loop() is player_loop:
                task.cancel()
            else:  # asked from another thread: a task is cancelled in its own loop
                player_loop.call_soon_threadsafe(task.cancel)
        self.play = None
        if announce and not self._pending:
            self.broadcast_state()  # else the step under way sends the state after its events


async def play_loop(stage: Stage, play: Play) -> None:
    """Step ``stage`` by ``play.unit``, ``play.rate`` steps a second (None: no limit), until
    it ends; then ``stage.play_ended(play)``. A pause cancels it."""
    loop, unit, rate = asyncio.get_running_loop(), play.unit, play.rate
    start = last_state = loop.time()
    done, per_call = 0, 1
    stepped = start - 1.0 / rate if rate else start  # when the last step began
    start_epoch = stage.session.state().epoch
    while (session := stage.session).state().status == "ready":
        if await wait_for_a_reader(stage.outboxes):
            play.throttled = True
            # The rate starts over, from one step's time after the last step: no burst of the
            # steps missed, and never faster than the rate (a step of more messages than a
            # reader may have in hand, an epoch's, is always followed by a wait).
            start, done = max(loop.time(), stepped + 1.0 / rate) if rate else loop.time(), 0
        if rate is None:
            n = per_call
        elif (n := math.floor((loop.time() - start) * rate) + 1 - done) <= 0:
            await asyncio.sleep((done - (loop.time() - start) * rate) / rate)
            continue
        stepped = loop.time()
        n = min(n, _paced(stage.outboxes, unit, stage.one_message_a_step))
        if n > 1:  # one unit is always asked for (a unit too big is refused by the step)
            n = at_most(session, stage.outboxes, unit, n)
        began = time.perf_counter()
        if not await _step(stage, unit, n, play.stop.any):
            break
        took = time.perf_counter() - began
        done += n
        if (stopped := play.stop.check(session.state(), start_epoch)) is not None:
            stage.broadcast({"type": "stopped", **asdict(stopped)})
            break
        if rate is None:  # the limits' search costs, so only when the step size is free
            most = most_per_step(session, stage.outboxes, unit)
            per_call = _per_call(n, took, most, stage.last_step_bytes)
        if loop.time() - last_state >= STATE_EVERY:
            last_state = loop.time()
            stage.broadcast_state()
            play.throttled = False
        if rate is None:  # else the wait for the next step's time lets the others run
            await asyncio.sleep(0)
    stage.play_ended(play)


async def _step(stage: Stage, unit: str, n: int, to_epoch_end: bool) -> bool:
    """One step of the loop; False, and every socket told why, if it may not be sent."""
    try:
        await stage.step(unit, n, to_epoch_end=to_epoch_end)
    except ConfigError as e:  # one unit is more than a step may send: say so, stop
        stage.broadcast({"type": "error", "message": e.message, "field": e.field})
        return False
    return True


def _paced(outboxes: Collection[Outbox], unit: str, one_message_a_step: bool = False) -> int:
    """The most units a step may take for the clients that say what they have handled.

    Examples sent one message each: a quarter of ``AHEAD`` a step, so that a step never
    outruns such a client by much. A step of other units is one at a time for them. A
    step sent as one message (a group's) is one message whatever its units: no cap here.
    """
    if one_message_a_step or not any(o.seen is not None and o.detail != "none" for o in outboxes):
        return 1_000_000_000
    return AHEAD // 4 if unit == "example" else 1


def _per_call(n: int, took: float, most: int, step_bytes: int) -> int:
    """The next step's units: about CHUNK_SECONDS long, filling at most a quarter of an outbox."""
    by_bytes = (LIMIT // 4) * n // max(step_bytes, 1)
    return max(1, min(most, by_bytes, round(n * CHUNK_SECONDS / max(took, 1e-6))))


def most_per_step(session: Session, outboxes: Collection[Outbox], unit: str) -> int:
    """How many units one play step may take, within the request and frame limits (at least 1)."""
    if full := [o for o in outboxes if o.detail == "full"]:
        return max(1, session.full_units(unit, all(o.format == "factored" for o in full)))
    return max(1, session.limits.max_step_examples // session.examples_in(unit, 1))


def at_most(session: Session, outboxes: Collection[Outbox], unit: str, n: int) -> int:
    """``n``, or :func:`most_per_step` if a step of ``n`` units would pass its limits.

    One count checked costs one :meth:`Session.frame_floats`; the search for the most
    costs about twenty, on the event loop, for every step of every play.
    """
    limits = session.limits
    if n * session.examples_in(unit, 1) <= limits.max_step_examples:
        full = [o for o in outboxes if o.detail == "full"]
        factored = all(o.format == "factored" for o in full)
        if not full or session.frame_floats(unit, n, factored) <= limits.max_frame_floats:
            return n
    return min(n, most_per_step(session, outboxes, unit))


async def wait_for_a_reader(outboxes: Collection[Outbox]) -> bool:
    """Wait while every socket is congested or behind; True if it had to."""
    waited = False
    while outboxes and all(o.congested or o.behind for o in outboxes):
        waited = True
        await asyncio.sleep(0.005)
    return waited
