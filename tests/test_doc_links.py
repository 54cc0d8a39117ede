"""Every relative link of README.md and docs/*.md reaches a file, and its anchor a heading."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)|(?:href|src)=\"([^\"]+)\"")  # markdown or HTML


def prose(path: Path) -> str:
    """The page without its fenced blocks (a link in an example is not a link)."""
    return re.sub(r"^```.*?^```$", "", path.read_text(), flags=re.M | re.S)


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading).strip().lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    return {slug(h) for h in re.findall(r"^#{1,6} (.+)$", prose(path), flags=re.M)}


@pytest.mark.parametrize("doc", PAGES, ids=[p.relative_to(ROOT).as_posix() for p in PAGES])
def test_links_resolve(doc: Path) -> None:
    broken = []
    for target in (a or b for a, b in LINK.findall(prose(doc))):
        if re.match(r"[a-z]+:", target):  # http:, https:, mailto:
            continue
        file, _, anchor = target.partition("#")
        dest = (doc.parent / file).resolve() if file else doc
        if not dest.exists():
            broken.append(f"{target}: no file {dest.relative_to(ROOT)}")
        elif anchor and dest.suffix == ".md" and anchor not in anchors(dest):
            broken.append(f"{target}: no heading #{anchor} in {dest.relative_to(ROOT)}")
    assert not broken, f"{doc.relative_to(ROOT)}: " + "; ".join(broken)


def test_slugs_are_githubs() -> None:
    assert slug("GET /api/sessions/{id}/landscape?w1=1,0,2") == "get-apisessionsidlandscapew1102"
    assert slug("What `make test` does") == "what-make-test-does"
    assert slug("Groups: batch against per-example, side by side") == (
        "groups-batch-against-per-example-side-by-side"
    )
