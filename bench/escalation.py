"""The escalation sweep over 100,000 open reports, all of them late: the first sweep (every
level now due is recorded, with its event) and a second one (nothing new: the steady state).

    .venv/bin/python -m bench.escalation [--reports 100000] [--engine sqlite|postgres|both]
"""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import time
from datetime import timedelta

from bench.common import bench_database


def run(engine: str, count: int) -> None:
    with bench_database(engine):
        from django.core.management import call_command
        from django.db import connection

        from bench.console import fill
        from laksa.dispatch.escalation import sweep
        from laksa.lib import clock
        from laksa.reports.models import Report

        call_command("load_demo", "--reports", "0", stdout=io.StringIO())
        fill(count)  # open reports over 60 days, due one and seven days after creation
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        now = clock.now() + timedelta(days=1)
        late = Report.objects.filter(resolve_due_at__lt=now).count()
        for label in ("first sweep", "second sweep (nothing new)"):
            t0 = time.perf_counter()
            steps = sweep(now)
            print(
                f"  {engine}: {label}: {steps} steps over {count} open reports "
                f"({late} past their fix target) in {time.perf_counter() - t0:.2f} s"
            )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--engine", choices=["sqlite", "postgres", "both"], default="both")
    args = parser.parse_args()
    if args.engine == "both":
        for engine in ("sqlite", "postgres"):
            subprocess.run(
                [sys.executable, "-m", "bench.escalation", "--engine", engine,
                 "--reports", str(args.reports)],
                check=True,
            )  # fmt: skip
        return
    run(args.engine, args.reports)


if __name__ == "__main__":
    main()
