"""``nabla data mnist``: download the book's ``mnist.pkl.gz`` into the data directory."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from typing import TextIO

from app.sessions.fetch import FetchError, MnistFetch
from app.settings import Settings, get_settings

BAR = 30


def fetcher(settings: Settings) -> MnistFetch:
    """The download the settings describe: the data directory's mnist.pkl.gz, from mnist_url."""
    return MnistFetch(
        settings.data_dir / "mnist.pkl.gz",
        settings.mnist_url,
        size=settings.mnist_bytes,
        sha256=settings.mnist_sha256,
    )


class ProgressBar:
    """``[#####.....]  4.2 / 17.1 MB``, redrawn in place at most ten times a second."""

    def __init__(self, out: TextIO) -> None:
        self.out, self._last = out, 0.0

    def __call__(self, done: int, total: int | None, final: bool = False) -> None:
        now = time.monotonic()
        if not final and now - self._last < 0.1:
            return
        self._last = now
        if total:
            filled = min(BAR, BAR * done // total)
            bar = "#" * filled + "." * (BAR - filled)
            self.out.write(f"\r[{bar}] {done / 1e6:5.1f} / {total / 1e6:.1f} MB")
        else:
            self.out.write(f"\r{done / 1e6:5.1f} MB")
        self.out.flush()


def main(argv: Sequence[str], settings: Settings | None = None) -> int:
    """Run ``nabla data ...``; the exit status (0: the file is in place)."""
    parser = argparse.ArgumentParser(prog="nabla data", description="Download data sets.")
    parser.add_argument("name", choices=["mnist"], help="mnist: the book's mnist.pkl.gz (17 MB)")
    parser.parse_args(argv)
    settings = settings or get_settings()
    if settings.mnist_path is not None:
        print(f"NABLA_MNIST names the file to use: {settings.mnist_path}; nothing to download")
        return 0
    fetch = fetcher(settings)
    if fetch.path.is_file():
        print(f"mnist is already here: {fetch.path}")
        return 0
    print(f"Downloading {settings.mnist_url}\n  to {fetch.path}", file=sys.stderr)
    bar = ProgressBar(sys.stderr)
    try:
        fetch.fetch(bar)
    except FetchError as e:
        print(f"\nerror: {e}", file=sys.stderr)
        return 1
    size = fetch.path.stat().st_size
    bar(size, size, final=True)
    print(f"\nmnist is ready: {fetch.path}", file=sys.stderr)
    return 0
