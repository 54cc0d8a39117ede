"""Third-party browser code served by the app itself, never from a CDN.

plotly.js is the partial bundle in ``static/vendor`` (built by ``scripts/plotly/build.sh`` with
only the trace types the page draws); Swagger UI comes from its installed Python package.
"""

import functools
import gzip
import hashlib
from pathlib import Path

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse, Response
from swagger_ui_bundle import swagger_ui_path

from app.web.resources import web_dir

router = APIRouter(prefix="/static/vendor", tags=["static"])

PLOTLY_JS = web_dir("static") / "vendor" / "plotly.min.js"
"""plotly.js with the scatter, bar, heatmap and waterfall traces (1.2 MB; the whole is 4.8)."""

SWAGGER_UI = {
    name: Path(str(swagger_ui_path)) / name for name in ("swagger-ui-bundle.js", "swagger-ui.css")
}
"""The two Swagger UI files /docs needs, by name: a fixed list, so no path comes from a client."""

# A year: pages link the bundle as ``?v=<its hash>`` (plotly_hash), so a new one is fetched at once.
LONG_CACHE = "public, max-age=31536000"


@functools.cache
def plotly_hash() -> str:
    """The first 12 hex digits of the bundle's SHA-256, for its URL."""
    return hashlib.sha256(PLOTLY_JS.read_bytes()).hexdigest()[:12]


@functools.cache
def plotly_gzipped() -> bytes:
    """The bundle gzip-compressed, once per process (about 0.4 MB of 1.2; ~0.05 s to make)."""
    return gzip.compress(PLOTLY_JS.read_bytes(), compresslevel=6, mtime=0)


@router.api_route("/plotly.min.js", methods=["GET", "HEAD"], include_in_schema=False)
def plotly_js(request: Request) -> Response:
    """Serve the plotly.js bundle with a long cache lifetime, gzip-compressed if accepted."""
    headers = {"Cache-Control": LONG_CACHE, "Vary": "Accept-Encoding"}
    if "gzip" not in request.headers.get("accept-encoding", ""):
        return FileResponse(PLOTLY_JS, media_type="text/javascript", headers=headers)
    body = plotly_gzipped()
    headers |= {"Content-Encoding": "gzip", "Content-Length": str(len(body))}
    if request.method == "HEAD":
        return Response(media_type="text/javascript", headers=headers)
    return Response(body, media_type="text/javascript", headers=headers)


@router.get("/swagger-ui/{name}", include_in_schema=False)
def swagger_ui(name: str) -> FileResponse:
    """Serve one of Swagger UI's files."""
    path = SWAGGER_UI.get(name)
    if path is None:
        raise HTTPException(404, "not found")
    return FileResponse(path, headers={"Cache-Control": "public, max-age=86400"})
