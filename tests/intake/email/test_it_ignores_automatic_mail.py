"""An out-of-office answer (to our own acknowledgement, often) or a bounce is not a complaint:
nothing is stored, and it is marked seen so it is not read again."""

from __future__ import annotations

from typing import Any

from laksa.intake.email.imap import poll
from laksa.intake.models import ChannelAccount
from laksa.reports.actions import ContactInput
from laksa.reports.models import EventKind, Report, ReportEvent
from tests.intake.email.conftest import MORNING, fixture_bytes
from tests.intake.email.fake_imap import FakeImap

BOUNCE = b"""From: Mail Delivery Subsystem <MAILER-DAEMON@mail.example.id>
To: noreply@kota-uji.go.id
Subject: Undelivered Mail Returned to Sender
Message-ID: <bounce-1@mail.example.id>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="b"

--b
Content-Type: text/plain

The mail could not be delivered.
--b--
"""


def test_it_stores_nothing_for_an_auto_reply_or_a_bounce(
    imap: FakeImap, imap_account: ChannelAccount, make_report: Any, clock: Any
) -> None:
    clock.at(MORNING)
    make_report(contact=ContactInput(email="budi.santoso@example.id"))
    events = ReportEvent.objects.count()
    auto = imap.mailbox.deliver(fixture_bytes("auto_reply.eml"))
    bounce = imap.mailbox.deliver(BOUNCE)

    result = poll(imap_account)

    assert result.ignored == 2
    assert Report.objects.count() == 1
    assert ReportEvent.objects.count() == events
    assert not ReportEvent.objects.filter(kind=EventKind.NOTE).exists()
    assert imap.mailbox.seen(auto) and imap.mailbox.seen(bounce)
