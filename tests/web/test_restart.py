"""A real server killed mid-play comes back with every session at its last saved update.

The server runs as ``python -m app`` in a subprocess with ``NABLA_DB`` a SQLite file in a
temporary folder, or a throw-away PostgreSQL database; it is killed with SIGKILL while every
session plays, then started again on the same database. Each session must be there, its
weights those of one whole update (never a mix), and stepping it on must give the events an
uninterrupted run gives from there.
"""

from __future__ import annotations

import json
import signal
import subprocess
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, ExitStack
from pathlib import Path
from typing import Any

import httpx
import pytest

from .helpers import UNKEPT, UNTIMED
from .replay import CONFIGS, play_and_collect, uninterrupted

ServerFactory = Callable[..., AbstractContextManager[tuple[str, "subprocess.Popen[bytes]"]]]
"""The ``server`` fixture: ``server(db, log, port=None)`` runs ``python -m app``."""
SQL = Callable[..., list[tuple[Any, ...]]]
"""The ``run_sql`` fixture: ``run_sql(db, sql, params=())``, the rows, straight from ``db``."""


@pytest.fixture(params=["sqlite", "postgres"])
def nabla_db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """``NABLA_DB`` for both stores: a SQLite file, or a PostgreSQL database (where installed)."""
    if request.param == "sqlite":
        return str(tmp_path / "data" / "nabla.sqlite3")
    url: str = request.getfixturevalue("postgres_url")
    return url


def saved_seq(run_sql: SQL, db: str, sid: str) -> int:
    """The seq of the update the database holds for ``sid`` (committed), -1 for none yet."""
    rows = run_sql(db, "SELECT state FROM sessions WHERE id = ?", (sid,))
    return int(json.loads(rows[0][0])["seq"]) if rows else -1


def wait_saved(run_sql: SQL, db: str, sid: str, seq: int) -> int:
    """Wait until the database holds an update of ``sid`` at ``seq`` or later; its seq."""
    deadline = time.monotonic() + 30
    while (saved := saved_seq(run_sql, db, sid)) < seq:
        assert time.monotonic() < deadline, f"saved up to seq {saved}, not {seq}, in 30 s"
        time.sleep(0.02)  # polling the database: the writer thread gives no other signal
    return saved


def unkept(body: bytes) -> bytes:
    return UNKEPT.sub(b"", UNTIMED.sub(b"", body))


def test_sessions_survive_a_sigkill_mid_play(
    tmp_path: Path,
    server: ServerFactory,
    nabla_db: str,
    run_sql: SQL,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # PostgreSQL: the killed server's leases run out 2 s after their last renewal
    monkeypatch.setenv("NABLA_LEASE_SECONDS", "2")
    db, log = nabla_db, tmp_path / "server.log"
    with server(db, log) as (url, process):
        sids = [
            httpx.post(f"{url}/api/sessions", json={"n_train": 40, **c}).json()["id"]
            for c in CONFIGS
        ]
        with ExitStack() as stack:
            seen = play_and_collect(url, sids, 12, stack)
            # saved as it played: the writer, a thread, comes within one update of what was
            # sent while the plays go on (it may lag on a loaded machine, so it is waited for)
            durable = [
                wait_saved(run_sql, db, sid, max(got) - 2 * config["batch_size"])
                for sid, config, got in zip(sids, CONFIGS, seen, strict=True)
            ]
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=30)
    assert "://" in db or Path(db).exists()
    with server(db, log) as (url, _):
        for sid, config, got, saved in zip(sids, CONFIGS, seen, durable, strict=True):
            state = httpx.get(f"{url}/api/sessions/{sid}", timeout=30).json()["state"]
            assert state["index"] == 0 and state["status"] == "ready"
            network = httpx.get(f"{url}/api/sessions/{sid}/network").json()
            assert state["seq"] >= saved  # nothing committed before the kill is lost
            # the last saved update's event (the epoch's event may follow it), if it was sent
            event = got.get(state["seq"]) or got.get(state["seq"] - 1)
            if event is not None:
                assert [network["weights"], network["biases"]] == [
                    event["weights"],
                    event["biases"],
                ]
            history = httpx.get(f"{url}/api/sessions/{sid}/history").json()
            batches = len(history["updates"])
            twin, tid = uninterrupted(config, batches)
            with twin:
                # restored where its last update left it: without that mini-batch's start
                assert state["has_last_batch"] is False
                theirs = twin.get(f"/api/sessions/{tid}").json()["state"]
                assert {**theirs, "has_last_batch": False} == state
                assert twin.get(f"/api/sessions/{tid}/network").json() == network
                assert twin.get(f"/api/sessions/{tid}/history").json() == history
                for unit, count in [("example", 2), ("batch", 3), ("epoch", 1)]:
                    body = {"unit": unit, "count": count}
                    ours = httpx.post(f"{url}/api/sessions/{sid}/step", json=body, timeout=30)
                    theirs = twin.post(f"/api/sessions/{tid}/step", json=body)
                    assert unkept(ours.content) == unkept(theirs.content)
