"""The book's experiments, one click each: the configuration, the book's figure, its source.

Each :class:`Preset` is a run of the book's MNIST chapters as a :class:`RunConfig`
(``rng="book"``: network.py's own draws and shuffle from the seed) with the number
of epochs the book trains, and, where the book's text states one, the accuracy it
reports, quoted with its place in the text. The page draws that figure as a line on
the accuracy chart; ``bench/book.py`` runs every preset over three seeds.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.sessions.config import RunConfig

CHAP1 = "http://neuralnetworksanddeeplearning.com/chap1.html#implementing_our_network_to_classify_digits"
CHAP3 = "http://neuralnetworksanddeeplearning.com/chap3.html"

WHY_IT_DIFFERS = (
    "A run is not the book's run: the book quotes its best of three runs, at the epoch where "
    "the test accuracy peaked, from seeds it does not give, under Python 2 (whose "
    "random.shuffle orders the data differently). rng book draws what network.py draws for "
    "this seed under Python 3: another seed, another curve, typically within a few tenths "
    "of a percent once trained."
)


@dataclass(frozen=True)
class Preset:
    """One of the book's experiments."""

    id: str
    chapter: int
    title: str
    config: RunConfig
    epochs: int
    figure: float | None
    """The book's test accuracy for this run (a fraction), or None where its text gives none."""
    quote: str
    """What the book says, with the figure; or why there is no figure here."""
    source: str


def _mnist(sizes: tuple[int, ...], **fields: object) -> RunConfig:
    """A run of the book's MNIST on the whole file (the book's: 50,000 and 10,000 images)."""
    return RunConfig(dataset="mnist", sizes=sizes, rng="book", **fields)  # type: ignore[arg-type]


_NO_FIGURE = (
    "Chapter 3 compares the two initialisations' curves rather than quoting one figure for "
    "this run; no reference line is drawn."
)

PRESETS = (
    Preset(
        "ch1-30",
        1,
        "Chapter 1: [784, 30, 10], quadratic cost, η = 3",
        _mnist((784, 30, 10), eta=3.0, batch_size=10),
        30,
        0.9542,
        '"a classification rate of about 95 percent - 95.42 percent at its peak (Epoch 28)"'
        " (best of three runs)",
        CHAP1,
    ),
    Preset(
        "ch1-100",
        1,
        "Chapter 1: [784, 100, 10], quadratic cost, η = 3",
        _mnist((784, 100, 10), eta=3.0, batch_size=10),
        30,
        0.9659,
        '"Sure enough, this improves the results to 96.59 percent."',
        CHAP1,
    ),
    Preset(
        "ch3-ce",
        3,
        "Chapter 3: [784, 30, 10], cross-entropy, η = 0.5",
        _mnist((784, 30, 10), cost="cross_entropy", eta=0.5, batch_size=10),
        30,
        0.9549,
        'the book\'s cross-entropy run on MNIST: "95.49 percent", against 95.42 with the '
        "quadratic cost (chapter 3, using the cross-entropy to classify MNIST digits)",
        CHAP3 + "#using_the_cross-entropy_to_classify_mnist_digits",
    ),
    Preset(
        "ch3-l2",
        3,
        "Chapter 3: cross-entropy, η = 0.5, L2 λ = 5.0 on all 50,000 images",
        _mnist((784, 30, 10), cost="cross_entropy", eta=0.5, batch_size=10, lmbda=5.0),
        30,
        0.9649,
        'with λ = 5.0 the test accuracy goes up from 95.49 percent to "96.49 percent" '
        "(chapter 3, regularization, on the full 50,000 training images)",
        CHAP3 + "#regularization",
    ),
    Preset(
        "ch3-scaled",
        3,
        "Chapter 3: as λ = 5.0, with network2's scaled initialisation N(0, 1/n_in)",
        _mnist(
            (784, 30, 10), cost="cross_entropy", eta=0.5, batch_size=10, lmbda=5.0, init="scaled"
        ),
        30,
        None,
        _NO_FIGURE,
        CHAP3 + "#weight_initialization",
    ),
)
BY_ID = {p.id: p for p in PRESETS}
