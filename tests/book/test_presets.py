"""The book's experiments as presets: each is the book's run, with the book's figure where its
text gives one, said in its words and placed in its chapter."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from app.sessions.presets import PRESETS, Preset

BOOK = "http://neuralnetworksanddeeplearning.com/chap"


@pytest.mark.parametrize("p", PRESETS, ids=[p.id for p in PRESETS])
def test_a_preset_is_the_books_run_with_its_figure_in_its_words(p: Preset) -> None:
    assert p.source.startswith(f"{BOOK}{p.chapter}.html#")
    assert p.config.dataset == "mnist" and p.config.rng == "book" and p.epochs == 30
    assert p.config.sizes[0] == 784 and p.config.sizes[-1] == 10
    if p.figure is None:
        assert "no reference line" in p.quote
    else:
        assert 0.9 < p.figure < 1
        assert f"{100 * p.figure:.2f}" in re.sub(r"\s+", " ", p.quote)  # the figure, as quoted


def test_chapter_3_runs_are_cross_entropy_at_eta_one_half() -> None:
    for p in PRESETS:
        if p.chapter == 3:
            assert p.config.cost == "cross_entropy" and p.config.eta == 0.5
    l2 = [p for p in PRESETS if p.config.lmbda > 0]
    assert l2 and all(p.config.lmbda == 5.0 for p in l2)


def test_the_api_lists_every_preset_with_its_figure(client: TestClient) -> None:
    listed = client.get("/api/book").json()["presets"]
    assert [(p["id"], p["figure"]) for p in listed] == [(p.id, p.figure) for p in PRESETS]
