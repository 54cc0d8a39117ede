"""HAProxy in front of N local Nabla processes that share one PostgreSQL: no containers.

``make cluster REPLICAS=3 PROXY_PORT=8080`` runs ``python deploy/replicas.py``: the
replicas are ``python -m app`` on free ports of 127.0.0.1, HAProxy runs the configuration
of ``deploy/haproxy.cfg`` with those ports in place of the compose file's replicas, and
the sessions are kept in the PostgreSQL database ``NABLA_DB`` names, or else in a
throw-away cluster (``deploy/pgcluster.py``) that stops with the rest. Ctrl-C stops
everything: each replica first saves its sessions and gives up their leases.

Tests and ``bench/scale.py`` use :func:`running` to start the same thing.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pgcluster

from app.sessions.postgres import redacted

HERE = Path(__file__).resolve().parent
CONFIG = HERE / "haproxy.cfg"
BLOCK = re.compile(r"(    # replicas: begin\n)(.*?)(    # replicas: end\n)", re.S)


@dataclass
class Replica:
    """One ``python -m app`` process of the cluster."""

    name: str
    port: int
    process: subprocess.Popen[bytes]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@dataclass
class Cluster:
    """The proxy's URL, the replicas behind it, and the database they share."""

    url: str
    replicas: list[Replica]
    db: str


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def haproxy_config(ports: list[int], proxy_port: int, template: str | None = None) -> str:
    """deploy/haproxy.cfg bound to ``proxy_port`` on loopback, its replicas on ``ports``."""
    text = template if template is not None else CONFIG.read_text()
    servers = [f"    server replica{i} 127.0.0.1:{p} id {i}" for i, p in numbered(ports)]
    lines = iter(
        [
            "".join(f"{server} check\n" for server in servers),
            "".join(f"{s} track sessions/replica{i}\n" for i, s in enumerate(servers, 1)),
        ]
    )
    text = BLOCK.sub(lambda m: m.group(1) + next(lines) + m.group(3), text)
    return text.replace("    bind :8080\n", f"    bind 127.0.0.1:{proxy_port}\n")


def numbered(ports: list[int]) -> list[tuple[int, int]]:
    return [(i + 1, port) for i, port in enumerate(ports)]


def healthy(url: str, seconds: float = 60, process: subprocess.Popen[bytes] | None = None) -> None:
    """Wait until ``url``/api/health answers 200; RuntimeError if it does not in time."""
    deadline = time.monotonic() + seconds
    while True:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{process.args!r} exited with {process.returncode}")
        with (
            contextlib.suppress(OSError),
            urllib.request.urlopen(f"{url}/api/health", timeout=2) as answer,
        ):
            if answer.status == 200:
                return
        if time.monotonic() > deadline:
            raise RuntimeError(f"{url} did not answer /api/health in {seconds:g} s")
        time.sleep(0.1)


def start_replica(name: str, db: str, log: Path, env: dict[str, str]) -> Replica:
    """``python -m app`` on a free port with sessions in ``db``; running once healthy."""
    port = free_port()
    environment = {
        **os.environ,
        "NABLA_DB": db,
        "NABLA_CLIENT_ADDRESS_HEADER": "X-Forwarded-For",
        "OPENBLAS_NUM_THREADS": "1",
        **env,
    }
    command = [sys.executable, "-m", "app", "--host", "127.0.0.1", "--port", str(port)]
    with log.open("ab") as out:
        process = subprocess.Popen(
            [*command, "--log-level", "warning"],
            env=environment,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    replica = Replica(name, port, process)
    healthy(replica.url, process=process)
    return replica


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM (a replica saves its sessions and gives up their leases), then SIGKILL."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


@contextlib.contextmanager
def running(
    replicas: int,
    folder: Path,
    proxy_port: int | None = None,
    db: str | None = None,
    env: dict[str, str] | None = None,
) -> Iterator[Cluster]:
    """Start PostgreSQL (unless ``db``), the replicas and HAProxy; logs in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    with contextlib.ExitStack() as stack:
        if db is None:
            db = stack.enter_context(pgcluster.running()).database()
        started: list[Replica] = []
        stack.callback(lambda: [stop(r.process) for r in started])
        for i in range(1, replicas + 1):
            log = folder / f"replica{i}.log"
            started.append(start_replica(f"replica{i}", db, log, env or {}))
        proxy_port = proxy_port or free_port()
        config = folder / "haproxy.cfg"
        config.write_text(haproxy_config([r.port for r in started], proxy_port))
        with (folder / "haproxy.log").open("ab") as out:
            proxy = subprocess.Popen(
                ["haproxy", "-f", str(config), "-db"], stdout=out, stderr=subprocess.STDOUT
            )
        stack.callback(stop, proxy)
        url = f"http://127.0.0.1:{proxy_port}"
        healthy(url, process=proxy)
        yield Cluster(url, started, db)


def main(argv: list[str] | None = None) -> None:
    """Run the cluster until Ctrl-C or SIGTERM."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--replicas", type=int, default=3, help="processes (%(default)s)")
    parser.add_argument("--port", type=int, default=8080, help="the proxy's port (%(default)s)")
    parser.add_argument("--logs", type=Path, default=Path("build/cluster"), help="log folder")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    db = os.environ.get("NABLA_DB", "")
    shared = db if db.startswith(("postgresql://", "postgres://")) else None
    with running(args.replicas, args.logs, args.port, shared) as cluster:
        print(f"{len(cluster.replicas)} replicas behind {cluster.url} (logs in {args.logs}):")
        for replica in cluster.replicas:
            print(f"  {replica.name}: {replica.url} (pid {replica.process.pid})")
        kept = "" if shared else " (a throw-away PostgreSQL: it stops with the rest)"
        print(f"sessions in {redacted(cluster.db)}{kept}; Ctrl-C stops it all", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            signal.pause()


if __name__ == "__main__":
    main()
