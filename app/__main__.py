"""Command line: ``python -m app`` (or ``nabla``) serves the app with uvicorn."""

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import uvicorn

from app.settings import WS_MAX_SIZE, get_settings
from app.web.resources import web_dir

SERVER_OPTIONS: dict[str, Any] = {
    # The standard asyncio loop, not uvloop: under bench/stream.py, uvloop 0.23 aborted the
    # server with heap corruption in 3 of 55 fresh starts (0 of 40 with asyncio).
    "loop": "asyncio",
    # No permessage-deflate: compressing a 1 MB gradient frame took ~65 ms on the event loop,
    # capping [784, 30, 10] at ~15 frames/s and stalling every other socket meanwhile.
    "ws_per_message_deflate": False,
    # The transport's own ceiling on a client's WebSocket message (close 1009 over it); the app
    # refuses smaller ones first, over NABLA_MAX_MESSAGE_BYTES, with a reason.
    "ws_max_size": WS_MAX_SIZE,
}
LOG_LEVELS = ("critical", "error", "warning", "info", "debug", "trace")


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Parse the command line; host and port default to the settings (127.0.0.1:8000)."""
    settings = get_settings()
    parser = argparse.ArgumentParser(
        prog="nabla",
        description="Serve Nabla, a visualiser of mini-batch SGD. "
        "`nabla data mnist` downloads the book's MNIST file.",
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
    """Run uvicorn on the app factory ``app.web.app:create_app``; ``data ...`` downloads data."""
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["data"]:
        from app import datacli

        raise SystemExit(datacli.main(argv[1:]))
    args = parse_args(argv)
    package_dir = Path(__file__).resolve().parent
    watched = [package_dir, web_dir("templates"), web_dir("static")]
    uvicorn.run(
        "app.web.app:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        reload=args.reload,
        reload_dirs=[str(folder) for folder in watched] if args.reload else None,
        log_level=args.log_level,
        **SERVER_OPTIONS,
    )


if __name__ == "__main__":
    main()
