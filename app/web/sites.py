"""Who may talk to this server: the names it answers to, and which sites may change state.

* **DNS rebinding.** A remote page whose name is made to point at 127.0.0.1 reaches
  a server on loopback with its own name in ``Host``. Every HTTP request and socket
  must name this server: a loopback name, the address the connection came in on,
  ``NABLA_HOST``, the hosts of ``NABLA_ALLOWED_ORIGINS`` or one of ``NABLA_ALLOWED_HOSTS``;
  any other ``Host`` is a 400 (a socket: close 4403) before the app sees it.
* **Cross-site requests.** A request that may change state (any method but GET, HEAD
  and OPTIONS) is refused (403) when the browser says it comes from another site
  (``Sec-Fetch-Site: cross-site``, or an ``Origin`` that is not this server's), unless
  that origin is in ``NABLA_ALLOWED_ORIGINS``; and its body must be JSON or CSV
  (415 otherwise), types a cross-site form cannot send without the browser asking first.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from app.settings import Settings

LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# application/octet-stream: an np.savez file for PUT .../network. Like JSON, a form of another
# site cannot send it without a CORS preflight, which this server never grants.
BODY_TYPES = frozenset({"application/json", "text/csv", "application/octet-stream"})
FORBIDDEN = 4403  # WebSocket close code: not allowed (the same as a foreign Origin)


def host_name(host: str) -> str:
    """``host`` of a ``Host`` header without its port, lower case (``[::1]:8000`` -> ``::1``)."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


class SiteGuard:
    """ASGI middleware: the Host allowlist for HTTP and sockets, the cross-site rule for HTTP."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.origins = frozenset(settings.allowed_origins)
        self.any_host = "*" in settings.allowed_hosts
        self.hosts = (
            LOOPBACK
            | {host_name(settings.host)}
            | {host_name(h) for h in settings.allowed_hosts}
            | {host_name(urlsplit(o).netloc) for o in settings.allowed_origins}
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        refusal = self._host_refusal(scope, headers.get("host"))
        if refusal is None and scope["type"] == "http":
            refusal = self._site_refusal(scope["method"], headers)
        if refusal is None:
            await self.app(scope, receive, send)
        elif scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": FORBIDDEN, "reason": refusal[1]})
        else:
            await JSONResponse({"detail": refusal[1]}, status_code=refusal[0])(scope, receive, send)

    def _host_refusal(self, scope: Scope, host: str | None) -> tuple[int, str] | None:
        if host is None or self.any_host:
            return None  # HTTP/1.0 without Host: no browser, so no rebinding
        name = host_name(host)
        server = scope.get("server")
        if name in self.hosts or (server and name == host_name(str(server[0]))):
            return None
        return 400, (
            f"host not allowed: this server does not answer to {name[:60]!r} "
            "(NABLA_ALLOWED_HOSTS lists the names it answers to)"
        )

    def _site_refusal(self, method: str, headers: dict[str, str]) -> tuple[int, str] | None:
        if method in SAFE_METHODS:
            return None
        origin = headers.get("origin")
        foreign = origin is not None and (
            urlsplit(origin).netloc.lower() != headers.get("host", "").lower()
        )
        cross = headers.get("sec-fetch-site") == "cross-site" or foreign
        if cross and origin not in self.origins:
            return 403, (
                "cross-site request refused: a page of another site may not change state here "
                "(NABLA_ALLOWED_ORIGINS lists the sites that may)"
            )
        media = headers.get("content-type", "").split(";")[0].strip().lower()
        has_body = headers.get("content-length", "0") not in ("0", "") or (
            "transfer-encoding" in headers
        )
        if (media or has_body) and media not in BODY_TYPES:
            return 415, (
                f"content type: send application/json (or text/csv for an upload), "
                f"not {media[:60] or 'nothing'}"
            )
        return None
