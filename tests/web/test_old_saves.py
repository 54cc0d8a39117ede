"""Runs saved by an earlier version still load, and go on exactly as they did then.

``tests/data/saved`` was written by the code of commit bbfa396, before the trainer took its
state and restored it itself (``Trainer.state()``/``restore()``), by
``tests/data/saved/make_saved.py`` (which says how): two runs (``per_example`` with L2,
``batch``), each stepped into its second epoch, a weight set by hand, then stepped to part
way through a mini-batch.
``NAME.json`` is each run's export there and ``NAME.after.json`` after seven more examples;
``runs.sqlite3`` the server's store after that, ``NAME.reopened.json`` each run as the
reopened store gave it, and ``NAME.reopened.after.json`` after thirteen more examples.
Today's code must give the same bytes.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.settings import Settings
from app.web.app import create_app

from .helpers import export, import_

SAVED = Path(__file__).resolve().parents[1] / "data" / "saved"
RUNS = ("per_example", "batch")


def step(client: TestClient, sid: str, count: int) -> None:
    response = client.post(f"/api/sessions/{sid}/step", json={"unit": "example", "count": count})
    assert response.status_code == 200, response.text


@pytest.mark.parametrize("name", RUNS)
def test_an_old_export_imports_and_goes_on_as_it_did(client: TestClient, name: str) -> None:
    old = (SAVED / f"{name}.json").read_bytes()
    sid = import_(client, old)
    assert export(client, sid) == old
    step(client, sid, 7)
    assert export(client, sid) == (SAVED / f"{name}.after.json").read_bytes()


def test_an_old_store_reopens_and_goes_on_as_it_did(tmp_path: Path) -> None:
    db = tmp_path / "runs.sqlite3"
    shutil.copy(SAVED / "runs.sqlite3", db)
    with sqlite3.connect(db) as con:  # used just now: not expired by the time this test runs
        con.execute("UPDATE sessions SET last_used = ?", (time.time(),))
    con.close()
    ids = json.loads((SAVED / "ids.json").read_text())
    with TestClient(create_app(Settings(db=str(db)))) as client:
        for name in RUNS:
            sid = ids[name]
            assert export(client, sid) == (SAVED / f"{name}.reopened.json").read_bytes()
            step(client, sid, 13)
            assert export(client, sid) == (SAVED / f"{name}.reopened.after.json").read_bytes()
