import plotly
from fastapi.testclient import TestClient

from app.web.routers.vendor import PLOTLY_JS


def test_plotly_bundle_is_served_with_a_long_cache(client: TestClient) -> None:
    response = client.get("/static/vendor/plotly.min.js")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    assert "max-age=31536000" in response.headers["cache-control"]
    assert len(response.content) == PLOTLY_JS.stat().st_size
    version = plotly.offline.get_plotlyjs_version()
    assert version in response.content[:2000].decode("utf-8", "replace")


def test_plotly_bundle_answers_head(client: TestClient) -> None:
    response = client.head("/static/vendor/plotly.min.js", headers={"accept-encoding": "identity"})
    assert response.status_code == 200
    assert int(response.headers["content-length"]) == PLOTLY_JS.stat().st_size


def test_static_folder_is_mounted(client: TestClient) -> None:
    response = client.get("/static/favicon.svg")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("image/svg+xml")


def test_unknown_static_file_is_404(client: TestClient) -> None:
    assert client.get("/static/no-such-file.js").status_code == 404
