"""deploy/: the HAProxy configuration is valid as shipped and as `make cluster` writes it, and
the compose file runs the replicas that configuration names, on the PostgreSQL it starts."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import replicas  # deploy/replicas.py
import yaml

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"


def haproxy_check(config: Path) -> None:
    if shutil.which("haproxy") is None:
        if os.environ.get("CI"):
            pytest.fail("HAProxy is not installed: make test installs it")
        pytest.skip("HAProxy is not installed")
    done = subprocess.run(["haproxy", "-c", "-f", str(config)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_shipped_configuration_is_valid() -> None:
    haproxy_check(DEPLOY / "haproxy.cfg")


def test_the_local_configuration_names_each_process_in_both_backends(tmp_path: Path) -> None:
    text = replicas.haproxy_config([9001, 9002, 9003, 9004], 8181)
    assert "bind 127.0.0.1:8181" in text and "nabla1" not in text
    for i in range(1, 5):
        assert f"server replica{i} 127.0.0.1:900{i} id {i} check\n" in text
        assert f"server replica{i} 127.0.0.1:900{i} id {i} track sessions/replica{i}\n" in text
    (tmp_path / "haproxy.cfg").write_text(text)
    haproxy_check(tmp_path / "haproxy.cfg")


def test_compose_runs_the_replicas_haproxy_names_on_one_postgresql() -> None:
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    services = compose["services"]
    named = set(re.findall(r"server replica\d (\w+):8000", (DEPLOY / "haproxy.cfg").read_text()))
    assert named == {"nabla1", "nabla2", "nabla3"} <= set(services)
    for name in named:
        replica = services[name]
        assert replica["build"] == ".."  # the repository's Dockerfile, with its HEALTHCHECK
        assert replica["environment"]["NABLA_DB"].startswith("postgresql://")
        assert "@postgres:5432/" in replica["environment"]["NABLA_DB"]
        assert replica["depends_on"]["postgres"]["condition"] == "service_healthy"
    proxy = services["haproxy"]
    assert "./haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro" in proxy["volumes"]
    assert {proxy["depends_on"][n]["condition"] for n in named} == {"service_healthy"}
    assert "pg_isready" in services["postgres"]["healthcheck"]["test"]
