"""`laksa wall-url NAME`: make (or find) a wall screen and print its kiosk URL for the TV."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse

from laksa.live.models import WallScreen
from laksa.org.selectors import current_jurisdiction


class Command(BaseCommand):
    help = "Print the no-login URL of a wall screen (made if new). Revoke it in the admin."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="a name for the TV, e.g. 'LIVE Room kiri'")
        parser.add_argument(
            "--base",
            default=settings.LAKSA_BASE_URL,
            help="the site's address as the TV reaches it (default LAKSA_BASE_URL: %(default)s)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            city = current_jurisdiction()
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc
        screen, _created = WallScreen.objects.get_or_create(
            jurisdiction=city, name=options["name"], active=True
        )
        self.stdout.write(options["base"].rstrip("/") + reverse("live:kiosk", args=[screen.token]))
