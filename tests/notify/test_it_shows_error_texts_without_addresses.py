"""The outbox's pages show a message's error texts with no full address, number or secret: new
ones are stored safe (tests/intake/test_it_keeps_secrets_out_of_send_errors.py), and those stored
before are made safe when shown. The sending account's own id that a provider names (the Page,
the WhatsApp number's id) stays readable, stored and shown: operators must check it."""

from __future__ import annotations

from typing import Any

from laksa.intake.models import ChannelAccount, Kind
from laksa.intake.outbound import error_for_status, masked_address
from laksa.notify import outbox
from laksa.notify.models import Attempt, Message, MessageChannel, MessageStatus
from laksa.notify.outbox import drain
from laksa.reports import actions
from tests.conftest import login

ADDRESS = "tolak.siti.rahasia@contoh.id"


def test_it_stores_a_refused_address_masked(make_report, operator, smtp_account, mailbox, clock):
    clock.at("2026-12-01T09:00")
    report = make_report(contact=actions.ContactInput(email=ADDRESS))
    drain()
    message = Message.objects.get(report=report)
    assert message.status == MessageStatus.FAILED
    assert message.last_error == "recipient refused: SMTP 550: 5.1.1 no such user"
    assert message.attempt_log.get().error == message.last_error
    for url in ("/console/pesan/", f"/console/r/{report.code}/pesan/"):
        html = login(operator).get(url).content.decode()
        assert "SMTP 550" in html and ADDRESS not in html and "tolak.siti" not in html


def test_it_masks_what_an_older_error_text_holds(make_report, operator, clock):
    clock.at("2026-12-01T09:00")
    report = make_report(contact=actions.ContactInput(phone="0812-3456-7293"))
    message = Message.objects.get(report=report)
    old = (
        "ConnectionError: HTTPConnectionPool(host='sms.kota-uji.go.id', port=13013): Max retries "
        "exceeded with url: /cgi-bin/sendsms?username=laksa&password=KANNEL-PASS&to=%2B6281234567293"
        f"&text=%2Fr%2F{report.code}%2F{report.secret}"
    )
    Message.objects.filter(pk=message.pk).update(status=MessageStatus.FAILED, last_error=old)
    Attempt.objects.create(message=message, at=clock.now(), ok=False, permanent=True, error=old)
    html = login(operator).get(f"/console/r/{report.code}/pesan/").content.decode()
    assert "HTTPConnectionPool(host=&#x27;sms.kota-uji.go.id&#x27;, port=13013)" in html
    for secret in ("KANNEL-PASS", "6281234567293", "sendsms", report.secret):
        assert secret not in html, secret


PHONE_NUMBER_ID = "106540352242922"
WA_ID = "6281234567293"


def test_it_keeps_the_accounts_own_id_readable(
    make_report, operator, city, clock, monkeypatch
) -> None:
    clock.at("2026-12-01T09:00")
    report = make_report()
    account = ChannelAccount.objects.create(
        jurisdiction=city, kind=Kind.WHATSAPP, name="wa",
        settings={"phone_number_id": PHONE_NUMBER_ID},
    )  # fmt: skip
    message = Message.objects.create(
        jurisdiction=city, report=report, channel=MessageChannel.WHATSAPP, account=account,
        recipient=WA_ID, template_key="done", body="Laporan selesai.",
    )  # fmt: skip
    said = (
        f"(#100) Object with ID '{PHONE_NUMBER_ID}' does not exist, cannot send to {WA_ID} "
        "or to 7654321098765432, see https://developers.facebook.com/docs/whatsapp/cloud-api"
    )

    def refused(_message: Any, _account: Any) -> Any:
        raise error_for_status(400, said)

    monkeypatch.setattr(outbox, "sender_for", lambda kind: refused)
    drain()

    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    assert message.last_error == (
        f"HTTP 400: (#100) Object with ID '{PHONE_NUMBER_ID}' does not exist, cannot send to "
        "+62 812****293 or to 765****432, see "
        "https://developers.facebook.com/docs/whatsapp/cloud-api"
    )
    assert message.attempt_log.get().error == message.last_error
    html = login(operator).get(f"/console/r/{report.code}/pesan/").content.decode()
    assert f"Object with ID &#x27;{PHONE_NUMBER_ID}&#x27;" in html
    assert WA_ID not in html and "7654321098765432" not in html


def test_it_masks_an_email_recipient_one_way() -> None:
    message = Message(channel=MessageChannel.EMAIL, recipient=ADDRESS)
    assert message.masked_recipient == masked_address(ADDRESS) == "to***@contoh.id"
