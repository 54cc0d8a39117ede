"""Third-party browser code served from installed Python packages, never from a CDN."""

from pathlib import Path

import plotly
from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse
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


@router.api_route("/plotly.min.js", methods=["GET", "HEAD"], include_in_schema=False)
def plotly_js() -> FileResponse:
    """Serve the plotly.js bundle with a long cache lifetime."""
    return FileResponse(
        PLOTLY_JS, media_type="text/javascript", headers={"Cache-Control": LONG_CACHE}
    )


@router.get("/swagger-ui/{name}", include_in_schema=False)
def swagger_ui(name: str) -> FileResponse:
    """Serve one of Swagger UI's files."""
    path = SWAGGER_UI.get(name)
    if path is None:
        raise HTTPException(404, "not found")
    return FileResponse(path, headers={"Cache-Control": "public, max-age=86400"})
