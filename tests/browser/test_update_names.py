"""What the page calls the update: the step drawn is the formula shown beside it.

With L2 (network2) the weights shrink too, so the step has a decay term; in per_example mode
the weights move after each example, by that example's own step.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from playwright.sync_api import Page, expect

from .helpers import api, open_page, plotted, shown_layer, wait_settled

pytestmark = pytest.mark.browser


def test_with_l2_the_update_is_named_with_its_decay(
    page: Page, live_server: str, page_errors: list[str], screenshots_dir: Path
) -> None:
    """network2: w → (1 − ηλ/n)·w − (η/m)·nabla_w; the step shown is that whole change."""
    eta, lmbda, n, m = 3.0, 20.0, 40, 4
    sid = open_page(page, live_server, f"?dataset=xor&batch_size={m}&n_train={n}&lmbda={lmbda:g}")
    before = api(live_server, f"/api/sessions/{sid}/network")
    page.keyboard.press("b")
    wait_settled(page, m + 1)
    update = api(live_server, f"/api/sessions/{sid}/history")["updates"][-1]
    assert update["batch"] == 0
    layer = shown_layer(page)
    w = np.asarray(before["weights"][layer])
    nabla_w = plotted(page, "acc-sum-w")
    np.testing.assert_allclose(
        plotted(page, "acc-step-w"), -(eta / m) * nabla_w - (eta * lmbda / n) * w, rtol=1e-5
    )
    assert page.text_content(".acc-step .acc-name") == "−(η/m)·nabla_w − (ηλ/n)·w"
    title = page.evaluate("document.getElementById('waterfall').layout.xaxis.title.text")
    assert title.endswith("the step −(η/m)·Σ − (ηλ/n)·w"), title
    page.locator("#view-accumulation").screenshot(path=screenshots_dir / "page-l2-update.png")
    page.evaluate("nabla.model.select({kind: 'b', j: 0})")  # biases do not decay
    page.wait_for_selector("#app[data-settled='1']", state="attached")
    title = page.evaluate("document.getElementById('waterfall').layout.xaxis.title.text")
    assert title.endswith("the step −(η/m)·Σ"), title

    page.goto(f"{live_server}/?dataset=xor&batch_size={m}&n_train={n}&lmbda=0")
    wait_settled(page, 0)
    assert page.text_content(".acc-step .acc-name") == "−(η/m)·nabla_w"
    title = page.evaluate("document.getElementById('waterfall').layout.xaxis.title.text")
    assert title.endswith("the step −(η/m)·Σ"), title
    assert page_errors == []


def test_in_per_example_mode_the_step_is_each_examples_own(
    page: Page, live_server: str, page_errors: list[str], screenshots_dir: Path
) -> None:
    """update_per_example: w → w − (η/m)·delta_nabla_w after every example."""
    eta, m = 3.0, 4
    open_page(page, live_server, f"?dataset=xor&batch_size={m}&update=per_example")
    expect(page.locator(".acc-step .acc-note")).to_have_text("applied after each example")
    expect(page.locator(".wf-facts")).to_contain_text("after each example")
    for k in (1, 2):
        page.keyboard.press("ArrowRight")
        wait_settled(page, k)
    assert page.text_content(".acc-step .acc-name") == "−(η/m)·delta_nabla_w"
    own = plotted(page, "acc-example-w")
    np.testing.assert_allclose(plotted(page, "acc-step-w"), -(eta / m) * own, rtol=1e-5, atol=1e-9)
    page.locator("#view-accumulation").screenshot(path=screenshots_dir / "per-example-step.png")
    for k in (3, 4):
        page.keyboard.press("ArrowRight")
        wait_settled(page, k + (k == m))  # the m-th example brings the update with it
    assert page.text_content(".acc-step .acc-name") == "−(η/m)·nabla_w"  # the m steps in all
    np.testing.assert_allclose(
        plotted(page, "acc-step-w"), -(eta / m) * plotted(page, "acc-sum-w"), rtol=1e-5, atol=1e-9
    )
    assert page_errors == []
