"""Download the book's ``mnist.pkl.gz`` once, check it, and keep it in the data directory.

:class:`MnistFetch` streams the file into a ``.part`` file beside its final place,
counting and hashing as it goes, checks its size (and SHA-256, when one is set),
that it reads as the book's format, then renames it into place: the file is there
whole or not at all. Every failure (offline, an HTTP error, a short read, a wrong
size or digest, a full disk) is a :class:`FetchError` whose message says what to do,
and leaves no ``.part`` file behind. :meth:`MnistFetch.start` runs one download in a
thread however many callers ask: the page polls :meth:`MnistFetch.progress`; the
command line calls :meth:`MnistFetch.fetch` itself.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import threading
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

from app.core import _mnist

CHUNK = 256 * 1024
TIMEOUT = 30.0  # seconds without a byte before a download is given up


class FetchError(Exception):
    """The download failed; ``str()`` says why and what to do."""


@dataclass(frozen=True)
class Progress:
    """Where the download is: ``state`` absent, downloading, ready or failed."""

    state: str
    done: int = 0
    total: int | None = None
    message: str = ""


def _mb(n: int) -> str:
    return f"{n / 1e6:.1f} MB"


class MnistFetch:
    """The download of ``url`` to ``path``, checked against ``size`` and ``sha256``."""

    def __init__(
        self, path: Path, url: str, size: int | None = None, sha256: str | None = None
    ) -> None:
        self.path, self.url, self.size = path, url, size
        self.sha256 = sha256.lower() if sha256 else None
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._progress = Progress("absent")

    def progress(self) -> Progress:
        """The download's progress; ``ready`` once the file is in place."""
        with self._lock:
            busy = self._thread is not None and self._thread.is_alive()
            if not busy and self.path.is_file():
                return Progress("ready", self.path.stat().st_size, self.path.stat().st_size)
            return self._progress

    def start(self) -> Progress:
        """Start the download in a thread unless it is running or done; its progress."""
        with self._lock:
            busy = self._thread is not None and self._thread.is_alive()
            if not busy and not self.path.is_file():
                self._progress = Progress("downloading", 0, self.size)
                self._thread = threading.Thread(target=self._run, name="mnist-fetch", daemon=True)
                self._thread.start()
        return self.progress()

    def wait(self, timeout: float | None = None) -> Progress:
        """Wait for a started download to end; its progress."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
        return self.progress()

    def _run(self) -> None:
        try:
            self.fetch(self._report)
        except FetchError as e:
            with self._lock:
                self._progress = Progress("failed", 0, self.size, str(e))

    def _report(self, done: int, total: int | None) -> None:
        with self._lock:
            self._progress = replace(self._progress, done=done, total=total)

    def fetch(self, report: Callable[[int, int | None], None] | None = None) -> Path:
        """Download, check and put the file in place (synchronously); its path.

        ``report(done, total)`` is called after each chunk. Raises FetchError.
        """
        if self.path.is_file():
            return self.path
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise FetchError(
                f"cannot create the data directory {self.path.parent}: {e.strerror}"
            ) from e
        part = self.path.with_name(f"{self.path.name}.part-{os.getpid()}-{threading.get_ident()}")
        try:
            self._download(part, report or (lambda done, total: None))
            self._check_format(part)
            os.replace(part, self.path)
        except OSError as e:
            raise FetchError(self._disk_message(e)) from e
        finally:
            part.unlink(missing_ok=True)
        return self.path

    def _download(self, part: Path, report: Callable[[int, int | None], None]) -> None:
        host = urlsplit(self.url).netloc or self.url
        try:
            response = urllib.request.urlopen(self.url, timeout=TIMEOUT)
        except urllib.error.HTTPError as e:
            raise FetchError(f"{host} answered {e.code} {e.reason} for {self.url}") from e
        except (urllib.error.URLError, TimeoutError, OSError) as e:
            reason = getattr(e, "reason", e)
            raise FetchError(
                f"cannot reach {host} ({reason}): this server may be offline. Set "
                "NABLA_MNIST_URL to a mirror, or put the file in place and set NABLA_MNIST"
            ) from e
        with response:
            length = response.headers.get("Content-Length")
            total = int(length) if length and length.isdigit() else self.size
            if self.size is not None and length and length.isdigit() and int(length) != self.size:
                raise FetchError(
                    f"{host} offers {int(length):,} bytes, not the {self.size:,} of the book's "
                    "file: a different file (set NABLA_MNIST_BYTES to accept it)"
                )
            self._room(total)
            digest, done = hashlib.sha256(), 0
            with open(part, "wb") as out:
                while True:
                    try:
                        chunk = response.read(CHUNK)
                    except (OSError, TimeoutError) as e:
                        raise FetchError(
                            f"the download from {host} broke off after {_mb(done)} ({e}): "
                            "nothing was kept; try again"
                        ) from e
                    if not chunk:
                        break
                    out.write(chunk)
                    digest.update(chunk)
                    done += len(chunk)
                    report(done, total)
        self._check_whole(done, total, digest.hexdigest(), host)

    def _room(self, total: int | None) -> None:
        """FetchError if the data directory's disk has no room for ``total`` bytes."""
        if total is None:
            return
        free = shutil.disk_usage(self.path.parent).free
        if free < total:
            raise FetchError(
                f"the disk of {self.path.parent} has {_mb(free)} free; the file needs "
                f"{_mb(total)}: free some space or set NABLA_DATA_DIR to another disk"
            )

    def _check_whole(self, done: int, total: int | None, sha256: str, host: str) -> None:
        if total is not None and done < total:
            raise FetchError(
                f"the download from {host} ended after {done:,} of {total:,} bytes: "
                "nothing was kept; try again"
            )
        if self.size is not None and done != self.size:
            raise FetchError(f"the file has {done:,} bytes, not the {self.size:,} expected")
        if self.sha256 is not None and sha256 != self.sha256:
            raise FetchError(
                f"the file's SHA-256 is {sha256}, not the {self.sha256} expected "
                "(NABLA_MNIST_SHA256): it was not kept"
            )

    def _check_format(self, part: Path) -> None:
        """FetchError unless ``part`` reads as the book's file (with the app's safe reader)."""
        try:
            _mnist.read_mnist(str(part))
        except _mnist.MnistFileError as e:
            detail = str(e).split(": ", 1)[-1]
            raise FetchError(f"the file is not the book's mnist.pkl.gz ({detail})") from e
        finally:
            _mnist.read_stamped.cache_clear()  # the cache held the .part file's arrays

    def _disk_message(self, e: OSError) -> str:
        if e.errno in (errno.ENOSPC, errno.EDQUOT):
            return (
                f"the disk of {self.path.parent} is full: free some space or set "
                "NABLA_DATA_DIR to another disk (nothing was kept)"
            )
        return f"cannot write {self.path} ({e.strerror or e})"
