"""Why sum at all, in a real Chromium: the estimate beside ∇C, the noise against m, −η·∇C on the
landscape, the matrix form and the rebinding of nabla_b in the code panel.

The cosines and norm ratios the page shows are checked against those computed here, by
app/core/gradient.py, from GET .../gradient's own numbers; the rebinding's lists against the
events the page holds; the matrix form's difference against 1e-12.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import numpy as np
import pytest
from playwright.sync_api import Page

from app.core.gradient import MeanGradient, agreement

pytestmark = pytest.mark.browser

WIDE = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
QUERY = "?dataset=moons&sizes=2-6-4-2&eta=3&batch_size=8&seed=4&lmbda=0.5"


def api(base: str, path: str) -> Any:
    response = httpx.get(f"{base}{path}")
    response.raise_for_status()
    return response.json()


def settled(page: Page, seq: int) -> None:
    page.wait_for_selector(
        f"#app[data-ready='1'][data-settled='1'][data-seq='{seq}']", state="attached"
    )


def step_examples(page: Page, count: int, seq: int) -> int:
    for _ in range(count):
        k, m = page.evaluate("[window.nabla.model.position.k, window.nabla.model.position.m]")
        page.click("[data-act='step-example']")
        seq += 2 if k == m - 1 else 1
        settled(page, seq)
    return seq


def shoot(page: Page, selector: str, path: Path) -> None:
    """Screenshot ``selector`` alone, clear of the sticky top bar and of any tooltip."""
    page.mouse.move(0, 0)
    page.evaluate("() => window.scrollTo(0, 0)")
    box = page.locator(selector).bounding_box()
    assert box is not None
    page.screenshot(path=path, full_page=True, clip=box)


def mean(body: dict[str, Any]) -> MeanGradient:
    return MeanGradient(
        body["m"],
        [np.array(b) for b in body["nabla_b"]],
        [np.array(w) for w in body["nabla_w"]],
        body["cost"],
        body["l2"],
    )


def shown_table(page: Page) -> dict[str, dict[str, float]]:
    rows = page.eval_on_selector_all(
        "#truth-table tbody tr",
        "rows => rows.map(r => [r.dataset.layer,"
        " Object.fromEntries([...r.querySelectorAll('td')].map(td => [td.dataset.kind,"
        " Number(td.dataset.value)]))])",
    )
    return {layer: values for layer, values in rows}


def check_table(page: Page, base: str, sid: str) -> None:
    """The page's cosines and ratios are those of the endpoint's numbers (the state is still)."""
    estimate = mean(api(base, f"/api/sessions/{sid}/gradient?over=batch"))
    truth = mean(api(base, f"/api/sessions/{sid}/gradient?over=all&at=batch"))
    want = agreement(estimate, truth)
    table = shown_table(page)
    for l, (cos, ratio) in enumerate(zip(want.cosine, want.ratio, strict=True)):
        assert table[str(l)]["cosine"] == pytest.approx(cos, rel=1e-9, abs=1e-12)
        assert table[str(l)]["ratio"] == pytest.approx(ratio, rel=1e-9)
    assert table["all"]["cosine"] == pytest.approx(want.overall_cosine, rel=1e-9)
    assert table["all"]["ratio"] == pytest.approx(want.overall_ratio, rel=1e-9)


def test_the_estimate_the_noise_and_the_matrix_form(
    page: Page, live_server: str, page_errors: list[str], screenshots_dir: Path
) -> None:
    page.set_viewport_size(WIDE)
    page.goto(f"{live_server}/{QUERY}")
    settled(page, 0)
    sid = str(page.get_attribute("#app", "data-session"))
    seq = step_examples(page, 3, 0)
    page.wait_for_selector("#view-truth [data-m='3'][data-loading='0']", state="attached")
    check_table(page, live_server, sid)
    assert "first 3 examples" in str(page.text_content("#truth-caption"))

    # −η·∇C on the landscape, beside the chain
    page.wait_for_selector("#landscape-plot[data-arrows='3']", state="attached")
    drawn = page.evaluate("document.getElementById('landscape-plot').drawnLandscape")
    assert drawn["full"] is not None
    assert "whole training set" in str(page.text_content("#landscape-legend"))
    shoot(page, "#view-landscape", screenshots_dir / "why-landscape.png")

    # stepping into nabla_b = [...]: the old list, the new one built, then the name rebound
    page.click(".code-rebind summary")
    page.wait_for_selector(".code-rebind[data-usable='1'][data-parts='5']", state="attached")
    k = 2
    before = page.evaluate(f"window.nabla.model.batch.examples[{k - 1}].nabla_b")
    example = page.evaluate(f"window.nabla.model.batch.examples[{k}]")
    for part in range(1, 5):
        page.click("[data-rebind='next']")
        page.wait_for_selector(f".code-rebind[data-part='{part}']", state="attached")
    new = page.eval_on_selector_all(
        ".code-rebind .rebind-list:last-child .rebind-item",
        "rows => rows.map(r => JSON.parse(r.dataset.value))",
    )
    for l, values in enumerate(new):
        np.testing.assert_allclose(values, np.add(before[l], example["delta_nabla_b"][l]))
        np.testing.assert_allclose(values, example["nabla_b"][l])
    assert "rebound" in str(page.text_content(".code-rebind .rebind-say"))
    shoot(page, ".code-rebind", screenshots_dir / "why-rebind.png")

    # the update: the estimate over all m, the chart's point, the matrix form's run
    seq = step_examples(page, 5, seq)
    page.wait_for_selector("#view-truth [data-finished='1'][data-loading='0']", state="attached")
    page.wait_for_selector("#truth-chart[data-points='1']", state="attached")
    check_table(page, live_server, sid)
    shoot(page, "#view-truth", screenshots_dir / "why-truth.png")
    page.wait_for_selector(".code-matrix[data-batch='0:0'][data-loading='0']", state="attached")
    assert float(str(page.get_attribute(".code-matrix", "data-diff"))) <= 1e-12
    values = page.eval_on_selector_all(".code-matrix .code-val", "vs => vs.map(v => v.textContent)")
    assert any(v.startswith("X (2×8)") for v in values), values
    assert any("Delta (6×8)" in v for v in values), values
    shoot(page, ".code-matrix", screenshots_dir / "why-matrix.png")

    # the noise against m, a click away
    page.click("[data-act='noise']")
    # drawn with Plotly, loaded at this first chart that needs it
    page.wait_for_selector("#noise-chart[data-m='8'] .main-svg", state="attached")
    data = page.evaluate("document.getElementById('noise-chart').data")
    assert data[0]["x"][:4] == [1, 2, 5, 8]
    spread = data[0]["y"]
    assert spread[0] > spread[-1]
    shoot(page, "#view-noise", screenshots_dir / "why-noise.png")

    page.set_viewport_size(PHONE)
    # two animation frames: the layout and Plotly's own resize have run
    page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    for view in ("truth", "noise", "landscape"):
        shoot(page, f"#view-{view}", screenshots_dir / f"why-{view}-phone.png")
    shoot(page, ".code-matrix", screenshots_dir / "why-matrix-phone.png")
    shoot(page, ".code-rebind", screenshots_dir / "why-rebind-phone.png")
    assert page_errors == []
