"""The package as `pip install` gives it: a wheel with the page's files that starts anywhere."""

import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import venv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[1]
# one worker builds the wheel and installs it (the module fixture) for both tests using it
pytestmark = pytest.mark.xdist_group("packaging")


def test_every_subpackage_of_app_is_in_the_wheels_list() -> None:
    """pyproject.toml names the packages (static/ and templates/ are mapped in): none forgotten."""
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    listed = set(setuptools["packages"])
    inits = (ROOT / "app").rglob("__init__.py")
    found = {".".join(init.parent.relative_to(ROOT).parts) for init in inits}
    assert found <= listed, f"missing from [tool.setuptools] packages: {sorted(found - listed)}"
    assert listed - found == {"app.static", "app.templates"}


def test_its_tests_share_one_worker(request: pytest.FixtureRequest) -> None:
    """Under `--dist=loadgroup` (pyproject.toml) the module's tests run on one worker, which
    builds the wheel once: pytest-xdist marks them so by adding "@packaging" to their ids, which
    it cannot do on pytest 9.2 (pytest-dev/pytest-xdist#1386), and nothing else would fail."""
    if request.config.getoption("loadgroup", default=False):  # set in xdist's workers only
        assert request.node.nodeid.endswith("@packaging"), "xdist_group is not honoured"


# What the wheel is not built from: environments, outputs, caches, local data (build/, dist/
# and data/ at the top only: static/dist is the page's bundle).
ANYWHERE = {"node_modules", "__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache"}
AT_THE_TOP = {".git", ".venv", "build", "dist", "data", ".hypothesis", "test-results"}


def left_out(folder: str, names: list[str]) -> set[str]:
    top = Path(folder) == ROOT
    return {
        n for n in names if n in ANYWHERE or n.endswith(".egg-info") or (top and n in AT_THE_TOP)
    }


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the wheel built from this checkout installed in it; its bin folder.

    The dependencies come from this test's own environment (a .pth file names its
    site-packages), so nothing is downloaded; the app itself only from the wheel.
    """
    work = tmp_path_factory.mktemp("wheel")
    # Built from a copy without the checkout's outputs: setuptools builds in ./build, and a
    # build/ left over from before would put files since deleted into the wheel.
    source = work / "source"
    shutil.copytree(ROOT, source, ignore=left_out)
    build = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(work / "dist")]
    subprocess.run([*build, str(source)], check=True, cwd=work)
    wheel = next((work / "dist").glob("nabla-*.whl"))
    venv.create(work / "venv", with_pip=False)
    python = work / "venv" / "bin" / "python"
    site_packages = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    Path(site_packages, "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    # --ignore-installed: the dependencies' folder may hold this app too (not this wheel)
    install = [sys.executable, "-m", "pip", "--python", str(python), "install", "-q"]
    install += ["--no-deps", "--ignore-installed"]
    subprocess.run([*install, str(wheel)], check=True, cwd=work)
    return python.parent


@pytest.fixture
def wheel_server(installed: Path, server: Any, tmp_path: Path) -> Iterator[str]:
    """The installed ``nabla`` command serving from a folder that is not the checkout."""
    with server(":memory:", tmp_path / "server.log", command=installed / "nabla") as (url, _):
        yield url


def test_the_installed_app_is_the_wheels_not_the_checkouts(installed: Path) -> None:
    where = subprocess.run(
        [installed / "python", "-c", "import app.web.resources as r; print(r.web_dir('static'))"],
        check=True,
        capture_output=True,
        text=True,
        cwd=installed,
        env={**os.environ, "PYTHONPATH": ""},
    ).stdout.strip()
    assert Path(where).is_relative_to(installed.parent), where
    assert Path(where).parts[-2:] == ("app", "static")


def test_the_installed_command_serves_the_page_and_its_files(wheel_server: str) -> None:
    page = httpx.get(f"{wheel_server}/")
    assert page.status_code == 200
    files = re.findall(r'(?:src|href)="(/static/[^"]+)"', page.text)
    assert any(file.endswith("/dist/main.js") for file in files), files  # the bundle, fresh
    for file in files:
        assert httpx.get(wheel_server + file).status_code == 200, file
    favicon = httpx.get(f"{wheel_server}/static/favicon.svg")
    assert favicon.content == (ROOT / "static" / "favicon.svg").read_bytes()
    assert httpx.get(f"{wheel_server}/api/health").json()["status"] == "ok"
