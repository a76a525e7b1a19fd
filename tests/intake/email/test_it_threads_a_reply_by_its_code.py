"""A reply whose subject names a report, from the address stored with that report, is the
reporter writing again: a message for staff on that report (its text never public), no new
report; read twice, still one message. Anyone else naming the code starts a new report."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from laksa.intake.email.imap import poll
from laksa.intake.models import ChannelAccount
from laksa.reports.actions import ContactInput
from laksa.reports.models import EventKind, Report
from tests.intake.email.conftest import (
    MORNING,
    fixture_bytes,
    mailgun_post,
    post_to_mailgun,
    signed,
)
from tests.intake.email.fake_imap import FakeImap


def _budi_report(make_report: Any) -> Report:
    return make_report(  # UJI-2612-00001, with Budi's address (lower case) as its contact
        contact=ContactInput(name="Budi Santoso", email="budi.santoso@example.id")
    )


def test_it_adds_the_reply_to_the_report_for_staff(
    imap: FakeImap, imap_account: ChannelAccount, make_report: Any, citizen: Any, clock: Any
) -> None:
    clock.at(MORNING)
    report = _budi_report(make_report)
    assert report.code == "UJI-2612-00001"
    uid = imap.mailbox.deliver(fixture_bytes("reply_with_code.eml"))

    result = poll(imap_account)

    assert Report.objects.count() == 1
    assert result.followups == ["UJI-2612-00001"] and result.reports == []
    note = report.events.get(kind=EventKind.NOTE)
    assert note.internal_note == (
        "Malam ini lampunya masih mati, dan sekarang tiang sebelahnya ikut padam.\n"
        "Mohon segera ditangani.\n\nSalam,\nBudi"  # for staff only: nothing is cut
    )
    assert note.public_note == "" and note.actor_label == "Pelapor"
    assert imap.mailbox.seen(uid)
    page = citizen.get(reverse("public:track", args=[report.code]))
    assert page.status_code == 200
    assert "tiang sebelahnya" not in page.content.decode()


def test_it_records_a_reply_read_twice_once(
    imap: FakeImap, imap_account: ChannelAccount, make_report: Any, clock: Any
) -> None:
    clock.at(MORNING)
    report = _budi_report(make_report)
    imap.mailbox.deliver(fixture_bytes("reply_with_code.eml"))
    poll(imap_account)
    imap.mailbox.deliver(fixture_bytes("reply_with_code.eml"))

    poll(imap_account)

    assert report.events.filter(kind=EventKind.NOTE).count() == 1


def test_it_makes_a_new_report_when_someone_else_names_the_code(
    imap: FakeImap, imap_account: ChannelAccount, make_report: Any, clock: Any
) -> None:
    clock.at(MORNING)
    report = make_report(contact=ContactInput(email="orang.lain@example.id"))
    imap.mailbox.deliver(fixture_bytes("reply_with_code.eml"))

    result = poll(imap_account)

    assert result.reports == ["UJI-2612-00002"]
    assert not report.events.filter(kind=EventKind.NOTE).exists()


def test_it_adds_the_photos_of_a_reply_once(
    mailgun_account: ChannelAccount, make_report: Any, citizen: Any, clock: Any
) -> None:
    """Through Mailgun: the reply's photo joins the report's photos (the history says so, without
    the text); the same reply posted again adds nothing."""
    now = clock.at(MORNING)
    report = make_report(contact=ContactInput(email="rina.w@example.id"))
    photos = report.photos.count()
    fields, files = mailgun_post(subject=f"Re: Laporan {report.code}")
    signed(fields, at=now.timestamp(), token="t" * 50)

    first = post_to_mailgun(citizen, fields, files)
    _same, files = mailgun_post()
    again = post_to_mailgun(citizen, fields, files)

    assert first.json() == again.json() == {"status": "followup", "code": report.code}
    assert Report.objects.count() == 1
    assert report.photos.count() == photos + 1
    note = report.events.get(kind=EventKind.NOTE)
    assert note.public_note == "Pelapor menambahkan 1 foto."
    assert note.internal_note.startswith("Selamat pagi,")
