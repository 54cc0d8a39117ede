"""Make ``app/core/data/digits.npz`` from scikit-learn's copy of the UCI digits.

Run once, by hand, with scikit-learn installed (it ships the 1,797 images
inside its wheel, so nothing is downloaded)::

    python -m venv /tmp/skvenv && /tmp/skvenv/bin/pip install scikit-learn
    /tmp/skvenv/bin/python scripts/make_digits.py

scikit-learn is only needed here: Nabla itself reads the npz with numpy.

The npz holds two arrays:

* ``images``: uint8, shape (1797, 8, 8), pixel counts 0..16;
* ``labels``: uint8, shape (1797,), the digit 0..9 of each image.

Data: E. Alpaydin, C. Kaynak, "Optical Recognition of Handwritten Digits",
UCI Machine Learning Repository, https://doi.org/10.24432/C50P49 (CC BY 4.0).
"""

from __future__ import annotations

import argparse
import hashlib
from pathlib import Path

import numpy as np
import numpy.typing as npt

DEFAULT_OUT = Path(__file__).resolve().parent.parent / "app" / "core" / "data" / "digits.npz"

LICENSE_TEXT = """\
digits.npz: the UCI ML hand-written digits (8x8 images, 1,797 samples, 10 classes)

Source: E. Alpaydin, C. Kaynak, "Optical Recognition of Handwritten Digits",
UCI Machine Learning Repository, 1998. https://doi.org/10.24432/C50P49

License: Creative Commons Attribution 4.0 International (CC BY 4.0),
https://creativecommons.org/licenses/by/4.0/

These are the 1,797 images of the data set's test part ("optdigits.tes"),
as distributed with scikit-learn (sklearn.datasets.load_digits). Nabla
stores them unchanged as uint8 pixel counts 0..16 (arrays "images", shape
(1797, 8, 8), and "labels", shape (1797,)); scripts/make_digits.py makes
the file. Nabla scales the pixels to [0, 1] when it loads them.
"""


def fetch_digits() -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.uint8]]:
    """Return (images uint8 (1797, 8, 8) in 0..16, labels uint8 (1797,))."""
    from sklearn.datasets import load_digits  # type: ignore[import-not-found,import-untyped,unused-ignore]

    bunch = load_digits()
    raw_images = np.asarray(bunch.images)
    raw_labels = np.asarray(bunch.target)
    if raw_images.shape != (1797, 8, 8) or raw_labels.shape != (1797,):
        raise SystemExit(f"unexpected shapes {raw_images.shape}, {raw_labels.shape}")
    if raw_images.min() < 0 or raw_images.max() > 16 or np.any(raw_images % 1):
        raise SystemExit("pixels are not whole numbers in 0..16")
    return raw_images.astype(np.uint8), raw_labels.astype(np.uint8)


def main() -> None:
    """Write the npz and its attribution file, print their sizes and checksums."""
    parser = argparse.ArgumentParser(description="Make app/core/data/digits.npz.")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="npz to write")
    out: Path = parser.parse_args().out
    images, labels = fetch_digits()
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out, images=images, labels=labels)
    (out.parent / "DIGITS_LICENSE.txt").write_text(LICENSE_TEXT, encoding="utf-8")
    print(f"wrote {out} ({out.stat().st_size} bytes)")
    print("sha256(images):", hashlib.sha256(images.tobytes()).hexdigest())
    print("sha256(labels):", hashlib.sha256(labels.tobytes()).hexdigest())
    print("class counts:", np.bincount(labels, minlength=10).tolist())


if __name__ == "__main__":
    main()
