"""Helpers the book's tests share with the browser's: a local file server for the downloads."""

from __future__ import annotations

import gzip
import http.server
import importlib.util
import pickle
import sys
import threading
from pathlib import Path
from types import ModuleType

import numpy as np

BENCH = Path(__file__).parents[2] / "bench"


def load_bench(name: str) -> ModuleType:
    """``bench/<name>.py`` as a module (bench/ is not a package)."""
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


Columns = list[tuple[np.ndarray, np.ndarray]]


def book_data(path: Path) -> tuple[Columns, list[tuple[np.ndarray, int]]]:
    """mnist_loader.load_data_wrapper: training (x column, one-hot column), test (x, label)."""
    with gzip.open(path, "rb") as stream:
        training, _, test = pickle.load(stream, encoding="latin1")
    eye = np.eye(10)
    train = [
        (x.reshape(784, 1).astype(np.float64), eye[y].reshape(10, 1))
        for x, y in zip(*training, strict=True)
    ]
    tests = [(x.reshape(784, 1).astype(np.float64), int(y)) for x, y in zip(*test, strict=True)]
    return train, tests


class FileServer:
    """A local HTTP server for the downloads: ``/mnist.pkl.gz`` and a few broken variants.

    ``/short.pkl.gz`` promises the whole file and sends half; ``/missing`` is a 404;
    ``hold`` (an Event) keeps every answer waiting until it is set. ``gets`` counts
    the GETs of the file.
    """

    def __init__(self, body: bytes) -> None:
        self.body, self.gets, self.hold = body, 0, threading.Event()
        self.hold.set()
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                server.hold.wait(10)
                if self.path not in ("/mnist.pkl.gz", "/short.pkl.gz"):
                    self.send_error(404)
                    return
                server.gets += 1
                self.send_response(200)
                self.send_header("Content-Length", str(len(server.body)))
                self.end_headers()
                body = (
                    server.body
                    if self.path == "/mnist.pkl.gz"
                    else server.body[: len(server.body) // 2]
                )
                self.wfile.write(body)
                self.close_connection = True

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def close(self) -> None:
        self.hold.set()
        self.httpd.shutdown()
        self.httpd.server_close()
