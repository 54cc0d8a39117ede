"""The accumulation view's heatmaps at 1280 px for layers of every shape: a wide 2×16 layer keeps
rows tall enough to read and a colour bar with room for its labels, and the notes ("waits for an
example") lie over the cells, never over the colour bar."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from .helpers import open_page

pytestmark = pytest.mark.browser

COLUMNS = ("example", "sum", "step", "weights")
# (query, layer, the layer's shape (rows, cols))
SHAPES = [
    ("?dataset=xor&sizes=2-16-2", 1, (2, 16)),
    ("?dataset=xor&sizes=2-16-2", 0, (16, 2)),
    ("?dataset=xor&sizes=2-4-2", 1, (2, 4)),
    ("?dataset=digits", 0, (30, 64)),
]


def geometry(page: Page, key: str) -> dict[str, Any]:
    """The heatmap's cells and colour bar as drawn, in the canvas's pixels."""
    drawn: dict[str, Any] = page.evaluate(f"document.getElementById('acc-{key}-w').drawnGeometry")
    return drawn


def rect(page: Page, selector: str) -> dict[str, float]:
    found: dict[str, float] = page.eval_on_selector(
        selector,
        "e => { const r = e.getBoundingClientRect();"
        " return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; }",
    )
    return found


@pytest.mark.parametrize(("query", "layer", "shape"), SHAPES)
def test_heatmaps_stay_legible_and_notes_leave_the_colour_bar_clear(
    page: Page,
    live_server: str,
    page_errors: list[str],
    screenshots_dir: Path,
    query: str,
    layer: int,
    shape: tuple[int, int],
) -> None:
    open_page(page, live_server, query)
    page.select_option("select[name='layer']", str(layer))
    page.wait_for_selector("#app[data-settled='1']", state="attached")
    rows, cols = shape
    notes = 0
    for key in COLUMNS:
        g = geometry(page, key)
        assert (g["rows"], g["cols"]) == shape, key
        box = rect(page, f"#acc-{key}-w")
        assert g["ch"] * rows <= box["bottom"] - box["top"]  # every row inside its box
        assert g["bar"]["height"] >= 40, key  # room for the bar's hi, 0 and lo labels
        if rows <= 4:
            assert g["ch"] >= 16, key  # a wide layer's rows are not crushed
        if rows >= cols:
            assert g["cw"] == pytest.approx(g["ch"])  # a tall or square layer keeps square cells
        note = f"#acc-{key}-w .acc-note"
        if page.locator(note).is_hidden():
            continue
        notes += 1
        n = rect(page, note)
        bar_left = box["left"] + g["bar"]["x"]
        assert n["right"] <= bar_left, f"{key}: the note covers the colour bar"
        assert n["left"] >= box["left"] and n["top"] >= box["top"] - 1, key
        cells_middle = box["top"] + g["y"] + g["ch"] * rows / 2
        assert n["top"] <= cells_middle <= n["bottom"], f"{key}: the note is over the cells"
    assert notes == 3  # before any example: the example, the sum and the update wait
    name = f"heatmap-{rows}x{cols}.png"
    page.locator(".acc-grid").screenshot(path=screenshots_dir / name)
    assert page_errors == []
