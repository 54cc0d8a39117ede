"""/docs in a real browser: Swagger UI shows every REST route, from this server's files only."""

from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, Request


@pytest.mark.browser
def test_docs_page_shows_every_rest_route_with_its_models(
    page: Page, live_server: str, page_errors: list[str], screenshots_dir: Path
) -> None:
    outside: list[str] = []

    def on_request(request: Request) -> None:
        if not request.url.startswith((live_server, "data:")):
            outside.append(request.url)

    page.on("request", on_request)
    schema = httpx.get(f"{live_server}/openapi.json").json()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server}/docs")
    page.wait_for_selector(".opblock", state="attached")

    shown = {
        (block.get_attribute("class") or "", block.locator(".opblock-summary-path").text_content())
        for block in page.locator(".opblock").all()
    }
    for path, operations in schema["paths"].items():
        for method in operations:
            assert any(
                f"opblock-{method}" in cls and text and text.replace("\u200b", "") == path
                for cls, text in shown
            ), f"{method.upper()} {path} is not on /docs"
    titles = page.locator("section.models .json-schema-2020-12__title").all_text_contents()
    for name in schema["components"]["schemas"]:
        assert name in titles, f"model {name} is not on /docs"
    page.screenshot(path=screenshots_dir / "api-docs.png")
    assert outside == []
    assert page_errors == []
