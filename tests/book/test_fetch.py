"""Downloading the book's mnist.pkl.gz: checked, whole or not at all, once however many ask."""

from __future__ import annotations

import errno
import hashlib
import io
import shutil
import socket
from collections import namedtuple
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app import datacli
from app.sessions.fetch import FetchError, MnistFetch
from app.settings import Settings
from app.web.app import create_app

from .helpers import FileServer


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_a_download_is_checked_and_put_in_place(tmp_path: Path, file_server: FileServer) -> None:
    body = file_server.body
    fetch = MnistFetch(
        tmp_path / "data" / "mnist.pkl.gz",
        f"{file_server.url}/mnist.pkl.gz",
        size=len(body),
        sha256=hashlib.sha256(body).hexdigest(),
    )
    seen: list[tuple[int, int | None]] = []
    path = fetch.fetch(lambda done, total: seen.append((done, total)))
    assert path.read_bytes() == body
    assert seen[-1] == (len(body), len(body))
    assert leftovers(tmp_path / "data") == ["mnist.pkl.gz"]
    assert fetch.progress().state == "ready"


def failing(tmp_path: Path, url: str, **kw: Any) -> str:
    fetch = MnistFetch(tmp_path / "data" / "mnist.pkl.gz", url, **kw)
    with pytest.raises(FetchError) as caught:
        fetch.fetch()
    assert leftovers(tmp_path / "data") == []  # no half file
    return str(caught.value)


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def test_offline_says_so_and_names_the_settings(tmp_path: Path) -> None:
    message = failing(tmp_path, f"http://127.0.0.1:{closed_port()}/mnist.pkl.gz")
    assert "cannot reach 127.0.0.1" in message and "offline" in message
    assert "NABLA_MNIST_URL" in message and "NABLA_MNIST" in message


def test_a_wrong_checksum_keeps_nothing(tmp_path: Path, file_server: FileServer) -> None:
    message = failing(tmp_path, f"{file_server.url}/mnist.pkl.gz", sha256="0" * 64)
    assert "SHA-256" in message and "0" * 64 in message


def test_a_wrong_size_is_refused_before_the_download(
    tmp_path: Path, file_server: FileServer
) -> None:
    message = failing(tmp_path, f"{file_server.url}/mnist.pkl.gz", size=17_051_982)
    assert "not the 17,051,982 of the book's file" in message
    assert file_server.gets == 1


def test_a_partial_download_keeps_nothing(tmp_path: Path, file_server: FileServer) -> None:
    message = failing(tmp_path, f"{file_server.url}/short.pkl.gz")
    assert "ended after" in message or "broke off" in message
    assert "nothing was kept" in message


def test_an_http_error_is_named(tmp_path: Path, file_server: FileServer) -> None:
    assert "answered 404" in failing(tmp_path, f"{file_server.url}/missing")


def test_a_file_in_another_format_is_refused(tmp_path: Path) -> None:
    server = FileServer(b"not a gzip file at all")
    try:
        message = failing(tmp_path, f"{server.url}/mnist.pkl.gz")
    finally:
        server.close()
    assert "not the book's mnist.pkl.gz" in message


def test_a_full_disk_is_named_before_the_download(
    tmp_path: Path, file_server: FileServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda path: usage(10**9, 10**9 - 1000, 1000))
    message = failing(tmp_path, f"{file_server.url}/mnist.pkl.gz")
    assert "0.0 MB free" in message and "NABLA_DATA_DIR" in message


def test_a_disk_that_fills_up_meanwhile_keeps_nothing(
    tmp_path: Path, file_server: FileServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_open = open

    class Full(io.BufferedWriter):
        def write(self, data: Any) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

    def open_full(path: Any, mode: str = "r", *args: Any, **kw: Any) -> Any:
        if "w" in mode and ".part-" in str(path):
            return Full(real_open(path, mode, *args, **kw))
        return real_open(path, mode, *args, **kw)

    monkeypatch.setattr("builtins.open", open_full)
    message = failing(tmp_path, f"{file_server.url}/mnist.pkl.gz")
    assert "is full" in message and "nothing was kept" in message


def settings_for(tmp_path: Path, url: str, size: int | None) -> Settings:
    return Settings(data_dir=tmp_path / "data", mnist_url=url, mnist_bytes=size, db=":memory:")


def test_two_pages_asking_at_once_start_one_download(
    tmp_path: Path, file_server: FileServer
) -> None:
    settings = settings_for(tmp_path, f"{file_server.url}/mnist.pkl.gz", len(file_server.body))
    file_server.hold.clear()  # the server waits: both requests arrive during one download
    with TestClient(create_app(settings)) as client:
        assert client.get("/api/data/mnist").json()["state"] == "absent"
        names = [d["name"] for d in client.get("/api/datasets").json()]
        assert "mnist" not in names
        first = client.post("/api/data/mnist")
        second = client.post("/api/data/mnist")
        assert first.status_code == second.status_code == 202
        assert first.json()["state"] == second.json()["state"] == "downloading"
        file_server.hold.set()
        client.app.state.mnist_fetch.wait(30)  # type: ignore[attr-defined]
        status = client.get("/api/data/mnist").json()
        assert status["state"] == "ready" and status["done"] == len(file_server.body)
        assert file_server.gets == 1
        names = [d["name"] for d in client.get("/api/datasets").json()]
        assert "mnist" in names
        made = client.post("/api/sessions", json={"dataset": "mnist", "rng": "book"})
        assert made.status_code == 201, made.text


def test_a_failed_download_says_why_on_the_page(tmp_path: Path) -> None:
    settings = settings_for(tmp_path, f"http://127.0.0.1:{closed_port()}/x", None)
    with TestClient(create_app(settings)) as client:
        client.post("/api/data/mnist")
        client.app.state.mnist_fetch.wait(30)  # type: ignore[attr-defined]
        status = client.get("/api/data/mnist").json()
    assert status["state"] == "failed" and "cannot reach" in status["message"]


def test_nabla_mnist_keeps_working(tmp_path: Path, book_file: Path) -> None:
    settings = Settings(mnist_path=book_file, data_dir=tmp_path / "none", db=":memory:")
    with TestClient(create_app(settings)) as client:
        status = client.get("/api/data/mnist").json()
        assert status["state"] == "ready" and status["source"] == "server"
        assert "mnist" in [d["name"] for d in client.get("/api/datasets").json()]
        assert client.post("/api/data/mnist").status_code == 202
    assert not (tmp_path / "none").exists()


def test_the_command_line_downloads_with_a_progress_bar(
    tmp_path: Path, file_server: FileServer, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = settings_for(tmp_path, f"{file_server.url}/mnist.pkl.gz", len(file_server.body))
    assert datacli.main(["mnist"], settings) == 0
    err = capsys.readouterr().err
    assert "[" + "#" * datacli.BAR + "]" in err and "mnist is ready" in err
    assert (tmp_path / "data" / "mnist.pkl.gz").read_bytes() == file_server.body
    assert datacli.main(["mnist"], settings) == 0  # already here: nothing to do
    assert "already here" in capsys.readouterr().out


def test_the_command_line_says_why_it_failed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = settings_for(tmp_path, f"http://127.0.0.1:{closed_port()}/x", None)
    assert datacli.main(["mnist"], settings) == 1
    assert "error: cannot reach" in capsys.readouterr().err


def test_python_m_app_data_mnist_runs_the_download(capsys: pytest.CaptureFixture[str]) -> None:
    from app.__main__ import main

    with pytest.raises(SystemExit) as caught:
        main(["data", "mnist"])  # the tests' NABLA_MNIST_URL is a closed local port
    assert caught.value.code == 1
    assert "error: cannot reach 127.0.0.1" in capsys.readouterr().err
