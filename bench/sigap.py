"""What a SIGAP page costs on a slow phone connection: the bytes of the jobs list and of a job page
with their scripts and styles (photos excluded; plain and gzip-compressed, as a proxy would send
them), and the server's time to build each page, for a supervisor with 200 open jobs.

    .venv/bin/python -m bench.sigap [--jobs 200] [--runs 30]
"""

from __future__ import annotations

import argparse
import gzip
import io
import re
import time

from bench.common import bench_database, summary

ASSET = re.compile(r'(?:src|href)="(/static/[^"]+\.(?:js|css|webmanifest))"')


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--jobs", type=int, default=200)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    with bench_database("sqlite"):
        from django.contrib.auth.models import User
        from django.core.management import call_command
        from django.test import Client

        from laksa.catalog.models import Category
        from laksa.reports import actions
        from tests.images import processed

        call_command("load_demo", "--reports", "0", stdout=io.StringIO())
        operator = User.objects.get(username="operator1")
        supervisor = User.objects.get(username="pengawas_dpupr")
        category = Category.objects.get(code="INF-JLN")
        photo = processed(seed=1)
        codes = []
        for n in range(args.jobs):
            report = actions.create_report(
                actions.NewReport(
                    category=category, description=f"Jalan berlubang nomor {n}",
                    lat=-6.1783 + n * 1e-4, lng=106.6319, channel="web", photos=[photo],
                )
            )  # fmt: skip
            actions.verify_report(report, by=operator)
            codes.append(report.code)
        client = Client()
        client.force_login(supervisor)
        for name, url in [("jobs list", "/sigap/"), ("job page", f"/sigap/r/{codes[0]}/")]:
            page = client.get(url)
            assert page.status_code == 200, page.status_code
            files = [page.content] + [
                b"".join(client.get(src).streaming_content) for src in ASSET.findall(page.content.decode())
            ]  # fmt: skip
            plain = sum(len(f) for f in files)
            packed = sum(len(gzip.compress(f)) for f in files)
            samples = []
            for _ in range(args.runs):
                t0 = time.perf_counter()
                client.get(url)
                samples.append((time.perf_counter() - t0) * 1000)
            print(
                f"{name}: {plain / 1024:.1f} KiB ({packed / 1024:.1f} KiB gzip) in {len(files)} "
                f"files; server time {summary(samples)}"
            )


if __name__ == "__main__":
    main()
