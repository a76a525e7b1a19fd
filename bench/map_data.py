"""How fast the public map's data endpoint answers over 100,000 reports.

Builds a throwaway SQLite database in a temporary folder (LAKSA_VAR_DIR / LAKSA_DATABASE_URL),
bulk-inserts reports spread over Kota Tangerang, then times /peta/data.json through Django's test
Client at city zoom (12) and street zoom (16). Prints figures; asserts nothing.

    .venv/bin/python bench/map_data.py [--reports 100000] [--runs 40]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

# Tangerang's extent, roughly; reports are spread over it with a few dense spots.
WEST, SOUTH, EAST, NORTH = 106.56, -6.26, 106.72, -6.12
VIEW_PX = (1280, 800)


def setup_django(var_dir: str) -> None:
    os.environ["LAKSA_VAR_DIR"] = var_dir
    os.environ["LAKSA_DATABASE_URL"] = f"sqlite:///{Path(var_dir) / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "laksa.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def populate(count: int, seed: int = 7) -> None:
    from django.db import transaction

    from laksa.catalog.models import Category
    from laksa.lib.geo import cell_of
    from laksa.org.models import Agency, AgencyKind, Area, AreaLevel, Jurisdiction
    from laksa.reports.models import Channel, Photo, PhotoKind, Report
    from laksa.reports.statuses import Status

    rnd = random.Random(seed)
    city = Jurisdiction.objects.create(slug="tangerang", name="Kota Tangerang", code_prefix="TNG")
    agency = Agency.objects.create(
        jurisdiction=city,
        code="DPUPR",
        abbreviation="DPUPR",
        name="Dinas PUPR",
        kind=AgencyKind.OPD,
    )
    kecamatan = [
        Area.objects.create(
            jurisdiction=city,
            level=AreaLevel.KECAMATAN,
            code=f"36.71.{n:02d}",
            name=f"Kecamatan {n}",
            centroid_lat=-6.19,
            centroid_lng=106.64,
        )
        for n in range(1, 14)
    ]
    categories = [
        Category.objects.create(
            jurisdiction=city,
            code=f"CAT-{n}",
            group=f"Kelompok {n % 4}",
            name_id=f"Kategori {n}",
            name_en=f"Category {n}",
            agency=agency,
            public=n != 11,
        )
        for n in range(12)
    ]
    statuses = [
        (Status.NEW, 20),
        (Status.VERIFIED, 10),
        (Status.DISPATCHED, 10),
        (Status.IN_PROGRESS, 10),
        (Status.DONE, 15),
        (Status.CLOSED, 25),
        (Status.REJECTED, 5),
        (Status.DUPLICATE, 4),
        (Status.REFERRED, 1),
    ]
    names, weights = zip(*statuses, strict=True)
    hotspots = [(rnd.uniform(SOUTH, NORTH), rnd.uniform(WEST, EAST)) for _ in range(25)]
    now = datetime.now(UTC)
    batch: list[Report] = []
    started = time.perf_counter()
    with transaction.atomic():
        for i in range(count):
            if rnd.random() < 0.4:
                hlat, hlng = rnd.choice(hotspots)
                lat, lng = hlat + rnd.gauss(0, 0.004), hlng + rnd.gauss(0, 0.004)
            else:
                lat, lng = rnd.uniform(SOUTH, NORTH), rnd.uniform(WEST, EAST)
            category = rnd.choice(categories)
            created = now - timedelta(minutes=rnd.randrange(365 * 24 * 60))
            batch.append(
                Report(
                    jurisdiction=city,
                    code=f"TNG-BENCH-{i:06d}",
                    secret=f"bench-secret-{i:06d}-{rnd.getrandbits(64):x}",
                    category=category,
                    description="Laporan uji kecepatan",
                    lat=lat,
                    lng=lng,
                    h3_r9=cell_of(lat, lng),
                    kecamatan=rnd.choice(kecamatan),
                    status=rnd.choices(names, weights)[0],
                    agency=agency,
                    channel=Channel.WEB,
                    public=category.public,
                    created_at=created,
                    updated_at=created,
                )
            )
            if len(batch) == 5000:
                Report.objects.bulk_create(batch)
                batch = []
        Report.objects.bulk_create(batch)
        ids = list(Report.objects.values_list("id", flat=True))
        photos = [
            Photo(
                report_id=pk,
                kind=PhotoKind.BEFORE,
                image=f"photos/bench/{pk}.jpg",
                thumbnail=f"photos/bench/{pk}-t.jpg",
                sha256="0" * 64,
                dhash="0" * 16,
            )
            for pk in ids
        ]
        Photo.objects.bulk_create(photos, batch_size=5000)
    print(f"created {count:,} reports and photos in {time.perf_counter() - started:.1f} s")


def view_bbox(lat: float, lng: float, zoom: int) -> str:
    per_px = 360.0 / (256 * 2**zoom)
    half_w, half_h = VIEW_PX[0] * per_px / 2, VIEW_PX[1] * per_px / 2
    return f"{lng - half_w:.5f},{lat - half_h:.5f},{lng + half_w:.5f},{lat + half_h:.5f}"


def measure(zoom: int, runs: int, extra: dict[str, str] | None = None) -> None:
    from django.test import Client

    client = Client()
    rnd = random.Random(zoom)
    timings, sizes, kinds = [], [], set()
    for n in range(runs + 2):
        lat, lng = rnd.uniform(SOUTH + 0.02, NORTH - 0.02), rnd.uniform(WEST + 0.02, EAST - 0.02)
        if zoom <= 12:
            lat, lng = (SOUTH + NORTH) / 2, (WEST + EAST) / 2
        params = {"bbox": view_bbox(lat, lng, zoom), "zoom": str(zoom), **(extra or {})}
        started = time.perf_counter()
        response = client.get("/peta/data.json", params)
        elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, response.content[:300]
        if n >= 2:  # the first requests warm caches and imports
            timings.append(elapsed)
            sizes.append(len(response.content))
            data = response.json()
            kinds.add(f"{data['kind']}:{data['total']}")
    timings.sort()
    p95 = timings[max(0, round(0.95 * len(timings)) - 1)]
    label = f"zoom {zoom}" + (f" {extra}" if extra else "")
    print(
        f"{label:<40} median {statistics.median(timings):7.1f} ms   p95 {p95:7.1f} ms   "
        f"body {statistics.median(sizes) / 1024:6.1f} KiB   e.g. {sorted(kinds)[:2]}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="laksa-bench-") as var_dir:
        setup_django(var_dir)
        populate(args.reports)
        measure(12, args.runs)
        measure(16, args.runs)
        measure(12, args.runs, {"type": "waiting"})
        measure(14, args.runs)


if __name__ == "__main__":
    main()
