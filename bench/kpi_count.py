"""The KPI counting job and the pages that read its tables.

Fills `--reports` reports over `--days` days (three years by default) with about `--events` report
events of a plausible lifecycle, then times: the full count (`kpi-count --rebuild`), an incremental
run after one day of `--new-events` new events (new reports, closings, ratings and re-routes of
recent reports, which reopen their earlier days), a run with nothing new, and the dashboards (the
city's, the city's with its charts drawn afresh as after each count, an agency's, a kecamatan's),
the home page and /statistik/ with three years of counts, against a trivial view in the same run.
Each figure also gives this process's CPU time, which a shared machine stretches less than the
clock (with SQLite it includes the database's work; PostgreSQL's server is not in it).
The issue's full size is --reports 1000000 --events 10000000.

    .venv/bin/python -m bench.kpi_count [--reports 20000] [--events 200000] [--engine sqlite|postgres|both]
"""

from __future__ import annotations

import argparse
import io
import random
import statistics
import subprocess
import sys
import time
from datetime import datetime, timedelta
from typing import Any

from bench.common import bench_database, summary

LIFECYCLE = ("verified", "dispatched", "in_progress", "done", "closed")


def fill(reports: int, events: int, days: int, now: datetime) -> int:
    """Reports spread over `days` days, each with its lifecycle events and notes up to about
    `events` events in all. Returns the number of events written."""
    from laksa.catalog.models import Category
    from laksa.org.models import Area, Jurisdiction
    from laksa.reports.models import Channel, EventKind, Report, ReportEvent

    city = Jurisdiction.objects.get()
    categories = list(Category.objects.all())
    kelurahan = list(Area.objects.filter(parent__isnull=False))
    channels = [c for c, _label in Channel.choices]
    rnd = random.Random(14)
    per_report = max(1, events // max(reports, 1))
    written = 0
    batch: list[Report] = []
    plans: list[tuple[datetime, list[tuple[str, str, str, timedelta, dict[str, Any]]]]] = []

    def flush() -> None:
        nonlocal written, batch, plans
        Report.objects.bulk_create(batch, batch_size=2000)
        evs = []
        for report, (created, steps) in zip(batch, plans, strict=True):
            for kind, before, after, delay, data in steps:
                evs.append(
                    ReportEvent(
                        report=report, kind=kind, from_status=before, to_status=after,
                        data=data, created_at=created + delay,
                    )
                )  # fmt: skip
        ReportEvent.objects.bulk_create(evs, batch_size=5000)
        written += len(evs)
        batch, plans = [], []

    # Oldest first, so event ids grow with time roughly as they do in a running city.
    moments = sorted(now - timedelta(minutes=rnd.randrange(60 * 24 * days)) for _ in range(reports))
    for i, created in enumerate(moments):
        area = rnd.choice(kelurahan)
        category = rnd.choice(categories)
        age = now - created
        steps: list[tuple[str, str, str, timedelta, dict[str, Any]]] = [
            (EventKind.CREATED, "", "new", timedelta(0), {})
        ]
        status = "new"
        if rnd.random() < 0.06:
            steps.append((EventKind.STATUS, "new", "rejected", timedelta(hours=2), {}))
            status = "rejected"
        else:
            delays = [timedelta(hours=1), timedelta(hours=3 + rnd.random() * 20),
                      timedelta(days=1), timedelta(days=2 + rnd.random() * 5), timedelta(days=9)]  # fmt: skip
            for after, delay in zip(LIFECYCLE, delays, strict=True):
                if delay > age:
                    break
                kind = EventKind.ROUTED if after == "verified" else EventKind.STATUS
                steps.append((kind, status, after, delay, {}))
                status = after
            if status in ("done", "closed") and rnd.random() < 0.3:
                stars = rnd.choice((2, 3, 4, 4, 5, 5))
                steps.append((EventKind.RATED, "", "", timedelta(days=3), {"stars": stars}))
        while len(steps) < per_report:
            steps.append((EventKind.NOTE, "", "", timedelta(minutes=rnd.randrange(600)), {}))
        batch.append(
            Report(
                jurisdiction=city, code=f"KPI-{i:08d}", category=category,
                description="Laporan uji beban", lat=area.centroid_lat, lng=area.centroid_lng,
                kelurahan=area, kecamatan_id=area.parent_id, status=status,
                agency_id=category.agency_id, channel=rnd.choice(channels), created_at=created,
                updated_at=created, respond_due_at=created + timedelta(hours=10),
                resolve_due_at=created + timedelta(days=5),
            )
        )  # fmt: skip
        plans.append((created, steps))
        if len(batch) == 5000:
            flush()
    if batch:
        flush()
    return written


def one_day(new_events: int, now: datetime) -> int:
    """About `new_events` events today: 80% from new reports, the rest closing, rating and
    re-routing reports of the last weeks (a re-route recounts the report's earlier days)."""
    from laksa.catalog.models import Category
    from laksa.org.models import Area, Jurisdiction
    from laksa.reports.models import Channel, EventKind, Report, ReportEvent

    city = Jurisdiction.objects.get()
    categories = list(Category.objects.all())
    kelurahan = list(Area.objects.filter(parent__isnull=False))
    rnd = random.Random(15)
    midnight = now.astimezone(city.tz).replace(hour=0, minute=0, second=0, microsecond=0)
    start = max(now - timedelta(hours=6), midnight)  # today, on the city's clock
    fresh = int(new_events * 0.8) // 5
    reports = []
    for i in range(fresh):
        area = rnd.choice(kelurahan)
        category = rnd.choice(categories)
        created = start + timedelta(
            seconds=rnd.randrange(max(60, int((now - start).total_seconds()) - 60))
        )
        reports.append(
            Report(
                jurisdiction=city, code=f"NEW-{i:08d}", category=category, description="Baru",
                lat=area.centroid_lat, lng=area.centroid_lng, kelurahan=area,
                kecamatan_id=area.parent_id, status="done", agency_id=category.agency_id,
                channel=Channel.WEB, created_at=created, updated_at=created,
                respond_due_at=created + timedelta(hours=10), resolve_due_at=created + timedelta(days=5),
            )
        )  # fmt: skip
    Report.objects.bulk_create(reports, batch_size=2000)
    events = []
    for report in reports:
        at = report.created_at
        before = ""
        for after in ("new", "verified", "dispatched", "in_progress", "done"):
            kind = EventKind.CREATED if after == "new" else EventKind.STATUS
            events.append(ReportEvent(report=report, kind=kind, from_status=before,
                                      to_status=after, created_at=min(at, now)))  # fmt: skip
            at += timedelta(minutes=rnd.randrange(1, 20))
            before = after
    recent = list(
        Report.objects.filter(
            created_at__gte=now - timedelta(days=30), created_at__lt=start
        ).values_list("pk", "status")[:new_events]
    )
    rnd.shuffle(recent)
    rest = new_events - len(events)
    for pk, status in recent[:rest]:
        when = start + timedelta(seconds=rnd.randrange(60, 3600))
        if len(events) % 25 == 0 and status in ("verified", "dispatched", "in_progress"):
            events.append(ReportEvent(report_id=pk, kind=EventKind.ROUTED, from_status=status,
                                      to_status="verified", created_at=when))  # fmt: skip
        elif status == "done":
            events.append(ReportEvent(report_id=pk, kind=EventKind.STATUS, from_status="done",
                                      to_status="closed", created_at=when))  # fmt: skip
        else:
            events.append(ReportEvent(report_id=pk, kind=EventKind.RATED, data={"stars": 4},
                                      created_at=when))  # fmt: skip
    ReportEvent.objects.bulk_create(events, batch_size=5000)
    return len(events)


def timed(ask: Any, repeat: int, before: Any = None) -> tuple[list[float], list[float]]:
    """Milliseconds of `repeat` calls of `ask`, on the clock and in this process's CPU time (on a
    shared machine the CPU time holds still; with SQLite it includes the database's work)."""
    samples, cpu = [], []
    for _ in range(repeat):
        if before is not None:
            before()
        t0, c0 = time.perf_counter(), time.process_time()
        ask()
        samples.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    return samples, cpu


def getter(client: Any, url: str) -> Any:
    def get() -> None:
        response = client.get(url)
        assert response.status_code in (200, 301, 302), (url, response.status_code)

    return get


def run(engine: str, reports: int, events: int, days: int, new_events: int, repeat: int) -> None:
    with bench_database(engine):
        from django.contrib.auth.models import User
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client

        from laksa.kpi import charts, counting
        from laksa.kpi.models import DailyCount
        from laksa.kpi.selectors import wall_board
        from laksa.lib import clock
        from laksa.org.models import Agency, Area, Jurisdiction, Membership, Role

        call_command("load_demo", "--reports", "0", stdout=io.StringIO())
        now = clock.now()
        t0 = time.perf_counter()
        written = fill(reports, events, days, now)
        print(f"  {engine}: filled {reports} reports, {written} events over {days} days "
              f"in {time.perf_counter() - t0:.1f} s")  # fmt: skip
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        t0, c0 = time.perf_counter(), time.process_time()
        result = counting.rebuild()
        full = time.perf_counter() - t0
        print(f"  {engine}: full count (--rebuild): {result.days} days, {result.rows} rows, "
              f"{written / full:,.0f} events/s, {full:.2f} s "
              f"(CPU {time.process_time() - c0:.2f} s)")  # fmt: skip
        added = one_day(new_events, now)
        t0, c0 = time.perf_counter(), time.process_time()
        result = counting.count_new_events()
        print(f"  {engine}: incremental run after one day of {added} new events: "
              f"{result.days} days recounted in {time.perf_counter() - t0:.2f} s "
              f"(CPU {time.process_time() - c0:.2f} s)")  # fmt: skip
        t0, c0 = time.perf_counter(), time.process_time()
        result = counting.count_new_events()
        print(f"  {engine}: run with nothing new (overlap re-read): {result.days} days "
              f"in {time.perf_counter() - t0:.2f} s (CPU {time.process_time() - c0:.2f} s)")  # fmt: skip
        print(f"  {engine}: {DailyCount.objects.count()} day rows in all" + months_counted())
        city = Jurisdiction.objects.get()
        mayor = User.objects.create_user("bench-walikota")
        Membership.objects.create(user=mayor, jurisdiction=city, role=Role.EXECUTIVE)
        staff = Client()
        staff.force_login(mayor)
        public = Client()
        three_years = (now - timedelta(days=days)).astimezone(city.tz).date()
        agency = Agency.objects.filter(categories__isnull=False).order_by("pk").first()
        kecamatan = Area.objects.filter(parent__isnull=True).order_by("pk").first()
        assert agency is not None and kecamatan is not None
        pages = [
            ("trivial view (/favicon.ico redirect)", getter(public, "/favicon.ico"), None),
            ("home page tiles (/)", getter(public, "/"), None),
            ("/statistik/ (30 days)", getter(public, "/statistik/"), None),
            (
                "/kinerja/ executive (30 days, 12 weeks, 12 months)",
                getter(staff, "/kinerja/"),
                None,
            ),
            (
                "/kinerja/ executive, its two charts drawn afresh (the first view after a count)",
                getter(staff, "/kinerja/"),
                charts._drawn.cache_clear,
            ),
            (
                f"/kinerja/ executive, whole {days} days",
                getter(staff, f"/kinerja/?date_from={three_years}"),
                None,
            ),
            (
                f"/kinerja/instansi/ one agency ({agency.abbreviation}, 30 days)",
                getter(staff, f"/kinerja/instansi/{agency.pk}/"),
                None,
            ),
            (
                f"/kinerja/wilayah/ one kecamatan ({kecamatan.name}, 30 days)",
                getter(staff, f"/kinerja/wilayah/{kecamatan.pk}/"),
                None,
            ),
            (
                "wall summary.json figures (kpi.selectors.wall_board)",
                lambda: wall_board(city),
                None,
            ),
        ]
        base = None
        for label, ask, before in pages:
            timed(ask, 2, before)  # warm
            samples, cpu = timed(ask, repeat, before)
            median = sorted(samples)[len(samples) // 2]
            base = base or median
            print(f"  {engine}: {label}: {summary(samples)} ({median / base:.1f}x trivial; "
                  f"CPU of this process: median {statistics.median(cpu):.1f} ms)")  # fmt: skip


def months_counted() -> str:
    """The month rows, where the counting job keeps them (kpi.MonthlyCount)."""
    from django.apps import apps

    try:
        monthly = apps.get_model("kpi", "MonthlyCount")
    except LookupError:
        return ""
    return f", {monthly.objects.count()} month rows"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=20_000)
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--days", type=int, default=3 * 365)
    parser.add_argument("--new-events", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--engine", choices=["sqlite", "postgres", "both"], default="both")
    args = parser.parse_args()
    if args.engine == "both":
        for engine in ("sqlite", "postgres"):
            subprocess.run(
                [sys.executable, "-m", "bench.kpi_count", "--engine", engine,
                 "--reports", str(args.reports), "--events", str(args.events),
                 "--days", str(args.days), "--new-events", str(args.new_events),
                 "--repeat", str(args.repeat)],
                check=True,
            )  # fmt: skip
        return
    run(args.engine, args.reports, args.events, args.days, args.new_events, args.repeat)


if __name__ == "__main__":
    main()
