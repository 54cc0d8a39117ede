"""No way in: security headers on every response, no CORS, no traceback, no inline script."""

import re
from pathlib import Path
from typing import Any

import pytest
from fastapi import APIRouter, Depends
from fastapi.testclient import TestClient

from app.settings import Settings
from app.web.app import create_app
from app.web.security import HEADERS

from .helpers import create

REPO_DIR = Path(__file__).resolve().parents[2]  # the checkout these tests are in

EVERY_KIND = [
    ("GET", "/"),
    ("GET", "/docs"),
    ("GET", "/openapi.json"),
    ("GET", "/api/health"),
    ("GET", "/static/js/main.js"),
    ("GET", "/static/no-such-file.js"),  # 404 from the static mount
    ("GET", "/api/sessions/nope"),  # 404 from a route
    ("POST", "/api/sessions"),  # 201
    ("PUT", "/api/health"),  # 405
]


@pytest.mark.parametrize(("method", "path"), EVERY_KIND)
def test_every_response_carries_the_security_headers(
    client: TestClient, method: str, path: str
) -> None:
    response = client.request(method, path)
    for name, value in HEADERS.items():
        assert response.headers[name] == value, (name, response.status_code)
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


def test_a_422_and_a_413_carry_them_too(client: TestClient) -> None:
    invalid = client.post("/api/sessions", json={"eta": "fast"})
    too_big = client.post("/api/sessions", content=b"{}", headers={"content-length": str(2**40)})
    assert (invalid.status_code, too_big.status_code) == (422, 413)
    for response in (invalid, too_big):
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"


def test_the_page_keeps_its_strict_policy(client: TestClient) -> None:
    policy = client.get("/").headers["content-security-policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["default-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in directives["script-src"]
    assert "unsafe-eval" not in policy


INLINE_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.IGNORECASE)


def served_markup() -> list[Path]:
    return [*(REPO_DIR / "templates").rglob("*.html"), *(REPO_DIR / "static").rglob("*.html")]


def test_no_inline_script_or_handler_in_any_template() -> None:
    files = served_markup()
    assert files, "the templates are where the page is"
    for path in files:
        text = path.read_text()
        assert not INLINE_HANDLER.search(text), path
        assert not INLINE_SCRIPT.search(text), path


def test_the_scripts_add_no_inline_handler_nor_eval() -> None:
    for path in (REPO_DIR / "static" / "js").rglob("*.js"):
        text = path.read_text()
        assert not re.search(r"\beval\(|new Function\(", text), path
        assert not re.search(r"setAttribute\(\s*[\"']on[a-z]+", text), path
        assert not INLINE_HANDLER.search(text), path


def test_the_inline_handler_check_would_catch_one() -> None:
    assert INLINE_HANDLER.search('<button type="button" onclick="go()">')
    assert INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert not INLINE_SCRIPT.search('<script type="module" src="/static/js/main.js">')


def test_no_wildcard_cors(client: TestClient) -> None:
    origin = {"origin": "https://evil.example"}
    simple = client.get("/api/health", headers=origin)
    preflight = client.options(
        "/api/sessions", headers={**origin, "access-control-request-method": "POST"}
    )
    for response in (simple, preflight):
        assert "access-control-allow-origin" not in response.headers
        assert "access-control-allow-credentials" not in response.headers


def test_the_server_reads_no_pickle_and_evaluates_no_input() -> None:
    """Only the server's own mnist file is unpickled, and by a restricted unpickler."""
    for path in (REPO_DIR / "app").rglob("*.py"):
        text = path.read_text()
        if re.search(r"^\s*(import|from) (pickle|marshal|shelve)\b", text, re.M):
            assert path.name == "_mnist.py", path
            assert "def find_class(" in text, "the mnist unpickler names what it may load"
        assert not re.search(r"(?<![\w.])(eval|exec)\(", text), path
        assert "allow_pickle=True" not in text, path


def request_fields(schema: dict[str, Any]) -> set[str]:
    """The name of every parameter and request-body property (nested too) in ``schema``."""
    components = schema["components"]["schemas"]
    names: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if "$ref" in node:
                name = node["$ref"].rsplit("/", 1)[-1]
                if name not in seen:
                    seen.add(name)
                    walk(components[name])
            names.update(node.get("properties", {}))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    seen: set[str] = set()
    for operations in schema["paths"].values():
        for operation in operations.values():
            names.update(p["name"] for p in operation.get("parameters", []))
            walk(operation.get("requestBody", {}))
    return names


def test_no_client_gives_a_file_path(client: TestClient) -> None:
    """The mnist path is a server setting: no request field or parameter names a file."""
    fields = request_fields(client.get("/openapi.json").json())
    assert {"sizes", "eta", "session_id", "resolution"} <= fields
    assert not [f for f in fields if re.search("path|file|dir", f)], fields


def failing_app() -> TestClient:
    app = create_app(Settings())
    router = APIRouter()

    def broken_dependency() -> int:
        raise RuntimeError("secret detail: /etc/passwd at line 42")

    @router.get("/boom")
    def boom() -> None:
        """A route that fails."""
        raise ValueError("secret detail: the database password is hunter2")

    @router.get("/boom-in-dependency")
    def boom_in_dependency(value: int = Depends(broken_dependency)) -> int:
        """A route whose dependency fails."""
        return value

    app.include_router(router)
    return TestClient(app, raise_server_exceptions=False)


@pytest.mark.parametrize("path", ["/boom", "/boom-in-dependency"])
def test_an_unexpected_error_is_a_bare_500_json(path: str) -> None:
    with failing_app() as client:
        response = client.get(path)
    assert response.status_code == 500
    assert response.json() == {"detail": "internal server error"}
    assert "secret" not in response.text and "Traceback" not in response.text
    assert response.headers["x-content-type-options"] == "nosniff"


def test_after_a_500_the_server_goes_on(client: TestClient) -> None:
    with failing_app() as failing:
        assert failing.get("/boom").status_code == 500
        assert failing.get("/api/health").json()["status"] == "ok"
        sid = create(failing)
        assert failing.get(f"/api/sessions/{sid}").status_code == 200
