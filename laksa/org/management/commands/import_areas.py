"""`laksa import-areas FILE.geojson`: create or update kecamatan and kelurahan by Kemendagri code."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from laksa.org.areas import AreaFileError, import_features, read_features
from laksa.org.models import AreaLevel, Jurisdiction


class Command(BaseCommand):
    help = "Import or update kecamatan/kelurahan boundaries from a GeoJSON FeatureCollection."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--level",
            choices=AreaLevel.values,
            help="level of every feature, for files whose features lack the `level` property",
        )
        parser.add_argument("--jurisdiction", help="slug of the city (default: the only one)")

    def handle(self, *args: Any, **options: Any) -> None:
        slug = options["jurisdiction"]
        if slug:
            city = Jurisdiction.objects.filter(slug=slug).first()
            if city is None:
                raise CommandError(f"No jurisdiction with slug {slug!r}.")
        else:
            cities = list(Jurisdiction.objects.order_by("id")[:2])
            if not cities:
                raise CommandError(
                    "No jurisdiction yet: create the city in admin or run `laksa load-demo`."
                )
            if len(cities) > 1:
                raise CommandError("Several jurisdictions: say which with --jurisdiction SLUG.")
            city = cities[0]
        try:
            result = import_features(city, read_features(options["file"]), level=options["level"])
        except AreaFileError as exc:
            raise CommandError(f"{exc}. Nothing was imported.") from exc
        self.stdout.write(
            f"{city.name}: {result.created} areas created, {result.updated} updated "
            f"from {options['file']}."
        )
