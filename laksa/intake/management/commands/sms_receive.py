"""`laksa sms-receive --account NAME [ID ...]`: Gammu SMSD's RunOnReceive. Reads the message
from SMSD's environment (SMS_MESSAGES, SMS_1_NUMBER, DECODED_1_TEXT, ...) and the IDs SMSD
appends; stores it in the intake inbox (one INSERT) and exits at once (SMSD waits for it); the
report or the reply is made from the inbox by the huey worker (intake/inbox.py)."""

from __future__ import annotations

import logging
import os
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser

from laksa.intake import inbox
from laksa.intake.models import ChannelAccount, Kind
from laksa.intake.sms.inbound import Malformed, from_gammu_env
from laksa.org.selectors import current_jurisdiction

log = logging.getLogger("laksa.intake.sms")


def _reopen_standard_streams() -> None:
    """SMSD closes every descriptor before running us: without 0-2 open, the database file
    could be given descriptor 1 and a stray write to stdout would land in it."""
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            os.open(os.devnull, os.O_RDWR)


class Command(BaseCommand):
    help = "Gammu SMSD RunOnReceive: store the received SMS in the environment in the inbox."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--account", required=True, help="the Gammu channel account's name")
        parser.add_argument("ids", nargs="*", help="the message IDs SMSD appends")

    def handle(self, *args: Any, **options: Any) -> None:
        _reopen_standard_streams()
        try:
            city = current_jurisdiction()
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc
        account = ChannelAccount.objects.filter(
            jurisdiction=city, name=options["account"], kind=Kind.GAMMU, active=True
        ).first()
        if account is None:
            raise CommandError(f"No active Gammu account named {options['account']!r}.")
        try:
            sms = from_gammu_env(os.environ, options["ids"])
        except Malformed as exc:
            log.warning("sms-receive: %s", exc)
            raise CommandError(f"Not a Gammu RunOnReceive environment: {exc}") from exc
        new = inbox.accept(account, [sms])
        # "duplicate": SMSD ran us again for a message already stored (or the SQL poller has it)
        said = f"accepted {new[0].message_id}" if new else f"duplicate {sms.message_id}"
        log.info("sms-receive: %s", said)
        self.stdout.write(said)
