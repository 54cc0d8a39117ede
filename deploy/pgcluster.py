"""A throw-away PostgreSQL (the tests', and ``make cluster``'s): a temporary cluster, then gone.

``initdb`` makes the cluster in a fresh temporary folder; the server listens on a free
port, on a Unix socket in that folder only (no TCP), and ``pg_ctl stop`` ends it. The
programs are found on ``PATH`` or where Debian's ``postgresql`` package puts them
(``/usr/lib/postgresql/<version>/bin``). PostgreSQL refuses to run as root: as root, the
cluster belongs to the ``postgres`` user (the package makes it), or ``nobody``.
"""

from __future__ import annotations

import contextlib
import glob
import importlib.util
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path


def program(name: str) -> str | None:
    """The path of a PostgreSQL program, or None."""
    found = shutil.which(name)
    if found:
        return found
    versions = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=_version)
    return versions[-1] if versions else None


def _version(path: str) -> int:
    return int(Path(path).parts[-3]) if Path(path).parts[-3].isdigit() else 0


def missing() -> str | None:
    """Why no cluster can be started here, or None."""
    absent = [name for name in ("initdb", "pg_ctl") if program(name) is None]
    if absent:
        return f"PostgreSQL is not installed ({', '.join(absent)} not found)"
    if importlib.util.find_spec("psycopg") is None:
        return "psycopg is not installed (the postgres extra)"
    return None


def _user() -> list[str]:
    """The command prefix that runs a program as a user PostgreSQL accepts (none unless root)."""
    if os.geteuid() != 0:
        return []
    for name in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            pwd.getpwnam(name)
            return ["runuser", "-u", name, "--"]
    raise RuntimeError("running as root, and there is no postgres or nobody user")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Cluster:
    """A running cluster: :meth:`database` makes a fresh database and gives its URL."""

    def __init__(self, folder: Path, port: int) -> None:
        self.folder, self.port = folder, port
        self._names = itertools.count()

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://nabla@/{database}?host={self.folder}&port={self.port}"

    def database(self) -> str:
        """The URL of a new, empty database of this cluster."""
        import psycopg  # the postgres extra: imported only when a cluster runs

        name = f"nabla_{os.getpid()}_{next(self._names)}"
        with psycopg.connect(self.url(), autocommit=True) as db:
            db.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


def _run(command: list[str]) -> None:
    """Run ``command``; RuntimeError with what it said if it fails."""
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {done.stderr or done.stdout}")


@contextlib.contextmanager
def running() -> Iterator[Cluster]:
    """Start a cluster (initdb, pg_ctl start), yield it, stop it and remove its folder."""
    folder = Path(tempfile.mkdtemp(prefix="nabla-pg-"))
    as_user = _user()
    if as_user:
        shutil.chown(folder, user=as_user[2])
    data, port = folder / "data", _free_port()
    initdb, pg_ctl = program("initdb"), program("pg_ctl")
    assert initdb and pg_ctl
    options = f"-p {port} -k {folder} -c listen_addresses='' -c fsync=off"
    try:
        _run([*as_user, initdb, "-D", str(data), "-U", "nabla", "-A", "trust", "--no-sync"])
        log = str(folder / "log")
        _run([*as_user, pg_ctl, "-D", str(data), "-o", options, "-l", log, "-w", "start"])
        yield Cluster(folder, port)
    finally:
        if (data / "postmaster.pid").exists():
            subprocess.run(
                [*as_user, pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                check=False,
            )
        shutil.rmtree(folder, ignore_errors=True)
