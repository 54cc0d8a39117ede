"""Benchmark: does /api/health keep answering while hostile requests are answered?

Starts the server on loopback; one thread asks ``GET /api/health`` every 20 ms
while the main thread sends, one after the other, the requests of issue #17 that
once froze or bloated the server: a 30 MiB invalid JSON body, a 60 KiB one full of
errors, a full-detail step of 100,000 examples, ``predict?resolution=200`` on
[2, 100000, 2], a 20,000-example full-detail step, and a 300-request flood of new
sessions. Prints each answer's status and time, health's latency percentiles and
the server's peak memory, with ``os.getloadavg()`` (the machine is shared).

Run: ``python bench/hostile.py``.
"""

from __future__ import annotations

import http.client
import json
import os
import statistics
import threading
import time
from pathlib import Path

from _server import request, server  # bench/_server.py, next to this script


def send(address: str, method: str, path: str, body: bytes) -> tuple[int, int, float]:
    """Status, answer bytes and seconds of one raw request."""
    host, port = address.split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=300)
    start = time.perf_counter()
    conn.request(method, path, body, {"content-type": "application/json"})
    response = conn.getresponse()
    size = len(response.read())
    conn.close()
    return response.status, size, time.perf_counter() - start


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    print(f"load average before: {os.getloadavg()}")
    with server({"NABLA_DB": ":memory:"}) as (proc, address):
        latencies: list[float] = []
        done = threading.Event()

        def poll() -> None:
            while not done.is_set():
                start = time.perf_counter()
                request(address, "GET", "/api/health")
                latencies.append(time.perf_counter() - start)
                time.sleep(0.02)

        poller = threading.Thread(target=poll)
        poller.start()
        small = request(address, "POST", "/api/sessions", {"sizes": [2, 4, 2]})["id"]
        wide = request(address, "POST", "/api/sessions", {"sizes": [2, 100000, 2]})["id"]
        cases = [
            (
                "30 MiB invalid JSON",
                "POST",
                "/api/sessions",
                b'{"sizes": [' + b"0," * (15 * 1024 * 1024) + b"0]}",
            ),
            (
                "60 KiB of errors",
                "POST",
                "/api/sessions",
                b'{"sizes": [' + b'"x",' * 15000 + b'"x"]}',
            ),
            (
                "full step of 100,000",
                "POST",
                f"/api/sessions/{small}/step",
                json.dumps({"unit": "example", "count": 100000, "detail": "full"}).encode(),
            ),
            (
                "predict 200 on [2,100000,2]",
                "GET",
                f"/api/sessions/{wide}/predict?resolution=200",
                b"",
            ),
            (
                "full step of 20,000",
                "POST",
                f"/api/sessions/{small}/step",
                json.dumps({"unit": "example", "count": 20000, "detail": "full"}).encode(),
            ),
        ]
        for name, method, path, body in cases:
            status, size, seconds = send(address, method, path, body)
            print(f"{name:32s} {status} {size:>12,} bytes {seconds:7.2f} s")
        flood = [send(address, "POST", "/api/sessions", b"{}")[0] for _ in range(300)]
        print(f"{'300 new sessions':32s} {dict((s, flood.count(s)) for s in set(flood))}")
        done.set()
        poller.join()
        peak = rss_mib(proc.pid)
    q = statistics.quantiles(latencies, n=100)
    print(
        f"health: {len(latencies)} answers, p50 {q[49] * 1000:.1f} ms, p99 {q[98] * 1000:.1f} ms, "
        f"max {max(latencies) * 1000:.1f} ms; server peak RSS {peak:.0f} MiB"
    )
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
