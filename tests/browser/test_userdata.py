"""Your own data on the page: draw points and train on them, upload a CSV, download the data set.

What the page drew (the data view's ``el.data``) is compared with what the server holds.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlparse

import httpx
import pytest
from playwright.sync_api import Page, expect

from .helpers import WIDE, api, open_page, server_state, wait_settled

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
RANGE = 1.2  # the data view spans [-1.2, 1.2] on both axes
PAD = {"left": 30, "right": 62, "top": 6, "bottom": 20}  # as in static/js/views/points.js


def wait_drawn(page: Page, n: int) -> None:
    """Wait until the data view has drawn ``n`` points of the draft.

    Until the next animation frame after Draw, the view still holds its training trace
    (the mini-batch's samples, no ``x``), so the trace's name is checked first.
    """
    page.wait_for_function(
        "n => { const d = document.getElementById('data-plot').data;"
        " return d && d[1] && d[1].name === 'drawn' && d[1].x.length === n; }",
        arg=n,
        timeout=10_000,
    )


def drawn(page: Page) -> list[list[float]]:
    """The points the data view drew while drawing: [x, y, class] rows."""
    data = page.evaluate(
        "(() => { const d = document.getElementById('data-plot').data[1];"
        " return d.x.map((p, i) => [p[0], p[1], d.labels[i]]); })()"
    )
    return [list(map(float, p)) for p in data]


def click_at(page: Page, x: float, y: float) -> None:
    """Click the data view at data coordinates (x, y)."""
    canvas = page.locator("#data-plot canvas")
    box = canvas.bounding_box()
    assert box is not None
    w, h = box["width"], box["height"]
    size = max(60, min(w - PAD["left"] - PAD["right"], h - PAD["top"] - PAD["bottom"]))
    x0 = PAD["left"] + (w - PAD["left"] - PAD["right"] - size) / 2
    px = x0 + (x + RANGE) / (2 * RANGE) * size
    py = PAD["top"] + (1 - (y + RANGE) / (2 * RANGE)) * size
    canvas.click(position={"x": px, "y": py})


# Each drawing control and what the page shows at its centre (for a failure's message).
COVERED = """() => [...document.querySelectorAll('#draw-bar button, #draw-bar label')].map((el) => {
  const r = el.getBoundingClientRect();
  const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return [el.textContent, r.top, r.bottom, top && top.outerHTML.slice(0, 80)]; })"""


def controls_beside_the_canvas(page: Page) -> None:
    """The drawing controls sit right under the data view's canvas, and both are seen whole:
    on screen and under no bar of the page (what the page shows at their corners is them)."""
    canvas = page.locator("#data-plot canvas").bounding_box()
    bar = page.locator("#draw-bar").bounding_box()
    assert canvas is not None and bar is not None
    assert page.locator("#view-data #draw-bar").count() == 1
    assert 0 <= bar["y"] - (canvas["y"] + canvas["height"]) < 80  # right under it
    seen = page.evaluate(
        """() => {
        const at = (el, x, y) => { const top = document.elementFromPoint(x, y);
          return Boolean(top && el.contains(top)); };
        const corners = (el) => { const r = el.getBoundingClientRect();
          return [[r.left + 3, r.top + 3], [r.right - 3, r.top + 3], [r.left + 3, r.bottom - 3],
            [r.right - 3, r.bottom - 3]].every(([x, y]) => at(el, x, y)); };
        const bar = document.getElementById('draw-bar');
        const parts = [...bar.querySelectorAll('button, label')];
        return { canvas: corners(document.querySelector('#data-plot canvas')),
          controls: parts.length >= 5 && parts.every((el) => { const r = el.getBoundingClientRect();
            return at(bar, r.left + r.width / 2, r.top + r.height / 2); }) };
    }"""
    )
    assert seen == {"canvas": True, "controls": True}, (seen, page.evaluate(COVERED))


def wait_new_session(page: Page, old: str) -> str:
    """Wait until the page runs a session other than ``old`` and has drawn it; its id."""
    page.wait_for_function(
        "old => { const a = document.getElementById('app').dataset;"
        " return a.session !== old && a.ready === '1' && a.settled === '1'; }",
        arg=old,
        timeout=20_000,
    )
    wait_settled(page, 0)
    return str(page.get_attribute("#app", "data-session"))


def dataset_in_url(page: Page) -> str:
    return parse_qs(urlparse(page.url).query)["dataset"][0]


def server_points(base: str, sid: str) -> list[list[float]]:
    """Every point of a session's data set, train then test, as [x, y, class] rows."""
    rows = []
    for part in ("train", "test"):
        body = api(base, f"/api/sessions/{sid}/data?part={part}")
        rows += [[*x, float(c)] for x, c in zip(body["x"], body["labels"], strict=True)]
    return rows


def test_drawn_points_are_added_removed_and_trained_on(
    page: Page, live_server: str, page_errors: list[str], screenshots_dir: Path
) -> None:
    warnings: list[str] = []  # e.g. a number field given "null" while the new run starts
    page.on("console", lambda m: m.type == "warning" and warnings.append(m.text))
    old = open_page(page, live_server)
    page.click("[data-act='draw']")
    wait_drawn(page, 300)
    assert len(drawn(page)) == 300  # drawing starts from the points shown (moons: 200 + 100)
    controls_beside_the_canvas(page)
    expect(page.locator("#drawn-count")).to_have_text("300 points, the data set's")
    page.screenshot(path=screenshots_dir / "userdata-draw-desktop.png")
    page.click("[data-act='cancel-drawn']")  # Cancel: the data set as it was, the bar away
    expect(page.locator("#draw-bar")).to_be_hidden()
    page.wait_for_function("document.getElementById('data-plot').data[1].name === 'mini-batch'")
    assert page.locator("#userdata #draw-bar").count() == 1  # back in the Data panel
    page.set_viewport_size(PHONE)  # on a phone too, from the top of the page
    page.evaluate("window.scrollTo(0, 0)")
    page.click("[data-act='draw']")
    wait_drawn(page, 300)
    controls_beside_the_canvas(page)
    page.screenshot(path=screenshots_dir / "userdata-draw-phone.png")
    page.set_viewport_size(WIDE)
    expect(page.locator("[data-act='clear-drawn']")).to_have_text("Clear all points")
    page.click("[data-act='clear-drawn']")
    wait_drawn(page, 0)
    assert drawn(page) == []
    wanted = [(-0.6, 0.6, 0), (-0.5, 0.2, 0), (-0.8, -0.3, 0), (0.6, -0.5, 1), (0.4, 0.7, 1)]
    for x, y, c in wanted:
        page.check(f"[name='draw-class'][value='{c}']")
        click_at(page, x, y)
    click_at(page, 0.7, 0.1)
    wait_drawn(page, 6)  # the view redraws on the next animation frame
    points = drawn(page)
    assert len(points) == 6 and points[-1][2] == 1.0
    for (x, y, c), (gx, gy, gc) in zip(wanted, points, strict=False):
        assert abs(gx - x) < 0.02 and abs(gy - y) < 0.02 and gc == c
    click_at(page, points[1][0], points[1][1])  # on a point: removes it
    wait_drawn(page, 5)
    after = drawn(page)
    assert len(after) == 5 and points[1] not in after
    expect(page.locator("#drawn-count")).to_have_text("5 points")
    page.screenshot(path=screenshots_dir / "userdata-drawing.png", full_page=True)

    page.click("[data-act='train-drawn']")
    sid = wait_new_session(page, old)
    name = dataset_in_url(page)
    assert name.startswith("user-")
    assert sorted(server_points(live_server, sid)) == sorted(after)
    shown = page.evaluate(
        "(() => { const d = window.nabla.model.data; return [d.train, d.test].flatMap("
        "(p) => p.x.map((x, i) => [x[0], x[1], p.labels[i]])); })()"
    )
    assert sorted(shown) == sorted(after)
    assert api(live_server, f"/api/datasets/{name}")["title"] == "drawn points"
    epoch = api(live_server, f"/api/sessions/{sid}")["state"]["epoch"]
    page.click("[data-act='step-epoch']")
    state = server_state(live_server, sid, lambda s: s["epoch"] == epoch + 1)
    wait_settled(page, state["seq"])
    page.screenshot(path=screenshots_dir / "userdata-trained.png", full_page=True)
    assert page_errors == [] and warnings == []


def test_a_csv_uploaded_on_the_page_is_trained_on(
    page: Page, live_server: str, page_errors: list[str], tmp_path: Path, screenshots_dir: Path
) -> None:
    rows = [(i / 10 - 1, (i * 7) % 20 / 10 - 1, "left" if i < 10 else "right") for i in range(20)]
    good = tmp_path / "halves.csv"
    good.write_text("a,b,side\n" + "".join(f"{a},{b},{c}\n" for a, b, c in rows))
    old = open_page(page, live_server)
    page.set_input_files("[name='upload']", str(good))
    sid = wait_new_session(page, old)
    name = dataset_in_url(page)
    info = api(live_server, f"/api/datasets/{name}")
    assert (info["title"], info["class_names"]) == ("halves", ["left", "right"])
    want = sorted([a, b, float(c == "right")] for a, b, c in rows)
    assert sorted(server_points(live_server, sid)) == want
    expect(page.locator("#userdata-about")).to_contain_text("halves: your data, 20 rows")
    page.locator("#view-data").screenshot(path=screenshots_dir / "userdata-uploaded-view.png")
    page.locator("#controls").screenshot(path=screenshots_dir / "userdata-uploaded-controls.png")

    bad = tmp_path / "bad.csv"
    bad.write_text("a,b,side\n1,2,x\n3,oops,y\n")
    page.set_input_files("[name='upload']", str(bad))
    expect(page.locator(".toast-error").last).to_contain_text("row 3, column 2: 'oops' is not")
    assert dataset_in_url(page) == name  # the run goes on
    page.screenshot(path=screenshots_dir / "userdata-uploaded.png", full_page=True)
    # Chromium logs every 4xx response; the refusal itself is the only error expected
    assert [e for e in page_errors if "status of 422" not in e] == []


FEATURES = ["sepal", "petal", "stem", "leaf", "root"]


def vertex(page: Page, j: int, v: float) -> list[int]:
    """The colour of the parallel coordinates at input ``v`` on axis ``j``, as [r, g, b]."""
    rgb: list[int] = page.evaluate(
        """([j, v, d]) => {
          const box = document.getElementById('data-plot'), g = box.drawnGeometry;
          const c = box.querySelector('canvas'), s = c.width / c.clientWidth;
          const x = g.left + j * (g.right - g.left) / (d - 1);
          const y = g.bottom - (v - g.range[0]) / (g.range[1] - g.range[0]) * (g.bottom - g.top);
          return Array.from(c.getContext('2d').getImageData(Math.round(x * s),
            Math.round(y * s), 1, 1).data.slice(0, 3));
        }""",
        [j, v, len(FEATURES)],
    )
    return rgb


def test_a_table_of_five_inputs_is_drawn_as_lines_across_its_inputs(
    page: Page, live_server: str, page_errors: list[str], tmp_path: Path, screenshots_dir: Path
) -> None:
    """Issue 16, edge 10: neither 2-D points nor images: parallel coordinates and a table."""
    wide = tmp_path / "plants.csv"
    kinds = ["ivy", "fern", "moss"]
    rows = [(i, i % 4, i * i % 7, i % 5 - 2, i % 9, kinds[i % 3]) for i in range(30)]
    wide.write_text(
        ",".join([*FEATURES, "kind"]) + "\n" + "".join(",".join(map(str, r)) + "\n" for r in rows)
    )
    old = open_page(page, live_server)
    page.set_input_files("[name='upload']", str(wide))
    sid = wait_new_session(page, old)
    assert api(live_server, f"/api/datasets/{dataset_in_url(page)}")["kind"] == "table"
    expect(page.locator("[data-act='draw']")).to_be_disabled()
    expect(page.locator("#view-data canvas.neurons")).to_have_count(0)  # no 1×5-pixel images
    train = api(live_server, f"/api/sessions/{sid}/data?part=train")
    drawn = page.evaluate("document.getElementById('data-plot').data[0]")
    assert drawn["dimensions"] == FEATURES and drawn["lines"] == len(train["x"])
    assert drawn["labels"] == train["labels"]
    expect(page.locator("#class-legend")).to_have_text("fernivymoss")  # classes in sorted order

    # Two examples: both marked, the second drawn over the rest, each a row of the table.
    for _ in range(2):
        page.click("[data-act='step-example']")
    state = server_state(live_server, sid, lambda s: s["index"] == 2)
    wait_settled(page, state["seq"])
    batch = api(live_server, f"/api/sessions/{sid}/batch?detail=summary")["examples"]
    marked = page.evaluate("document.getElementById('data-plot').data[1]")
    assert marked["samples"] == [e["sample"] for e in batch]
    assert marked["current"] == batch[-1]["sample"]
    current = train["x"][batch[-1]["sample"]]
    swatches = page.eval_on_selector_all(
        "#class-legend .swatch", "els => els.map(e => getComputedStyle(e).backgroundColor)"
    )
    colour = hex_rgb(swatches[train["labels"][batch[-1]["sample"]]])
    assert all(vertex(page, j, v) == colour for j, v in enumerate(current))
    table = page.locator("#data-rows tbody tr")
    expect(table).to_have_count(2)
    assert [int(s) for s in table.evaluate_all("rs => rs.map(r => r.dataset.sample)")] == [
        e["sample"] for e in batch
    ]
    cells = table.last.locator("td, th").all_text_contents()
    names = ["fern", "ivy", "moss"]
    out = batch[-1]["output"]
    guess = max(range(3), key=out.__getitem__)
    assert cells[2] == names[train["labels"][batch[-1]["sample"]]]  # #, row, class, says, inputs
    assert cells[3].startswith(names[guess] + " ")
    assert [float(c.replace("−", "-")) for c in cells[4:]] == pytest.approx(current, abs=0.01)
    assert table.last.get_attribute("class") == "current"
    page.locator("#view-data").screenshot(path=screenshots_dir / "userdata-table.png")

    page.set_viewport_size({"width": 390, "height": 844})
    page.click("[data-act='step-batch']")
    state = server_state(live_server, sid, lambda s: s["updates"] == 1)
    wait_settled(page, state["seq"])
    assert page.evaluate("document.documentElement.scrollWidth") == 390
    page.locator("#view-data").screenshot(path=screenshots_dir / "userdata-table-phone.png")
    assert page_errors == []


def test_the_download_button_gives_the_data_set_shown(
    page: Page, live_server: str, page_errors: list[str]
) -> None:
    open_page(page, live_server, "?dataset=circles&n_train=40&n_test=10&seed=5&noise=0.1")
    with page.expect_download() as info:
        page.click("[data-act='download']")
    text = Path(info.value.path()).read_text()
    want = httpx.get(
        f"{live_server}/api/datasets/circles/csv?n_train=40&n_test=10&seed=5&noise=0.1"
    )
    assert text == want.text and len(text.splitlines()) == 1 + 50
    assert info.value.suggested_filename == "circles-seed5.csv"
    assert page_errors == []


def test_a_link_to_data_the_server_no_longer_has_says_so(
    page: Page, live_server: str, page_errors: list[str]
) -> None:
    page.set_viewport_size(WIDE)
    page.goto(f"{live_server}/?dataset=user-0123456789abcdef")
    expect(page.locator(".toast-error").first).to_contain_text("no longer on the server")
    wait_settled(page, 0)
    assert dataset_in_url(page) == "moons"
    # the one look-up of the lost id is a 404, which Chromium logs as a console error
    assert [e for e in page_errors if "status of 404" not in e] == []


QUADRANTS = ["ne", "nw", "se", "sw"]  # the server numbers classes in sorted order


def quadrant_rows() -> list[tuple[float, float, str]]:
    """Four classes, one per quadrant: 10 points each, away from the axes."""
    rows = []
    for i in range(40):
        a, b = 0.25 + (i % 5) * 0.15, 0.2 + (i // 5 % 2) * 0.5
        name = QUADRANTS[i % 4]
        rows.append((a if "e" in name else -a, b if "n" in name else -b, name))
    return rows


def pixel(page: Page, x: float, y: float) -> list[int]:
    """The data view's colour at data coordinates (x, y), as [r, g, b]."""
    rgb: list[int] = page.evaluate(
        """([x, y, pad, range]) => {
          const c = document.querySelector('#data-plot canvas');
          const w = c.clientWidth, h = c.clientHeight, s = c.width / w;
          const size = Math.max(60, Math.min(w - pad.left - pad.right, h - pad.top - pad.bottom));
          const x0 = pad.left + (w - pad.left - pad.right - size) / 2;
          const px = x0 + (x + range) / (2 * range) * size;
          const py = pad.top + (1 - (y + range) / (2 * range)) * size;
          const at = [Math.round(px * s), Math.round(py * s)];
          const d = c.getContext('2d').getImageData(at[0], at[1], 1, 1).data;
          return [d[0], d[1], d[2]];
        }""",
        [x, y, PAD, RANGE],
    )
    return rgb


def hex_rgb(css: str) -> list[int]:
    """'#rrggbb' or 'rgb(r, g, b)' as [r, g, b]."""
    if css.startswith("#"):
        return [int(css[i : i + 2], 16) for i in (1, 3, 5)]
    return [int(v) for v in css[css.index("(") + 1 : css.index(")")].split(",")[:3]]


def test_every_class_of_uploaded_data_has_its_colour_and_a_place_in_the_picker(
    page: Page, live_server: str, page_errors: list[str], tmp_path: Path, screenshots_dir: Path
) -> None:
    data = tmp_path / "quadrants.csv"
    data.write_text("a,b,quadrant\n" + "".join(f"{a},{b},{c}\n" for a, b, c in quadrant_rows()))
    old = open_page(page, live_server)
    page.set_input_files("[name='upload']", str(data))
    sid = wait_new_session(page, old)
    info = api(live_server, f"/api/datasets/{dataset_in_url(page)}")
    assert (info["n_classes"], info["class_names"]) == (4, QUADRANTS)

    # The decision: each cell is the class with the largest output, as /predict has it.
    z = page.evaluate("document.getElementById('data-plot').data[0].z")
    outputs = api(live_server, f"/api/sessions/{sid}/predict?resolution=48")["outputs"]
    assert z == [[max(range(4), key=o.__getitem__) for o in row] for row in outputs]
    legend = page.evaluate("document.getElementById('data-plot').data[2]")
    assert legend["names"] == QUADRANTS
    colours = [hex_rgb(c) for c in legend["colours"]]
    assert len({tuple(c) for c in colours}) == 4  # four colours, none of them grey
    assert all(max(c) - min(c) > 60 for c in colours)

    # Each point is drawn in its class's colour: the centre of a point no other one covers.
    train = api(live_server, f"/api/sessions/{sid}/data?part=train")
    for k in range(4):
        mine = [i for i, c in enumerate(train["labels"]) if c == k]
        x, y = train["x"][mine[-1]]  # drawn last of its class: nothing of it is covered
        later = train["x"][mine[-1] + 1 :]
        assert all(abs(a - x) + abs(b - y) > 0.1 for a, b in later)
        assert pixel(page, x, y) == colours[k], k

    # The picker: every class of the data set (with its name) and one new one, each its colour.
    page.click("[data-act='draw']")
    labels = page.locator(".draw-classes label")
    expect(labels).to_have_count(5)
    texts = [t.strip() for t in labels.all_text_contents()]
    assert texts == [f"class {k} · {n}" for k, n in enumerate(QUADRANTS)] + ["class 4"]
    swatches = page.eval_on_selector_all(
        ".draw-classes .swatch", "els => els.map(e => getComputedStyle(e).backgroundColor)"
    )
    assert [hex_rgb(s) for s in swatches[:4]] == colours
    page.check("[name='draw-class'][value='3']")
    page.click("[data-act='clear-drawn']")
    wait_drawn(page, 0)
    click_at(page, 0.0, 0.0)
    wait_drawn(page, 1)
    assert drawn(page)[0][2] == 3.0
    assert pixel(page, *drawn(page)[0][:2]) == colours[3]
    page.locator("#view-data").screenshot(path=screenshots_dir / "userdata-four-classes.png")
    page.locator("#controls").screenshot(path=screenshots_dir / "userdata-four-classes-picker.png")
    page.click("[data-act='draw']")  # done drawing: the data set's own plot again
    page.wait_for_function(
        "() => document.getElementById('data-plot').data.length === 3", timeout=10_000
    )
    page.locator("#view-data").screenshot(path=screenshots_dir / "userdata-four-classes-plot.png")
    assert page_errors == []
