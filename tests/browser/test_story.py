"""The guided story "Why sum, then update once?" in a real Chromium (static/js/story/).

Each test is one page load walking many checks: every step at desktop size by keyboard alone,
every step at phone size by touch-sized clicks, and a deep link left mid-story. At each step
the story must have driven the real run into the state it promises (the counters, the event
the page drew, the lit lines of update_mini_batch) and lit the panels that answer it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from .helpers import QUERY, WIDE, api, counter, open_page, wait_settled

pytestmark = pytest.mark.browser

M = 6  # QUERY's mini-batch
STORY = "#story"
LISTING = "#view-code .code-source > .code-listing"
ADD = {"backprop", "add_b", "add_w"}
# Per step: the panels lit, (k, updates, seq) of the run (None: as the step before), the marks
# of update_mini_batch's lit lines (None: not checked).
STEPS: list[tuple[list[str], tuple[int, int, int] | None, set[str] | None]] = [
    (["#view-code .code-source"], (0, 0, 0), set()),
    (["#view-accumulation .acc-example", "#view-data"], (1, 0, 1), ADD),
    (["#view-accumulation .acc-sum", "#view-accumulation .acc-weights"], (M - 1, 0, M - 1), ADD),
    (["#view-accumulation .acc-step", "#view-landscape"], (M, 1, M + 1), {"update_w", "update_b"}),
    (["#view-code .code-rebind"], (M, 1, M + 1), ADD),  # the panel back on the m-th example
    (["#compare"], None, None),
    (["#view-truth", "#view-noise"], (M, 1, M + 1), None),
    (["#view-code .code-matrix"], (M, 1, M + 1), None),
]
OFFER = re.compile(r"\boffer\b")
QUESTION_LINES = {"zeros_w", "loop", "backprop", "add_w", "update_w"}


def arrive(page: Page, step: int) -> None:
    """Wait until the story shows ``step`` (1-based) and the page is in its state."""
    page.wait_for_selector(
        f"{STORY}[data-step='{step}'][data-ready='1']", state="attached", timeout=30_000
    )


def page_state(page: Page) -> dict[str, Any]:
    found: dict[str, Any] = page.evaluate(
        """(listing) => {
          const marks = (s) => [...document.querySelectorAll(s)].map(r => r.dataset.mark);
          return {
          lit: document.querySelectorAll('[data-story-focus]').length,
          lines: marks(`${listing} .code-line.lit`),
          marked: marks('[data-story-line]'),
          comparing: document.getElementById('app').classList.contains('comparing'),
          viewport: [innerWidth, innerHeight],
        }; }""",
        LISTING,
    )
    return found


def check_step(page: Page, step: int) -> None:
    """The run, the code panel and the light are where step ``step`` promises."""
    panels, run, lines = STEPS[step - 1]
    arrive(page, step)
    if run is not None:
        k, updates, seq = run
        wait_settled(page, seq)
        assert (counter(page, "k"), counter(page, "updates")) == (str(k), str(updates)), step
    state = page_state(page)
    assert state["lit"] == len(panels), step
    for selector in panels:
        expect(page.locator(selector)).to_have_attribute("data-story-focus", "")
    box = page.locator(panels[0]).bounding_box()  # brought into view
    assert box is not None and 0 <= box["y"] < state["viewport"][1], (step, box)
    if lines is not None:
        assert set(state["lines"]) == lines, step
    assert set(state["marked"]) == (QUESTION_LINES if step == 1 else set()), step
    assert state["comparing"] == (step == 6), step
    if step == 5:
        assert page.get_attribute("#code-panel", "data-kind") == "example"
        assert page.eval_on_selector(".code-rebind", "d => d.open")
    if step == 6:
        page.wait_for_selector("#compare[data-settled='1']:not([data-steps='0'])", state="attached")
    if step == 7:
        assert page.get_attribute("#noise-chart", "data-m") == str(M)
    if step == 8:
        assert page.eval_on_selector(".code-matrix", "d => d.open")


def top(page: Page, selector: str) -> float:
    box = page.locator(selector).bounding_box()
    assert box is not None, selector
    return box["y"]


def on_first_screen(page: Page, selectors: list[str]) -> None:
    """Every one of ``selectors`` is drawn inside the window, with no scrolling."""
    height = page.evaluate("innerHeight")
    for selector in selectors:
        box = page.locator(selector).bounding_box()
        assert box is not None and box["y"] >= 0, selector
        assert box["y"] + box["height"] <= height, (selector, box, height)


def test_every_step_at_desktop_by_keyboard_alone(
    page: Page, live_server: str, page_errors: list[str], screenshots_dir: Path
) -> None:
    open_page(page, live_server, QUERY)
    # The first screen: the data and its boundary, the step buttons, the sum of the layer shown.
    first = ["#data-plot", "#transport .step-group", "#acc-example-w", "#acc-weights-b"]
    on_first_screen(page, first)
    page.set_viewport_size({"width": 1440, "height": 900})
    on_first_screen(page, first)
    page.set_viewport_size({"width": 1280, "height": 800})
    # offered once: a first visit's button says so, and the browser remembers it was offered
    expect(page.locator("#story-button")).to_have_class(OFFER)
    assert page.evaluate("localStorage.getItem('nabla.story')") == "1"

    page.keyboard.press("Tab")  # the brand link, then the story's button
    page.keyboard.press("Tab")
    expect(page.locator("#story-button")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(STORY)).to_be_visible()
    expect(page.locator("#story-button")).to_have_attribute("aria-expanded", "true")
    expect(page.locator(f"{STORY} [data-story='next']")).to_be_focused()
    for step in range(1, len(STEPS) + 1):
        check_step(page, step)
        if step in (2, 4):
            page.screenshot(path=screenshots_dir / f"story-desktop-step{step}.png")
        if step == 3:  # Back shows step 2 again, without training: its state still holds
            page.keyboard.press("ArrowLeft")
            arrive(page, 2)
            assert counter(page, "k") == str(M - 1)
            page.keyboard.press("Enter")  # Next, focused: step 3 again, nothing more to step
            arrive(page, 3)
            assert counter(page, "k") == str(M - 1)
        if step < len(STEPS):
            page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")  # the last step: the arrow goes no further
    arrive(page, len(STEPS))

    page.keyboard.press("Escape")  # leaving: the card and the light go; the run stays
    expect(page.locator(STORY)).to_be_hidden()
    expect(page.locator("#story-button")).to_be_focused()
    assert page_state(page)["lit"] == 0
    assert counter(page, "k") == str(M) and counter(page, "updates") == "1"
    page.keyboard.press("ArrowRight")  # the page's own key again: one example of the next batch
    wait_settled(page, M + 2)
    assert counter(page, "k") == "1" and counter(page, "batch") == "2"
    assert page_errors == []


def test_every_step_at_phone_size_with_the_panels_in_the_storys_order(
    page: Page, live_server: str, page_errors: list[str], screenshots_dir: Path
) -> None:
    phone = {"width": 390, "height": 844}
    open_page(page, live_server, f"{QUERY}&story=why-sum&step=1", viewport=phone)
    order = ["accumulation", "data", "landscape", "code", "truth", "noise", "network", "metrics"]
    tops = [top(page, f"#view-{view}") for view in order]
    assert tops == sorted(tops), dict(zip(order, tops, strict=True))
    for step in range(1, len(STEPS) + 1):
        check_step(page, step)
        sheet = page.locator(STORY).bounding_box()
        assert sheet is not None and sheet["x"] >= 0 and sheet["x"] + sheet["width"] <= 390
        assert sheet["y"] + sheet["height"] <= 844 and sheet["height"] <= 844 / 2
        if step in (2, 6):
            page.screenshot(path=screenshots_dir / f"story-phone-step{step}.png")
        page.click(f"{STORY} [data-story='next']")  # the last step's Next is "Done"
    expect(page.locator(STORY)).to_be_hidden()
    assert page_state(page)["lit"] == 0
    assert page_errors == []


def test_a_deep_link_drives_the_page_to_its_step_and_leaving_keeps_the_run(
    page: Page, live_server: str, page_errors: list[str]
) -> None:
    page.set_viewport_size(WIDE)
    page.goto(f"{live_server}/{QUERY}&story=why-sum&step=4")
    check_step(page, 4)  # the mini-batch was run to its update on the way
    expect(page.locator("#story-button")).not_to_have_class(OFFER)
    page.click(f"{STORY} [data-go='1']")  # a dot: step 2 takes the next mini-batch's first example
    arrive(page, 2)
    wait_settled(page, M + 2)
    assert counter(page, "k") == "1" and counter(page, "batch") == "2"

    page.click(f"{STORY} .story-close")  # leave mid-story
    expect(page.locator(STORY)).to_be_hidden()
    assert page_state(page)["lit"] == 0
    sid = page.get_attribute("#app", "data-session")
    state = api(live_server, f"/api/sessions/{sid}")["state"]
    assert (state["index"], state["updates"]) == (1, 1)
    page.click("[data-act='step-example']")  # a usable page, where the story left it
    wait_settled(page, M + 3)
    assert counter(page, "k") == "2"
    page.click("#story-button")  # always there: from the start again
    arrive(page, 1)
    assert counter(page, "k") == "2"  # the question steps nothing
    assert page_errors == []
