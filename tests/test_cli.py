"""``python -m app`` and the ``nabla`` script, run for real in a subprocess."""

import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx

from app import __version__

ROOT = Path(__file__).resolve().parents[1]


def test_python_m_app_serves_health_and_stops_on_sigterm(server: Any, tmp_path: Path) -> None:
    with server(":memory:", tmp_path / "server.log") as (url, process):
        assert httpx.get(f"{url}/api/health").json() == {"status": "ok", "version": __version__}
        process.terminate()
        # uvicorn shuts down, then ends by the signal it caught (0 on older versions)
        assert process.wait(timeout=60) in (0, -signal.SIGTERM)


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
