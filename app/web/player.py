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
import time
from collections.abc import Collection
from dataclasses import asdict
from typing import TYPE_CHECKING

from app.sessions.config import ConfigError
from app.sessions.session import Session
from app.web.outbox import AHEAD, LIMIT, Outbox

if TYPE_CHECKING:
    from app.web.channel import Channel

STATE_EVERY = 1.0  # seconds between state messages while playing
CHUNK_SECONDS = 0.02  # unlimited play: aim for steps that take this long


async def play_loop(channel: Channel, unit: str, rate: float | None) -> None:
    """Step ``channel`` by ``unit``, ``rate`` steps a second (None: no limit), until it ends."""
    loop = asyncio.get_running_loop()
    start = last_state = loop.time()
    done, per_call = 0, 1
    stop, start_epoch = channel.stop_when, channel.session.state().epoch
    while channel.session.state().status == "ready":
        most = most_per_step(channel.session, channel.outboxes, unit)
        if await wait_for_a_reader(channel.outboxes):
            channel.throttled = True
            start, done = loop.time(), 0  # the rate starts over: no burst of the steps missed
        if rate is None:
            n = per_call
        elif (n := int((loop.time() - start) * rate) + 1 - done) <= 0:
            await asyncio.sleep((done - (loop.time() - start) * rate) / rate)
            continue
        n = min(n, most, _paced(channel.outboxes, unit))
        began = time.perf_counter()
        if not await _step(channel, unit, n, stop.any):
            break
        took = time.perf_counter() - began
        done += n
        if (stopped := stop.check(channel.session.state(), start_epoch)) is not None:
            channel.broadcast({"type": "stopped", **asdict(stopped)})
            break
        per_call = _per_call(n, took, most, channel.last_step_bytes)
        if loop.time() - last_state >= STATE_EVERY:
            last_state = loop.time()
            channel.broadcast_state()
            channel.throttled = False
        await asyncio.sleep(0)
    channel.player = channel.player_owner = channel.play_unit = None
    channel.rate = None
    channel.broadcast_state()


async def _step(channel: Channel, unit: str, n: int, to_epoch_end: bool) -> bool:
    """One step of the loop; False, and every socket told why, if it may not be sent."""
    try:
        await channel.step(unit, n, to_epoch_end=to_epoch_end)
    except ConfigError as e:  # one unit is more than a step may send: say so, stop
        channel.broadcast({"type": "error", "message": e.message, "field": e.field})
        return False
    return True


def _paced(outboxes: Collection[Outbox], unit: str) -> int:
    """The most units a step may take for the clients that say what they have handled.

    Examples sent one message each: a quarter of ``AHEAD`` a step, so that a step never
    outruns such a client by much. A step of other units is one at a time for them.
    """
    if not any(o.seen is not None and o.detail != "none" for o in outboxes):
        return 1_000_000_000
    return AHEAD // 4 if unit == "example" else 1


def _per_call(n: int, took: float, most: int, step_bytes: int) -> int:
    """The next step's units: about CHUNK_SECONDS long, filling at most a quarter of an outbox."""
    by_bytes = (LIMIT // 4) * n // max(step_bytes, 1)
    return max(1, min(most, by_bytes, round(n * CHUNK_SECONDS / max(took, 1e-6))))


def most_per_step(session: Session, outboxes: Collection[Outbox], unit: str) -> int:
    """How many units one play step may take, within the request and frame limits."""
    limits = session.limits
    most = max(1, limits.max_step_examples // session.examples_in(unit, 1))
    if full := [o for o in outboxes if o.detail == "full"]:
        factored = all(o.format == "factored" for o in full)
        budget = limits.max_frame_floats
        low, high = 1, most  # the most units whose frames fit the budget (at least 1)
        while low < high:
            middle = (low + high + 1) // 2
            fits = session.frame_floats(unit, middle, factored) <= budget
            low, high = (middle, high) if fits else (low, middle - 1)
        most = low
    return most


async def wait_for_a_reader(outboxes: Collection[Outbox]) -> bool:
    """Wait while every socket is congested or behind; True if it had to."""
    waited = False
    while outboxes and all(o.congested or o.behind for o in outboxes):
        waited = True
        await asyncio.sleep(0.005)
    return waited
