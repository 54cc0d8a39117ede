"""The database a server keeps its sessions in, as ``NABLA_DB`` names it.

A path (the default, ``data/nabla.sqlite3``) or ``:memory:`` is SQLite, this
process's own (:mod:`app.sessions.persist`, a damaged file recovered by
:mod:`app.sessions.recover`); a ``postgresql://`` URL is PostgreSQL, shared by
every process that names it (:mod:`app.sessions.postgres`, the ``postgres``
extra).
"""

from __future__ import annotations

from app.sessions.recover import open_sessions
from app.sessions.saving import SessionRows

SCHEMES = ("postgresql://", "postgres://")


def open_database(setting: str, lease_seconds: float) -> tuple[SessionRows, str | None]:
    """The database ``setting`` names, and what was wrong with it (None if nothing).

    RuntimeError, saying what to install, for a PostgreSQL URL without psycopg.
    """
    if not setting.startswith(SCHEMES):
        return open_sessions(setting)
    try:
        from app.sessions.postgres import PostgresDB
    except ImportError as e:
        raise RuntimeError(
            f"NABLA_DB names a PostgreSQL database, but psycopg cannot be imported ({e}): "
            "install the postgres extra, pip install 'nabla[postgres]'"
        ) from e
    return PostgresDB(setting, lease_seconds), None
