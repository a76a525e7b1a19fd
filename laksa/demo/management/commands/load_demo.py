from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from laksa.demo import city as demo_city
from laksa.demo.indicators import load_demo_indicators
from laksa.demo.reports import DemoReports
from laksa.demo.staff import account_table, create_staff
from laksa.kpi import counting
from laksa.org.models import Jurisdiction

NEW_PASSWORD_HINT = (
    "A password lost? Set a new one: .venv/bin/laksa changepassword USERNAME\n"
    'The TV of the LIVE Room: .venv/bin/laksa wall-url "LIVE Room" (LAKSA_BASE_URL sets its address)'
)
SIGN_IN_HINT = "Sign in at %(base)s/masuk/ as one of: %(users)s.\n" + NEW_PASSWORD_HINT


def _staff() -> str:
    """The staff accounts that exist, as a short list for the hint."""
    names = list(
        User.objects.filter(memberships__isnull=False)
        .order_by("username")
        .values_list("username", flat=True)
        .distinct()[:12]
    )
    return ", ".join(names) or "(none: laksa createsuperuser)"


class Command(BaseCommand):
    help = "Load the Kota Tangerang demo: areas, agencies, categories, holidays, staff and reports."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--if-empty", action="store_true", help="do nothing if a city exists")
        parser.add_argument("--reports", type=int, default=300, help="demo reports to create")
        parser.add_argument(
            "--areas-dir",
            type=Path,
            default=None,
            help="folder of tangerang_{kecamatan,kelurahan}.geojson (default: LAKSA_AREAS_DIR)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and Jurisdiction.objects.exists():
            self.stdout.write("Data already loaded: keeping it (demo not loaded again).")
            self.stdout.write(SIGN_IN_HINT % {"base": settings.LAKSA_BASE_URL, "users": _staff()})
            return
        started = time.monotonic()
        areas_dir = options["areas_dir"] or Path(settings.LAKSA_AREAS_DIR)
        # One transaction: an interrupted load leaves nothing, so `--if-empty` never keeps half a city.
        with transaction.atomic():
            city = demo_city.jurisdiction()
            source = demo_city.load_areas(city, areas_dir)
            demo_city.load_agencies(city)
            demo_city.load_categories(city)
            demo_city.load_holidays(city)
            accounts = create_staff(city)
            load_demo_indicators(city)
            city_done = time.monotonic()
            made = DemoReports(city).create(options["reports"]) if options["reports"] > 0 else 0
        # The dashboards, the home page's tiles and /statistik/ read the KPI counts: fill them now
        # rather than a minute later, when the worker's periodic job would.
        counted = counting.count_new_events()
        finished = time.monotonic()
        if source == demo_city.AreaSource.FILES:
            self.stdout.write(f"Areas: real boundaries read from {areas_dir}.")
        elif source == demo_city.AreaSource.KEPT:
            self.stdout.write(
                f"Areas: no boundary files in {areas_dir}; kept the real ones loaded."
            )
        else:
            self.stdout.write(
                self.style.WARNING(
                    f"Areas: no boundary files in {areas_dir}; built APPROXIMATE areas from the "
                    "centre points (the maps say so). Use `laksa import-areas FILE.geojson` "
                    "for real ones."
                )
            )
        self.stdout.write(
            f"{city.name}: {city.areas.count()} areas, {city.agencies.count()} agencies, "
            f"{city.categories.count()} categories, {len(accounts)} staff accounts "
            f"({city_done - started:.1f} s); {made} demo reports ({finished - city_done:.1f} s); "
            f"KPI counts for {counted.days} days."
        )
        self.stdout.write("\nDemo staff accounts (log in at /masuk/; passwords are shown once):")
        self.stdout.write(account_table(accounts))
        self.stdout.write(NEW_PASSWORD_HINT)
