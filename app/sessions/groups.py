"""Groups of sessions trained side by side, from the same start.

A group is made from one base configuration and 2 or 3 *variants*, each of which may override
only ``update``, ``batch_size`` and ``eta``. Every other field is shared, so every member draws
the same data, the same initial weights (the network is seeded by ``seed``) and the same order
of examples (each epoch's shuffle is seeded by ``seed`` and the epoch, whatever m is).

Members are ordinary sessions of the :class:`SessionStore`; a group only holds their ids.
Deleting a group deletes its members. A member that goes on its own (deleted, evicted,
expired) leaves the group unable to step: :class:`MemberGone` says which and why.
"""

from __future__ import annotations

import contextlib
import secrets
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from app.sessions.config import ConfigError, RunConfig, resolve
from app.sessions.session import Session
from app.sessions.store import SessionNotFound, SessionStore, StoreFull

VARIANT_FIELDS = ("update", "batch_size", "eta")
DEFAULT_VARIANTS: tuple[dict[str, object], ...] = ({"update": "batch"}, {"update": "per_example"})
MIN_MEMBERS, MAX_MEMBERS = 2, 3

Variant = Mapping[str, object]


class GroupNotFound(KeyError):
    """No group has this id (never had, deleted, evicted or expired)."""


class MemberGone(LookupError):
    """A member of the group is no longer in the session store."""

    def __init__(self, session_id: str, reason: str) -> None:
        super().__init__(f"session {session_id} of this group was {reason}")
        self.session_id = session_id
        self.reason = reason


@dataclass
class Group:
    """Sessions created together; ``variants[i]`` is what member ``i`` overrides."""

    id: str
    member_ids: tuple[str, ...]
    variants: tuple[dict[str, object], ...]
    last_used: float = 0.0
    gone: dict[str, str] = field(default_factory=dict)
    """Members removed from the session store, with the reason."""


def member_config(base: RunConfig, variant: Variant) -> RunConfig:
    """``base`` with the variant's overrides; ConfigError naming a field it may not change."""
    for name in variant:
        if name not in VARIANT_FIELDS:
            raise ConfigError(
                name,
                f"a variant may change only {', '.join(VARIANT_FIELDS)}, not {name}: every "
                "other field is shared, so the members start from the same weights and order",
            )
    return replace(base, **{k: v for k, v in variant.items() if v is not None})  # type: ignore[arg-type]


def examples_seen(session: Session) -> int:
    """Examples that went through backprop since the start (or the last reset)."""
    with session.lock:
        t = session.trainer
        return t.cursor.epoch * t.n + t.cursor.pos + t.cursor.index


class GroupStore:
    """Groups by id, over a session store; as many and as long-lived as its sessions."""

    def __init__(self, sessions: SessionStore) -> None:
        self.sessions = sessions
        self.max_groups = sessions.max_sessions
        self.idle_seconds = sessions.idle_seconds
        self._groups: dict[str, Group] = {}
        self._lock = threading.Lock()
        sessions.listeners.append(self._session_gone)

    def __len__(self) -> int:
        return len(self._groups)

    def create(
        self, base: RunConfig, variants: Sequence[Variant] = DEFAULT_VARIANTS, owner: str = ""
    ) -> Group:
        """Resolve every member's config, then create them all (or none: ConfigError, StoreFull).

        When the groups are at their most, one whose members are all gone or idle is dropped;
        if there is none, StoreFull: a group in use is never pushed out.
        """
        if not MIN_MEMBERS <= len(variants) <= MAX_MEMBERS:
            raise ConfigError(
                "variants",
                f"variants must list {MIN_MEMBERS} to {MAX_MEMBERS} members, got {len(variants)}",
            )
        configs = []
        for i, variant in enumerate(variants):
            try:
                configs.append(resolve(member_config(base, variant), self.sessions.limits))
            except ConfigError as e:
                if e.field not in variant:
                    raise
                raise ConfigError(e.field, f"variant {i + 1}: {e.message}") from e
        self.expire()
        self._make_room()
        self.sessions.make_room(owner, len(configs))
        members: list[Session] = []
        try:
            for config in configs:
                members.append(self.sessions.create(config, owner))
        except Exception:
            for session in members:
                self._forget(session.id)
            raise
        group = Group(
            secrets.token_urlsafe(16),
            tuple(s.id for s in members),
            tuple({k: v for k, v in dict(v).items() if v is not None} for v in variants),
            last_used=time.monotonic(),
        )
        with self._lock:
            self._groups[group.id] = group
        return group

    def _make_room(self) -> None:
        """Drop the least recently used idle group if the groups are at their most."""
        with self._lock:
            if len(self._groups) < self.max_groups:
                return
            groups = sorted(self._groups.values(), key=lambda g: g.last_used)
        for old in groups:
            if all(self.sessions.evictable(sid) for sid in old.member_ids):
                with self._lock:
                    self._groups.pop(old.id, None)
                self._drop_members(old)
                return
        raise StoreFull(
            f"the server is full: {len(groups)} groups, all in use; try again later",
            self.sessions.evict_seconds or 60.0,
        )

    def get(self, group_id: str) -> Group:
        """The group with this id, now the most recently used; GroupNotFound if none."""
        self.expire()
        with self._lock:
            group = self._groups.get(group_id)
        if group is None:
            raise GroupNotFound(group_id)
        group.last_used = time.monotonic()
        return group

    def members(self, group: Group) -> list[Session]:
        """The group's sessions, in order; MemberGone if one is no longer there."""
        sessions = []
        for session_id in group.member_ids:
            if session_id in group.gone:
                raise MemberGone(session_id, group.gone[session_id])
            try:
                sessions.append(self.sessions.get(session_id))
            except SessionNotFound:
                raise MemberGone(session_id, "deleted") from None
        return sessions

    def delete(self, group_id: str) -> None:
        """Forget the group and delete its members; GroupNotFound if there is none."""
        with self._lock:
            group = self._groups.pop(group_id, None)
        if group is None:
            raise GroupNotFound(group_id)
        self._drop_members(group)

    def expire(self) -> list[str]:
        """Drop (with their members) the groups idle for longer than ``idle_seconds``.

        A group with a socket open on one of its members is in use.
        """
        deadline = time.monotonic() - self.idle_seconds
        with self._lock:
            gone = [
                g
                for g in self._groups.values()
                if g.last_used < deadline and not any(map(self.sessions.in_use, g.member_ids))
            ]
            for group in gone:
                del self._groups[group.id]
        for group in gone:
            self._drop_members(group)
        return [g.id for g in gone]

    def _drop_members(self, group: Group) -> None:
        for session_id in group.member_ids:
            if session_id not in group.gone:
                self._forget(session_id)

    def _forget(self, session_id: str) -> None:
        with contextlib.suppress(SessionNotFound):
            self.sessions.delete(session_id)

    def _session_gone(self, session_id: str, reason: str) -> None:
        """The session store's listener: remember why a member went."""
        with self._lock:
            groups = [g for g in self._groups.values() if session_id in g.member_ids]
        for group in groups:
            group.gone.setdefault(session_id, reason)
