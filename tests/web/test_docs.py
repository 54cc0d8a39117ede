"""/docs: Swagger UI on the app's schema, every file served by the app itself."""

import re

from fastapi.testclient import TestClient


def test_docs_page_loads_only_files_of_this_server(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert sources, "the page loads Swagger UI"
    for source in sources:
        assert source.startswith("/"), f"{source} is not served by this server"
        assert client.get(source).status_code == 200, source
    assert "<script>" not in page.text, "no inline script (a strict CSP forbids it)"
    assert client.get("/redoc").status_code == 404


def test_swagger_files_are_a_fixed_list(client: TestClient) -> None:
    assert client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js").status_code == 200
    assert client.get("/static/vendor/swagger-ui/index.html").status_code == 404
    assert client.get("/static/vendor/swagger-ui/..%2F..%2F__init__.py").status_code == 404
