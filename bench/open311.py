"""Open311 under load.

GET: `requests.json` answering 1,000 requests out of a table of 1,000,000 (the spec's 1,000 cap),
through Django's test client in one process. POST: `requests.json` from 50 concurrent clients for
60 s against the real server (`uvicorn laksa.asgi`, two workers, as `make run`), then a count: every
2xx answer must be a row.

    .venv/bin/python -m bench.open311 get [--engine sqlite|postgres] [--reports 1000000]
    .venv/bin/python -m bench.open311 post [--engine sqlite|postgres] [--clients 50] [--seconds 60]
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
from urllib.parse import urlencode

from bench.common import ROOT, bench_database, read_answer, summary


def get_bench(engine: str, count: int, repeat: int) -> None:
    with bench_database(engine):
        from django.test import Client

        from bench.nearby import populate

        populate(count)
        client = Client()
        for fmt in ("json", "xml"):
            client.get(f"/open311/v2/requests.{fmt}")  # warm: the first read fills the caches
            samples = []
            for _ in range(repeat):
                t0 = time.perf_counter()
                response = client.get(f"/open311/v2/requests.{fmt}")
                samples.append((time.perf_counter() - t0) * 1000)
                assert response.status_code == 200
            size = len(response.content)
            shown = response.content.count(b"<request>") if fmt == "xml" else len(response.json())
            print(
                f"  GET requests.{fmt}: {shown} requests, {size / 1024:.0f} KiB; {summary(samples)}"
            )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def poster(
    port: int, body: bytes, until: float, codes: list[int], times: list[float]
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    head = (
        "POST /open311/v2/requests.json HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode()
    while time.perf_counter() < until:
        t0 = time.perf_counter()
        writer.write(head + body)
        status = await read_answer(reader)
        times.append(time.perf_counter() - t0)
        codes.append(status)
    writer.close()


def post_bench(engine: str, clients: int, seconds: float) -> None:
    with bench_database(engine):
        from django.core.management import call_command

        from laksa.org.models import Application, Jurisdiction
        from laksa.reports.models import Report

        call_command("load_demo", "--reports", "0", stdout=io.StringIO())
        _app, key = Application.create_with_key(Jurisdiction.objects.get(), "bench")
        Application.objects.update(requests_per_minute=1_000_000)
        body = urlencode(
            {"api_key": key, "service_code": "PJU-MTI", "lat": "-6.1783", "long": "106.6319",
             "description": "Lampu jalan mati di depan masjid."}
        ).encode()  # fmt: skip
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "laksa.asgi:application", "--port", str(port),
             "--workers", "2", "--no-access-log", "--log-level", "warning"],
            cwd=ROOT, env={**os.environ},
        )  # fmt: skip
        try:
            time.sleep(4)
            codes: list[int] = []
            times: list[float] = []
            until = time.perf_counter() + seconds

            async def run() -> None:
                await asyncio.gather(
                    *(poster(port, body, until, codes, times) for _ in range(clients))
                )

            asyncio.run(run())
        finally:
            server.terminate()
            server.wait(10)
        ok = sum(1 for c in codes if 200 <= c < 300)
        rows = Report.objects.count()
        ordered = sorted(times)
        print(
            f"  POST requests.json, {clients} clients, {seconds:.0f} s on {engine}: "
            f"{len(codes) / seconds:.1f} requests/s; median {statistics.median(times) * 1000:.0f} ms, "
            f"p99 {ordered[int(len(ordered) * 0.99)] * 1000:.0f} ms; {ok} answered 2xx, "
            f"{len(codes) - ok} other; {rows} rows ({'none lost' if rows == ok else 'MISMATCH'})"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=["get", "post", "all"], default="all", nargs="?")
    parser.add_argument("--engine", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--reports", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()
    engines = ["sqlite", "postgres"] if args.engine == "both" else [args.engine]
    whats = ["get", "post"] if args.what == "all" else [args.what]
    if len(engines) * len(whats) > 1:  # one process each: Django is set up once per process
        for what in whats:
            for engine in engines:
                subprocess.run(
                    [sys.executable, "-m", "bench.open311", what, "--engine", engine,
                     "--reports", str(args.reports), "--repeat", str(args.repeat),
                     "--clients", str(args.clients), "--seconds", str(args.seconds)],
                    check=True,
                )  # fmt: skip
        return
    print(f"{whats[0]} on {engines[0]}:")
    if whats[0] == "get":
        get_bench(engines[0], args.reports, args.repeat)
    else:
        post_bench(engines[0], args.clients, args.seconds)


if __name__ == "__main__":
    main()
