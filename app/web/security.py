"""Security headers on every response, and errors that never show their insides.

The page at ``/`` sets its own strict Content-Security-Policy (``routers/pages.py``);
every other response that sets none gets ``frame-ancestors 'none'``, so no
response of this server can be framed by another site.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import JSONResponse
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}
DEFAULT_CSP = "frame-ancestors 'none'"
INTERNAL_ERROR = "internal server error"


class SecurityHeaders:
    """ASGI middleware: add ``HEADERS`` (and a CSP when there is none) to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    headers.setdefault(name, value)
                headers.setdefault("Content-Security-Policy", DEFAULT_CSP)
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def internal_error(request: Request, exc: Exception) -> JSONResponse:
    """Any unexpected exception: a bare 500, no traceback (the server's log keeps that)."""
    headers = {**HEADERS, "Content-Security-Policy": DEFAULT_CSP}
    return JSONResponse({"detail": INTERNAL_ERROR}, status_code=500, headers=headers)
