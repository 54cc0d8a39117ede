"""The page's own files, fast to load: gzip-compressed, and cached for good by content hash.

``/static/v/<hash>/...`` serves the ``static`` folder under a name made of a hash of all its
files, with a year-long ``immutable`` cache: a changed file changes the hash, so a browser
fetches the new tree at once and never asks again for an unchanged one. The page links its
stylesheets and ``main.js`` there, and every ES module it imports by a relative path comes
from the same hashed folder. ``/static/...`` keeps serving the same files (revalidated by
ETag) for links made before. Both compress with gzip for clients that accept it; the hashed tree
is served from memory (app/web/memory_files.py).

The page's script is ``dist/main.js``, every module in one file (``make bundle``), while that
bundle was built from ``js/`` as it is; else ``js/main.js`` with every module it imports
preloaded.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from starlette.middleware.gzip import GZipMiddleware
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp

from app.web.memory_files import MemoryFiles

LONG_CACHE = "public, max-age=31536000, immutable"
GZIP_LEVEL = 6  # about as small as 9 for text, and several times faster
GZIP_MIN = 1024  # bytes: smaller responses are sent as they are
# A static import or re-export by a relative path: `import {a} from "./a.js"`, `import "./b.js"`,
# `export {c} from "../c.js"` (across lines too; dynamic import() is left out: loaded on demand).
STATIC_IMPORT = re.compile(r"""^\s*(?:import|export)\b[^;"'()]*?["'](\.{1,2}/[^"']+)["']""", re.M)


BUNDLE = "dist/main.js"  # static/js bundled by scripts/bundle.sh (make bundle)


def tree_hash(folder: Path) -> str:
    """The first 12 hex digits of a SHA-256 over every file's path and bytes under ``folder``."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def source_hash(folder: Path) -> str:
    """The hash of ``folder``'s ``js`` tree: what a bundle of it records (scripts/bundle.sh)."""
    return tree_hash(folder / "js")


def bundle_banner(source: str) -> str:
    """The bundle's first line, naming ``source``, the hash of the js tree it was built from
    (``make bundle`` hands it to scripts/bundle.sh)."""
    return f"/* nabla: static/js bundled by scripts/bundle.sh, sources {source} */"


def fresh_bundle(folder: Path) -> bool:
    """Whether ``folder`` holds a bundle of its ``js`` tree as it is now (none built since an
    edit: the page loads the modules themselves, so the edit is what it runs)."""
    path = folder / BUNDLE
    if not path.is_file():
        return False
    with path.open("rb") as file:
        first = file.readline().rstrip(b"\n")
    return first == bundle_banner(source_hash(folder)).encode()


def module_graph(folder: Path, entry: str) -> list[str]:
    """Every ES module ``entry`` (a path under ``folder``) imports statically, itself included,
    at any depth, as paths under ``folder`` in the order first met.

    The page links them all as ``<link rel="modulepreload">``: the browser fetches the whole
    graph at once, instead of one level of imports per round trip (81 modules, four levels)."""
    found = [entry]
    for path in found:  # grows while it is walked: breadth first
        text = (folder / path).read_text(encoding="utf-8")
        for relative in STATIC_IMPORT.findall(text):
            target = (
                (folder / path).parent.joinpath(relative).resolve().relative_to(folder.resolve())
            )
            if target.as_posix() not in found:
                found.append(target.as_posix())
    return found


def static_files(folder: Path, hashed: bool) -> ASGIApp:
    """``folder`` served compressed; when ``hashed`` (its URL names its hash), from memory (each
    file read and compressed once: app/web/memory_files.py) with a long cache."""
    if hashed:
        return MemoryFiles(folder, cache_control=LONG_CACHE, gzip_min=GZIP_MIN, level=GZIP_LEVEL)
    return GZipMiddleware(
        StaticFiles(directory=folder), minimum_size=GZIP_MIN, compresslevel=GZIP_LEVEL
    )
