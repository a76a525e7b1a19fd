"""`laksa email-poll [--account NAME]` reads the mailboxes once and says what it made; a name
that is no IMAP account, or a mailbox that cannot be read, ends with an error."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from laksa.intake.email.command import Command
from laksa.intake.models import ChannelAccount
from laksa.reports.models import Report
from tests.intake.email.conftest import MORNING, fixture_bytes
from tests.intake.email.fake_imap import FakeImap


def test_it_reads_the_named_mailbox(
    imap: FakeImap, imap_account: ChannelAccount, clock: Any
) -> None:
    clock.at(MORNING)
    imap.mailbox.deliver(fixture_bytes("report_with_photo.eml"))
    out = StringIO()

    call_command(Command(), account="surel-pengaduan", stdout=out)

    assert Report.objects.count() == 1
    assert out.getvalue().startswith("surel-pengaduan: 1 new report(s) UJI-2612-00001,")


def test_it_refuses_an_unknown_account(imap_account: ChannelAccount) -> None:
    with pytest.raises(CommandError, match="no IMAP account named 'lain'"):
        call_command(Command(), account="lain", stdout=StringIO())


def test_it_fails_on_a_wrong_password(
    imap: FakeImap, imap_account: ChannelAccount, clock: Any
) -> None:
    clock.at(MORNING)
    imap_account.secrets = {"password": "salah"}
    imap_account.save(update_fields=["secrets"])
    imap.mailbox.deliver(fixture_bytes("report_with_photo.eml"))
    out = StringIO()

    with pytest.raises(CommandError, match="could not read: surel-pengaduan"):
        call_command(Command(), stdout=out)

    assert "AUTHENTICATIONFAILED" in out.getvalue() or "Invalid credentials" in out.getvalue()
    assert not Report.objects.exists()
    assert imap.mailbox.unseen() == [1]


def test_it_tells_how_mail_reaches_each_account(
    imap_account: ChannelAccount, mailgun_account: ChannelAccount
) -> None:
    from laksa.intake.email.webhooks import connection_lines

    mailgun = connection_lines(mailgun_account, "https://lapor.example.go.id")
    imap = connection_lines(imap_account)

    assert mailgun[0] == (
        'Mailgun route action: forward("https://lapor.example.go.id/kanal/surel/mailgun/mailgun/")'
    )
    assert imap[1] == "laksa email-poll --account surel-pengaduan  (once, now)"
