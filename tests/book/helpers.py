"""Helpers the book's tests share with the browser's: a local file server for the downloads."""

from __future__ import annotations

import http.server
import threading


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
