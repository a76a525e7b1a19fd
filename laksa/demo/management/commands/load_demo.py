from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from laksa.demo import city as demo_city
from laksa.demo.reports import DemoReports
from laksa.demo.staff import create_staff
from laksa.org.models import Jurisdiction


class Command(BaseCommand):
    help = "Load the Kota Tangerang demo: areas, agencies, categories, staff accounts and reports."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--if-empty", action="store_true", help="do nothing if a city exists")
        parser.add_argument("--reports", type=int, default=300, help="demo reports to create")
        parser.add_argument(
            "--areas-dir", type=Path, default=None, help="folder of the GeoJSON files"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and Jurisdiction.objects.exists():
            self.stdout.write("Data already loaded: keeping it (demo not loaded again).")
            return
        started = time.monotonic()
        areas_dir = options["areas_dir"] or Path(settings.LAKSA_AREAS_DIR)
        with transaction.atomic():
            city = demo_city.jurisdiction()
            real = demo_city.load_areas(city, areas_dir)
            demo_city.load_agencies(city)
            demo_city.load_categories(city)
            accounts = create_staff(city)
        if real:
            self.stdout.write(f"Areas: real boundaries read from {areas_dir}.")
        else:
            self.stdout.write(
                self.style.WARNING(
                    f"Areas: no boundary files in {areas_dir}; built APPROXIMATE areas from the centre "
                    "points (the maps say so). Use `laksa import-areas FILE.geojson` for real ones."
                )
            )
        made = DemoReports(city).create(options["reports"]) if options["reports"] else 0
        self.stdout.write(
            f"{city.name}: {city.areas.count()} areas, {city.agencies.count()} agencies, "
            f"{city.categories.count()} categories, {made} demo reports "
            f"({time.monotonic() - started:.1f} s)."
        )
        self.stdout.write("\nDemo staff accounts (log in at /masuk/):")
        width = max(len(a.username) for a in accounts)
        for account in accounts:
            self.stdout.write(
                f"  {account.username:<{width}}  {account.password:<14}  {account.role} · {account.scope}"
            )
