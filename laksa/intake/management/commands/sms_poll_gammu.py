"""`laksa sms-poll-gammu [--account NAME]`: read Gammu SMSD's SQL inbox once (every Gammu
account with `poll_inbox=yes`, or the one named) and handle what is new. The huey task in
intake/tasks.py does the same every minute."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser

from laksa.intake.models import ChannelAccount, Kind
from laksa.intake.sms.gammu_sql import GammuDatabaseError, poll, polled_accounts
from laksa.org.selectors import current_jurisdiction


class Command(BaseCommand):
    help = "Read Gammu SMSD's SQL inbox once and turn new messages into reports."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--account", default="", help="one Gammu account (default: all with poll_inbox=yes)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            city = current_jurisdiction()
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc
        if options["account"]:
            accounts = list(
                ChannelAccount.objects.filter(
                    jurisdiction=city, name=options["account"], kind=Kind.GAMMU, active=True
                )
            )
            if not accounts:
                raise CommandError(f"No active Gammu account named {options['account']!r}.")
        else:
            accounts = polled_accounts(city)
        for account in accounts:
            try:
                handled = poll(account)
            except GammuDatabaseError as exc:
                raise CommandError(f"{account.name}: {exc}") from exc
            self.stdout.write(f"{account.name}: {handled} message(s)")
