"""Controls answer at once, at any speed, on a slow laptop (Chromium's CPU throttled 4x).

No timed assert (timings are bench/page.py's): what is checked is what makes a pause quick.
The button turns in the same task as the click, and after it the page is sent only what was
already on its way: about AHEAD messages (app/web/outbox.py), never a queue of events.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from .helpers import open_page

pytestmark = pytest.mark.browser

# Count the events handled from the click on Pause on; the button's state right after it.
PAUSE = """() => {
  const model = window.nabla.model;
  const handle = model.handle;
  window.__after = 0;
  model.handle = (m) => {
    if (m.seq !== undefined) window.__after += 1;
    return handle(m);
  };
  document.querySelector("[data-act='play']").click();
  return document.querySelector("[data-act='play']").getAttribute("aria-pressed");
}"""


@pytest.mark.parametrize("speed", [8, 9])  # 500 examples a second, and max
def test_pause_on_a_slow_laptop_answers_at_once(
    page: Page, live_server: str, page_errors: list[str], speed: int
) -> None:
    open_page(page, live_server, f"?dataset=moons&sizes=2-4-2&unit=example&speed={speed}")
    cdp = page.context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    page.keyboard.press("Space")
    page.wait_for_function("() => Number(document.getElementById('app').dataset.seq) > 100")
    page.wait_for_timeout(1500)  # long enough for a queue to build, were there one
    assert page.evaluate(PAUSE) == "false"  # the button answered in the click's own task
    page.wait_for_function("() => !window.nabla.model.playing", timeout=30_000)
    after = page.evaluate("window.__after")
    assert after <= 60, f"{after} events came after the click on Pause"
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 1})
    assert page_errors == []
