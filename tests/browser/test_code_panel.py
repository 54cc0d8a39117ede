"""The code panel in a real Chromium: the engine's own update_mini_batch, the lines each event
ran lit, the values beside them, and a slider back over the mini-batch's events.

What the panel shows is compared with GET /api/code (the source), with the events the server
sent on the page's WebSocket (decoded with the server's decoder) and with GET .../network.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from playwright.sync_api import Page, expect

from .helpers import (
    PANEL,
    WIDE,
    Frames,
    api,
    entries,
    open_code_panel,
    picked,
    row,
    shoot_view,
    shows,
    wait_settled,
)

pytestmark = pytest.mark.browser

LISTING = f"{PANEL} .code-source > .code-listing"  # the shown function (backprop's is apart)


def lit(page: Page) -> set[str]:
    """The marks of the lit lines of the shown listing."""
    marks = page.eval_on_selector_all(
        f"{LISTING} .code-line.lit", "rows => rows.map(r => r.dataset.mark)"
    )
    return set(marks)


def test_the_lit_line_follows_the_events(
    page: Page, live_server: str, page_errors: list[str], screenshots_dir: Path
) -> None:
    frames = Frames(page)
    sid = open_code_panel(page, live_server)
    code = api(live_server, "/api/code")["functions"]
    before = api(live_server, f"/api/sessions/{sid}/network")

    # the shown source is the engine's, line for line, numbered as in network.py
    listing = code["update_mini_batch"]
    shown = page.locator(f"{PANEL} pre.code[data-fn='update_mini_batch'] .code-line")
    texts = shown.locator(".code-text").all_text_contents()
    assert [t.strip() for t in texts] == [s.strip() for s in listing["source"].splitlines()]
    assert shown.locator(".ln").first.text_content() == str(listing["first_line"])
    assert page.get_attribute(PANEL, "data-step") == "-1" and lit(page) == set()

    page.click("[data-act='step-example']")
    wait_settled(page, 1)
    shows(page, 1, 0)
    (event,) = frames.of("example")
    assert lit(page) == {"backprop", "add_b", "add_w"}
    arrow = page.locator(f"{LISTING} .code-line.arrow")
    expect(arrow).to_have_count(1)
    assert arrow.get_attribute("data-mark") == "backprop"
    assert "self.backprop(x, y)" in str(arrow.text_content())
    layer, idx = entries(page)
    np.testing.assert_array_equal(row(page, "delta"), picked(event["delta_nabla_w"], layer, idx))
    np.testing.assert_array_equal(row(page, "sum-before"), np.zeros(len(idx)))
    np.testing.assert_array_equal(row(page, "sum-after"), picked(event["nabla_w"], layer, idx))
    np.testing.assert_array_equal(row(page, "w"), picked(before["weights"], layer, idx))
    caption = str(page.text_content("#code-caption"))
    assert caption.startswith("Example 1 of 10") and "the weights have not moved yet" in caption
    assert page.text_content("#acc-caption") == caption

    # backprop, when asked: its return line is lit while an example is shown
    page.check("[name='code-backprop']")
    back = page.locator(f"{PANEL} .code-backprop pre.code[data-fn='backprop']")
    expect(back).to_be_visible()
    expect(back.locator(".code-line.lit")).to_have_attribute("data-mark", "return")
    shoot_view(page, "code", screenshots_dir / "code-panel-backprop.png")

    for seq in range(2, 11):  # the other nine examples; the tenth brings the update
        page.click("[data-act='step-example']")
        wait_settled(page, seq if seq < 10 else 11)
    (update,) = frames.of("update")
    shows(page, update["seq"], 10)
    assert page.get_attribute(PANEL, "data-kind") == "update"
    assert lit(page) == {"update_w", "update_b"}
    assert page.locator(f"{LISTING} .code-line.arrow").get_attribute("data-mark") == "update_w"
    expect(back.locator(".code-line.lit")).to_have_count(0)
    np.testing.assert_array_equal(row(page, "sum"), picked(update["nabla_w"], layer, idx))
    np.testing.assert_array_equal(row(page, "w-before"), picked(before["weights"], layer, idx))
    np.testing.assert_array_equal(row(page, "w-after"), picked(update["weights"], layer, idx))
    caption = str(page.text_content("#code-caption"))
    assert caption.startswith("End of the mini-batch: the weights move once, by −η/m times")
    assert "the sum of 10 gradients" in caption
    shoot_view(page, "code", screenshots_dir / "code-panel-update.png")
    page.screenshot(path=screenshots_dir / "code-page-update.png", full_page=True)
    assert page_errors == []


def test_the_slider_restores_an_earlier_step(
    page: Page, live_server: str, page_errors: list[str], screenshots_dir: Path
) -> None:
    frames = Frames(page)
    open_code_panel(page, live_server)
    for seq in range(1, 5):
        page.keyboard.press(".")
        wait_settled(page, seq)
    examples = frames.of("example")
    shows(page, 4, 3)
    layer, idx = entries(page)
    slider = page.locator(f"{PANEL} [name='code-step']")

    slider.focus()
    page.keyboard.press("Home")  # back to the first example
    shows(page, examples[0]["seq"], 0)
    assert page.get_attribute(PANEL, "data-live") == "0"
    assert lit(page) == {"backprop", "add_b", "add_w"}
    np.testing.assert_array_equal(
        row(page, "delta"), picked(examples[0]["delta_nabla_w"], layer, idx)
    )
    page.keyboard.press("ArrowRight")
    shows(page, examples[1]["seq"], 1)
    np.testing.assert_array_equal(
        row(page, "delta"), picked(examples[1]["delta_nabla_w"], layer, idx)
    )
    np.testing.assert_array_equal(
        row(page, "sum-before"), picked(examples[0]["nabla_w"], layer, idx)
    )
    np.testing.assert_array_equal(
        row(page, "sum-after"), picked(examples[1]["nabla_w"], layer, idx)
    )
    assert str(page.text_content("#code-caption")).startswith("Example 2 of 10")
    shoot_view(page, "code", screenshots_dir / "code-panel-slider.png")

    # a new event while the reader looks back: the panel stays where it was
    page.click("[data-act='step-example']")
    wait_settled(page, 5)
    page.wait_for_selector(f"{PANEL}[data-steps='5']", state="attached")
    shows(page, examples[1]["seq"], 1)

    page.click(f"{PANEL} [data-code='live']")  # back to the latest, which it follows again
    shows(page, 5, 4)
    assert page.get_attribute(PANEL, "data-live") == "1"
    page.click(f"{PANEL} [data-code='prev']")
    shows(page, 4, 3)
    np.testing.assert_array_equal(
        row(page, "delta"), picked(examples[3]["delta_nabla_w"], layer, idx)
    )
    page.click(f"{PANEL} [data-code='next']")
    shows(page, 5, 4)
    assert page.get_attribute(PANEL, "data-live") == "1"
    assert page_errors == []


def test_per_example_mode_runs_update_per_example(
    page: Page, live_server: str, page_errors: list[str], screenshots_dir: Path
) -> None:
    frames = Frames(page)
    sid = open_code_panel(page, live_server, "?update=per_example")
    before = api(live_server, f"/api/sessions/{sid}/network")
    assert page.get_attribute(PANEL, "data-fn") == "update_per_example"
    toggle = page.locator("#view-code .code-toggle button[data-fn='update_per_example']")
    expect(toggle).to_have_attribute("aria-pressed", "true")

    page.click("[data-act='step-example']")
    wait_settled(page, 1)
    shows(page, 1, 0)
    page.click("[data-act='step-example']")
    wait_settled(page, 2)
    shows(page, 2, 1)
    first, second = frames.of("example")
    # the update line is lit after each example: the weights move inside the loop
    assert lit(page) == {"backprop", "update_w", "update_b"}
    layer, idx = entries(page)
    np.testing.assert_array_equal(row(page, "w-before"), picked(first["weights"], layer, idx))
    np.testing.assert_array_equal(row(page, "w-after"), picked(second["weights"], layer, idx))
    caption = str(page.text_content("#code-caption"))
    assert "the weights moved by −η/m times this example's gradient" in caption
    assert page.text_content("#acc-caption") == caption
    page.locator(f"{PANEL} [name='code-step']").focus()
    page.keyboard.press("Home")
    shows(page, 1, 0)
    np.testing.assert_array_equal(row(page, "w-before"), picked(before["weights"], layer, idx))
    np.testing.assert_array_equal(row(page, "w-after"), picked(first["weights"], layer, idx))
    shoot_view(page, "code", screenshots_dir / "code-panel-per-example.png")

    # the other code: shown for comparison, nothing lit, and one click runs it
    page.click("#view-code .code-toggle button[data-fn='update_mini_batch']")
    page.wait_for_selector(f"{PANEL}[data-fn='update_mini_batch']", state="attached")
    assert lit(page) == set()
    note = page.locator(f"{PANEL} .code-note")
    expect(note).to_be_visible()
    note.locator("button").click()
    page.wait_for_function(
        "(previous) => document.getElementById('app').dataset.session !== previous", arg=sid
    )
    new = str(page.get_attribute("#app", "data-session"))
    assert api(live_server, f"/api/sessions/{new}")["config"]["update"] == "batch"
    page.wait_for_selector(
        f"{PANEL}[data-fn='update_mini_batch'][data-step='-1']", state="attached"
    )
    expect(note).to_be_hidden()
    assert page_errors == []


def number(text: str) -> float:
    """A value as the table writes it (−0.3172, −5.123e−3), as a float."""
    return float(text.replace("−", "-"))


def cells(page: Page) -> list[dict[str, Any]]:
    """Every value cell of the table: its text, its value, and whether it shows all of it."""
    found: list[dict[str, Any]] = page.eval_on_selector_all(
        f"{PANEL} .code-row > span[data-value]",
        """cs => cs.map(c => ({text: c.textContent, value: Number(c.dataset.value),
             tip: c.dataset.tip, cut: c.scrollWidth > c.clientWidth + 0.5
               || c.scrollHeight > c.clientHeight + 0.5,
             overlaps: c.getBoundingClientRect().right
               > c.parentElement.getBoundingClientRect().right}))""",
    )
    return found


@pytest.mark.parametrize("viewport", [WIDE, {"width": 420, "height": 900}], ids=["wide", "narrow"])
def test_the_values_table_shows_whole_numbers(
    page: Page,
    live_server: str,
    page_errors: list[str],
    screenshots_dir: Path,
    viewport: dict[str, int],
) -> None:
    """Small and negative values (−5.123e−3) are written whole, to 4 digits; hover tells all."""
    open_code_panel(page, live_server, "?dataset=moons&sizes=2-8-8-2&seed=3&eta=0.5")
    page.set_viewport_size(viewport)
    for seq in (1, 2):
        page.click("[data-act='step-example']")
        wait_settled(page, seq)
    shows(page, 2)
    shown = cells(page)
    assert len(shown) == 16
    small = [c for c in shown if 0 < abs(c["value"]) < 1e-2]
    assert small, "the run was chosen to have values under 0.01 in the table"
    for c in shown:
        assert "…" not in c["text"] and not c["cut"] and not c["overlaps"], c
        assert number(c["text"]) == pytest.approx(c["value"], rel=5e-4, abs=1e-300), c
        assert c["tip"] is not None and number(c["tip"]) == c["value"]  # every digit
    name = "narrow" if viewport["width"] < 600 else "wide"
    shoot_view(page, "code", screenshots_dir / f"code-values-{name}.png")

    target = page.locator(f"{PANEL} .code-row > span[data-value]").nth(0)
    target.hover()
    tip = page.locator(".floating-tip.shown")
    expect(tip).to_contain_text(str(target.get_attribute("data-tip")))
    page.mouse.move(0, 0)
    target.focus()  # then the keyboard: Tab to the next value shows its tip
    page.keyboard.press("Tab")
    second = page.locator(f"{PANEL} .code-row > span[data-value]").nth(1)
    expect(second).to_be_focused()
    expect(tip).to_contain_text(str(second.get_attribute("data-tip")))
    assert page_errors == []
