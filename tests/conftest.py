"""Shared test setup: hypothesis profiles, an app client, the real app on a live port, and a
throw-away PostgreSQL."""

import contextlib
import os
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

import httpx
import pgcluster
import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import settings as hypothesis_settings

from app.__main__ import SERVER_OPTIONS
from app.settings import Settings
from app.web.app import create_app

# Sessions are kept in memory unless a test says otherwise: no file left in the repository.
os.environ.setdefault("NABLA_DB", ":memory:")
# Downloaded data goes to a folder of this run (never created unless a test downloads): a
# user's own ~/.local/share/nabla/mnist.pkl.gz must not change what the tests see.
os.environ.setdefault(
    "NABLA_DATA_DIR", os.path.join(tempfile.gettempdir(), f"nabla-test-data-{os.getpid()}")
)
# and from nowhere: no test reaches the internet (port 9 is closed: "offline" at once)
os.environ.setdefault("NABLA_MNIST_URL", "http://127.0.0.1:9/mnist.pkl.gz")

# No deadlines: a 2-core machine under load makes timings flaky. On CI the examples are
# derandomized, so a run there is reproducible; locally they vary from run to run.
hypothesis_settings.register_profile("dev", deadline=None)
hypothesis_settings.register_profile("ci", deadline=None, derandomize=True, print_blob=True)
hypothesis_settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev")
)


@pytest.fixture
def app_settings() -> Settings:
    """Default settings, as the environment gives them."""
    return Settings()


@pytest.fixture
def client(app_settings: Settings) -> Iterator[TestClient]:
    """A TestClient on a fresh app built from ``app_settings`` (override that to vary it)."""
    with TestClient(create_app(app_settings)) as test_client:
        yield test_client


# ---------------------------------------------------------------- the real server


@pytest.fixture(scope="session")
def live_server_settings() -> Settings:
    """The settings the live server runs with (override in a conftest to change them).

    Every test of a run talks to it from 127.0.0.1: one client with no quota, whose
    sessions without a socket may be evicted at once to make room.
    """
    return Settings(max_sessions_per_client=Settings().max_sessions, session_evict_seconds=0)


@pytest.fixture(scope="session")
def live_app(live_server_settings: Settings) -> FastAPI:
    """The app the live server serves: tests may look into ``live_app.state`` (same process)."""
    return create_app(live_server_settings)


@pytest.fixture(scope="session")
def live_server(live_app: FastAPI) -> Iterator[str]:
    """Serve ``live_app`` with uvicorn from a thread on a free port; yields its base URL.

    The socket is bound here, before uvicorn starts, so there is no race for the port.
    """
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(live_app, log_level="warning", **SERVER_OPTIONS))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the live server did not start")
        time.sleep(0.01)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    sock.close()


# ---------------------------------------------------------------- the server as a process


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def _server(
    db: Path | str, log: Path, port: int | None = None, command: Path | None = None
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """``python -m app`` (or the script ``command``) on ``port`` (or a free one) with sessions in
    ``db``, run from the folder of ``log``; its URL and process."""
    port = port or free_port()
    env = {**os.environ, "NABLA_DB": str(db), "OPENBLAS_NUM_THREADS": "1"}
    program = [str(command)] if command else [sys.executable, "-m", "app"]
    with log.open("ab") as out:
        process = subprocess.Popen(
            [*program, "--port", str(port), "--log-level", "warning"],
            cwd=log.parent,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "the server did not start"
            try:
                if httpx.get(f"{url}/api/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        yield url, process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=30)


@pytest.fixture
def server() -> Callable[..., AbstractContextManager[tuple[str, subprocess.Popen[bytes]]]]:
    """``server(db, log, port=None, command=None)``: the app as a process, for tests that kill it
    or run an installed script."""
    return _server


# ---------------------------------------------------------------- a throw-away PostgreSQL


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[pgcluster.Cluster]:
    """A PostgreSQL cluster of this test run (tests/pgcluster.py); skipped where there is none.

    On CI it must be there (``.ci/run`` installs it): a missing one fails instead.
    """
    reason = pgcluster.missing()
    if reason is not None:
        if os.environ.get("CI"):
            pytest.fail(f"{reason}: .ci/run installs it")
        pytest.skip(reason)
    with pgcluster.running() as cluster:
        yield cluster


@pytest.fixture
def postgres_url(postgres_cluster: pgcluster.Cluster) -> str:
    """The URL of a new, empty PostgreSQL database, for ``NABLA_DB``."""
    return postgres_cluster.database()


SQL = Callable[..., list[tuple[Any, ...]]]
"""``run_sql(db, sql, params=())``: the rows of ``sql`` (``?`` placeholders, committed) on
``db``, a ``NABLA_DB`` value: a SQLite file or a PostgreSQL URL."""


def _run_sql(db: str, sql: str, params: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
    if "://" not in db:
        with contextlib.closing(sqlite3.connect(db)) as lite, lite:
            return lite.execute(sql, params).fetchall()
    import psycopg  # the postgres extra

    with psycopg.connect(db, autocommit=True) as pg:
        cursor = pg.execute(sql.replace("?", "%s"), params)  # type: ignore[arg-type]
        return cursor.fetchall() if cursor.description else []


@pytest.fixture
def run_sql() -> SQL:
    """Straight to a database a server keeps its sessions in, behind the server's back."""
    return _run_sql


# ---------------------------------------------------------------- the order tests are handed out

# Slow first, quick last: pytest-xdist hands tests to its workers in collection order, so a slow
# test met near the end keeps one worker busy while the others have nothing left to run. The
# tests that start servers and packages, then the browser's; each file keeps its own order.
SLOW_FIRST = (
    "tests/web/test_replicas.py",
    "tests/test_packaging.py",
    "tests/web/test_restart.py",
    "tests/browser/",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        return next(
            (i for i, prefix in enumerate(SLOW_FIRST) if item.nodeid.startswith(prefix)),
            len(SLOW_FIRST),
        )

    items.sort(key=rank)  # stable: the order within each rank is collection's
