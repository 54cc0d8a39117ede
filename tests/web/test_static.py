import json
import re
from pathlib import Path

from fastapi.testclient import TestClient

from app.web.routers.vendor import PLOTLY_JS

BUNDLE_DIR = Path(__file__).resolve().parents[2] / "scripts" / "plotly"


def pinned_plotly_js() -> str:
    """The plotly.js release scripts/plotly/build.sh bundles (its package.json pins it)."""
    version: str = json.loads((BUNDLE_DIR / "package.json").read_text())["dependencies"][
        "plotly.js"
    ]
    return version


def test_plotly_bundle_is_served_with_a_long_cache(client: TestClient) -> None:
    response = client.get("/static/vendor/plotly.min.js")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    assert "max-age=31536000" in response.headers["cache-control"]
    assert len(response.content) == PLOTLY_JS.stat().st_size
    banner = response.content[:300].decode()
    assert banner.startswith(f"/* plotly.js v{pinned_plotly_js()} (MIT licence"), banner


def test_the_bundle_holds_the_traces_its_entry_registers() -> None:
    """build.sh names in the banner the traces entry.js registers (checked in a browser by
    tests/browser/conftest.py: no chart may use a trace type the bundle lacks)."""
    entry = (BUNDLE_DIR / "entry.js").read_text()
    traces = ["scatter", *re.findall(r'require\("plotly.js/lib/(\w+)"\)', entry)]
    traces.remove("core")
    assert f"the traces {', '.join(traces)}, built by" in PLOTLY_JS.read_text()[:300]


def test_the_page_links_the_bundle_by_its_hash(client: TestClient) -> None:
    from app.web.routers.vendor import plotly_hash

    page = client.get("/").text  # named for plots.js to load when a chart first needs it
    assert f'content="/static/vendor/plotly.min.js?v={plotly_hash()}"' in page
    assert "<script" not in page.split("plotly.min.js")[0].rsplit("\n", 1)[-1]


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
