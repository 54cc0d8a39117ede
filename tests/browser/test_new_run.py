"""A changed setting other than η, m and λ (here the seed) starts a new run from epoch 1, and
once training has begun the page says so."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from .helpers import counter, open_page, wait_settled

pytestmark = pytest.mark.browser

NEW_RUN = "A new run, from epoch 1"


def change_seed(page: Page, seed: str) -> None:
    """Type a seed and press Enter; wait for the new session to be drawn."""
    previous = page.get_attribute("#app", "data-session")
    page.fill("input[name='seed']", seed)
    page.press("input[name='seed']", "Enter")
    page.wait_for_function(
        "(previous) => { const a = document.getElementById('app');"
        " return a.dataset.session !== previous && a.dataset.ready === '1'; }",
        arg=previous,
    )
    wait_settled(page, 0)
    page.evaluate("() => document.activeElement.blur()")  # out of the field: keys step again


def test_a_changed_setting_after_training_says_a_new_run_began(
    page: Page, live_server: str, page_errors: list[str]
) -> None:
    open_page(page, live_server, "?dataset=xor&batch_size=4")
    change_seed(page, "15")  # nothing trained yet: nothing left behind, nothing to say
    expect(page.locator(".toast")).to_have_count(0)

    for _ in range(3):
        page.keyboard.press("ArrowRight")
    wait_settled(page, 3)
    page.keyboard.press("b")  # the mini-batch's last example, and its update
    wait_settled(page, 5)
    change_seed(page, "5")
    expect(page.locator(".toast").last).to_contain_text(NEW_RUN)
    assert (counter(page, "epoch"), counter(page, "k"), counter(page, "updates")) == ("1", "0", "0")
    assert page.input_value("input[name='seed']") == "5"
    assert page_errors == []
