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
        parser.add_argument("--level", choices=AreaLevel.values, help="when features lack `level`")
        parser.add_argument("--jurisdiction", help="slug of the city (default: the only one)")

    def handle(self, *args: Any, **options: Any) -> None:
        qs = Jurisdiction.objects.order_by("id")
        city = (
            qs.filter(slug=options["jurisdiction"]).first()
            if options["jurisdiction"]
            else qs.first()
        )
        if city is None:
            raise CommandError("No such jurisdiction: create it in admin or run `laksa load-demo`.")
        try:
            result = import_features(city, read_features(options["file"]), level=options["level"])
        except AreaFileError as exc:
            raise CommandError(f"{exc}. Nothing was imported.") from exc
        self.stdout.write(
            f"{city.name}: {result.created} areas created, {result.updated} updated "
            f"from {options['file']}."
        )
