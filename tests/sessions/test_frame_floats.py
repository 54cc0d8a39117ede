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
