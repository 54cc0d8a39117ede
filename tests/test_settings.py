from pathlib import Path

import pytest

from app.settings import Settings, get_settings


def test_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("NABLA_HOST", "NABLA_PORT", "NABLA_MNIST", "NABLA_ALLOWED_ORIGINS"):
        monkeypatch.delenv(name, raising=False)
    settings = Settings()
    assert (settings.host, settings.port) == ("127.0.0.1", 8000)
    assert settings.mnist_path is None
    assert settings.max_sessions == 200
    assert settings.allowed_origins == []


def test_environment_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NABLA_PORT", "9001")
    monkeypatch.setenv("NABLA_MNIST", "/data/mnist.pkl.gz")
    monkeypatch.setenv("NABLA_MAX_LAYERS", "4")
    monkeypatch.setenv("NABLA_ALLOWED_ORIGINS", "https://a.example, https://b.example")
    settings = Settings()
    assert settings.port == 9001
    assert settings.mnist_path == Path("/data/mnist.pkl.gz")
    assert settings.max_layers == 4
    assert settings.allowed_origins == ["https://a.example", "https://b.example"]


def test_fields_can_be_given_by_name() -> None:
    settings = Settings(mnist_path=Path("/x.npz"), allowed_origins=["https://a.example"])
    assert settings.mnist_path == Path("/x.npz")
    assert settings.allowed_origins == ["https://a.example"]


def test_get_settings_is_cached() -> None:
    assert get_settings() is get_settings()
