"""A group's sockets and its play loop: compare mode plays as a single session does.

A :class:`GroupChannel` is the :class:`~app.web.player.Stage` of a group: the play loop
of :mod:`app.web.player` (its pacing, step sizing, ``seen`` flow control and stop
conditions) steps it, and each of its steps steps every member in lock step, as a REST
group step does (:mod:`app.web.group_steps`). Each group step is one ``step`` message,
every member's events and state in the group's order.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from app.sessions.config import ConfigError
from app.sessions.groups import Group, GroupNotFound, GroupStore, MemberGone
from app.sessions.session import Session
from app.sessions.state import State
from app.web.channels import GONE, Channels
from app.web.frames import encode_json, state_payload
from app.web.group_steps import group_answer, step_members
from app.web.group_stream import leader_of
from app.web.outbox import Message, Outbox
from app.web.player import Play, Plays


class GroupChannel(Plays):
    """The sockets open on one group, and its play loop."""

    one_message_a_step = True  # a step's events, every member's, go in one message

    def __init__(self, group: Group, groups: GroupStore, channels: Channels) -> None:
        self.group, self._groups, self._channels = group, groups, channels
        self.members: list[Session] = groups.members(group)
        self.outboxes: set[Outbox] = set()
        self.play: Play | None = None
        self.last_step_bytes = 0
        self._stepping = asyncio.Lock()
        self._pending = 0

    @property
    def session(self) -> Session:
        """The member the play loop reads: the leader of those not diverged (the largest m:
        its ``batch`` is the group's), or the first member when every one has diverged."""
        ready = [s for s in self.members if s.trainer.status == "ready"]
        return leader_of(ready) if ready else self.members[0]

    def subscribe(self, detail: str) -> Outbox:
        """A new socket's outbox, greeted with the state."""
        outbox = Outbox(detail, "json")
        self.outboxes.add(outbox)
        outbox.offer(self.state_message(outbox))
        return outbox

    async def step(
        self, unit: str, count: int, rest_detail: str | None = None, to_epoch_end: bool = False
    ) -> bytes | None:
        """Step every member ``count`` units in lock step; one ``step`` message to each socket.

        ``to_epoch_end``: no further than the end of the current epoch (the members share
        ``n_train``, so they reach it together). A group step once started runs to its end
        even if its caller is cancelled (a pause cancels the play loop), so the members never
        leave lock step.
        """
        if to_epoch_end:
            count = min(count, self.session.units_to_epoch_end(unit))
        self._pending += 1
        return await asyncio.shield(asyncio.ensure_future(self._step(unit, count)))

    async def _step(self, unit: str, count: int) -> None:
        try:
            async with self._stepping:
                await self._run(unit, count)
        finally:
            self._pending -= 1

    async def _run(self, unit: str, count: int) -> None:
        try:
            self.members = self._groups.members(self.group)
        except (GroupNotFound, MemberGone) as e:
            self.close_all(GONE, f"the group cannot step any more: {e}")
            raise ConfigError("group", f"the group cannot step any more: {e}") from None
        ready = [s for s in self.members if s.trainer.status == "ready"]
        if not ready:
            return
        detail = "summary" if any(o.detail == "summary" for o in self.outboxes) else "none"
        answers = await step_members(ready, self._channels, unit, count, detail)
        full = _step_message(group_answer(self.group.id, self.members, answers))
        bare = _step_message(group_answer(self.group.id, self.members, {}))
        for outbox in list(self.outboxes):
            outbox.offer(full if outbox.detail == "summary" else bare)
        self.last_step_bytes = len(full)
        if self.play is None or all(s.trainer.status != "ready" for s in self.members):
            self.broadcast_state()

    async def reset(self, reset_member: Callable[[Session], Awaitable[None]]) -> None:
        """Stop play and reset every member between two group steps (one under way ends
        first, in lock step); every socket is sent the new state, as a session's reset does."""
        self.pause(announce=False)  # a play must not run on into the new start
        async with self._stepping:
            for session in self.members:
                await reset_member(session)
        self.broadcast_state()

    def state_message(self, outbox: Outbox, state: State | None = None) -> Message:
        """This socket's ``state`` message: the play's and every member's."""
        play = self.play
        return encode_json(
            {
                "type": "state",
                "id": self.group.id,
                "members": [{"id": s.id, "state": state_payload(s.state())} for s in self.members],
                "playing": play is not None,
                "play_unit": None if play is None else play.unit,
                "rate": None if play is None else play.rate,
                "throttled": play is not None and play.throttled,
                "detail": outbox.detail,
                "skipped": outbox.skipped,
            }
        ).decode()

    def broadcast_state(self, state: State | None = None) -> None:
        """Send every socket the state (``state`` is the loop's member's: every one is sent)."""
        for outbox in list(self.outboxes):
            outbox.offer(self.state_message(outbox))

    def close_all(self, code: int, reason: str) -> None:
        """Tell every socket why it is being closed, then close it."""
        for outbox in list(self.outboxes):
            outbox.offer(encode_json({"type": "error", "message": reason, "field": None}).decode())
            outbox.close(code, reason)


class GroupChannels:
    """The group channels of this process, one per group with sockets open."""

    def __init__(self) -> None:
        self.by_id: dict[str, GroupChannel] = {}
        self._held: frozenset[str] = frozenset()  # the members' ids: replaced, never changed

    def holds(self, session_id: str) -> bool:
        """Whether a group socket is open on the session's group (safe from any thread)."""
        return session_id in self._held

    def touch_open_members(self) -> None:
        """Mark every member of a group with a socket open as used now."""
        for channel in list(self.by_id.values()):
            for session in channel.members:
                session.touch()

    def _note(self) -> None:
        self._held = frozenset(i for c in self.by_id.values() for i in c.group.member_ids)

    def open(self, group_id: str, groups: GroupStore, channels: Channels) -> GroupChannel:
        """The group's channel, made on its first socket (GroupNotFound, MemberGone)."""
        group = groups.get(group_id)
        channel = self.by_id.get(group_id)
        if channel is None or channel.group is not group:
            channel = self.by_id[group_id] = GroupChannel(group, groups, channels)
            self._note()
        return channel

    def release(self, channel: GroupChannel, outbox: Outbox) -> None:
        """A socket closed; the channel goes with its last socket."""
        channel.unsubscribe(outbox)
        if not channel.outboxes and self.by_id.get(channel.group.id) is channel:
            channel.pause(announce=False)
            del self.by_id[channel.group.id]
            self._note()


def _step_message(answer: bytes) -> str:
    """``{"type":"step","id":G,"members":[...]}`` from a group answer, without decoding it."""
    return '{"type":"step",' + answer[1:].decode()
