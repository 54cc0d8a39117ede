"""Why the store cannot give a session: none has the id, another process holds it, no room."""

from __future__ import annotations

import math


class SessionNotFound(KeyError):
    """No session has this id (never had, deleted, evicted or expired)."""


class SessionBusy(Exception):
    """Another server process holds the session (shared database) and did not let go in time."""

    def __init__(self, session_id: str, retry_after: float) -> None:
        super().__init__(session_id)
        self.message = (
            "another server process holds this session; it moves here once that one lets go "
            "or stops answering"
        )
        self.retry_after = max(1, math.ceil(retry_after))


class StoreFull(Exception):
    """No room for one more session now: every session that could go is in use (a 429)."""

    def __init__(self, message: str, retry_after: float) -> None:
        super().__init__(message)
        self.message = message
        self.retry_after = max(1, math.ceil(retry_after))
