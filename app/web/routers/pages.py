"""The page at ``/``: one Jinja2 template, the ES modules of ``static/js`` (bundled), no CDN.

The response carries a strict Content-Security-Policy: scripts only from
this server, so the template holds no inline script and no inline handler.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from app import __version__
from app.web.routers.vendor import plotly_hash

router = APIRouter(include_in_schema=False)

CSP = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",  # plotly.js writes <style> and style attributes
        "img-src 'self' data: blob:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    )
)


@router.get("/", response_class=HTMLResponse)
def index(request: Request) -> HTMLResponse:
    """The visualiser: controls, the network, the accumulation of nabla_w, data and metrics."""
    templates: Jinja2Templates = request.app.state.templates
    response = templates.TemplateResponse(
        request,
        "index.html",
        {
            "plotly_hash": plotly_hash(),
            "version": __version__,
            "assets": request.app.state.assets,
            "main_script": request.app.state.main_script,
            "modules": request.app.state.modules,
        },
    )
    response.headers["Content-Security-Policy"] = CSP
    return response
