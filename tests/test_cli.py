"""``python -m app`` and the ``nabla`` script, run for real in a subprocess."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from app import __version__

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def test_python_m_app_serves_health() -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/api/health"
    server = subprocess.Popen(
        [sys.executable, "-m", "app", "--port", str(port), "--log-level", "warning"],
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            assert server.poll() is None, "the server exited early"
            try:
                response = httpx.get(url, timeout=1)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, f"no answer from {url} in 30 s"
                time.sleep(0.1)
        assert response.json() == {"status": "ok", "version": __version__}
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_help_names_the_options() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "app", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    for option in ("--host", "--port", "--reload", "--log-level"):
        assert option in result.stdout


def test_console_script_is_installed() -> None:
    script = Path(sys.executable).parent / "nabla"
    result = subprocess.run([script, "--help"], capture_output=True, text=True, check=True)
    assert "--port" in result.stdout


def test_importing_app_pins_one_blas_thread() -> None:
    blas_vars = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
    env = {k: v for k, v in os.environ.items() if k not in blas_vars}
    code = f"import app, os; print(*(os.environ[v] for v in {blas_vars!r}))"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["1", "1", "1"]
