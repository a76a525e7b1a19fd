"""Inbound SMS through the generic gateway webhook (issue 12: 500 messages/s accepted on 2 cores).

Acceptance: keep-alive clients POST signed webhooks (`X-Laksa-Signature`), each a new message
(`LAPOR ... #<kelurahan>`), to the real server on 127.0.0.1 as `make run` starts it (uvicorn
laksa.asgi, two workers), and for comparison under gunicorn laksa.wsgi (two workers x 4 threads).
The door stores each message in the intake inbox (one INSERT) and queues the huey task after commit
(huey's SQLite file by default, Redis with LAKSA_REDIS_URL: give the bench a Redis database of its
own, e.g. redis://127.0.0.1:6379/14; the bench flushes its queue there afterwards). No huey
consumer runs meanwhile, so the figure is the door's alone. In the same run and server, the floor:
the same webhook with a forged signature (403: the account looked up and the HMAC checked, nothing
written). Afterwards a count: every message answered 200 must be an inbox row.

Drain: then --drain fresh messages accepted in-process are made into reports by --workers
`laksa intake-drain --once` processes (start-up included), the rate beside the acceptance rate.

    .venv/bin/python -m bench.sms_inbound [--engine sqlite|postgres|both] [--clients 32]
        [--seconds 10] [--drain 1000] [--workers 2]
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from itertools import count

from bench.common import ROOT, bench_database
from bench.serve import free_port

SERVERS = {
    "uvicorn laksa.asgi, 2 workers (make run)": [
        "-m", "uvicorn", "laksa.asgi:application", "--workers", "2", "--no-access-log",
        "--log-level", "warning",
    ],
    "gunicorn laksa.wsgi, 2 workers x 4 threads": [
        "-m", "gunicorn", "laksa.wsgi:application", "--workers", "2", "--threads", "4",
        "--log-level", "warning",
    ],
}  # fmt: skip
PATH = "/kanal/sms/gateway/bench/"
SECRET = "bench-secret-0123456789"


async def poster(
    port: int,
    bodies: Iterator[bytes],
    forged: bool,
    until: float,
    codes: list[int],
    times: list[float],
) -> None:
    from laksa.intake.sms.inbound import SIGNATURE_HEADER, sign

    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    while time.perf_counter() < until:
        body = next(bodies)
        signature = sign("forged" if forged else SECRET, body)
        head = (
            f"POST {PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            f"{SIGNATURE_HEADER}: {signature}\r\nContent-Length: {len(body)}\r\n\r\n"
        ).encode()
        t0 = time.perf_counter()
        writer.write(head + body)
        answer = await reader.readuntil(b"\r\n\r\n")
        length = next(
            int(line.split(b":")[1])
            for line in answer.split(b"\r\n")
            if line.lower().startswith(b"content-length:")
        )
        await reader.readexactly(length)
        times.append(time.perf_counter() - t0)
        codes.append(int(answer.split(b" ", 2)[1]))
    writer.close()


def load(
    port: int, bodies: Iterator[bytes], forged: bool, clients: int, seconds: float
) -> tuple[list[int], list[float]]:
    codes: list[int] = []
    times: list[float] = []
    until = time.perf_counter() + seconds

    async def run() -> None:
        await asyncio.gather(
            *(poster(port, bodies, forged, until, codes, times) for _ in range(clients))
        )

    asyncio.run(run())
    return codes, times


def line(what: str, codes: list[int], times: list[float], seconds: float) -> str:
    ordered = sorted(times)
    p99 = ordered[int(len(ordered) * 0.99)] * 1000
    return (
        f"    {what:34s} {len(codes) / seconds:7.1f}/s, median {statistics.median(times) * 1000:5.0f} ms, "
        f"p99 {p99:5.0f} ms"
    )


def bench(engine: str, clients: int, seconds: float, drain: int, workers: int) -> None:
    with bench_database(engine):
        from django.conf import settings
        from django.core.management import call_command

        from laksa.intake.models import ChannelAccount, InboxMessage, Kind
        from laksa.org.models import Area, AreaLevel, Jurisdiction

        call_command("load_demo", "--reports", "0", stdout=io.StringIO())
        city = Jurisdiction.objects.get()
        ChannelAccount.objects.create(
            jurisdiction=city, kind=Kind.SMS_GATEWAY, name="bench", secrets={"secret": SECRET}
        )
        places = list(
            Area.objects.filter(level=AreaLevel.KELURAHAN).values_list("name", flat=True)
        ) or ["Cipondoh"]
        numbers = count(1)

        def messages() -> Iterator[bytes]:
            for n in numbers:
                yield json.dumps(
                    {"id": f"bench-{n}", "from": f"+62812{n % 10_000_000:07d}",
                     "text": f"LAPOR lampu jalan mati di gang {n} #{places[n % len(places)]}"}
                ).encode()  # fmt: skip

        bodies = messages()
        queue = settings.HUEY["huey_class"].rsplit(".", 1)[-1]
        print(
            f"{engine}: {clients} keep-alive clients, {seconds:.0f} s a phase, huey queue {queue}"
        )
        for name, command in SERVERS.items():
            port = free_port()
            bind = (
                ["--bind", f"127.0.0.1:{port}"] if "gunicorn" in command else ["--port", str(port)]
            )
            with tempfile.TemporaryFile() as log:  # Django logs each 403: kept out of the figures
                server = subprocess.Popen(
                    [sys.executable, *command, *bind], cwd=ROOT, env={**os.environ}, stderr=log
                )
                try:
                    time.sleep(4)
                    load(port, bodies, False, 4, 2)  # warm up
                    before = InboxMessage.objects.count()
                    floor_codes, floor_times = load(port, bodies, True, clients, seconds)
                    codes, times = load(port, bodies, False, clients, seconds)
                    made = InboxMessage.objects.count() - before
                finally:
                    server.terminate()
                    server.wait(10)
                log.seek(0)
                output = log.read().decode(errors="replace").splitlines()
            errors = [x for x in output if "Forbidden" not in x]
            ok = sum(1 for c in codes if c == 200)
            ratio = len(codes) / max(len(floor_codes), 1)
            print(f"  {name}")
            print(line("forged signature (403, the floor)", floor_codes, floor_times, seconds))
            print(line("accepted messages", codes, times, seconds))
            print(
                f"    {ok} answered 200, {len(codes) - ok} other; {made} inbox rows "
                f"({'none lost' if made == ok else 'MISMATCH'}); {ratio:.2f} of the floor's rate; "
                f"forged answered 403: {sum(1 for c in floor_codes if c == 403)}/{len(floor_codes)}"
            )
            for error in errors[-5:]:
                print(f"    server: {error}")
        drain_rate(drain, workers, places)
        from huey.contrib.djhuey import HUEY

        HUEY.flush()  # the tasks the doors queued: no consumer will run them


def drain_rate(drain: int, workers: int, places: list[str]) -> None:
    """Fresh rows made into reports by `laksa intake-drain --once` processes."""
    from django.db import connection

    from laksa.intake import inbox
    from laksa.intake.models import ChannelAccount, InboxMessage
    from laksa.intake.sms.inbound import Sms
    from laksa.lib import clock
    from laksa.reports.models import Report

    left = InboxMessage.objects.filter(handled_at__isnull=True).update(
        handled_at=clock.now(), outcome="skipped"
    )  # the acceptance phases' rows: not part of this measure
    account = ChannelAccount.objects.get(name="bench")
    texts = [
        Sms(f"+62813{n:07d}", f"LAPOR got mampet di gang {n} #{places[n % len(places)]}", f"d-{n}")
        for n in range(drain)
    ]
    inbox.accept(account, texts)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    connection.close()
    before = Report.objects.count()
    command = [sys.executable, "-m", "laksa", "intake-drain", "--once", "-v", "0"]
    env = {**os.environ, "LAKSA_DB_CONN_MAX_AGE": "60"}
    t0 = time.perf_counter()
    procs = [subprocess.Popen(command, cwd=ROOT, env=env) for _ in range(workers)]
    for proc in procs:
        assert proc.wait(600) == 0
    elapsed = time.perf_counter() - t0
    made = Report.objects.count() - before
    pending = InboxMessage.objects.filter(handled_at__isnull=True).count()
    print(
        f"  drain: {drain} messages by {workers} `laksa intake-drain --once` process(es):"
        f" {elapsed:.1f} s = {drain / elapsed:.1f} reports/s (start-up included);"
        f" {made} reports, {pending} left pending ({left} accepted rows set aside first)"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--engine", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--drain", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    if args.engine == "both":  # one process each: Django is set up once per process
        for engine in ("sqlite", "postgres"):
            subprocess.run(
                [sys.executable, "-m", "bench.sms_inbound", "--engine", engine,
                 "--clients", str(args.clients), "--seconds", str(args.seconds),
                 "--drain", str(args.drain), "--workers", str(args.workers)],
                check=True,
            )  # fmt: skip
        return
    bench(args.engine, args.clients, args.seconds, args.drain, args.workers)


if __name__ == "__main__":
    main()
