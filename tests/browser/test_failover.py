"""The page behind HAProxy, its replica killed: it reconnects to another and says where it resumed.

Two real replicas (``python -m app``) share a throw-away PostgreSQL behind HAProxy
(deploy/replicas.py, deploy/haproxy.cfg). The page is stepped through the proxy, the process
that holds its session is killed with SIGKILL, and the page must carry on by itself: the
other replica takes the session over from its last saved update.
"""

from __future__ import annotations

import os
import shutil
import signal
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page

from .helpers import QUERY, counter, open_page, wait_settled

pytestmark = pytest.mark.browser


def test_the_page_goes_on_where_it_was_when_its_replica_dies(
    page: Page, page_errors: list[str], screenshots_dir: Path, tmp_path: Path, postgres_url: str
) -> None:
    if shutil.which("haproxy") is None:
        if os.environ.get("CI"):
            pytest.fail("HAProxy is not installed: make test installs it")
        pytest.skip("HAProxy is not installed")
    import psycopg
    import replicas  # deploy/replicas.py

    env = {"NABLA_LEASE_SECONDS": "2"}
    with replicas.running(2, tmp_path, db=postgres_url, env=env) as cluster:
        sid = open_page(page, cluster.url, QUERY)
        for seq in (7, 14, 21):  # a mini-batch: 6 examples and an update
            page.click("[data-act='step-batch']")
            wait_settled(page, seq)
        with psycopg.connect(postgres_url) as db:
            row = db.execute("SELECT holder FROM leases WHERE session_id = %s", (sid,)).fetchone()
        assert row is not None
        holder = int(row[0].split(":")[1])
        victim = next(r for r in cluster.replicas if r.process.pid == holder)
        victim.process.send_signal(signal.SIGKILL)
        victim.process.wait(timeout=30)

        toast = page.wait_for_selector("#toasts >> text=Connected again", timeout=30_000)
        said = str(toast.text_content())
        assert "its last saved update, epoch 1, mini-batch 4 (3 updates made)" in said, said
        page.screenshot(path=screenshots_dir / "failover-resumed.png")
        page.set_viewport_size({"width": 390, "height": 844})
        page.screenshot(path=screenshots_dir / "failover-resumed-phone.png")
        page.click("[data-act='step-batch']")  # and it goes on, on the other replica
        wait_settled(page, 28)
        assert counter(page, "updates") == "4"
        state = httpx.get(f"{cluster.url}/api/sessions/{sid}", timeout=30).json()["state"]
        assert state["updates"] == 4
    assert page_errors == []
