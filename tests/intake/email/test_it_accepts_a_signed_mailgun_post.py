"""Mailgun's route posts a received mail, signed: it becomes a report with the attached photo,
and the answer names its code."""

from __future__ import annotations

from typing import Any

from laksa.intake.models import ChannelAccount
from laksa.reports.models import Channel, PhotoKind, PlaceSource, Report
from tests.intake.email.conftest import (
    MORNING,
    fixture_bytes,
    mailgun_post,
    post_to_mailgun,
    signed,
)


def test_it_makes_a_report_with_the_attached_photo(
    mailgun_account: ChannelAccount, citizen: Any, east: Any, clock: Any
) -> None:
    now = clock.at(MORNING)
    fields, files = mailgun_post()
    signed(fields, at=now.timestamp(), token="a" * 50)

    response = post_to_mailgun(citizen, fields, files)

    assert response.status_code == 200, response.content
    report = Report.objects.get()
    assert response.json() == {"status": "report", "code": report.code}
    assert report.channel == Channel.EMAIL
    assert report.description == (
        "Jalan berlubang di Jl. Daan Mogot\n\nSelamat pagi,\r\n\r\nAda lubang besar di Jl. Daan "
        "Mogot dekat halte, Kel. Timur. Sudah dua motor jatuh minggu ini."
    )
    assert report.contact is not None and report.contact.email == "rina.w@example.id"
    assert report.idempotency_key == "mailgun:CAHk2x0+Qm7LrN1@mail.example.id"
    assert (report.place_source, report.kelurahan) == (PlaceSource.AREA, east)
    assert list(report.photos.values_list("kind", flat=True)) == [PhotoKind.BEFORE]


def test_it_reads_the_raw_mime_variant(
    mailgun_account: ChannelAccount, citizen: Any, clock: Any
) -> None:
    """A route to a URL ending in "mime" posts the whole message as `body-mime`."""
    now = clock.at(MORNING)
    fields = {"body-mime": fixture_bytes("report_with_photo.eml").decode()}
    signed(fields, at=now.timestamp(), token="m" * 50)

    response = post_to_mailgun(citizen, fields, {})

    assert response.status_code == 200, response.content
    report = Report.objects.get()
    assert report.idempotency_key == "mailgun:CAF7k1=pQ3x9Lm2@mail.example.id"
    assert report.photos.count() == 1
