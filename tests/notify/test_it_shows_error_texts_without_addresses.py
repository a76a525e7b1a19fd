"""The outbox's pages show a message's error texts with no full address, number or secret: new
ones are stored safe (tests/intake/test_it_keeps_secrets_out_of_send_errors.py), and those stored
before are made safe when shown."""

from __future__ import annotations

from laksa.notify.models import Attempt, Message, MessageStatus
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
