"""How `make run` serves pages: uvicorn with laksa.asgi (pages through Django's WSGI handler in
a2wsgi's threads, the stream on ASGI) against gunicorn on laksa.wsgi (sync workers with threads),
and against Django's own ASGI path for pages. Same two workers, same page, 32 keep-alive clients.

    .venv/bin/python -m bench.serve [--seconds 10] [--clients 32]
"""

from __future__ import annotations

import argparse
import asyncio
import io
import os
import socket
import statistics
import subprocess
import sys
import time

from bench.common import ROOT, bench_database

SERVERS = {
    "uvicorn laksa.asgi (make run: pages via a2wsgi)": [
        "-m", "uvicorn", "laksa.asgi:application", "--workers", "2", "--no-access-log",
        "--log-level", "warning",
    ],
    "gunicorn laksa.wsgi (2 workers x 4 threads)": [
        "-m", "gunicorn", "laksa.wsgi:application", "--workers", "2", "--threads", "4",
        "--log-level", "warning",
    ],
    "uvicorn django ASGI for pages too": [
        "-m", "uvicorn", "django.core.asgi:get_asgi_application", "--factory", "--workers", "2",
        "--no-access-log", "--log-level", "warning",
    ],
}  # fmt: skip


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def client(port: int, path: str, until: float, samples: list[float]) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode()
    while time.perf_counter() < until:
        t0 = time.perf_counter()
        writer.write(request)
        head = await reader.readuntil(b"\r\n\r\n")
        length = 0
        for line in head.split(b"\r\n"):
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        if b" 200 " not in head.split(b"\r\n", 1)[0] or not length:
            raise RuntimeError(head[:200])
        await reader.readexactly(length)
        samples.append(time.perf_counter() - t0)
    writer.close()


async def load(port: int, path: str, seconds: float, clients: int) -> list[float]:
    samples: list[float] = []
    until = time.perf_counter() + seconds
    await asyncio.gather(*(client(port, path, until, samples) for _ in range(clients)))
    return samples


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--clients", type=int, default=32)
    args = parser.parse_args()
    with bench_database("sqlite"):
        from django.core.management import call_command

        from laksa.reports.models import Report

        call_command("load_demo", "--reports", "20", stdout=io.StringIO())
        path = f"/r/{Report.objects.filter(public=True).first().code}/"
        print(f"page: the tracking page {path} ({args.clients} clients, {args.seconds:.0f} s)")
        for name, command in SERVERS.items():
            port = free_port()
            bind = (
                ["--bind", f"127.0.0.1:{port}"] if "gunicorn" in command else ["--port", str(port)]
            )
            server = subprocess.Popen(
                [sys.executable, *command, *bind], cwd=ROOT, env={**os.environ}
            )
            try:
                time.sleep(4)
                asyncio.run(load(port, path, 2, 4))  # warm up
                samples = asyncio.run(load(port, path, args.seconds, args.clients))
                ordered = sorted(samples)
                p99 = ordered[int(len(ordered) * 0.99)] * 1000
                print(
                    f"  {name:50s} {len(samples) / args.seconds:6.0f} pages/s, median "
                    f"{statistics.median(samples) * 1000:.0f} ms, p99 {p99:.0f} ms"
                )
            finally:
                server.terminate()
                server.wait(10)


if __name__ == "__main__":
    main()
