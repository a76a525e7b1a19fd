"""`laksa apikey create NAME` makes an application and prints its key (once); `laksa apikey list`
shows them; `laksa apikey revoke NAME` switches one off."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser

from laksa.org.models import Application
from laksa.org.selectors import current_jurisdiction


class Command(BaseCommand):
    help = "Make, list or revoke the API keys of outside applications (Open311, apps)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["create", "list", "revoke"])
        parser.add_argument("name", nargs="?", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            city = current_jurisdiction()
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc
        name = options["name"].strip()
        if options["action"] == "list":
            for app in Application.objects.filter(jurisdiction=city).order_by("name"):
                state = "active" if app.active else "revoked"
                self.stdout.write(f"{app.name}\t{app.key_prefix}…\t{state}")
            return
        if not name:
            raise CommandError("Give the application's name.")
        if options["action"] == "create":
            if Application.objects.filter(jurisdiction=city, name=name).exists():
                raise CommandError(f"An application named {name!r} exists already.")
            _app, key = Application.create_with_key(city, name)
            self.stdout.write(key)
            self.stderr.write(f"Key for {name!r}: shown once, keep it safe.")
            return
        updated = Application.objects.filter(jurisdiction=city, name=name).update(active=False)
        if not updated:
            raise CommandError(f"No application named {name!r}.")
        self.stdout.write(f"Revoked {name!r}.")
