"""At the edges, tried as a new user would (issue 16's list): each fix checked in the page."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .helpers import NARROW, api, counter, download, open_page, server_state, wait_settled

pytestmark = pytest.mark.browser


def test_minus_at_one_neuron_is_disabled_and_starts_no_run(
    page: Page, live_server: str, page_errors: list[str]
) -> None:
    """4. "−" at 1 neuron wiped the run and changed nothing."""
    sid = open_page(page, live_server, "?dataset=moons&sizes=2-1-2")
    fewer = page.locator("#architecture button[data-arch='minus'][data-layer='1']")
    more = page.locator("#architecture button[data-arch='plus'][data-layer='1']")
    expect(fewer).to_be_disabled()
    expect(more).to_be_enabled()
    fewer.dispatch_event("click")  # even a click that gets through changes nothing
    page.wait_for_timeout(400)  # longer than the controls' debounce (180 ms)
    assert page.get_attribute("#app", "data-session") == sid
    assert api(live_server, f"/api/sessions/{sid}")["config"]["sizes"] == [2, 1, 2]
    assert page_errors == []


def test_a_stop_at_more_than_100_percent_is_refused_on_the_field(
    page: Page, live_server: str, page_errors: list[str], screenshots_dir: Path
) -> None:
    """2. Stop at "test ≥ 150 %" left the button on Pause while nothing ran."""
    sid = open_page(page, live_server, "?dataset=moons&sizes=2-4-2", viewport=NARROW)
    page.fill("[name='stop_accuracy']", "150")
    play = page.locator("[data-act='play']")
    play.click()
    expect(page.locator(".toast").last).to_contain_text("at most 100")
    expect(play).to_have_attribute("aria-pressed", "false")
    label = page.locator("label:has([name='stop_accuracy'])")
    expect(label).to_have_class(re.compile(r"\binvalid\b"))
    assert api(live_server, f"/api/sessions/{sid}")["state"]["seq"] == 0  # nothing ran
    page.screenshot(path=screenshots_dir / "edge-stop-150.png")
    page.fill("[name='stop_accuracy']", "90")
    play.click()
    expect(play).to_have_attribute("aria-pressed", "true")
    play.click()
    assert page_errors == []


def test_download_run_and_trace_name_the_same_mini_batch(
    page: Page, live_server: str, page_errors: list[str]
) -> None:
    """7. "Download run" named the file epoch9-batch1, the trace at that moment epoch8-batch0."""
    open_page(page, live_server, "?dataset=xor&sizes=2-5-2&batch_size=6&seed=4")
    page.click("[data-act='step-batch']")
    wait_settled(page, 7)
    page.click("[data-act='step-example']")
    wait_settled(page, 8)
    with page.expect_download() as run:
        page.click("[data-act='download-run']")
    trace, _ = download(page, "json")
    assert run.value.suggested_filename.endswith("-epoch1-batch2.json")
    assert trace == "nabla-trace-epoch1-batch2.json"
    assert (counter(page, "epoch"), counter(page, "batch")) == ("1", "2")
    assert page_errors == []


@pytest.mark.parametrize("asked", ["5000", "0", "2.5"])
def test_a_step_count_out_of_range_is_said_not_cut(
    page: Page, live_server: str, page_errors: list[str], asked: str
) -> None:
    """8. ×5000 epochs was silently cut to 1000; ×0 stepped once."""
    sid = open_page(page, live_server, "?dataset=moons&sizes=2-4-2")
    page.fill("[name='count']", asked)
    page.click("[data-act='step-example']")
    expect(page.locator(".toast").last).to_contain_text("from 1 to 1000")
    expect(page.locator("label:has([name='count'])")).to_have_class(re.compile(r"\binvalid\b"))
    assert api(live_server, f"/api/sessions/{sid}")["state"]["seq"] == 0  # nothing stepped
    page.fill("[name='count']", "2")
    page.click("[data-act='step-example']")
    wait_settled(page, 2)
    assert page_errors == []


def configured(base: str, sid: str, field: str, value: float) -> None:
    """Wait until the session's config has ``field == value`` (a live setting applied)."""
    deadline = time.monotonic() + 20
    while api(base, f"/api/sessions/{sid}")["config"][field] != value:
        assert time.monotonic() < deadline, f"{field} never became {value}"
        time.sleep(0.05)


def test_a_refused_setting_is_said_on_its_field_and_the_value_in_force_comes_back(
    page: Page, live_server: str, page_errors: list[str], screenshots_dir: Path
) -> None:
    """1. m = 500 on 200 points stayed on screen while training went on with the old m;
    η = 0 ("nothing moves") was refused."""
    sid = open_page(page, live_server, "?dataset=moons&sizes=2-4-2&n_train=200&batch_size=10")
    m = page.locator("[name='batch_size']")
    m.fill("500")
    m.press("Enter")  # the field keeps the focus
    field = page.locator("[data-field='batch_size']")
    expect(field).to_have_class(re.compile(r"\binvalid\b"))
    expect(field.locator(".field-error")).to_contain_text("200")
    expect(m).to_have_value("10")  # the m in force, not the refused one
    assert page.get_attribute("#app", "data-session") == sid
    page.locator(".control-group:has([name='eta'])").screenshot(
        path=screenshots_dir / "edge-refused-m.png"
    )
    eta = page.locator("[name='eta']")
    eta.fill("0")
    eta.press("Enter")  # a live setting: the same run goes on with η = 0
    new = sid
    configured(live_server, sid, "eta", 0)
    expect(field).not_to_have_class(re.compile(r"\binvalid\b"))
    before = api(live_server, f"/api/sessions/{new}/network")
    page.click("[data-act='step-batch']")
    wait_settled(page, 11)
    assert api(live_server, f"/api/sessions/{new}/network") == before  # nothing moves
    assert [e for e in page_errors if "status of 422" not in e] == []  # Chromium logs the 422


def test_a_stuck_or_diverged_run_is_said_once_in_plain_words(
    page: Page, live_server: str, page_errors: list[str], screenshots_dir: Path
) -> None:
    """3. Sigmoid at η = 1000 saturated without a word; an overflow was said three times,
    with doubled punctuation."""
    sid = open_page(page, live_server, "?dataset=moons&sizes=2-4-2&n_train=200&eta=1000&seed=0")
    notices = page.locator(".toast[data-trouble]")
    page.click("[data-act='step-epoch']")
    expect(notices).to_have_count(1)
    expect(notices).to_contain_text("every input the same output")
    expect(notices).to_contain_text("smaller η")
    page.click("[data-act='step-epoch']")  # a second epoch, the same trouble: not said again
    seq = server_state(live_server, sid, lambda state: state["epoch"] >= 2)["seq"]
    assert seq == 2 * 221  # two epochs of 200 examples, 20 updates and the epoch's end
    wait_settled(page, seq)
    expect(notices).to_have_count(1)
    page.screenshot(path=screenshots_dir / "edge-stuck.png")
    # 10. train and test accuracy are the same here (50 %): the test marker, hollow and larger,
    # no longer hides the train one under it
    marks = page.evaluate("document.getElementById('metrics-plot').data.map(t => t.marker)")
    assert marks[1]["symbol"] == "circle" and marks[2]["symbol"] == "diamond-open"
    assert marks[2]["size"] > marks[1]["size"]
    # overflow: said once, in words, with Reset beside it
    page.fill("[name='lmbda']", "1000000")
    page.press("[name='lmbda']", "Enter")  # a live setting
    configured(live_server, sid, "lmbda", 1e6)
    page.click("[data-act='step-epoch']")  # weights of 1e100 and more, every number finite
    wait_settled(page, seq + 221)
    expect(notices).to_have_count(1)
    expect(page.locator("#waterfall")).to_contain_text("too large to draw")  # no Plotly error
    page.fill("[name='count']", "5")
    page.click("[data-act='step-epoch']")  # then they overflow
    expect(notices).to_have_count(1)
    expect(notices).to_have_attribute("data-trouble", "error")
    text = notices.text_content() or ""
    assert "overflow" in text and "learning rate η" in text
    assert ".." not in text and ". ." not in text and "eta" not in text
    # Reset once the page has drawn where the run stopped: a fetch still under way (the last
    # mini-batch's landscape) would otherwise reach the server after the reset, and its 409
    # ("no mini-batch has finished yet") is logged by the browser as a console error
    stopped = server_state(live_server, sid, lambda state: state["status"] == "diverged")
    wait_settled(page, stopped["seq"])
    notices.locator(".toast-action").click()  # Reset
    expect(notices).to_have_count(0)
    wait_settled(page, 0)
    assert page_errors == []


def test_messages_are_in_plain_words_and_r_asks_before_it_resets(
    page: Page, live_server: str, page_errors: list[str]
) -> None:
    """8. "garbage.json: format: Field required"; R reset without asking."""
    sid = open_page(page, live_server, "?dataset=moons&sizes=2-4-2")
    page.set_input_files(
        "#run-files input[type='file']",
        files=[{"name": "garbage.json", "mimeType": "application/json", "buffer": b'{"a": 1}'}],
    )
    said = page.locator(".toast-error").last
    expect(said).to_contain_text("garbage.json is not a run saved by Nabla (format is missing)")
    expect(said).to_contain_text("Download run writes")
    assert "Field required" not in (said.text_content() or "")
    page.click("[data-act='step-batch']")
    wait_settled(page, 11)
    page.keyboard.press("r")
    ask = page.locator(".toast[data-ask='reset']")
    expect(ask).to_contain_text("the 1 update so far will be lost")
    assert api(live_server, f"/api/sessions/{sid}")["state"]["seq"] == 11  # not reset yet
    page.keyboard.press("r")  # again: yes
    wait_settled(page, 0)
    expect(ask).to_have_count(0)
    assert api(live_server, f"/api/sessions/{sid}")["state"]["seq"] == 0
    page.keyboard.press("r")  # nothing trained: nothing to lose, nothing asked
    expect(ask).to_have_count(0)
    assert [e for e in page_errors if "status of 422" not in e] == []  # Chromium logs the 422


PHONE = {"width": 390, "height": 844}


def test_a_phone_shows_everything_and_keeps_the_step_buttons_at_hand(
    page: Page, live_server: str, page_errors: list[str], screenshots_dir: Path
) -> None:
    """9. At 390×844: 3 px too wide, the backprop checkbox clipped, the waterfall's axis title
    cut, Plotly's toolbar over the charts, "× −η/m" gone, the step buttons scrolled away, no
    explanation on touch."""
    open_page(page, live_server, "?dataset=moons&sizes=2-4-2", viewport=PHONE)
    # 10. the placeholder notes ("waits for an example") lie over the cells, clear of the axes'
    # labels and the colour bar
    clear = page.evaluate(
        """() => [...document.querySelectorAll('.acc-note:not([hidden])')].map(note => {
          const box = note.parentElement, g = box.drawnGeometry;
          const [n, b] = [note.getBoundingClientRect(), box.getBoundingClientRect()];
          return n.left >= b.left + g.x - 1 && n.right <= b.left + g.bar.x + 1;
        })"""
    )
    assert clear == [True, True, True]
    # the waterfall's placeholder sentence, whole (Plotly's was cut at the panel's right edge)
    note = page.evaluate(
        """() => {
          const plot = document.getElementById('waterfall').getBoundingClientRect();
          const note = document.querySelector('#waterfall .wf-empty').getBoundingClientRect();
          return [note.left >= plot.left, note.right <= plot.right, note.width > 100];
        }"""
    )
    assert note == [True, True, True]
    page.locator("#waterfall").screenshot(path=screenshots_dir / "edge-phone-waterfall.png")
    page.click("[data-act='step-batch']")
    wait_settled(page, 11)
    assert page.evaluate("document.documentElement.scrollWidth") == PHONE["width"]
    box = page.locator("[name='code-backprop']").bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    inside = page.evaluate(
        """() => {
          const g = document.getElementById('waterfall').drawnGeometry;
          return g.title.left >= 0 && g.title.right <= g.canvasWidth;
        }"""
    )
    assert inside  # the axis title, whole
    assert page.locator(".modebar-container .modebar").count() == 0  # no toolbar to cover charts
    expect(page.locator(".acc-op", has_text="× −η/m")).to_be_visible()
    page.evaluate("window.scrollTo(0, 2500)")  # far down the page: the buttons still at hand
    step = page.locator("[data-act='step-example']")
    expect(step).to_be_in_viewport()
    step.click()
    wait_settled(page, 12)
    page.screenshot(path=screenshots_dir / "edge-phone-scrolled.png")
    counter_box = page.locator(".counter").first
    counter_box.scroll_into_view_if_needed()
    counter_box.dispatch_event("pointerdown", {"pointerType": "touch", "bubbles": True})
    expect(page.locator(".floating-tip.shown")).to_contain_text("Epoch: one pass")
    assert page_errors == []
