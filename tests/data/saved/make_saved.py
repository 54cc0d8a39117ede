"""Write this folder's saved runs with the code on ``PYTHONPATH`` (see README.md).

Run from a checkout of the version whose saves are wanted, e.g. commit bbfa396:

    git worktree add /tmp/old bbfa396
    PYTHONPATH=/tmp/old python tests/data/saved/make_saved.py

Two runs (``per_example`` with L2, ``batch``), each stepped into its second epoch, a weight
set by hand, then stepped part way through a mini-batch. ``NAME.json`` is each run's export,
``NAME.after.json`` its import stepped seven examples on; ``runs.sqlite3`` the server's store,
``ids.json`` the runs' ids in it, ``NAME.reopened.json`` each run as the reopened store gave
it, and ``NAME.reopened.after.json`` after thirteen more examples.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path

from fastapi.testclient import TestClient

from app.settings import Settings
from app.web.app import create_app

HERE = Path(__file__).resolve().parent
JSON = {"content-type": "application/json"}
RUNS = {
    "per_example": {
        "dataset": "moons",
        "sizes": [2, 5, 3, 2],
        "n_train": 23,
        "n_test": 9,
        "batch_size": 4,
        "eta": 1.5,
        "lmbda": 0.2,
        "update": "per_example",
        "seed": 11,
    },
    "batch": {
        "dataset": "xor",
        "sizes": [2, 4, 2],
        "n_train": 30,
        "n_test": 10,
        "batch_size": 6,
        "eta": 2.0,
        "seed": 5,
    },
}


def ok(response: object, status: int = 200) -> object:
    assert response.status_code == status, response.text  # type: ignore[attr-defined]
    return response


def step(client: TestClient, sid: str, unit: str, count: int) -> None:
    ok(client.post(f"/api/sessions/{sid}/step", json={"unit": unit, "count": count}))


def export(client: TestClient, sid: str) -> bytes:
    return ok(client.get(f"/api/sessions/{sid}/export")).content  # type: ignore[attr-defined]


def made_run(client: TestClient, config: dict[str, object]) -> str:
    sid: str = ok(client.post("/api/sessions", json=config), 201).json()["id"]  # type: ignore[attr-defined]
    step(client, sid, "epoch", 1)
    step(client, sid, "batch", 1)  # into the second epoch
    edit = {"layer": 0, "kind": "weight", "row": 1, "col": 0, "value": 0.75}
    ok(client.post(f"/api/sessions/{sid}/edit", json=edit))
    step(client, sid, "example", 3)  # part way through a mini-batch
    return sid


def main() -> None:
    work = Path(tempfile.mkdtemp())
    ids = {}
    with TestClient(create_app(Settings(db=str(work / "runs.sqlite3")))) as client:
        for name, config in RUNS.items():
            ids[name] = sid = made_run(client, config)
            (HERE / f"{name}.json").write_bytes(old := export(client, sid))
            other = ok(client.post("/api/sessions/import", content=old, headers=JSON), 201)
            twin = other.json()["id"]  # type: ignore[attr-defined]
            assert export(client, twin) == old
            step(client, twin, "example", 7)
            (HERE / f"{name}.after.json").write_bytes(export(client, twin))
            ok(client.delete(f"/api/sessions/{twin}"), 204)
    shutil.copy(work / "runs.sqlite3", HERE / "runs.sqlite3")
    (HERE / "ids.json").write_text(json.dumps(ids, indent=1) + "\n")
    with TestClient(create_app(Settings(db=str(work / "runs.sqlite3")))) as client:
        for name, sid in ids.items():
            (HERE / f"{name}.reopened.json").write_bytes(export(client, sid))
            step(client, sid, "example", 13)
            (HERE / f"{name}.reopened.after.json").write_bytes(export(client, sid))
    print(f"wrote {sorted(p.name for p in HERE.iterdir())}", file=sys.stderr)


if __name__ == "__main__":
    main()
