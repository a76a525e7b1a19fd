"""`laksa kpi-count [--rebuild]`: count the report events since the last run into the KPI tables
(the periodic task does the same every minute); --rebuild recounts every day from the start."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from laksa.kpi import counting


class Command(BaseCommand):
    help = "Hitung peristiwa laporan ke tabel kinerja (KPI); --rebuild menghitung ulang semuanya."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--rebuild", action="store_true", help="Hitung ulang semua hari dari awal."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        result = counting.rebuild() if options["rebuild"] else counting.count_new_events()
        if options["verbosity"] > 0:
            self.stdout.write(
                f"{result.days} hari dihitung, {result.rows} baris, sampai peristiwa "
                f"#{result.last_event_id} ({time.monotonic() - started:.2f} s)"
            )
