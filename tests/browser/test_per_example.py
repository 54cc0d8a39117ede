"""The page in per-example mode: the hero view's heading, and how much a restore asks for.

The accumulation view's heading follows the session's update mode. The page counts the numbers
of a full-detail answer as the server counts them for its limit, the weights after each example
included, so near the limit it asks for the summary instead of being refused.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from playwright.sync_api import Page, Response, expect

from .helpers import open_page, shoot_view, wait_settled

pytestmark = pytest.mark.browser

BATCH = (
    "Gradients summed, then one update",
    "update_mini_batch: each example's gradient is added into nabla_w; "
    "the weights move once per mini-batch",
)
PER_EXAMPLE = (
    "The weights move after every example",
    "update_per_example: each example's step −(η/m)·∇ᵢ moves the weights; "
    "the next gradient is taken at the moved weights",
)
PAGE_BUDGET = 4_000_000  # static/js/detail.js: FULL_STEP_NUMBERS


STEP_COLUMN = {  # the third column's title, name and code, and the operator before it
    "batch": ("The one update", "−(η/m)·nabla_w", "-(eta/len(mini_batch))*nw", "× −η/m"),
    "per_example": ("This example's step", "−(η/m)·delta_nabla_w", "-(eta/m)*dnw", ""),
}


def step_column(page: Page) -> tuple[str, ...]:
    """The step column's title, name and code, and the operator between it and the sum."""
    return tuple(
        page.evaluate(
            """() => {
              const col = document.querySelector("#view-accumulation .acc-step");
              const text = (s) => col.querySelector(s).textContent.trim();
              return [text(".acc-title"), text(".acc-name"), text(".acc-code code"),
                      col.previousElementSibling.textContent.trim()];
            }"""
        )
    )


def heading(page: Page) -> tuple[str, str]:
    head = page.locator("#view-accumulation .panel-head")
    return str(head.locator("h2").text_content()), str(head.locator(".panel-sub").text_content())


def switch_to(page: Page, mode: str) -> None:
    """Pick the update mode in the controls and wait for its new session to be drawn."""
    previous = page.get_attribute("#app", "data-session")
    page.check(f"input[name='update'][value='{mode}']")
    page.wait_for_function(
        "(previous) => { const a = document.getElementById('app');"
        " return a.dataset.session !== previous && a.dataset.ready === '1'; }",
        arg=previous,
    )
    wait_settled(page, 0)


def test_the_accumulation_heading_follows_the_update_mode(
    page: Page, live_server: str, page_errors: list[str], screenshots_dir: Path
) -> None:
    open_page(page, live_server, "?dataset=xor&sizes=2-4-2&batch_size=4&seed=2")
    assert heading(page) == BATCH

    switch_to(page, "per_example")
    assert heading(page) == PER_EXAMPLE
    page.click("[data-act='step-example']")
    wait_settled(page, 1)
    assert heading(page) == PER_EXAMPLE
    assert step_column(page) == STEP_COLUMN["per_example"]
    facts = str(page.text_content("#view-accumulation .wf-facts"))
    assert "after each example" in facts, facts
    shoot_view(page, "accumulation", screenshots_dir / "heading-per-example.png")

    switch_to(page, "batch")
    assert heading(page) == BATCH
    assert step_column(page) == STEP_COLUMN["batch"]
    page.click("[data-act='step-example']")
    wait_settled(page, 1)
    shoot_view(page, "accumulation", screenshots_dir / "heading-batch.png")

    switch_to(page, "per_example")
    page.reload()  # back to the per-example run: its heading from the start
    wait_settled(page, 0)
    assert heading(page) == PER_EXAMPLE
    assert page_errors == []


def page_counts(page: Page, config: dict[str, Any], k: int) -> dict[str, Any]:
    """What static/js/detail.js says of ``k`` examples of ``config``."""
    return dict(
        page.evaluate(
            """async ([config, k]) => {
              const d = await import("/static/js/detail.js");
              return { examples: d.exampleNumbers(config, k), batch: d.batchNumbers(config, k),
                       detail: d.detailForBatch(config, k) };
            }""",
            [config, k],
        )
    )


@pytest.mark.parametrize("mode", ["batch", "per_example"])
def test_the_page_counts_a_full_answer_as_the_server_does(
    page: Page, live_server: str, live_app: FastAPI, page_errors: list[str], mode: str
) -> None:
    """The page counts what the server does: one number under that, and GET .../batch is a 422."""
    open_page(page, live_server, "?dataset=xor&sizes=2-5-3-2")
    created = httpx.post(
        f"{live_server}/api/sessions",
        json={"dataset": "xor", "sizes": [2, 5, 3, 2], "batch_size": 8, "update": mode},
    ).json()
    sid, config = created["id"], created["config"]
    session = live_app.state.store.get(sid)
    limits = session.limits
    try:
        for k, count in ((1, 1), (3, 2), (7, 4)):  # k examples of the mini-batch so far
            step = {"unit": "example", "count": count, "detail": "none"}
            httpx.post(f"{live_server}/api/sessions/{sid}/step", json=step).raise_for_status()
            counts = page_counts(page, config, k)
            assert counts["examples"] == session.frame_floats("example", k)
            for most, status in ((counts["batch"], 200), (counts["batch"] - 1, 422)):
                session.limits = replace(limits, max_frame_floats=most)
                answer = httpx.get(f"{live_server}/api/sessions/{sid}/batch?detail=full")
                assert answer.status_code == status, (k, most, answer.text)
            assert answer.json()["detail"][0]["loc"] == ["query", "detail"]
    finally:
        session.limits = limits
        httpx.delete(f"{live_server}/api/sessions/{sid}")
    assert page_errors == []


def test_near_the_limit_a_per_example_restore_asks_for_the_summary(
    page: Page, live_server: str, live_app: FastAPI, page_errors: list[str], screenshots_dir: Path
) -> None:
    """177 examples of [64, 100, 10]: within the page's budget without the weights, over it with.

    The server's limit is set to the page's own budget: a page that left out the weights after
    each example would ask for full detail and be refused (422, "over the server's limit").
    """
    query = "?dataset=digits&sizes=64-100-10&batch_size=300&seed=1&update=per_example"
    sid = open_page(page, live_server, query)
    assert heading(page) == PER_EXAMPLE
    config = httpx.get(f"{live_server}/api/sessions/{sid}").json()["config"]
    k = 177
    counts = page_counts(page, config, k)
    params = 100 * 65 + 10 * 101
    assert 2 * k * params <= PAGE_BUDGET < counts["batch"]  # the gradients alone would fit
    assert counts["detail"] == "summary"
    page.fill("[name='count']", str(k))
    page.click("[data-act='step-example']")
    wait_settled(page, k)

    asked: list[tuple[str, int]] = []

    def on_response(response: Response) -> None:
        if "/batch" in response.url:
            asked.append((response.url.split("?")[-1], response.status))

    page.on("response", on_response)
    session = live_app.state.store.get(sid)
    limits = session.limits
    session.limits = replace(limits, max_frame_floats=PAGE_BUDGET)
    try:
        page.reload()
        wait_settled(page, k)
    finally:
        session.limits = limits
    assert asked == [("detail=summary", 200)]
    note = page.locator(".acc-example .acc-note")
    expect(note).to_have_text("not restored: too many numbers")
    caption = str(page.text_content("#acc-caption"))
    assert f"examples 1 to {k} of 300" in caption, caption
    assert "too many numbers to fetch at once" in caption
    assert "more numbers than the server sends" not in caption
    shoot_view(page, "accumulation", screenshots_dir / "per-example-restored-as-summary.png")
    assert page_errors == []
