"""Third-party browser code served from installed Python packages, never from a CDN."""

import functools
import gzip
from pathlib import Path

import plotly
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse, Response
from swagger_ui_bundle import swagger_ui_path

router = APIRouter(prefix="/static/vendor", tags=["static"])

PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
"""The plotly.js bundle shipped inside the ``plotly`` package (about 4.8 MB)."""

SWAGGER_UI = {
    name: Path(str(swagger_ui_path)) / name for name in ("swagger-ui-bundle.js", "swagger-ui.css")
}
"""The two Swagger UI files /docs needs, by name: a fixed list, so no path comes from a client."""

# A year: the bundle changes only when the plotly package is upgraded. Pages should add
# ``?v=<plotly.js version>`` to the URL so an upgrade is fetched at once.
LONG_CACHE = "public, max-age=31536000"


@functools.cache
def plotly_gzipped() -> bytes:
    """The bundle gzip-compressed, once per process (about 1.4 MB of 4.8; ~0.2 s to make)."""
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
