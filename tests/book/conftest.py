"""A book-format mnist file, written once per session, and the bench helpers the tests share."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from .helpers import FileServer

BENCH = Path(__file__).parents[2] / "bench"


def load_bench(name: str) -> ModuleType:
    """``bench/<name>.py`` as a module (bench/ is not a package)."""
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


bookfile = load_bench("_bookfile")


@pytest.fixture(scope="session")
def book_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small mnist.pkl.gz in the book's format: 500 training, 50 validation, 100 test rows."""
    path: Path = bookfile.write_book_file(tmp_path_factory.mktemp("book") / "mnist.pkl.gz")
    return path


@pytest.fixture
def file_server(book_file: Path):  # type: ignore[no-untyped-def]
    """The book-format file served on a local port (no test reaches the internet)."""
    server = FileServer(book_file.read_bytes())
    yield server
    server.close()
