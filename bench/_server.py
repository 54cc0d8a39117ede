"""What the benchmarks that talk to a real server share: the server on loopback, a REST call.

``server()`` starts ``python -m app`` (one BLAS thread, as deployed) on a free loopback port
and stops it afterwards; ``request()`` makes one REST call with the standard library.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextlib.contextmanager
def server(
    env: dict[str, str] | None = None, log: Path | None = None
) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """``python -m app`` on a free loopback port (output to ``log``); yields it and its address."""
    port = free_port()
    threads = {v: "1" for v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")}
    command = [sys.executable, "-m", "app", "--host", "127.0.0.1", "--port", str(port)]
    with contextlib.ExitStack() as files:
        out = files.enter_context(log.open("wb")) if log is not None else None
        proc = subprocess.Popen(
            [*command, "--log-level", "warning"],
            cwd=REPO,
            env={**os.environ, **threads, **(env or {})},
            stdout=out,
            stderr=out,
        )
    address = f"127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                request(address, "GET", "/api/health")
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the server did not start") from None
                time.sleep(0.1)
        yield proc, address
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def request(address: str, method: str, path: str, body: object = None) -> Any:
    """A REST call; its decoded JSON answer (None for a 204)."""
    data = None if body is None else json.dumps(body).encode()
    headers = {"content-type": "application/json"}
    with urllib.request.urlopen(
        urllib.request.Request(f"http://{address}{path}", data, headers, method=method), timeout=30
    ) as response:
        raw = response.read()
    return json.loads(raw) if raw else None
