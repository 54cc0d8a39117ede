from fastapi.testclient import TestClient

from app import __version__


def test_health_reports_ok_and_version(client: TestClient) -> None:
    response = client.get("/api/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "version": __version__}


def test_version_is_the_package_version() -> None:
    assert __version__ == "0.1.0"


def test_openapi_describes_health(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert "/api/health" in schema["paths"]
    assert "Health" in schema["components"]["schemas"]
