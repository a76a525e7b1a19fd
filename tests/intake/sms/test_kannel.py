"""Kannel's sms-service reaches the account by its get-url (GET, or POST of the same fields) or
its post-url (the text as the body, the sender in X-Kannel-From); success is an empty 200 once the
message is stored in the inbox, so Kannel sends no reply of its own; the drain makes the report."""

from __future__ import annotations

from typing import Any

from django.test import Client

from laksa.intake.models import InboxMessage
from laksa.reports.models import Report
from tests.intake.sms.conftest import drain, fixture_text, get_kannel


def test_it_makes_a_report_from_a_get_url(kannel_account: Any, west: Any) -> None:
    response = get_kannel(
        fixture_text("kannel_get_lapor.query"), token=kannel_account.webhook_token
    )
    assert response.status_code == 200 and response.content == b""
    assert InboxMessage.objects.get().handled_at is None and not Report.objects.exists()
    drain()
    report = Report.objects.get()
    assert report.description == "Lampu jalan mati di depan masjid"
    assert report.kelurahan_id == west.pk and report.contact.phone == "+6281234567890"
    assert report.idempotency_key == "kannel:5f0c1a2e-8d4b-4e61-9a8e-2f6c1b7d9e01"


def test_it_reads_a_ucs2_message_in_the_charset_kannel_names(
    kannel_account: Any, east: Any
) -> None:
    response = get_kannel(fixture_text("kannel_get_ucs2.query"), token=kannel_account.webhook_token)
    assert response.status_code == 200
    drain()
    report = Report.objects.get()
    assert report.description == "pohon tumbang menutup jalan 🌳"
    assert report.kelurahan_id == east.pk and report.contact.phone == "+6281298765432"


def test_it_takes_the_same_fields_posted_as_a_form(kannel_account: Any) -> None:
    response = Client().post(
        f"/kanal/sms/kannel/kannel/?token={kannel_account.webhook_token}",
        "from=6281234567890&text=Lapor+got+mampet+%23Barat&id=p-1",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    drain()
    assert Report.objects.get().description == "got mampet"


def test_it_reads_a_post_url_request(kannel_account: Any, west: Any) -> None:
    head, _blank, body = fixture_text("kannel_post.txt").partition("\n\n")
    headers = dict(line.split(": ", 1) for line in head.splitlines())
    content_type = headers.pop("Content-Type")
    response = Client().post(
        f"/kanal/sms/kannel/kannel/?token={kannel_account.webhook_token}&id=post-1",
        body.encode(),
        content_type=content_type,
        headers=headers,
    )
    assert response.status_code == 200
    drain()
    report = Report.objects.get()
    assert report.description.startswith("Sampah menumpuk") and report.kelurahan_id == west.pk
    assert report.contact.phone == "+6285711112222"
