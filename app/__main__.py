"""Command line: ``python -m app`` (or ``nabla``) serves the app with uvicorn."""

import argparse
from collections.abc import Sequence
from pathlib import Path

import uvicorn

from app.settings import get_settings

LOG_LEVELS = ("critical", "error", "warning", "info", "debug", "trace")


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Parse the command line; host and port default to the settings (127.0.0.1:8000)."""
    settings = get_settings()
    parser = argparse.ArgumentParser(
        prog="nabla", description="Serve Nabla, a visualiser of mini-batch SGD."
    )
    parser.add_argument("--host", default=settings.host, help="address to bind (%(default)s)")
    parser.add_argument("--port", type=int, default=settings.port, help="port (%(default)s)")
    parser.add_argument(
        "--reload", action="store_true", help="restart when the code changes (development)"
    )
    parser.add_argument(
        "--log-level", default="info", choices=LOG_LEVELS, help="uvicorn log level (%(default)s)"
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    """Run uvicorn on the app factory ``app.web.app:create_app``."""
    args = parse_args(argv)
    package_dir = Path(__file__).resolve().parent
    uvicorn.run(
        "app.web.app:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        reload=args.reload,
        reload_dirs=[str(package_dir), str(package_dir.parent / "templates")]
        if args.reload
        else None,
        log_level=args.log_level,
    )


if __name__ == "__main__":
    main()
