"""The Shortcuts panel in a real Chromium: it lists every key the page answers, `?` and Escape
included, and each listed key does what the panel says."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .helpers import counter, open_page, wait_settled

pytestmark = pytest.mark.browser


def listed(page: Page) -> dict[str, str]:
    """Each row of the panel: its keys (joined by a space) and what they do."""
    rows: list[list[str]] = page.eval_on_selector_all(
        "#shortcuts dl div",
        "divs => divs.map(d => [[...d.querySelectorAll('kbd')].map(k => k.textContent).join(' '),"
        " d.querySelector('dd').textContent])",
    )
    return dict((keys, does) for keys, does in rows)


def test_the_shortcuts_panel_lists_its_own_keys_and_they_work(
    page: Page, live_server: str, page_errors: list[str], screenshots_dir: Path
) -> None:
    open_page(page, live_server, "?dataset=moons")
    panel = page.locator("#shortcuts")
    button = page.locator("#shortcuts-button")
    expect(panel).to_be_hidden()

    page.keyboard.press("?")  # opens it
    expect(panel).to_be_visible()
    expect(button).to_have_attribute("aria-expanded", "true")
    keys = listed(page)
    # the last: the keyboard's way to set a weight, checked by test_hands.set_from_the_keyboard
    assert set(keys) == {"→ .", "B", "E", "Space", "[ ]", "R", "?", "Esc", "Tab ← ↑ → ↓ Enter"}
    assert "show / hide" in keys["?"] and "close" in keys["Esc"]
    page.locator("#shortcuts").screenshot(path=screenshots_dir / "shortcuts.png")

    page.keyboard.press("?")  # and closes it
    expect(panel).to_be_hidden()
    button.click()
    expect(panel).to_be_visible()
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    expect(button).to_have_attribute("aria-expanded", "false")
    page.keyboard.press("Escape")  # closed already: stays closed
    expect(panel).to_be_hidden()

    page.keyboard.press("b")  # the step keys listed beside them still step
    wait_settled(page, 11)  # 10 examples, then the update
    assert counter(page, "updates") == "1"
    assert page_errors == []
