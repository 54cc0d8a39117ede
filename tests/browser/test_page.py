"""The page at ``/`` in a real Chromium: it loads clean, shows each example's gradient being
summed into nabla_w and the one update, plays, and keeps its whole configuration in the URL.

The page is driven like a person would (clicks, keys, inputs); what it plots is compared with
the events the server sent on the page's own WebSocket (binary frames, decoded here with the
server's decoder) and with the REST API.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import numpy as np
import pytest
from playwright.sync_api import Page, expect

from .conftest import UNREGISTERED_TRACES
from .helpers import (
    NARROW,
    WIDE,
    Frames,
    api,
    counter,
    open_page,
    plotted,
    shown_layer,
    wait_settled,
)

pytestmark = pytest.mark.browser

# plotly.js (loaded by the page only when a chart needs it), then a pie chart, a trace type its
# bundle lacks.
PIE = """() => new Promise((loaded) => {
  const script = document.createElement("script");
  script.src = document.querySelector("meta[name='nabla-plotly']").content;
  script.onload = loaded;
  document.head.append(script);
}).then(() => {
  const el = Object.assign(document.createElement("div"), { id: "pie" });
  document.body.append(el);
  return Plotly.newPlot(el, [{ type: "pie", values: [1, 2] }]).then(() => undefined); })"""


def test_page_loads_clean_with_every_view_drawn(
    page: Page, live_server: str, page_errors: list[str], screenshots_dir: Path
) -> None:
    failed: list[str] = []
    page.on("requestfailed", lambda r: failed.append(f"{r.url} {r.failure}"))
    page.on("response", lambda r: r.status >= 400 and failed.append(f"{r.status} {r.url}"))
    response = page.goto(f"{live_server}/")
    assert response is not None
    assert "script-src 'self'" in response.headers["content-security-policy"]
    html = response.text()
    assert "<script>" not in html and " onclick=" not in html.lower()
    page.set_viewport_size(WIDE)
    wait_settled(page, 0)

    for chart in ("acc-example-w", "acc-sum-w", "acc-step-w", "acc-weights-w", "acc-weights-b"):
        assert page.get_attribute(f"#{chart}", "data-drawn"), chart
    expect(page.locator("#waterfall canvas").first).to_be_attached()
    expect(page.locator("#metrics-plot canvas").first).to_be_attached()
    expect(page.locator("#data-plot canvas")).to_be_attached()
    assert page.locator(".network-svg line.link").count() == 2 * 4 + 4 * 2  # sizes [2, 4, 2]
    assert page.locator(".dataset canvas").count() >= 6
    assert counter(page, "k") == "0" and counter(page, "updates") == "0"
    page.wait_for_timeout(300)  # the thumbnails' previews
    page.screenshot(path=screenshots_dir / "page-start.png", full_page=True)
    assert page_errors == []
    assert failed == []
    # The bundle draws a trace type it lacks as nothing, silently: page_errors then says so.
    page.evaluate(PIE)
    assert page.evaluate(UNREGISTERED_TRACES) == ["#pie: pie"]
    page.evaluate("document.getElementById('pie').remove()")


def test_step_example_shows_exactly_that_examples_gradient(
    page: Page, live_server: str, page_errors: list[str]
) -> None:
    frames = Frames(page)
    sid = open_page(page, live_server)
    before = api(live_server, f"/api/sessions/{sid}/network")

    page.click("[data-act='step-example']")
    wait_settled(page, 1)

    (event,) = frames.of("example")
    layer = shown_layer(page)
    assert counter(page, "k") == "1"
    assert counter(page, "m") == str(event["batch_size"]) == "10"
    assert counter(page, "batch") == "1" and counter(page, "updates") == "0"
    np.testing.assert_array_equal(plotted(page, "acc-example-w"), event["delta_nabla_w"][layer])
    biases = plotted(page, "acc-example-b", "y")
    np.testing.assert_array_equal(biases, event["delta_nabla_b"][layer])
    np.testing.assert_array_equal(plotted(page, "acc-sum-w"), event["delta_nabla_w"][layer])
    assert page.evaluate("document.getElementById('waterfall').data[0].x.length") == 1
    # the weights have not moved: exactly what GET /network said before the step
    np.testing.assert_array_equal(plotted(page, "acc-weights-w"), before["weights"][layer])
    assert api(live_server, f"/api/sessions/{sid}/network") == before
    assert "have not moved" in str(page.text_content("#acc-caption"))
    assert page_errors == []


def test_a_mini_batch_sums_its_examples_then_updates_once(
    page: Page, live_server: str, page_errors: list[str], screenshots_dir: Path
) -> None:
    frames = Frames(page)
    sid = open_page(page, live_server)
    before = api(live_server, f"/api/sessions/{sid}/network")
    m = 10
    for k in range(1, m):  # the keyboard: "." steps one example
        page.keyboard.press(".")
        wait_settled(page, k)
        if k == 5:
            page.screenshot(path=screenshots_dir / "page-mid-batch.png", full_page=True)
    examples = frames.of("example")
    assert [e["index"] for e in examples] == list(range(m - 1))
    layer = shown_layer(page)
    total = np.sum([e["delta_nabla_w"][layer] for e in examples], axis=0, dtype=np.float64)
    np.testing.assert_allclose(plotted(page, "acc-sum-w"), total, rtol=1e-5, atol=1e-7)
    np.testing.assert_array_equal(plotted(page, "acc-sum-w"), examples[-1]["nabla_w"][layer])
    assert page.evaluate("document.getElementById('waterfall').data[0].x.length") == m - 1
    np.testing.assert_array_equal(plotted(page, "acc-weights-w"), before["weights"][layer])
    assert counter(page, "k") == str(m - 1) and counter(page, "updates") == "0"

    page.keyboard.press(".")  # the m-th example, and with it the one update
    wait_settled(page, m + 1)
    (update,) = frames.of("update")
    after = api(live_server, f"/api/sessions/{sid}/network")
    assert counter(page, "updates") == "1" and counter(page, "k") == str(m)
    for l in range(len(after["weights"])):
        page.select_option("select[name='layer']", str(l))
        page.wait_for_selector("#app[data-settled='1']", state="attached")
        np.testing.assert_allclose(plotted(page, "acc-weights-w"), after["weights"][l], rtol=1e-6)
        biases = plotted(page, "acc-weights-b", "y")
        np.testing.assert_allclose(biases, after["biases"][l], rtol=1e-6)
        step = np.asarray(after["weights"][l]) - np.asarray(before["weights"][l])
        np.testing.assert_allclose(plotted(page, "acc-step-w"), step, rtol=1e-5, atol=1e-7)
        np.testing.assert_array_equal(plotted(page, "acc-sum-w"), update["nabla_w"][l])
    # the waterfall: m examples, their total, and the step
    bars = page.evaluate("document.getElementById('waterfall').data.map(t => t.x.length)")
    assert bars == [m + 1, 1]
    page.screenshot(path=screenshots_dir / "page-after-update.png", full_page=True)
    # its bars explain themselves on hover (here the step, the last one); a narrower window
    # (one column fewer: a wider waterfall) redraws it to its new width (the canvas's size
    # comes from a ResizeObserver)
    x, y, width, height, wide = page.evaluate(
        """(() => { const g = document.getElementById('waterfall').drawnGeometry;
          return [g.x, g.y, g.width, g.height, g.canvasWidth]; })()"""
    )
    page.locator("#waterfall canvas").scroll_into_view_if_needed()
    box = page.locator("#waterfall canvas").bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + x + width * (m + 1.5) / (m + 2), box["y"] + y + height / 2)
    expect(page.locator(".floating-tip.shown")).to_contain_text("the update −(η/m)·Σ")
    viewport = page.viewport_size
    assert viewport is not None
    page.set_viewport_size({"width": viewport["width"] - 200, "height": viewport["height"]})
    page.wait_for_function(
        "w => document.getElementById('waterfall').drawnGeometry.canvasWidth !== w", arg=wide
    )
    page.set_viewport_size(viewport)

    page.keyboard.press("r")  # reset, asked first: epoch 1 again, with the same initial weights
    expect(page.locator(".toast[data-ask='reset']")).to_contain_text("will be lost")
    page.keyboard.press("r")
    wait_settled(page, 0)
    assert counter(page, "updates") == "0" and counter(page, "k") == "0"
    layer = shown_layer(page)
    np.testing.assert_array_equal(plotted(page, "acc-weights-w"), before["weights"][layer])
    assert page_errors == []


def test_play_grows_the_metrics_and_pause_stops(
    page: Page, live_server: str, page_errors: list[str]
) -> None:
    open_page(page, live_server, "?unit=batch&speed=4")  # 20 mini-batches a second
    play = page.locator("[data-act='play']")
    play.click()
    expect(play).to_have_attribute("aria-pressed", "true")
    page.wait_for_function(  # a function, not a string: the page's CSP forbids eval
        "() => document.getElementById('metrics-plot').data[0].x.length >= 10", timeout=10_000
    )
    # still responsive while playing: a control answers
    page.select_option("select[name='layer']", "0")
    expect(page.locator("select[name='layer']")).to_have_value("0")
    page.wait_for_function(
        "() => document.getElementById('metrics-plot').data[0].x.length >= 20", timeout=20_000
    )
    assert int(counter(page, "updates")) >= 20

    play.click()
    expect(play).to_have_attribute("aria-pressed", "false")
    page.wait_for_selector("#app[data-settled='1']", state="attached")
    seq = page.get_attribute("#app", "data-seq")
    page.wait_for_timeout(500)  # paused: nothing more comes
    assert page.get_attribute("#app", "data-seq") == seq
    # played faster than full detail: the last update came without its step, and says why
    expect(page.locator(".acc-step .acc-note")).to_have_text("applied; not sent at this speed")
    assert page_errors == []


def test_changing_the_configuration_starts_the_right_session(
    page: Page, live_server: str, page_errors: list[str]
) -> None:
    first = open_page(page, live_server)

    def next_session(previous: str) -> dict[str, Any]:
        page.wait_for_function(
            "(previous) => { const a = document.getElementById('app');"
            " return a.dataset.session !== previous && a.dataset.ready === '1'; }",
            arg=previous,
        )
        sid = str(page.get_attribute("#app", "data-session"))
        return {"id": sid, **api(live_server, f"/api/sessions/{sid}")["config"]}

    page.click("[data-dataset='circles']")
    config = next_session(first)
    assert config["dataset"] == "circles" and config["sizes"] == [2, 4, 2]
    page.click("[data-arch='add-layer']")
    config = next_session(config["id"])
    assert config["sizes"] == [2, 4, 4, 2]
    page.click("[data-arch='plus'][data-layer='2']")
    config = next_session(config["id"])
    assert config["sizes"] == [2, 4, 5, 2]
    page.fill("input[name='eta']", "0.5")  # a live setting: the same run, η changed
    page.press("input[name='eta']", "Enter")
    page.wait_for_function("() => location.search.includes('eta=0.5')")
    assert page.get_attribute("#app", "data-session") == config["id"]
    config = {**config, "eta": 0.5}
    page.select_option("select[name='activation']", "tanh")
    config = next_session(config["id"])
    assert config["activation"] == "tanh"
    page.check("input[name='update'][value='per_example']")
    config = next_session(config["id"])
    assert config["update"] == "per_example"
    query = parse_qs(urlparse(page.url).query)
    assert query["dataset"] == ["circles"] and query["sizes"] == ["2-4-5-2"]
    assert query["eta"] == ["0.5"] and query["update"] == ["per_example"]

    # a value the server refuses: its message is shown, naming the field; the run stays
    page.fill("input[name='batch_size']", "100000")
    page.press("input[name='batch_size']", "Enter")
    field = page.locator("[data-field='batch_size']")
    expect(field).to_have_class("field invalid")
    expect(field.locator(".field-error")).to_contain_text("Mini-batch size m")
    assert page.get_attribute("#app", "data-session") == config["id"]
    # Chromium logs every 4xx response; the refusal itself is the only error expected
    assert [e for e in page_errors if "status of 422" not in e] == []


def test_a_url_restores_its_configuration(
    page: Page, live_server: str, page_errors: list[str]
) -> None:
    wanted = {
        "dataset": "xor",
        "sizes": [2, 3, 3, 2],
        "n_train": 120,
        "n_test": 40,
        "noise": 0.1,
        "activation": "tanh",
        "cost": "cross_entropy",
        "init": "scaled",
        "eta": 0.7,
        "batch_size": 5,
        "lmbda": 0.01,
        "update": "per_example",
        "seed": 7,
        "rng": "book",
    }
    query = "&".join(
        f"{k}={'-'.join(map(str, v)) if isinstance(v, list) else v}" for k, v in wanted.items()
    )
    sid = open_page(page, live_server, f"?{query}&layer=1")
    assert api(live_server, f"/api/sessions/{sid}")["config"] == wanted
    assert page.input_value("input[name='eta']") == "0.7"
    assert page.input_value("select[name='cost']") == "cross_entropy"
    assert page.input_value("select[name='rng']") == "book"
    assert shown_layer(page) == 1
    assert counter(page, "m") == "5"
    assert parse_qs(urlparse(page.url).query)["sizes"] == ["2-3-3-2"]
    assert page_errors == []


def test_digits_show_the_example_its_outputs_and_the_hidden_weights(
    page: Page, live_server: str, page_errors: list[str], screenshots_dir: Path
) -> None:
    frames = Frames(page)
    sid = open_page(page, live_server, "?dataset=digits")
    page.click("[data-act='step-example']")
    wait_settled(page, 1)
    (event,) = frames.of("example")
    np.testing.assert_array_equal(plotted(page, "digit-plot").ravel(), event["x"])
    np.testing.assert_array_equal(plotted(page, "output-plot", "y"), event["output"])
    label = int(np.argmax(event["y"]))
    expect(page.locator("#digit-caption")).to_contain_text(f"label {label}")
    width = page.evaluate("document.getElementById('neurons').width")
    assert width > 100
    assert api(live_server, f"/api/sessions/{sid}")["config"]["sizes"] == [64, 30, 10]
    page.screenshot(path=screenshots_dir / "page-digits.png", full_page=True)
    assert page_errors == []


def test_a_narrow_screen_stacks_the_views(
    page: Page, live_server: str, page_errors: list[str], screenshots_dir: Path
) -> None:
    open_page(page, live_server, viewport=NARROW)
    page.click("[data-act='step-example']")
    wait_settled(page, 1)
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]
    boxes = [page.locator(f"#view-{v}").bounding_box() for v in ("accumulation", "network")]
    assert all(boxes) and boxes[1]["y"] > boxes[0]["y"] + boxes[0]["height"] - 1  # type: ignore[index]
    page.mouse.move(NARROW["width"] - 2, NARROW["height"] - 2)  # no tooltip in the picture
    page.screenshot(path=screenshots_dir / "page-narrow.png")
    page.screenshot(path=screenshots_dir / "page-narrow-full.png", full_page=True)
    assert page_errors == []


def test_a_window_widened_from_narrow_shows_the_configuration(
    page: Page, live_server: str, page_errors: list[str], screenshots_dir: Path
) -> None:
    """Opened narrow, the configuration starts folded; widened (a projector), it is there."""
    open_page(page, live_server, viewport={"width": 800, "height": 900})
    eta = page.locator("input[name='eta']")
    expect(eta).to_be_hidden()
    page.click(".controls-summary")  # unfolded and folded again by hand, still narrow
    expect(eta).to_be_visible()
    page.click(".controls-summary")
    expect(eta).to_be_hidden()
    page.set_viewport_size({"width": 1920, "height": 1080})
    expect(eta).to_be_visible()
    expect(page.locator(".controls-summary")).to_be_hidden()
    box = page.locator("#controls").bounding_box()
    assert box and box["height"] > 600  # the whole panel, not an empty frame
    page.screenshot(path=screenshots_dir / "page-widened.png")
    assert page_errors == []
