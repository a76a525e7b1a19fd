"""`laksa email-poll [--account NAME]`: read the IMAP mailboxes once, now (the periodic task
does the same every three minutes). Exits non-zero when a mailbox could not be read."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from laksa.intake.email.imap import poll_all
from laksa.intake.models import ChannelAccount, Kind


class Command(BaseCommand):
    help = "Read the unread mail of the city's IMAP accounts and make reports of it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--account", default="", help="only this account (its name)")

    def handle(self, *args: Any, **options: Any) -> None:
        name = options["account"]
        if name and not ChannelAccount.objects.filter(kind=Kind.IMAP, name=name).exists():
            raise CommandError(f"no IMAP account named {name!r}")
        results = poll_all(name=name)
        if not results:
            self.stdout.write("no active IMAP account")
        for result in results:
            self.stdout.write(result.summary())
        failed = [r.account for r in results if r.error]
        if failed:
            raise CommandError(f"could not read: {', '.join(failed)}")
