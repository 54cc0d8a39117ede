"""The page's own files, fast to load: gzip-compressed, and cached for good by content hash.

``/static/v/<hash>/...`` serves the ``static`` folder under a name made of a hash of all its
files, with a year-long ``immutable`` cache: a changed file changes the hash, so a browser
fetches the new tree at once and never asks again for an unchanged one. The page links its
stylesheets and ``main.js`` there, and every ES module it imports by a relative path comes
from the same hashed folder. ``/static/...`` keeps serving the same files (revalidated by
ETag) for links made before. Both compress with gzip for clients that accept it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from starlette.middleware.gzip import GZipMiddleware
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

LONG_CACHE = "public, max-age=31536000, immutable"
GZIP_LEVEL = 6  # about as small as 9 for text, and several times faster
GZIP_MIN = 1024  # bytes: smaller responses are sent as they are


def tree_hash(folder: Path) -> str:
    """The first 12 hex digits of a SHA-256 over every file's path and bytes under ``folder``."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


class LongCache:
    """Adds a year-long ``immutable`` Cache-Control to every successful answer of ``app``."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def send_cached(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 200:
                message["headers"] = [
                    *message.get("headers", []),
                    (b"cache-control", LONG_CACHE.encode()),
                ]
            await send(message)

        await self.app(scope, receive, send_cached)


def static_files(folder: Path, hashed: bool) -> ASGIApp:
    """``folder`` served compressed; with a long cache when ``hashed`` (its URL names its hash)."""
    app: ASGIApp = StaticFiles(directory=folder)
    if hashed:
        app = LongCache(app)
    return GZipMiddleware(app, minimum_size=GZIP_MIN, compresslevel=GZIP_LEVEL)
