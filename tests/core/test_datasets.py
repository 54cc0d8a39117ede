"""Tests of app.core.datasets: 2-D sets, shipped digits, the book's MNIST file, catalogue."""

from __future__ import annotations

import gzip
import hashlib
import io
import math
import os
import pickle
import pickletools
import struct
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core import _mnist, datasets
from app.core.builtin import DIGITS_FILE
from app.core.datasets import Dataset, DatasetError, DatasetInfo, catalogue, load

POINT_SETS = tuple(datasets.GENERATORS)
DIGITS_IMAGES_SHA256 = "8f26b2bd9d135c256808f68f14fdabddde6d9c7f869ae419704b051f0f14b3b3"
DIGITS_LABELS_SHA256 = "8ba4f891220f5e4c9c819638d1602d74b83618f167043c6da52a2a247841ddf0"
DIGITS_CLASS_COUNTS = [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]
FIRST_DIGIT = [  # image 0 of the UCI digits: a zero
    [0, 0, 5, 13, 9, 1, 0, 0],
    [0, 0, 13, 15, 10, 15, 5, 0],
    [0, 3, 15, 2, 0, 11, 8, 0],
    [0, 4, 12, 0, 0, 8, 8, 0],
    [0, 5, 8, 0, 0, 9, 8, 0],
    [0, 4, 11, 0, 1, 12, 7, 0],
    [0, 2, 14, 5, 10, 12, 0, 0],
    [0, 0, 6, 13, 10, 0, 0, 0],
]


def check_dataset(ds: Dataset, n_train: int, n_test: int) -> None:
    """Shapes, dtypes, one-hot targets, finite inputs in ``input_range``, read-only arrays."""
    assert (ds.n_train, ds.n_test) == (n_train, n_test)
    assert ds.x_train.shape == (n_train, ds.n_inputs) and ds.x_test.shape == (n_test, ds.n_inputs)
    assert ds.y_train.shape == (n_train, ds.n_classes) and ds.y_test.shape == (n_test, ds.n_classes)
    low, high = ds.input_range
    for x, y, labels in (
        (ds.x_train, ds.y_train, ds.labels_train),
        (ds.x_test, ds.y_test, ds.labels_test),
    ):
        assert x.dtype == np.float64 and y.dtype == np.float64
        assert np.all(np.isfinite(x)) and x.min() >= low and x.max() <= high
        assert set(np.unique(y)) <= {0.0, 1.0} and np.all(y.sum(axis=1) == 1.0)
        assert labels.dtype == np.int64 and np.array_equal(labels, np.argmax(y, axis=1))
        assert not x.flags.writeable and not y.flags.writeable
    assert len(ds.class_names) == ds.n_classes
    if ds.image_shape is not None:
        assert math.prod(ds.image_shape) == ds.n_inputs


def same_arrays(a: Dataset, b: Dataset) -> bool:
    """True if the four arrays of ``a`` and ``b`` are equal."""
    pairs = (
        (a.x_train, b.x_train),
        (a.y_train, b.y_train),
        (a.x_test, b.x_test),
        (a.y_test, b.y_test),
    )
    return all(np.array_equal(p, q) for p, q in pairs)


# ---------------------------------------------------------------- the 2-D sets


@pytest.mark.parametrize("name", POINT_SETS)
def test_point_set_defaults(name: str) -> None:
    ds = load(name)
    check_dataset(ds, 200, 100)
    assert (ds.name, ds.kind, ds.image_shape, ds.input_range) == (name, "points", None, (-1.0, 1.0))
    assert ds.class_names == ("0", "1") and ds.description == catalogue()[name].description
    assert np.bincount(ds.labels_train).tolist() == [100, 100]
    assert np.bincount(ds.labels_test).tolist() == [50, 50]


@pytest.mark.parametrize("name", POINT_SETS)
def test_point_sets_are_balanced_for_odd_sizes(name: str) -> None:
    ds = load(name, n_train=201, n_test=99, seed=3)
    assert np.bincount(ds.labels_train).tolist() == [101, 100]
    assert np.bincount(ds.labels_test).tolist() == [50, 49]


@pytest.mark.parametrize("name", POINT_SETS)
def test_point_sets_are_deterministic_in_the_seed(name: str) -> None:
    assert same_arrays(load(name, seed=7), load(name, seed=7))
    assert not np.array_equal(load(name, seed=7).x_train, load(name, seed=8).x_train)
    assert not np.array_equal(load(name, noise=0.05).x_train, load(name, noise=0.2).x_train)


@pytest.mark.parametrize("name", POINT_SETS)
def test_train_and_test_are_one_draw_split_in_two(name: str) -> None:
    ds = load(name, n_train=300, n_test=300, noise=0.1)
    rows = {tuple(row) for row in np.concatenate([ds.x_train, ds.x_test])}
    assert len(rows) == 600  # no point is in both parts
    # same distribution: the two parts' means are close
    assert np.allclose(ds.x_train.mean(axis=0), ds.x_test.mean(axis=0), atol=0.15)


def test_clean_shapes_without_noise() -> None:
    xor = load("xor", noise=0.0)
    assert np.all((xor.x_train[:, 0] * xor.x_train[:, 1] > 0) == (xor.labels_train == 0))
    radius = np.hypot(*load("circles", noise=0.0).x_train.T)
    labels = load("circles", noise=0.0).labels_train
    assert radius[labels == 0].max() <= 0.4 and radius[labels == 1].min() >= 0.56
    blobs = load("gaussian", noise=0.0)
    assert np.all(np.sign(blobs.x_train.mean(axis=1)) == np.where(blobs.labels_train == 0, 1, -1))
    moons = load("moons", noise=0.0)
    assert np.all(np.abs(moons.x_train) <= 0.76)


def test_noise_spreads_the_points() -> None:
    def spread(noise: float) -> float:
        ds = load("gaussian", n_train=2000, noise=noise)
        return float(ds.x_train[ds.labels_train == 0].std())

    assert spread(0.0) < spread(0.1) < spread(0.3)


def test_generators_are_plain_functions_by_name() -> None:
    labels = np.array([0, 1, 0, 1], dtype=np.int64)
    for name, generate in datasets.GENERATORS.items():
        points = generate(labels, 0.1, np.random.default_rng(0))
        assert points.shape == (4, 2), name


@settings(max_examples=60, deadline=None)
@given(
    name=st.sampled_from(POINT_SETS),
    n_train=st.integers(4, 500),
    n_test=st.integers(1, 200),
    noise=st.floats(0.0, 1.0),
    seed=st.integers(0, 2**64),
)
def test_any_point_set_has_right_shapes_and_balance(
    name: str, n_train: int, n_test: int, noise: float, seed: int
) -> None:
    ds = load(name, n_train=n_train, n_test=n_test, noise=noise, seed=seed)
    check_dataset(ds, n_train, n_test)
    assert ds.labels_train.sum() == n_train // 2 and ds.labels_test.sum() == n_test // 2


# ---------------------------------------------------------------- bad parameters


@pytest.mark.parametrize(
    ("name", "kwargs", "param"),
    [
        ("nope", {}, "name"),
        ("", {}, "name"),
        ("xor", {"n_train": 0}, "n_train"),
        ("xor", {"n_train": 3}, "n_train"),
        ("xor", {"n_train": 5001}, "n_train"),
        ("xor", {"n_train": 10.0}, "n_train"),
        ("xor", {"n_train": True}, "n_train"),
        ("xor", {"n_train": "10"}, "n_train"),
        ("xor", {"n_test": 0}, "n_test"),
        ("xor", {"n_test": 5001}, "n_test"),
        ("xor", {"noise": -0.01}, "noise"),
        ("xor", {"noise": 1.01}, "noise"),
        ("xor", {"noise": float("nan")}, "noise"),
        ("xor", {"noise": "0.1"}, "noise"),
        ("xor", {"noise": True}, "noise"),
        ("xor", {"seed": -1}, "seed"),
        ("xor", {"seed": 1.5}, "seed"),
        ("xor", {"seed": None}, "seed"),
        ("digits", {"n_train": 3}, "n_train"),
        ("digits", {"n_train": 1797}, "n_train"),
        ("digits", {"n_test": 0}, "n_test"),
        ("digits", {"n_train": 1500, "n_test": 500}, "n_train \\+ n_test"),
        ("digits", {"noise": 0.1}, "noise"),
        ("mnist", {}, "mnist_path"),
    ],
)
def test_bad_parameters_raise_dataset_error_naming_them(
    name: str, kwargs: dict[str, Any], param: str
) -> None:
    with pytest.raises(DatasetError, match=rf"^{param}"):
        load(name, **kwargs)


def test_error_messages_give_the_bounds() -> None:
    with pytest.raises(DatasetError, match="n_train must be between 4 and 5000, got 0"):
        load("xor", n_train=0)
    assert issubclass(DatasetError, ValueError)


def test_numpy_integers_are_accepted() -> None:
    check_dataset(load("moons", n_train=np.int64(10), n_test=np.int32(6), seed=np.uint8(3)), 10, 6)  # type: ignore[arg-type]


def test_dataset_checks_its_arrays() -> None:
    good = load("xor", n_train=4, n_test=2)
    with pytest.raises(DatasetError, match="x_train"):
        Dataset(
            "x",
            "",
            good.x_train,
            good.y_test,
            good.x_test,
            good.y_test,
            "points",
            None,
            (-1, 1),
            ("0", "1"),
        )


# ---------------------------------------------------------------- digits


def test_digits_file_is_the_uci_data() -> None:
    with np.load(DIGITS_FILE) as npz:
        images, labels = npz["images"], npz["labels"]
    assert images.shape == (1797, 8, 8) and images.dtype == np.uint8 and images.max() == 16
    assert labels.shape == (1797,) and labels.dtype == np.uint8
    assert hashlib.sha256(images.tobytes()).hexdigest() == DIGITS_IMAGES_SHA256
    assert hashlib.sha256(labels.tobytes()).hexdigest() == DIGITS_LABELS_SHA256
    assert images[0].tolist() == FIRST_DIGIT and labels[:10].tolist() == list(range(10))
    assert DIGITS_FILE.stat().st_size < 100_000


def test_digits_attribution_ships_beside_the_data() -> None:
    text = (DIGITS_FILE.parent / "DIGITS_LICENSE.txt").read_text(encoding="utf-8")
    assert "CC BY 4.0" in text and "10.24432/C50P49" in text and "Alpaydin" in text


def test_digits_defaults() -> None:
    ds = load("digits")
    check_dataset(ds, 1297, 500)
    assert (ds.n_inputs, ds.n_classes, ds.kind, ds.image_shape) == (64, 10, "image", (8, 8))
    assert ds.input_range == (0.0, 1.0) and ds.class_names == tuple("0123456789")
    x = np.concatenate([ds.x_train, ds.x_test])
    assert np.array_equal(x * 16, np.round(x * 16)) and x.max() == 1.0
    labels = np.concatenate([ds.labels_train, ds.labels_test])
    assert np.bincount(labels).tolist() == DIGITS_CLASS_COUNTS


def test_digits_split_is_a_seeded_shuffle_of_all_1797() -> None:
    ds = load("digits", seed=5)
    with np.load(DIGITS_FILE) as npz:
        every = npz["images"].reshape(1797, 64) / 16.0
    x = np.concatenate([ds.x_train, ds.x_test])
    assert np.array_equal(np.sort(x.view("V512"), axis=0), np.sort(every.view("V512"), axis=0))
    assert same_arrays(ds, load("digits", seed=5))
    assert not np.array_equal(ds.x_train, load("digits", seed=6).x_train)
    assert not np.array_equal(ds.x_train, every[:1297])  # shuffled


def test_digits_one_count_fills_the_other() -> None:
    assert (load("digits", n_train=1500).n_test, load("digits", n_test=1000).n_train) == (297, 797)
    assert (load("digits", n_train=100).n_test, load("digits", n_test=100).n_train) == (500, 1297)
    check_dataset(load("digits", n_train=1796, n_test=1), 1796, 1)


@settings(max_examples=30, deadline=None)
@given(data=st.data(), seed=st.integers(0, 2**32))
def test_any_digits_split_has_right_shapes(data: st.DataObject, seed: int) -> None:
    n_train = data.draw(st.integers(4, 1796))
    n_test = data.draw(st.integers(1, 1797 - n_train))
    check_dataset(load("digits", n_train=n_train, n_test=n_test, seed=seed), n_train, n_test)


# ---------------------------------------------------------------- mnist

Parts = list[tuple[np.ndarray, np.ndarray]]


def mnist_parts(sizes: tuple[int, int, int] = (60, 20, 30), seed: int = 0) -> Parts:
    """(training, validation, test) in the book's format; image i's first pixel is i / 1000."""
    rng = np.random.default_rng(seed)
    parts = []
    for n in sizes:
        images = rng.random((n, 784), dtype=np.float32)
        images[:, 0] = np.arange(n, dtype=np.float32) / 1000
        parts.append((images, rng.integers(0, 10, n).astype(np.int64)))
    return parts


_PurePickler: Any = pickle._Pickler  # the pure-Python pickler, whose dispatch can be changed


class Py2Pickler(_PurePickler):  # type: ignore[misc]
    """Writes bytes as Python 2 ``str`` opcodes, as the book's cPickle did."""

    dispatch: ClassVar[dict[type, Callable[..., None]]] = dict(_PurePickler.dispatch)

    def save_py2_str(self, obj: bytes) -> None:
        if self.proto == 0:
            self.write(pickle.STRING + repr(obj)[1:].encode("ascii") + b"\n")
        elif len(obj) < 256:
            self.write(pickle.SHORT_BINSTRING + bytes([len(obj)]) + obj)
        else:
            self.write(pickle.BINSTRING + struct.pack("<i", len(obj)) + obj)
        self.memoize(obj)

    dispatch[bytes] = save_py2_str


def py2_pickle(obj: object, protocol: int) -> bytes:
    """``obj`` pickled as Python 2 with numpy 1 would have: str data, numpy.core names."""
    buffer = io.BytesIO()
    Py2Pickler(buffer, protocol).dump(obj)
    return buffer.getvalue().replace(b"numpy._core.multiarray", b"numpy.core.multiarray")


def write_gz(path: Path, payload: bytes) -> str:
    with gzip.open(path, "wb") as stream:
        stream.write(payload)
    return str(path)


def write_mnist(path: Path, obj: object, protocol: int = 2) -> str:
    return write_gz(path, pickle.dumps(obj, protocol=protocol))


def check_mnist(ds: Dataset, parts: Parts, n_train: int, n_test: int) -> None:
    """``ds`` holds distinct rows of the training and test parts, with their labels."""
    check_dataset(ds, n_train, n_test)
    assert (ds.name, ds.n_inputs, ds.n_classes, ds.image_shape) == ("mnist", 784, 10, (28, 28))
    for x, labels, (images, truth) in (
        (ds.x_train, ds.labels_train, parts[0]),
        (ds.x_test, ds.labels_test, parts[2]),
    ):
        index = np.round(x[:, 0] * 1000).astype(int)
        assert len(set(index)) == len(index)
        assert np.array_equal(x, images[index].astype(np.float64))
        assert np.array_equal(labels, truth[index])


@pytest.mark.parametrize("protocol", [2, 3, 4, 5])
def test_mnist_reads_the_book_format(tmp_path: Path, protocol: int) -> None:
    parts = mnist_parts()
    path = write_mnist(tmp_path / "mnist.pkl.gz", tuple(parts), protocol)
    check_mnist(load("mnist", mnist_path=path), parts, 60, 30)


@pytest.mark.parametrize("protocol", [0, 2])
def test_mnist_reads_a_python2_pickle(tmp_path: Path, protocol: int) -> None:
    parts = mnist_parts((12, 5, 9))
    payload = py2_pickle(tuple(parts), protocol)
    if protocol == 2:  # (pickletools cannot show protocol 0's non-ASCII strings)
        ops = {op.name for op, _, _ in pickletools.genops(payload)}
        assert ops & {"SHORT_BINSTRING", "BINSTRING"}
    assert b"_codecs" not in payload
    assert b"numpy.core.multiarray" in payload and b"numpy._core" not in payload
    path = write_gz(tmp_path / "mnist.pkl.gz", payload)
    check_mnist(load("mnist", mnist_path=path, seed=2), parts, 12, 9)


def test_mnist_sample_is_seeded(tmp_path: Path) -> None:
    parts = mnist_parts()
    path = write_mnist(tmp_path / "mnist.pkl.gz", tuple(parts))
    small = load("mnist", mnist_path=path, n_train=10, n_test=5, seed=1)
    check_mnist(small, parts, 10, 5)
    assert same_arrays(small, load("mnist", mnist_path=path, n_train=10, n_test=5, seed=1))
    other = load("mnist", mnist_path=path, n_train=10, n_test=5, seed=2)
    assert not np.array_equal(small.x_train, other.x_train)
    assert not np.array_equal(small.x_test, other.x_test)
    with pytest.raises(DatasetError, match="n_train must be between 4 and 60, got 61"):
        load("mnist", mnist_path=path, n_train=61)
    with pytest.raises(DatasetError, match="n_test must be between 1 and 30, got 31"):
        load("mnist", mnist_path=path, n_test=31)
    with pytest.raises(DatasetError, match=r"^noise"):
        load("mnist", mnist_path=path, noise=0.1)


def test_mnist_is_cached_per_path_and_mtime(tmp_path: Path) -> None:
    target = tmp_path / "mnist.pkl.gz"
    path = write_mnist(target, tuple(mnist_parts(seed=0)))
    first = load("mnist", mnist_path=path)
    assert load("mnist", mnist_path=path) is first  # one shared, read-only Dataset
    misses = _mnist.read_stamped.cache_info().misses
    assert load("mnist", mnist_path=path, n_train=7).n_train == 7
    assert _mnist.read_stamped.cache_info().misses == misses  # the file was not read again
    before = target.stat().st_mtime_ns
    parts = mnist_parts(seed=1)
    write_mnist(target, tuple(parts))
    os.utime(target, ns=(before + 10**9, before + 10**9))
    check_mnist(load("mnist", mnist_path=path), parts, 60, 30)


class Custom:
    """A class the restricted unpickler must refuse."""


class RunsCommand:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Callable[[str], int], tuple[str]]:
        return (os.system, (f"touch {self.marker}",))


def test_mnist_refuses_code_in_the_pickle(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    for i, evil in enumerate([RunsCommand(marker), Custom(), (eval, ("1",)), os.getcwd]):
        path = write_mnist(tmp_path / f"evil{i}.pkl.gz", evil)
        with pytest.raises(DatasetError, match=r"^mnist_path: .*not allowed"):
            load("mnist", mnist_path=path)
    assert not marker.exists()


def test_the_unpickler_refuses_globals_that_arrays_do_not_need() -> None:
    unpickler = _mnist.RestrictedUnpickler(io.BytesIO(b""))
    assert unpickler.find_class("numpy", "ndarray") is np.ndarray
    for module, name in [
        ("os", "system"),
        ("builtins", "eval"),
        ("numpy", "load"),
        ("_codecs", "decode"),
    ]:
        with pytest.raises(_mnist.MnistFileError, match="not allowed"):
            unpickler.find_class(module, name)
    with pytest.raises(_mnist.MnistFileError):
        unpickler.find_class("_codecs", "encode")("x", "rot13")


def bad_contents() -> list[tuple[object, str]]:
    images, labels = mnist_parts((8, 8, 8))[0]
    good = (images, labels)
    return [
        ({"train": good}, "must hold"),
        ((good, good), "must hold"),
        ((good, good, [images]), "test part is not a pair"),
        (((images[:, :783], labels), good, good), "training images must be an array \\(n, 784\\)"),
        (((images.tolist(), labels), good, good), "training images must be an array"),
        (((images, labels[:5]), good, good), "training labels must be an array \\(8,\\)"),
        (((images.astype(np.int64), labels), good, good), "must be floats"),
        (((images, labels.astype(np.float32)), good, good), "must be integers"),
        (((images * 2, labels), good, good), "pixels must lie in \\[0, 1\\]"),
        (((np.full_like(images, np.nan), labels), good, good), "pixels must lie in"),
        ((good, good, (images, labels + 10)), "test labels must lie in 0..9"),
        (((images[:2], labels[:2]), good, good), "holds only 2 \\+ 8"),
    ]


@pytest.mark.parametrize(("contents", "message"), bad_contents())
def test_mnist_refuses_malformed_contents(tmp_path: Path, contents: object, message: str) -> None:
    path = write_mnist(tmp_path / "bad.pkl.gz", contents)
    with pytest.raises(DatasetError, match=rf"^mnist_path: .*{message}"):
        load("mnist", mnist_path=path)


def test_mnist_refuses_unreadable_files(tmp_path: Path) -> None:
    good = gzip.compress(pickle.dumps(tuple(mnist_parts()), protocol=2))
    files = {
        "garbage": b"this is not gzip at all",
        "empty": b"",
        "truncated": good[: len(good) // 2],
        "gzipped-garbage": gzip.compress(b"\x80\x02not a pickle"),
        "not-a-pickle": gzip.compress(b"hello"),
    }
    for name, payload in files.items():
        (tmp_path / name).write_bytes(payload)
        with pytest.raises(DatasetError, match=r"^mnist_path: .*not a readable gzipped pickle"):
            load("mnist", mnist_path=str(tmp_path / name))
    with pytest.raises(DatasetError, match=r"^mnist_path: cannot open"):
        load("mnist", mnist_path=str(tmp_path / "missing.pkl.gz"))
    with pytest.raises(DatasetError, match=r"^mnist_path: .*is not a file"):
        load("mnist", mnist_path=str(tmp_path))


def test_mnist_path_is_ignored_by_the_other_sets() -> None:
    check_dataset(load("xor", mnist_path="/nonexistent/mnist.pkl.gz"), 200, 100)


# ---------------------------------------------------------------- catalogue


def test_catalogue_lists_every_set_without_mnist() -> None:
    infos = catalogue()
    assert list(infos) == [*POINT_SETS, "digits"]
    assert set(POINT_SETS) == {"xor", "circles", "moons", "spiral", "gaussian"}
    assert infos == catalogue(None) == catalogue("/nonexistent/mnist.pkl.gz")
    for name, info in infos.items():
        assert isinstance(info, DatasetInfo) and info.name == name and info.description
        assert info.default_sizes[0] == info.n_inputs and info.default_sizes[-1] == info.n_classes
        assert 4 <= info.default_n_train <= info.max_n_train
        assert 1 <= info.default_n_test <= info.max_n_test
        assert info.has_noise == (info.kind == "points") == (name in POINT_SETS)


@pytest.mark.parametrize("name", [*POINT_SETS, "digits"])
def test_catalogue_agrees_with_load(name: str) -> None:
    info = catalogue()[name]
    ds = load(name)
    assert (ds.n_train, ds.n_test) == (info.default_n_train, info.default_n_test)
    assert (ds.n_inputs, ds.n_classes, ds.kind, ds.description) == (
        info.n_inputs,
        info.n_classes,
        info.kind,
        info.description,
    )
    assert load(name, n_train=info.max_n_train, n_test=1).n_train == info.max_n_train
    assert load(name, n_train=4, n_test=info.max_n_test).n_test == info.max_n_test


def test_catalogue_lists_mnist_only_with_an_existing_file(tmp_path: Path) -> None:
    path = write_mnist(tmp_path / "mnist.pkl.gz", tuple(mnist_parts()))
    info = catalogue(path)["mnist"]
    assert (info.n_inputs, info.n_classes, info.kind, info.default_sizes) == (
        784,
        10,
        "image",
        (784, 30, 10),
    )
    # the counts are the file's own (60 training and 30 test images), not the book's
    assert (info.default_n_train, info.default_n_test, info.has_noise) == (60, 30, False)
    assert (info.max_n_train, info.max_n_test) == (60, 30)
    broken = tmp_path / "broken.pkl.gz"
    broken.write_bytes(b"not a pickle")
    assert catalogue(str(broken))["mnist"].default_n_train == 50_000  # loading says what's wrong
    assert "mnist" not in catalogue(str(tmp_path))
    assert "mnist" not in catalogue(str(tmp_path / "missing.pkl.gz"))
