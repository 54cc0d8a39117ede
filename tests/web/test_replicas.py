"""Real replicas behind HAProxy (deploy/haproxy.cfg) on one PostgreSQL: affinity and failover.

``deploy/replicas.py`` starts two ``python -m app`` processes, HAProxy with the shipped
configuration, and a throw-away PostgreSQL. Which process holds a session is read from
the database's ``leases`` table (its holder names the process id).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import time
from collections.abc import Iterator
from contextlib import ExitStack

import httpx
import pytest
from websockets.sync.client import connect

from .helpers import UNTIMED
from .replay import CONFIGS, play_and_collect, uninterrupted

pytest.importorskip("psycopg")  # the postgres extra

import pgcluster  # deploy/pgcluster.py
import psycopg
import replicas  # deploy/replicas.py

LEASE = "2"  # seconds: a dead replica's sessions move this long after its last renewal


# One cluster for the module (it takes seconds to start), its tests in one worker, in order:
# the failover test kills a replica, so it comes last.
pytestmark = pytest.mark.xdist_group("replicas")


@pytest.fixture(scope="module")
def cluster(
    tmp_path_factory: pytest.TempPathFactory, postgres_cluster: pgcluster.Cluster
) -> Iterator[replicas.Cluster]:
    """Two replicas behind HAProxy, sharing a fresh database; skipped without HAProxy."""
    if shutil.which("haproxy") is None:
        if os.environ.get("CI"):
            pytest.fail("HAProxy is not installed: make test installs it")
        pytest.skip("HAProxy is not installed")
    env = {"NABLA_LEASE_SECONDS": LEASE}
    folder = tmp_path_factory.mktemp("replicas")
    with replicas.running(2, folder, db=postgres_cluster.database(), env=env) as running:
        yield running


def holders(cluster: replicas.Cluster) -> dict[str, int]:
    """Session id -> the pid of the process whose lease holds it."""
    with psycopg.connect(cluster.db) as db:
        rows = db.execute("SELECT session_id, holder FROM leases").fetchall()
    return {sid: int(holder.split(":")[1]) for sid, holder in rows}


def test_every_request_and_socket_of_a_session_reaches_its_holder(
    cluster: replicas.Cluster,
) -> None:
    url = cluster.url
    sids = [httpx.post(f"{url}/api/sessions", json={"n_train": 40}).json()["id"] for _ in range(6)]
    made_by = holders(cluster)
    pids = {r.process.pid for r in cluster.replicas}
    assert set(made_by) == set(sids) and set(made_by.values()) == pids  # spread over both
    for sid in sids:
        for _ in range(2):
            answer = httpx.post(f"{url}/api/sessions/{sid}/step", json={"unit": "batch"})
            assert answer.status_code == 200, answer.text
        ws_url = url.replace("http", "ws") + f"/api/sessions/{sid}/stream?detail=summary"
        with connect(ws_url, max_size=None) as ws:
            assert json.loads(ws.recv(timeout=10))["type"] == "state"
            ws.send(json.dumps({"action": "step", "unit": "batch", "count": 1}))
            while json.loads(ws.recv(timeout=10))["type"] != "update":
                pass
        assert httpx.get(f"{url}/api/sessions/{sid}").json()["state"]["updates"] == 3
    assert holders(cluster) == made_by  # nothing moved: each went where it was made
    for _ in range(2):  # compare mode: a group and its members live in one process
        made = httpx.post(f"{url}/api/groups", json={"n_train": 40})
        assert made.status_code == 201, made.text
        group = made.json()
        members = [m["id"] for m in group["sessions"]]
        step = httpx.post(f"{url}/api/groups/{group['id']}/step", json={"unit": "batch"})
        assert step.status_code == 200, step.text
        for member in members:
            assert httpx.get(f"{url}/api/sessions/{member}/history").status_code == 200
        assert len({holders(cluster)[m] for m in members}) == 1


def test_a_session_asked_of_another_replica_is_handed_over(cluster: replicas.Cluster) -> None:
    """As when the proxy's routes change (restarted: its stick table is empty; a replica added)."""
    sid = httpx.post(f"{cluster.url}/api/sessions", json={"n_train": 40}).json()["id"]
    httpx.post(f"{cluster.url}/api/sessions/{sid}/step", json={"unit": "batch", "count": 2})
    holder = holders(cluster)[sid]
    other = next(r for r in cluster.replicas if r.process.pid != holder)
    answer = httpx.get(f"{other.url}/api/sessions/{sid}", timeout=30)  # straight to the other
    assert answer.status_code == 200, answer.text
    assert answer.json()["state"]["updates"] == 2 and holders(cluster)[sid] == other.process.pid
    back = httpx.post(f"{cluster.url}/api/sessions/{sid}/step", json={"unit": "batch"}, timeout=30)
    assert back.status_code == 200, back.text  # the proxy's route: handed back to its maker
    assert back.json()["state"]["updates"] == 3 and holders(cluster)[sid] == holder


def test_a_dead_replicas_sessions_go_on_elsewhere_from_their_last_update(
    cluster: replicas.Cluster,
) -> None:
    url = cluster.url
    sids = [
        httpx.post(f"{url}/api/sessions", json={"n_train": 40, **c}).json()["id"] for c in CONFIGS
    ]
    with ExitStack() as stack:
        seen = play_and_collect(url, sids, 12, stack)
        victim = next(r for r in cluster.replicas if r.process.pid in holders(cluster).values())
        before = holders(cluster)
        victim.process.send_signal(signal.SIGKILL)
        victim.process.wait(timeout=30)
    started = time.monotonic()
    for sid, config, got in zip(sids, CONFIGS, seen, strict=True):
        answer = httpx.get(f"{url}/api/sessions/{sid}", timeout=30)
        assert answer.status_code == 200, answer.text
        state = answer.json()["state"]
        network = httpx.get(f"{url}/api/sessions/{sid}/network", timeout=30).json()
        event = got.get(state["seq"]) or got.get(state["seq"] - 1)  # its last saved update's
        assert state["index"] == 0 and state["seq"] >= max(got) - 2 * config["batch_size"]
        if event is not None:
            assert [network["weights"], network["biases"]] == [event["weights"], event["biases"]]
        history = httpx.get(f"{url}/api/sessions/{sid}/history", timeout=30).json()
        twin, tid = uninterrupted(config, len(history["updates"]))
        with twin:
            assert twin.get(f"/api/sessions/{tid}/network").json() == network
            body = {"unit": "batch", "count": 3}
            ours = httpx.post(f"{url}/api/sessions/{sid}/step", json=body, timeout=30)
            theirs = twin.post(f"/api/sessions/{tid}/step", json=body)
            assert UNTIMED.sub(b"", ours.content) == UNTIMED.sub(b"", theirs.content)
    print(f"every session answered again {time.monotonic() - started:.1f} s after the kill")
    after = holders(cluster)
    survivor = next(r for r in cluster.replicas if r is not victim).process.pid
    assert {after[sid] for sid in sids} == {survivor}
    moved = [sid for sid in sids if before[sid] == victim.process.pid]
    assert moved  # the victim held some, which the survivor now holds, once each
