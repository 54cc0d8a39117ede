"""A book-format mnist file, written once per session, and the bench helpers the tests share."""

from __future__ import annotations

from pathlib import Path

import pytest

from .helpers import FileServer, load_bench

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
