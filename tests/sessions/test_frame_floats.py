"""The factored frames' row count, against a walk over the trainer's real mini-batches."""

from hypothesis import given
from hypothesis import strategies as st

from app.sessions.session import factored_rows


def batch_positions(n: int, m: int, epochs: int) -> list[tuple[int, int]]:
    """(position in its mini-batch, that mini-batch's size) of every example, epoch after epoch.

    An epoch of ``n`` examples is cut into mini-batches of ``m``, the last one shorter
    when ``m`` does not divide ``n``, as the Trainer cuts it.
    """
    out = []
    for _ in range(epochs):
        for start in range(0, n, m):
            size = min(m, n - start)
            out += [(k, size) for k in range(size)]
    return out


@given(
    n=st.integers(1, 60),
    m=st.integers(1, 60),
    start=st.integers(0, 200),
    examples=st.integers(1, 150),
)
def test_the_bound_holds_every_frames_rows_and_is_exact_for_whole_mini_batches(
    n: int, m: int, start: int, examples: int
) -> None:
    m = min(m, n)
    walk = batch_positions(n, m, epochs=(start + examples) // n + 2)
    index, m_now = walk[start]
    # frame k of its mini-batch holds its rows 0..k: k + 1 rows
    rows = sum(k + 1 for k, _ in walk[start : start + examples])
    bound = factored_rows(examples, m, m_now, index)
    assert bound >= rows
    if n % m == 0:  # every mini-batch whole: nothing to overcount
        assert bound == rows


def test_one_example_of_a_big_mini_batch_is_one_frame_of_its_rows() -> None:
    assert factored_rows(1, 1000, 1000, 0) == 1
    assert factored_rows(1, 1000, 1000, 499) == 500
    assert factored_rows(3, 1000, 297, 295) == 296 + 297 + 1  # the epoch's last two, then a new one


def test_full_units_kept_is_full_units_searched_wherever_training_is() -> None:
    """full_units keeps its answers by what they depend on: each is the search's, at every
    step of a walk through mini-batches of two sizes (one shorter at an epoch's end)."""
    from dataclasses import replace

    from app.core.trainer import UNITS
    from app.sessions.config import Limits, RunConfig, resolve
    from app.sessions.session import Session

    limits = replace(Limits(), max_frame_floats=5_000, max_step_examples=400)
    config = resolve(RunConfig(dataset="moons", sizes=(2, 4, 2), n_train=23, batch_size=5), limits)
    session = Session("s", config, limits)
    seen = set()
    for step in range(60):
        if step == 30:
            session.configure(batch_size=7)
        for unit in UNITS:
            for factored in (False, True):
                kept = session.full_units(unit, factored)
                assert kept == session._search_full_units(unit, factored), (step, unit, factored)
                seen.add(kept)
        session.step("example", 1)
    assert len(seen) > 6, "the answers change as training moves: the test saw them change"
