"""A generic JSON gateway's webhook, signed with the account's secret, is accepted at once (200,
`accepted` for each message) and, once drained, makes a report from the captured payloads: the
sender's number as the reporter's contact, the #place as the address."""

from __future__ import annotations

from typing import Any

from laksa.intake.models import InboxMessage
from laksa.reports.models import Channel, PlaceSource, Report
from tests.intake.sms.conftest import drain, fixture_bytes, post_gateway


def test_it_makes_a_report_from_a_signed_message(
    gateway_account: Any, west: Any, clock: Any
) -> None:
    accepted_at = clock.at("2026-12-01T09:00")
    response = post_gateway(fixture_bytes("gateway_message.json"))
    assert response.status_code == 200
    assert response.json() == {"results": [{"id": "gw-20261201-000123", "accepted": True}]}
    assert not Report.objects.exists()
    clock.at("2026-12-01T09:00:02")
    assert drain() == 1
    report = Report.objects.get()
    assert report.channel == Channel.SMS
    assert report.description == "Lampu jalan mati di depan masjid"
    assert report.address == "Barat"
    assert report.place_source == PlaceSource.AREA and report.kelurahan_id == west.pk
    assert report.category.code == "LAIN"
    assert report.contact is not None and report.contact.phone == "+6281234567890"
    assert report.idempotency_key == "sms-gateway:gw-20261201-000123"
    assert report.created_at == accepted_at  # when it came, not when drained
    row = InboxMessage.objects.get()
    assert (row.outcome, row.report, row.attempts) == ("report", report, 0)


def test_it_handles_every_message_of_a_batch(gateway_account: Any, east: Any, replies: Any) -> None:
    response = post_gateway(fixture_bytes("gateway_batch.json"))
    assert response.status_code == 200
    assert [r["accepted"] for r in response.json()["results"]] == [True, True]
    assert drain() == 2
    assert list(InboxMessage.objects.order_by("id").values_list("outcome", flat=True)) == [
        "info",
        "report",
    ]
    report = Report.objects.get()
    assert report.kelurahan_id == east.pk and report.contact.phone == "+6285711112222"
    assert [(r["key"], r["to"]) for r in replies] == [("info", "+6281234567890")]


def test_it_ignores_a_sender_that_is_not_a_phone_number(gateway_account: Any, replies: Any) -> None:
    response = post_gateway({"id": "promo-1", "from": "TELKOMSEL", "text": "Paket data murah!"})
    assert response.status_code == 200
    assert response.json()["results"] == [{"id": "promo-1", "accepted": True}]
    drain()
    assert InboxMessage.objects.get().outcome == "ignored"
    assert not Report.objects.exists() and replies == []


def test_it_refuses_an_account_it_does_not_have(gateway_account: Any) -> None:
    response = post_gateway(fixture_bytes("gateway_message.json"), name="tidak-ada")
    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "not_found"
    assert not InboxMessage.objects.exists() and not Report.objects.exists()


def test_it_answers_only_post(gateway_account: Any, client: Any) -> None:
    assert client.get("/kanal/sms/gateway/sms-gateway/").status_code == 405
