"""What one report creation costs, one request at a time through Django's test client: every
query with its time, and where the rest of the time goes (cProfile), for the Open311 POST (form
body with api_key) and the API's POST /api/v1/reports; then the intake drain's rate of making
messages into reports in this process (no start-up), on the same database: SMS, or WhatsApp
texts each of which makes a report (`--drain-channel whatsapp`).

    .venv/bin/python -m bench.write_path [--engine sqlite|postgres|both] [--requests 200]
        [--drain 500] [--drain-channel sms|whatsapp] [--queries] [--profile] [--photo]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import subprocess
import sys
import time
import uuid
from collections import Counter
from typing import Any

from bench.common import bench_database


def _points(n: int) -> list[tuple[float, float]]:
    import random

    rnd = random.Random(7)
    return [
        (-6.1783 + rnd.uniform(-0.01, 0.01), 106.6319 + rnd.uniform(-0.01, 0.01)) for _ in range(n)
    ]


class Timer:
    """A query wrapper keeping each query's time (CaptureQueriesContext rounds to the ms)."""

    def __init__(self) -> None:
        self.times: list[tuple[float, str]] = []

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        t0 = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.times.append((time.perf_counter() - t0, sql))


def post_kinds(key: str, category: Any, photo: bytes | None = None) -> dict[str, Any]:
    """Each POST kind as a function of n: (path, data, extra headers); with `photo`, each POST
    carries it (a JPEG)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    def photos(field: str) -> dict[str, Any]:
        if photo is None:
            return {}
        return {field: SimpleUploadedFile("foto.jpg", photo, "image/jpeg")}

    def open311(n: int, lat: float, lng: float) -> tuple[str, dict[str, Any], dict[str, str]]:
        return (
            "/open311/v2/requests.json",
            {
                "api_key": key,
                "service_code": category.code,
                "lat": f"{lat:.6f}",
                "long": f"{lng:.6f}",
                "description": f"Lampu jalan mati di depan rumah nomor {n}.",
                "email": f"warga{n}@example.org",
                "first_name": "Budi",
                **photos("media"),
            },
            {},
        )

    def api(n: int, lat: float, lng: float) -> tuple[str, dict[str, Any], dict[str, str]]:
        return (
            "/api/v1/reports",
            {
                "category": category.code,
                "description": f"Lampu jalan mati di depan rumah nomor {n}.",
                "lat": f"{lat:.6f}",
                "lng": f"{lng:.6f}",
                "contact_email": f"warga{n}@example.org",
                **photos("photos"),
            },
            {"HTTP_X_API_KEY": key, "HTTP_IDEMPOTENCY_KEY": str(uuid.uuid4())},
        )

    return {"Open311 POST requests.json": open311, "POST /api/v1/reports": api}


def measure(
    engine: str,
    requests: int,
    drain: int,
    show_queries: bool,
    profile: bool,
    photo: bool,
    drain_channel: str = "sms",
) -> None:
    os.environ.setdefault("LAKSA_RATE_REPORT", "1000000/60")
    with bench_database(engine):
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        from laksa.catalog.models import Category
        from laksa.org.models import Application, Jurisdiction
        from laksa.reports.models import Report

        call_command("load_demo", "--reports", "0", stdout=io.StringIO())
        city = Jurisdiction.objects.get()
        app, key = Application.create_with_key(city, "bench")
        app.requests_per_minute = 1_000_000
        app.save(update_fields=["requests_per_minute"])
        category = Category.objects.get(code="PJU-MTI")
        client = Client()
        timer = Timer()
        points = _points(requests + 20)
        jpeg = None
        if photo:
            from bench.create import photo as make_photo

            jpeg = make_photo(1)
        print(
            f"{engine}: {requests} requests of each kind, one at a time (Django test client)"
            + (", each with one 800x600 JPEG" if jpeg else "")
        )
        for name, kind in post_kinds(key, category, jpeg).items():
            for n in range(10):  # warm: caches, the city, the area index
                path, data, headers = kind(n, *points[n])
                assert client.post(path, data, **headers).status_code in (200, 201)
            samples: list[float] = []
            counts: list[int] = []
            cpu: list[float] = []
            query_ms: list[float] = []
            listed: list[dict[str, Any]] = []
            profiler = cProfile.Profile() if profile else None
            for n in range(10, 10 + requests):
                path, data, headers = kind(n, *points[n])
                with (
                    CaptureQueriesContext(connection) as queries,
                    connection.execute_wrapper(timer),
                ):
                    if profiler:
                        profiler.enable()
                    t0, c0 = time.perf_counter(), time.process_time()
                    response = client.post(path, data, **headers)
                    samples.append((time.perf_counter() - t0) * 1000)
                    cpu.append((time.process_time() - c0) * 1000)
                    if profiler:
                        profiler.disable()
                assert response.status_code in (200, 201), response.content[:300]
                counts.append(len(queries))
                query_ms.append(sum(t for t, _sql in timer.times) * 1000)
                listed, timer.times = timer.times, []
            ordered = sorted(samples)
            print(
                f"  {name}: median {statistics.median(ordered):.2f} ms, "
                f"p90 {ordered[int(len(ordered) * 0.9)]:.2f} ms, "
                f"CPU median {statistics.median(cpu):.2f} ms; "
                f"{Counter(counts).most_common(1)[0][0]} queries "
                f"(median {statistics.median(query_ms):.2f} ms in the database driver, "
                "transaction statements aside)"
            )
            if show_queries:
                for seconds, sql in listed:
                    sql = " ".join(sql.split())
                    print(f"      {seconds * 1000:6.2f} ms  {sql[:150]}")
            if profiler:
                out = io.StringIO()
                stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
                stats.print_stats(r"laksa/|PIL/Image.py|files/storage", 60)
                print(out.getvalue())
        made = Report.objects.count()
        print(f"  {made} reports stored")
        from laksa.org import request_log

        request_log.flush()  # before the database goes: the log's waiting rows
        if drain:
            drain_rate(drain, profile, show_queries, drain_channel)


def drain_rate(count: int, profile: bool, show_queries: bool = False, channel: str = "sms") -> None:
    """`count` messages (SMS, or WhatsApp texts that each make a report) accepted into the
    inbox, then made into reports by handle_pending in this process, as `laksa intake-drain`
    does (start-up not counted)."""
    from django.db import connection

    from bench.inbound import DOORS
    from laksa.intake import inbox
    from laksa.intake.models import ChannelAccount, Kind
    from laksa.org.models import Area, AreaLevel, Jurisdiction
    from laksa.reports.models import Report

    city = Jurisdiction.objects.get()
    door = DOORS[channel]()
    account = ChannelAccount.objects.create(
        jurisdiction=city, kind=Kind(door.kind), name="bench-drain", secrets=door.secrets
    )
    places = list(Area.objects.filter(level=AreaLevel.KELURAHAN).values_list("name", flat=True))
    inbox.accept(account, [door.stored(n, places[n % len(places)]) for n in range(count)])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    before = Report.objects.count()
    if show_queries:  # the first message alone, its queries listed
        from django.test.utils import CaptureQueriesContext

        timer = Timer()
        with CaptureQueriesContext(connection) as queries, connection.execute_wrapper(timer):
            inbox.handle_pending(1)
        print(f"  drain, one message: {len(queries)} queries")
        for seconds, sql in timer.times:
            sql = " ".join(sql.split())
            print(f"      {seconds * 1000:6.2f} ms  {sql[:150]}")
    profiler = cProfile.Profile() if profile else None
    t0, c0 = time.perf_counter(), time.process_time()
    if profiler:
        profiler.enable()
    handled = 0
    while True:
        done = inbox.handle_pending(inbox.BATCH)
        handled += done
        if not done:
            break
    if profiler:
        profiler.disable()
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    made = Report.objects.count() - before
    print(
        f"  drain: {handled} {channel} messages handled in {elapsed:.2f} s = {handled / elapsed:.1f}/s "
        f"in one process ({cpu / max(handled, 1) * 1000:.2f} ms CPU each); {made} reports made"
    )
    if profiler:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(40)
        print(out.getvalue())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--engine", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--drain", type=int, default=500)
    parser.add_argument("--drain-channel", choices=["sms", "whatsapp"], default="sms")
    parser.add_argument("--queries", action="store_true", help="List one request's queries.")
    parser.add_argument("--profile", action="store_true", help="cProfile, by cumulative time.")
    parser.add_argument("--photo", action="store_true", help="One 800x600 JPEG in each POST.")
    args = parser.parse_args()
    if args.engine == "both":  # one process each: Django is set up once per process
        for engine in ("sqlite", "postgres"):
            command = [sys.executable, "-m", "bench.write_path", "--engine", engine]
            command += ["--requests", str(args.requests), "--drain", str(args.drain)]
            command += ["--drain-channel", args.drain_channel]
            command += ["--queries"] * args.queries + ["--profile"] * args.profile
            command += ["--photo"] * args.photo
            subprocess.run(command, check=True)
        return
    measure(
        args.engine,
        args.requests,
        args.drain,
        args.queries,
        args.profile,
        args.photo,
        args.drain_channel,
    )


if __name__ == "__main__":
    main()
