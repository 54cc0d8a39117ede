"""app.core.userdata and app.core.table: CSV and rows to a checked table, scaled, classed, split."""

import numpy as np
import pytest

from app.core import datasets, userdata
from app.core.table import TableLimits, UserDataError, split_rows

IRIS_LIKE = """sepal,petal,kind
5.1,1.4,setosa
7.0,4.7,versicolor
6.3,6.0,virginica
4.9,1.4,setosa
6.4,4.5,versicolor
5.8,5.1,virginica
"""


def test_a_header_names_the_columns_and_string_labels_keep_their_names() -> None:
    table = userdata.parse_csv(IRIS_LIKE, "flowers")
    assert table.column_names == ("sepal", "petal")
    assert table.class_names == ("setosa", "versicolor", "virginica")
    assert table.labels.tolist() == [0, 1, 2, 0, 1, 2]
    assert table.x[:, 0].tolist() == [5.1, 7.0, 6.3, 4.9, 6.4, 5.8]
    assert table.x[:, 1].tolist() == [1.4, 4.7, 6.0, 1.4, 4.5, 5.1]
    assert (table.title, table.is_test) == ("flowers", None)


def test_without_a_header_every_row_is_data_and_integer_labels_sort_by_value() -> None:
    text = "0.5,0.5,10\n-0.5,0.5,2\n0.1,0.2,10\n0.3,0.3,2\n0.9,0.9,-1\n"
    table = userdata.parse_csv(text)
    assert table.n_rows == 5 and table.column_names == ("x1", "x2")
    assert table.class_names == ("-1", "2", "10")  # by value, not as text ("-1", "10", "2")
    assert table.labels.tolist() == [2, 1, 2, 1, 0]


def test_scaling_keeps_columns_inside_the_box_and_maps_the_others_onto_it() -> None:
    firsts, seconds = [0.5, -0.25, 1.0, -1.0, 0.0], [100.0, 300.0, 200.0, 150.0, 250.0]
    rows = [[a, b, 3.0, i % 2] for i, (a, b) in enumerate(zip(firsts, seconds, strict=True))]
    scaled = userdata.from_rows(rows).scaled()
    np.testing.assert_array_equal(scaled[:, 0], [0.5, -0.25, 1.0, -1.0, 0.0])  # already inside
    np.testing.assert_allclose(scaled[:, 1], [-1.0, 1.0, 0.0, -0.5, 0.5])  # 100..300 -> -1..1
    np.testing.assert_array_equal(scaled[:, 2], 0.0)  # a constant column


def test_one_hot_targets_match_a_count_of_the_labels() -> None:
    labels = ["b", "a", "c", "a", "b", "a", "c", "a"]
    rows: list[list[float | str]] = [[i / 10, -i / 10, label] for i, label in enumerate(labels)]
    table = userdata.from_rows(rows)
    data = datasets.load(table.id, table=table, n_train=5, n_test=3, seed=4)
    y = np.concatenate([data.y_train, data.y_test])
    assert y.shape == (8, 3) and set(np.unique(y)) == {0.0, 1.0}
    assert (y.sum(axis=1) == 1).all()
    assert y.sum(axis=0).tolist() == [4, 2, 2]  # a: 4, b: 2, c: 2
    assert data.class_names == ("a", "b", "c")


def test_the_id_depends_on_the_content_only() -> None:
    csv_table = userdata.parse_csv("x,y,c\n0.1,0.2,0\n0.3,0.4,1\n0.5,0.6,0\n0.7,0.8,1\n0.9,1,0\n")
    rows = [[0.1, 0.2, 0], [0.3, 0.4, 1], [0.5, 0.6, 0], [0.7, 0.8, 1], [0.9, 1, 0]]
    assert userdata.from_rows(rows, title="other").id == csv_table.id
    assert csv_table.id.startswith("user-") and len(csv_table.id) == len("user-") + 16
    moved = [[0.1, 0.2, 0], [0.3, 0.4, 1], [0.5, 0.6, 0], [0.7, 0.8, 1], [0.9, 1, 1]]
    assert userdata.from_rows(moved).id != csv_table.id
    separate = userdata.from_rows([r[:2] for r in rows], labels=[0, 1, 0, 1, 0])
    assert separate.id == csv_table.id


def test_the_split_is_seeded_and_a_split_column_is_kept() -> None:
    rows = [[i, i % 2] for i in range(20)]
    table = userdata.from_rows(rows)
    a = split_rows(table, 15, 5, seed=1)
    assert [r.tolist() for r in a] == [r.tolist() for r in split_rows(table, 15, 5, 1)]
    assert sorted(np.concatenate(a).tolist()) == list(range(20))
    assert a[0].tolist() != split_rows(table, 15, 5, seed=2)[0].tolist()
    text = "x,label,split\n" + "".join(
        f"{i},{i % 2},{'test' if i in (3, 7) else 'train'}\n" for i in range(10)
    )
    fixed = userdata.parse_csv(text)
    assert fixed.column_names == ("x",)
    train, test = split_rows(fixed, 8, 2, seed=99)
    assert (train.tolist(), test.tolist()) == ([0, 1, 2, 4, 5, 6, 8, 9], [3, 7])


def test_csv_out_and_back_gives_the_same_arrays() -> None:
    table = userdata.parse_csv(IRIS_LIKE)
    data = datasets.load(table.id, table=table, n_train=4, n_test=2, seed=3)
    x = np.concatenate([data.x_train, data.x_test])
    names = [data.class_names[k] for k in np.concatenate([data.labels_train, data.labels_test])]
    text = userdata.to_csv(x, names, [False] * 4 + [True] * 2, table.column_names)
    again = userdata.parse_csv(text)
    back = datasets.load(again.id, table=again)
    for part in ("x_train", "y_train", "x_test", "y_test"):
        np.testing.assert_array_equal(getattr(back, part), getattr(data, part))


BAD = [
    ("", "the file is empty", 1, None),
    ("\n \n", "the file is empty", 1, None),
    ("a,b,label\n", "a header but no rows", 2, None),
    ("1,2,0\n3,x,1\n1,2,0\n1,2,1\n1,1,1\n", "'x' is not a number", 2, 2),
    ("1,2,0\n3,4,1\n,2,0\n1,2,1\n1,1,1\n", "an empty cell is not a number", 3, 1),
    ("1,2,0\n3,4,1\n1,2\n1,2,1\n1,1,1\n", "the row has 2 cells where the first has 3", 3, None),
    ("1,2,0\n3,4,1\n1,2,0,5\n1,2,1\n1,1,1\n", "the row has 4 cells", 3, None),
    ("1,2,0\n3,nan,1\n1,2,0\n1,2,1\n1,1,1\n", "nan is not a finite number", 2, 2),
    ("1,2,0\n3,4,1\n1,2,0\n1,-inf,1\n1,1,1\n", "-inf is not a finite number", 4, 2),
    ("1,2,0\n3,4,0\n1,2,0\n1,5,0\n1,1,0\n", "one class only", None, 3),
    ("1,2,0\n3,4,1\n1,2,0\n", "at least 5 rows, got 3", None, None),
    ("1,2,0\n3,4,1\n1,2,\n1,2,1\n1,1,1\n", "the label is empty", 3, 3),
    ("5\n6\n7\n8\n9\n", "at least one number and a label", 1, None),
    ("x,label,split\n1,0,train\n2,1,tset\n", "split must be train or test", 3, 3),
    ("x,label,split\n1,0,train\n2,1\n", "the row has 2 cells where the header has 3", 3, None),
    (
        "x,label,split\n1,0,train\n2,1,test\n3,0,train\n4,1,train\n5,0,test\n",
        "4 train rows",
        None,
        3,
    ),
]


@pytest.mark.parametrize(("text", "message", "row", "column"), BAD)
def test_a_bad_file_names_the_row_and_column(
    text: str, message: str, row: int | None, column: int | None
) -> None:
    with pytest.raises(UserDataError, match=message) as info:
        userdata.parse_csv(text)
    assert (info.value.row, info.value.column) == (row, column)
    where = [f"{part} {n}" for part, n in (("row", row), ("column", column)) if n is not None]
    assert str(info.value).startswith(", ".join(where))


def test_every_limit_is_enforced() -> None:
    good = "".join(f"{i},{i % 3}\n" for i in range(6))
    limits = TableLimits(max_rows=5, max_columns=1, max_classes=2, max_bytes=len(good) - 1)
    with pytest.raises(UserDataError, match="bytes"):
        userdata.parse_csv(good, limits=limits)
    with pytest.raises(UserDataError, match="6 rows is more than the limit of 5") as rows:
        userdata.parse_csv(good, limits=TableLimits(max_rows=5))
    assert rows.value.row == 6
    with pytest.raises(
        UserDataError, match="2 feature columns is more than the limit of 1"
    ) as cols:
        userdata.parse_csv("1,2,0\n" * 5, limits=TableLimits(max_columns=1))
    assert (cols.value.row, cols.value.column) == (1, 2)
    with pytest.raises(UserDataError, match="3 classes is more than the limit of 2"):
        userdata.parse_csv(good, limits=TableLimits(max_classes=2))
    assert userdata.parse_csv(good, limits=TableLimits(max_rows=6, max_classes=3)).n_rows == 6


def test_json_rows_check_their_labels_and_lengths() -> None:
    with pytest.raises(UserDataError, match="a label is an integer or a string") as info:
        userdata.from_rows([[0.1, 0.2, 0.5]] * 5)
    assert (info.value.row, info.value.column) == (1, 3)
    with pytest.raises(UserDataError, match="labels has 2 entries for 5 rows"):
        userdata.from_rows([[0.1, 0.2]] * 5, labels=[0, 1])
    with pytest.raises(UserDataError, match="rows is empty"):
        userdata.from_rows([])
    assert userdata.from_rows([[0.0, 1.0, 1.0], [1.0, 0.0, 0.0]] * 3).class_names == ("0", "1")


@pytest.mark.parametrize("end", ["\n", "\r\n", "\r"])
def test_any_line_ending_reads_the_same(end: str) -> None:
    lines = ["x,y,label", "1,2,a", "3,4,b", "5,6,a", "7,8,b", "9,9,a"]
    table = userdata.parse_csv(end.join(lines))
    reference = userdata.parse_csv("\n".join(lines))
    assert np.array_equal(table.x, reference.x) and table.id == reference.id


def test_unreadable_csv_is_a_user_error_with_its_row() -> None:
    with pytest.raises(UserDataError, match="row"):
        userdata.parse_csv("\r0")
