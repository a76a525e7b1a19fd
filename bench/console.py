"""The operator's queue with 100,000 open reports: GET /console/ (first page, queue order) and
the filtered views, through Django's test client in one process, as an operator.

    .venv/bin/python -m bench.console [--reports 100000] [--engine sqlite|postgres|both]
"""

from __future__ import annotations

import argparse
import io
import random
import subprocess
import sys
import time
from datetime import timedelta

from bench.common import bench_database, summary

VIEWS = {
    "queue (triage)": "/console/",
    "in hand": "/console/?status=in_hand",
    "overdue only": "/console/?overdue=on",
    "one kecamatan": "/console/?kecamatan={kecamatan}",
    "live refresh (htmx list)": "/console/",
}


def fill(count: int) -> None:
    """`count` open reports spread over the city, categories and the last 60 days."""

    from laksa.catalog.models import Category
    from laksa.lib import clock
    from laksa.lib.geo import cell_of
    from laksa.org.models import Area, Jurisdiction
    from laksa.reports.models import Channel, Report
    from laksa.reports.statuses import Status

    city = Jurisdiction.objects.get()
    categories = list(Category.objects.all())
    kelurahan = list(Area.objects.filter(parent__isnull=False))
    rnd = random.Random(7)
    now = clock.now()
    statuses = [Status.NEW, Status.VERIFIED, Status.DISPATCHED, Status.IN_PROGRESS]
    batch = []
    for i in range(count):
        area = rnd.choice(kelurahan)
        category = rnd.choice(categories)
        created = now - timedelta(minutes=rnd.randrange(60 * 24 * 60))
        lat = area.centroid_lat + rnd.uniform(-0.003, 0.003)
        lng = area.centroid_lng + rnd.uniform(-0.003, 0.003)
        batch.append(
            Report(
                jurisdiction=city, code=f"BEN-{i:07d}", category=category,
                description="Laporan uji beban", lat=lat, lng=lng, h3_r9=cell_of(lat, lng),
                kelurahan=area, kecamatan_id=area.parent_id, status=rnd.choice(statuses),
                agency_id=category.agency_id, channel=Channel.WEB, created_at=created,
                updated_at=created, respond_due_at=created + timedelta(days=1),
                resolve_due_at=created + timedelta(days=7),
                next_escalation_at=created + timedelta(days=1),
            )
        )  # fmt: skip
        if len(batch) == 5000:
            Report.objects.bulk_create(batch)
            batch = []
    Report.objects.bulk_create(batch)


def run(engine: str, count: int, repeat: int) -> None:
    with bench_database(engine):
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client

        from laksa.org.models import Area, Membership, Role

        call_command("load_demo", "--reports", "0", stdout=io.StringIO())
        started = time.perf_counter()
        fill(count)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(f"{engine}: {count} open reports made in {time.perf_counter() - started:.0f} s")
        operator = Membership.objects.filter(role=Role.OPERATOR).first().user
        client = Client()
        client.force_login(operator)
        kecamatan = Area.objects.filter(parent__isnull=True).first().pk
        for name, url in VIEWS.items():
            url = url.format(kecamatan=kecamatan)
            headers = {"HTTP_HX_REQUEST": "true"} if "htmx" in name else {}
            samples = []
            for _ in range(repeat):
                t0 = time.perf_counter()
                response = client.get(url, **headers)
                samples.append((time.perf_counter() - t0) * 1000)
                assert response.status_code == 200, response.status_code
            print(f"  {name:26s} {summary(samples)}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--engine", choices=["sqlite", "postgres", "both"], default="both")
    args = parser.parse_args()
    if args.engine == "both":  # one process each: Django is set up once per process
        for engine in ("sqlite", "postgres"):
            subprocess.run(
                [sys.executable, "-m", "bench.console", "--engine", engine,
                 "--reports", str(args.reports), "--repeat", str(args.repeat)],
                check=True,
            )  # fmt: skip
        return
    run(args.engine, args.reports, args.repeat)


if __name__ == "__main__":
    main()
