"""The hashed static tree served from memory: each file read and gzip-compressed once.

A first load fetches about a hundred files (the ES modules, the style sheets), each through
Starlette's ``StaticFiles`` (a stat and a read in a worker thread) and ``GZipMiddleware`` (a
fresh compression): a few milliseconds of the server's event loop each, a few hundred a load,
while the browser waits. Here a file is read and compressed at its first request and kept with
its size and modification time; a later request is answered from memory (a stat to check it has
not changed, which keeps a development server right while its files are edited).
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
from dataclasses import dataclass
from pathlib import Path

from starlette.types import Receive, Scope, Send


@dataclass(frozen=True)
class Entry:
    """A file as sent: its bytes, gzip-compressed too when worth it, and its headers."""

    stamp: tuple[int, int]  # (st_mtime_ns, st_size) when read
    body: bytes
    gzipped: bytes | None
    media_type: str
    etag: str


def route_path(scope: Scope) -> str:
    """The request's path below the mount (Starlette's rule, for its old and new scopes)."""
    path: str = scope["path"]
    root: str = scope.get("root_path", "")
    if root and path.startswith(root) and (path == root or path[len(root)] == "/"):
        path = path[len(root) :]
    return path.lstrip("/")


def accepts_gzip(scope: Scope) -> bool:
    for name, value in scope["headers"]:
        if name == b"accept-encoding":
            for part in value.decode("latin-1").split(","):
                token, _, params = part.strip().partition(";")
                if token.strip() == "gzip" and params.replace(" ", "") not in ("q=0", "q=0.0"):
                    return True
    return False


def header(scope: Scope, wanted: bytes) -> str | None:
    return next((v.decode("latin-1") for k, v in scope["headers"] if k == wanted), None)


class MemoryFiles:
    """An ASGI app serving ``folder``'s files from memory with ``cache_control``; answers of
    ``gzip_min`` bytes or more gzip-compressed (``level``) for clients that accept it."""

    def __init__(self, folder: Path, *, cache_control: str, gzip_min: int, level: int) -> None:
        self.folder = folder.resolve()
        self.cache_control = cache_control
        self.gzip_min = gzip_min
        self.level = level
        self.entries: dict[str, Entry] = {}

    def entry(self, relative: str) -> Entry | None:
        """The file at ``relative`` (None when it is not a file inside the folder)."""
        path = (self.folder / relative).resolve()
        if not path.is_relative_to(self.folder) or not path.is_file():
            return None
        info = path.stat()
        stamp = (info.st_mtime_ns, info.st_size)
        kept = self.entries.get(relative)
        if kept is not None and kept.stamp == stamp:
            return kept
        body = path.read_bytes()
        big = len(body) >= self.gzip_min
        media = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if media.startswith("text/") or media == "application/javascript":
            media = f"{'text/javascript' if media.endswith('javascript') else media}; charset=utf-8"
        kept = Entry(
            stamp=stamp,
            body=body,
            gzipped=gzip.compress(body, compresslevel=self.level, mtime=0) if big else None,
            media_type=media,
            etag=f'"{hashlib.sha1(body, usedforsecurity=False).hexdigest()[:20]}"',
        )
        self.entries[relative] = kept
        return kept

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["method"] not in ("GET", "HEAD"):
            return await self.answer(send, 405, [(b"allow", b"GET, HEAD")], b"Method Not Allowed")
        found = self.entry(route_path(scope))
        if found is None:
            return await self.answer(send, 404, [], b"Not Found")
        headers = [
            (b"cache-control", self.cache_control.encode()),
            (b"etag", found.etag.encode()),
            (b"content-type", found.media_type.encode()),
        ]
        if found.gzipped is not None:
            headers.append((b"vary", b"Accept-Encoding"))
        if header(scope, b"if-none-match") == found.etag:
            return await self.answer(send, 304, headers, b"", head=True)
        body = found.body
        if found.gzipped is not None and accepts_gzip(scope):
            body = found.gzipped
            headers.append((b"content-encoding", b"gzip"))
        await self.answer(send, 200, headers, body, head=scope["method"] == "HEAD")

    @staticmethod
    async def answer(
        send: Send, status: int, headers: list[tuple[bytes, bytes]], body: bytes, head: bool = False
    ) -> None:
        if status >= 400:
            headers = [*headers, (b"content-type", b"text/plain; charset=utf-8")]
        length = [(b"content-length", str(len(body)).encode())] if status != 304 else []
        await send({"type": "http.response.start", "status": status, "headers": headers + length})
        await send({"type": "http.response.body", "body": b"" if head else body})
