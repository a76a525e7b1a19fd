"""The proof-of-work checks for one 12-megapixel phone photo with EXIF time and GPS: the photo
pipeline (decode, orient, strip, resize, hashes) and then the checks against a dispatched report
with five photos of its own (same-picture hash, capture time after dispatch, distance).

    .venv/bin/python -m bench.proof [--runs 10]
"""

from __future__ import annotations

import argparse
import io
import time
from datetime import datetime, timedelta

from bench.common import bench_database, summary


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    with bench_database("sqlite"):
        from django.core.management import call_command
        from PIL import Image

        from bench.photo import twelve_megapixels
        from laksa.catalog.models import Category
        from laksa.lib import clock
        from laksa.lib.images import process_image
        from laksa.reports import actions
        from laksa.reports.proof import check
        from tests.images import make_image, processed

        call_command("load_demo", "--reports", "0", stdout=io.StringIO())
        report = actions.create_report(
            actions.NewReport(
                category=Category.objects.get(code="PJU-MTI"), description="Lampu mati",
                lat=-6.1783, lng=106.6319, channel="web",
                photos=[processed(seed=s) for s in range(5)],
            )
        )  # fmt: skip
        report.dispatched_at = clock.now() - timedelta(hours=1)
        # A phone photo: 12 MP, with its capture time and GPS 50 m from the report.
        base = Image.open(io.BytesIO(twelve_megapixels()))
        exif_source = make_image(seed=9, taken_at=datetime.now(), gps=(-6.1787, 106.6319))
        exif = Image.open(io.BytesIO(exif_source)).getexif()
        out = io.BytesIO()
        base.save(out, "JPEG", quality=92, exif=exif.tobytes())
        data = out.getvalue()
        samples, checks = [], []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            photo = process_image(
                io.BytesIO(data), size=len(data), max_bytes=30 << 20, max_pixels=40_000_000
            )
            t1 = time.perf_counter()
            [verdict] = check(report, [photo], [], now=clock.now())
            t2 = time.perf_counter()
            samples.append((t2 - t0) * 1000)
            checks.append((t2 - t1) * 1000)
        assert verdict.time_source == "exif" and verdict.location_source == "exif"
        print(
            f"proof: 12 MP JPEG ({len(data) // 1024} KiB), pipeline and checks: {summary(samples)}"
        )
        print(
            f"proof: the checks alone (hashes against 5 photos, time, distance): {summary(checks)}"
        )


if __name__ == "__main__":
    main()
