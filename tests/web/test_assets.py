"""A fast first load: the page's files compressed and cached for good by content hash."""

import gzip
import re

from fastapi.testclient import TestClient

from app.settings import Settings
from app.web.assets import (
    BUNDLE,
    bundle_banner,
    fresh_bundle,
    module_graph,
    source_hash,
    tree_hash,
)
from app.web.resources import web_dir
from app.web.routers.vendor import PLOTLY_JS

GZIP = {"accept-encoding": "gzip"}
STATIC_DIR = web_dir("static")


def raw(
    client: TestClient, path: str, headers: dict[str, str]
) -> tuple[int, dict[str, str], bytes]:
    """Status, headers and the bytes on the wire (not decompressed)."""
    with client.stream("GET", path, headers=headers) as response:
        return response.status_code, dict(response.headers), b"".join(response.iter_raw())


def test_the_page_links_its_files_by_content_hash(client: TestClient) -> None:
    page = client.get("/").text
    prefix = f"/static/v/{tree_hash(STATIC_DIR)}"
    assert f'src="{prefix}/{BUNDLE}"' in page  # every module in one file (make bundle)
    assert f'href="{prefix}/css/main.css"' in page
    assert not re.search(r'(src|href)="/static/(js|css)/', page)  # nothing left to revalidate


def test_hashed_files_are_cached_for_good_and_compressed(client: TestClient) -> None:
    prefix = f"/static/v/{tree_hash(STATIC_DIR)}"
    status, headers, body = raw(client, f"{prefix}/js/model.js", GZIP)
    assert status == 200
    assert "max-age=31536000" in headers["cache-control"]
    assert "immutable" in headers["cache-control"]
    assert headers["content-encoding"] == "gzip"
    original = (STATIC_DIR / "js" / "model.js").read_bytes()
    assert gzip.decompress(body) == original and len(body) < len(original) / 2
    # an ES module's relative import resolves in the same hashed folder
    assert client.get(f"{prefix}/js/bus.js").status_code == 200


def test_the_page_loads_its_modules_bundled_while_the_bundle_is_fresh(client: TestClient) -> None:
    """static/dist/main.js is static/js as it is (else `make bundle`): the page loads it alone."""
    assert fresh_bundle(STATIC_DIR), (
        "static/js changed since static/dist/main.js: run `make bundle`"
    )
    page = client.get("/").text
    prefix = f"/static/v/{tree_hash(STATIC_DIR)}"
    assert f'<script type="module" src="{prefix}/{BUNDLE}"></script>' in page
    assert "modulepreload" not in page
    bundle = client.get(f"{prefix}/{BUNDLE}", headers=GZIP)
    assert bundle.status_code == 200 and "immutable" in bundle.headers["cache-control"]
    assert bundle.headers["content-encoding"] == "gzip"


def test_without_a_fresh_bundle_the_page_preloads_every_module_main_js_imports(
    tmp_path: object, monkeypatch: object, app_settings: Settings
) -> None:
    """An edit to static/js since the bundle: the page runs the modules themselves, each one
    main.js imports preloaded (at once rather than one level of imports per round trip)."""
    from pathlib import Path

    import pytest

    from app.web.app import create_app

    folder = Path(str(tmp_path))
    (folder / "js").mkdir()
    (folder / "dist").mkdir()
    (folder / "js" / "main.js").write_text('import "./a.js";\n')
    (folder / "js" / "a.js").write_text("")
    (folder / "dist" / "main.js").write_text(bundle_banner(source_hash(folder)) + "\n")
    assert fresh_bundle(folder)
    (folder / "js" / "a.js").write_text("export const edited = true;\n")
    assert not fresh_bundle(folder)
    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    monkeypatch.setattr(
        "app.web.app.web_dir", lambda name: folder if name == "static" else web_dir(name)
    )
    page = TestClient(create_app(app_settings)).get("/").text
    prefix = f"/static/v/{tree_hash(folder)}"
    assert f'<script type="module" src="{prefix}/js/main.js"></script>' in page
    assert re.findall(r'<link rel="modulepreload" href="([^"]+)">', page) == [f"{prefix}/js/a.js"]


def test_the_module_graph_follows_every_form_of_static_import(tmp_path: object) -> None:
    from pathlib import Path

    folder = Path(str(tmp_path))
    (folder / "sub").mkdir()
    files = {
        "main.js": 'import { a } from "./a.js";\nimport "./side.js";\n'
        'import {\n  b,\n  c,\n} from "./sub/b.js";\nconst later = () => import("./lazy.js");\n',
        "a.js": 'export { x } from "./sub/x.js";\nexport const a = 1; // import "./no.js"\n',
        "side.js": "",
        "sub/b.js": 'import { a } from "../a.js";\nexport const b = 2, c = 3;\n',
        "sub/x.js": "export const x = 0;\n",
        "lazy.js": "",
    }
    for name, text in files.items():
        (folder / name).write_text(text)
    graph = module_graph(folder, "main.js")
    assert graph == ["main.js", "a.js", "side.js", "sub/b.js", "sub/x.js"]  # no dynamic import()


def test_a_changed_file_changes_the_hash(tmp_path: object) -> None:
    from pathlib import Path

    folder = Path(str(tmp_path))
    (folder / "a.js").write_text("one")
    before = tree_hash(folder)
    (folder / "a.js").write_text("two")
    assert tree_hash(folder) != before


def test_plotly_is_sent_compressed(client: TestClient) -> None:
    status, headers, body = raw(client, "/static/vendor/plotly.min.js", GZIP)
    assert status == 200 and headers["content-encoding"] == "gzip"
    assert len(body) < PLOTLY_JS.stat().st_size / 2
    assert gzip.decompress(body) == PLOTLY_JS.read_bytes()
    plain = client.get("/static/vendor/plotly.min.js", headers={"accept-encoding": "identity"})
    assert "content-encoding" not in plain.headers
    assert len(plain.content) == PLOTLY_JS.stat().st_size


def test_unhashed_static_files_are_still_served(client: TestClient) -> None:
    response = client.get("/static/js/main.js", headers=GZIP)
    assert response.status_code == 200 and "immutable" not in response.headers.get(
        "cache-control", ""
    )


def test_hashed_files_come_from_memory_and_stay_right(tmp_path: object) -> None:
    """The hashed tree's server (app/web/memory_files.py): gzip only for those who accept it,
    HEAD, 304 on a matching ETag, a changed file sent afresh, nothing outside the folder."""
    from pathlib import Path

    from starlette.applications import Starlette
    from starlette.routing import Mount

    from app.web.memory_files import MemoryFiles

    folder = Path(str(tmp_path)) / "static"
    (folder / "js").mkdir(parents=True)
    (tmp_path_secret := Path(str(tmp_path)) / "secret.txt").write_text("no")
    module = folder / "js" / "a.js"
    module.write_text("export const a = 1;\n" * 200)
    files = MemoryFiles(folder, cache_control="public, immutable", gzip_min=1024, level=6)
    client = TestClient(Starlette(routes=[Mount("/v/x", app=files)]))

    status, headers, body = raw(client, "/v/x/js/a.js", GZIP)
    assert status == 200 and headers["content-encoding"] == "gzip"
    assert gzip.decompress(body) == module.read_bytes()
    assert headers["content-type"] == "text/javascript; charset=utf-8"
    assert headers["cache-control"] == "public, immutable" and headers["vary"] == "Accept-Encoding"
    for refused in ("gzip;q=0", "identity"):
        plain = client.get("/v/x/js/a.js", headers={"accept-encoding": refused})
        assert "content-encoding" not in plain.headers and plain.content == module.read_bytes()
    head = client.head("/v/x/js/a.js", headers=GZIP)
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-length"] == headers["content-length"]
    again = client.get("/v/x/js/a.js", headers={"if-none-match": headers["etag"]})
    assert again.status_code == 304 and again.content == b""

    module.write_text("export const a = 2;\n")  # edited while the server runs
    fresh = client.get("/v/x/js/a.js", headers={"if-none-match": headers["etag"]})
    assert fresh.status_code == 200 and fresh.text == "export const a = 2;\n"
    assert "content-encoding" not in fresh.headers  # under gzip_min: sent as it is

    assert tmp_path_secret.is_file()
    for outside in ("/v/x/../secret.txt", "/v/x/%2e%2e/secret.txt", "/v/x/js", "/v/x/none.js"):
        assert client.get(outside).status_code == 404, outside
    assert client.post("/v/x/js/a.js").status_code == 405
