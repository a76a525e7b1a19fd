"""An unread mail in the city's mailbox becomes a report on the e-mail channel: its subject and
text, the sender as the private contact, the kelurahan it names, its photo (a PDF beside it is
left out), and the message is marked seen."""

from __future__ import annotations

from typing import Any

from laksa.intake.email.imap import poll
from laksa.intake.models import ChannelAccount
from laksa.reports.models import Channel, EventKind, PhotoKind, PlaceSource, Report
from tests.intake.email.conftest import MORNING, fixture_bytes
from tests.intake.email.fake_imap import FakeImap


def test_it_makes_a_report_from_a_mail_with_a_photo(
    imap: FakeImap, imap_account: ChannelAccount, west: Any, clock: Any
) -> None:
    clock.at(MORNING)
    uid = imap.mailbox.deliver(fixture_bytes("report_with_photo.eml"))

    result = poll(imap_account)

    report = Report.objects.get()
    assert result.reports == [report.code] == ["UJI-2612-00001"]
    assert report.channel == Channel.EMAIL
    assert report.description.startswith("Lampu jalan mati di Jl. Perintis Kemerdekaan\n\n")
    assert "sudah mati sejak tiga malam" in report.description
    assert "0812-5555-0101" not in report.description  # the signature is cut off
    assert report.contact is not None
    assert (report.contact.email, report.contact.name) == (
        "budi.santoso@example.id",
        "Budi Santoso",
    )
    assert report.category.catch_all
    assert (report.place_source, report.kelurahan) == (PlaceSource.AREA, west)
    assert [p.kind for p in report.photos.all()] == [PhotoKind.BEFORE]
    assert report.idempotency_key == "surel-pengaduan:CAF7k1=pQ3x9Lm2@mail.example.id"
    assert report.events.get().kind == EventKind.CREATED
    assert imap.mailbox.seen(uid)
    assert "UID FETCH 1 (BODY.PEEK[])" in imap.mailbox.commands


def test_it_reads_an_html_only_mail(
    imap: FakeImap, imap_account: ChannelAccount, east: Any, clock: Any
) -> None:
    clock.at(MORNING)
    imap.mailbox.deliver(fixture_bytes("html_only.eml"))

    poll(imap_account)

    report = Report.objects.get()
    assert report.description == (
        "Sampah menumpuk di pasar\n\nSelamat siang,\n\nSampah di belakang Pasar Anyar sudah "
        "menumpuk & berbau selama seminggu.\nMohon diangkut."
    )
    assert "alert" not in report.description and "color" not in report.description
    assert "pesan lama" not in report.description  # the quoted message
    assert report.contact is not None
    assert report.contact.name == "Siti Rahma"  # an encoded-word header, decoded


def test_it_reads_the_same_mail_twice_as_one_report(
    imap: FakeImap, imap_account: ChannelAccount, clock: Any
) -> None:
    """The same message delivered again (a second copy, a re-sync) gives back the first report."""
    clock.at(MORNING)
    imap.mailbox.deliver(fixture_bytes("report_with_photo.eml"))
    first = poll(imap_account)
    imap.mailbox.deliver(fixture_bytes("report_with_photo.eml"))

    second = poll(imap_account)

    assert Report.objects.count() == 1
    assert first.reports == second.reports == ["UJI-2612-00001"]
    assert imap.mailbox.unseen() == []
