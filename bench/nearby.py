"""The nearby-duplicate query over 1,000,000 reports (targets: median under 1 ms on SQLite,
under 2 ms on PostgreSQL): "open reports of this category within 150 m in the last 30 days".

    .venv/bin/python -m bench.nearby [--reports 1000000] [--engine sqlite|postgres|both]
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import time
from datetime import timedelta

from bench.common import bench_database, summary

WEST, SOUTH, EAST, NORTH = 106.56, -6.26, 106.72, -6.12
STATUSES = ["new", "verified", "dispatched", "in_progress", "done", "closed", "closed", "closed"]


def populate(count: int) -> tuple[object, list[object]]:
    from django.db import connection, transaction

    from laksa.catalog.models import Category
    from laksa.lib import clock
    from laksa.lib.geo import cell_of
    from laksa.org.models import Agency, AgencyKind, Jurisdiction

    city = Jurisdiction.objects.create(slug="bench", name="Bench", code_prefix="BN")
    agency = Agency.objects.create(
        jurisdiction=city, code="A", abbreviation="A", name="A", kind=AgencyKind.OPD
    )
    categories = [
        Category.objects.create(
            jurisdiction=city,
            code=f"C{i}",
            group="G",
            name_id=f"K{i}",
            name_en=f"C{i}",
            agency=agency,
        )
        for i in range(8)
    ]
    rnd = random.Random(5)
    now = clock.now()
    columns = (
        "jurisdiction_id, code, secret, category_id, description, answers, address, lat, lng, "
        "h3_r9, outside_area, status, agency_id, channel, anonymous, public, support_count, "
        "rating_comment, version, created_at, updated_at, priority, media_url, proof_location, "
        "idempotency_fingerprint, place_source"
    )
    sql = f"INSERT INTO reports_report ({columns}) VALUES ({', '.join(['%s'] * 26)})"
    started = time.perf_counter()
    batch = 20_000
    for start in range(0, count, batch):
        rows = []
        for n in range(start, min(count, start + batch)):
            lat, lng = rnd.uniform(SOUTH, NORTH), rnd.uniform(WEST, EAST)
            created = now - timedelta(seconds=rnd.randrange(3 * 365 * 86400))
            rows.append(
                (
                    city.pk,
                    f"BN-{n:08d}",
                    f"s{n}",
                    categories[n % 8].pk,
                    "bench",
                    "{}",
                    "",
                    lat,
                    lng,
                    cell_of(lat, lng),
                    False,
                    rnd.choice(STATUSES),
                    agency.pk,
                    "web",
                    False,
                    True,
                    0,
                    "",
                    0,
                    created,
                    created,
                    0,
                    "",
                    "",
                    "",
                    "point",
                )
            )
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(sql, rows)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE reports_report")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"  loaded {count:,} reports in {time.perf_counter() - started:.1f} s")
    return city, categories


def run(engine: str, count: int, queries: int) -> None:
    with bench_database(engine):
        from laksa.reports.duplicates import nearby_open_reports

        _city, categories = populate(count)
        rnd = random.Random(9)
        samples, hits = [], 0
        for i in range(queries + 20):
            category = categories[i % 8]
            lat, lng = rnd.uniform(SOUTH, NORTH), rnd.uniform(WEST, EAST)
            started = time.perf_counter()
            found = nearby_open_reports(category, lat, lng)
            elapsed = (time.perf_counter() - started) * 1000
            if i >= 20:  # the first queries warm the connection and caches
                samples.append(elapsed)
                hits += len(found)
        print(
            f"nearby ({engine}, {count:,} reports): {summary(samples)}, "
            f"{hits / len(samples):.2f} hits per query"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--engine", choices=["sqlite", "postgres", "both"], default="both")
    args = parser.parse_args()
    if args.engine == "both":
        # One process per engine: Django is configured once per process.
        for engine in ("sqlite", "postgres"):
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "bench.nearby",
                    "--engine",
                    engine,
                    "--reports",
                    str(args.reports),
                    "--queries",
                    str(args.queries),
                ],
                check=True,
            )
        return
    run(args.engine, args.reports, args.queries)


if __name__ == "__main__":
    main()
