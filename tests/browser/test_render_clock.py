"""One render clock: while playing, every panel shows the same moment.

Each view's element carries ``data-seq``, the seq of the event it last drew (static/js/
scheduler.js). Light views (captions, counters, the waterfall's facts, heatmaps) draw together,
so they agree at every instant; heavy charts (Plotly's, the decision boundary) are on a budget
while playing and may be behind, never ahead; once paused, every one shows the last event.
"""

from __future__ import annotations

import contextlib
import re

import pytest
from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from .helpers import api, open_page, wait_settled

pytestmark = pytest.mark.browser

QUERY = "?dataset=moons&sizes=2-4-2&batch_size=10&unit=example&speed=6"  # 100 examples a second

# One instant of the page: every data-seq, and what the counters, caption and waterfall say.
SAMPLE = """() => {
  const seqs = {};
  const heavy = new Set(window.nabla.heavyElements());
  let n = 0;
  for (const el of document.querySelectorAll('#app [data-seq]')) {
    if (el.id === 'app') continue;
    const name = `${n++} ${el.id || el.closest('[id]').id} ${el.className}`;
    seqs[(heavy.has(el) ? 'heavy ' : 'light ') + name] = Number(el.dataset.seq);
  }
  const text = (s) => (document.querySelector(s) || {}).textContent || '';
  return { seqs, k: text("[data-counter='k']"), caption: text('#acc-caption'),
           facts: text('.wf-facts'), playing: window.nabla.model.playing };
}"""


# Every element that says which moment it shows says `seq`.
ALL_AT = """(seq) => [...document.querySelectorAll('#app [data-seq]')]
  .every((el) => Number(el.dataset.seq) === seq)"""


def light_and_heavy(seqs: dict[str, int]) -> tuple[set[int], list[int]]:
    heavy = [v for name, v in seqs.items() if name.startswith("heavy ")]
    light = {v for name, v in seqs.items() if name.startswith("light ")}
    return light, heavy


def test_while_playing_every_panel_shows_the_same_moment(
    page: Page, live_server: str, page_errors: list[str]
) -> None:
    sid = open_page(page, live_server, QUERY)
    page.keyboard.press("Space")
    page.wait_for_function("() => Number(document.getElementById('app').dataset.seq) > 20")
    samples = []
    for _ in range(40):
        samples.append(page.evaluate(SAMPLE))
        page.wait_for_timeout(25)
    page.keyboard.press("Space")
    moving = [s for s in samples if s["playing"] and s["caption"].startswith("Example")]
    assert len(moving) > 10, samples[-1]
    assert len({max(s["seqs"].values()) for s in moving}) > 5  # it was moving
    for s in moving:
        light, heavy = light_and_heavy(s["seqs"])
        assert len(s["seqs"]) >= 8, s["seqs"]  # every panel says which moment it shows
        assert len(light) == 1, str(s["seqs"])
        assert all(h <= min(light) for h in heavy), s["seqs"]
        k = int(s["k"])
        # the counters, the caption and the waterfall's facts: the same example
        assert re.match(rf"Example {k} of 10\b", s["caption"]), (k, s["caption"])
        assert f"Σ after {k} of 10" in s["facts"], (k, s["facts"])

    page.wait_for_function("() => !window.nabla.model.playing")  # the server said so: all events in
    state = api(live_server, f"/api/sessions/{sid}")["state"]
    wait_settled(page, state["seq"], timeout=30_000)
    # paused: every panel at the last moment (within a few frames of the page saying so)
    with contextlib.suppress(PlaywrightTimeoutError):  # the assert below says which panel
        page.wait_for_function(ALL_AT, arg=state["seq"], timeout=5_000)
    still = page.evaluate(SAMPLE)
    assert set(still["seqs"].values()) <= {state["seq"]}, str(still["seqs"])
    assert page_errors == []
