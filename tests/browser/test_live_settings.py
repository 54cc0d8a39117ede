"""η changed while paused mid-run: the same session goes on, the mini-batch under way keeps its
η, the next takes the new one, the metrics chart marks the change and the page says what a link
means now."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .helpers import api, open_page, shoot_view, wait_settled

pytestmark = pytest.mark.browser


def test_eta_changed_mid_run_goes_on_in_the_same_session(
    page: Page, live_server: str, page_errors: list[str], screenshots_dir: Path
) -> None:
    sid = open_page(page, live_server, "?dataset=xor&sizes=2-5-2&batch_size=6&eta=2&seed=4")
    page.keyboard.press("b")  # one mini-batch: 6 examples and the update
    wait_settled(page, 7)
    for _ in range(2):  # two examples into the second
        page.keyboard.press("ArrowRight")
    wait_settled(page, 9)
    page.fill("input[name='eta']", "0.5")
    page.press("input[name='eta']", "Enter")
    expect(page.locator(".toast").last).to_contain_text("η = 0.5 from the next mini-batch")
    expect(page.locator("#live-note")).to_have_attribute("data-changes", "1")
    expect(page.locator("#live-note")).to_contain_text(
        "A link opens a new run with the settings now"
    )
    page.wait_for_function("() => location.search.includes('eta=0.5')")
    page.evaluate("() => document.activeElement.blur()")  # out of the field: keys step again

    page.keyboard.press("b")  # the rest of the second mini-batch, at η = 2
    wait_settled(page, 14)
    page.keyboard.press("b")  # the third, at η = 0.5
    wait_settled(page, 21)
    assert page.get_attribute("#app", "data-session") == sid  # the same run throughout
    history = api(live_server, f"/api/sessions/{sid}/history")
    assert [(c["update"], c["eta"]) for c in history["changes"]] == [
        (2, 0.5)
    ]  # two mini-batches before its first
    assert len(history["updates"]) == 3
    run = api(live_server, f"/api/sessions/{sid}/export")
    kept = [{"type": "change", **c} for c in run["history"]["changes"]]  # as edits: no type
    assert kept == history["changes"] and run["config"]["eta"] == 0.5

    plot = page.locator("#metrics-plot")
    expect(plot).to_have_attribute("data-changes", "1")
    shapes = page.evaluate("document.getElementById('metrics-plot').layout.shapes")
    marks = [s for s in shapes if s.get("xref") == "x"]
    assert [(m["x0"], m["x1"]) for m in marks] == [(2.5, 2.5)]  # between updates 2 and 3
    labels = page.evaluate(
        "document.getElementById('metrics-plot').layout.annotations.map((a) => a.text)"
    )
    assert any(text.startswith("η 0.5") for text in labels)  # the values from there on
    shoot_view(page, "metrics", screenshots_dir / "live-eta-metrics.png")
    page.locator("#controls").screenshot(path=screenshots_dir / "live-eta-controls.png")
    page.set_viewport_size({"width": 390, "height": 844})
    shoot_view(page, "metrics", screenshots_dir / "live-eta-metrics-phone.png")
    assert page_errors == []
