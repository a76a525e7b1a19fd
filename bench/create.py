"""Report creation through the citizen's form path: POST /lapor/ with one 800x600 photo, through
Django's test client in one process (form validation, the photo pipeline, storage, the action).

    .venv/bin/python -m bench.create [--reports 200] [--engine sqlite|postgres]
"""

from __future__ import annotations

import argparse
import io
import random
import time
import uuid

from PIL import Image, ImageDraw

from bench.common import bench_database, summary


def photo(seed: int) -> bytes:
    rnd = random.Random(seed)
    image = Image.new("RGB", (800, 600), (100, 100, 100))
    draw = ImageDraw.Draw(image)
    for _ in range(20):
        x, y = rnd.randrange(800), rnd.randrange(600)
        draw.rectangle([x, y, x + 80, y + 60], fill=tuple(rnd.randrange(256) for _ in range(3)))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=200)
    parser.add_argument("--engine", choices=["sqlite", "postgres"], default="sqlite")
    args = parser.parse_args()
    with bench_database(args.engine):
        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.core.management import call_command
        from django.test import Client

        from laksa.catalog.models import Category
        from laksa.reports.models import Report

        call_command("load_demo", "--reports", "0", stdout=io.StringIO())
        category = Category.objects.get(code="PJU-MTI")
        client = Client()
        client.get("/lapor/")
        photos = [photo(i) for i in range(20)]
        rnd = random.Random(2)
        samples = []
        for i in range(args.reports):
            data = {
                "form_token": str(uuid.uuid4()),
                "category": category.pk,
                "description": f"Lampu jalan mati di depan rumah nomor {i}.",
                "lat": -6.1783 + rnd.uniform(-0.01, 0.01),
                "lng": 106.6319 + rnd.uniform(-0.01, 0.01),
                "photos": [SimpleUploadedFile("f.jpg", photos[i % 20], "image/jpeg")],
            }
            started = time.perf_counter()
            response = client.post("/lapor/", data)
            samples.append((time.perf_counter() - started) * 1000)
            if response.status_code != 303:
                raise SystemExit(f"form refused the report: {response.status_code}")
        made = Report.objects.count()
        total = sum(samples) / 1000
        print(
            f"create ({args.engine}, form path, one process): {made / total:.1f} reports/s, "
            f"{summary(samples)}; {made} rows for {args.reports} posts"
        )


if __name__ == "__main__":
    main()
