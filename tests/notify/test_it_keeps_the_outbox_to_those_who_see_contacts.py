"""The outbox's pages show what was sent to a reporter, so only the roles the console shows the
contact to (operators, administrators) open them; an executive, read-only, does not. Even they
see the private link's secret as •••: with it anyone acts as the reporter."""

from __future__ import annotations

from django.utils.html import escape

from laksa.notify.models import Message, MessageStatus
from laksa.notify.outbox import drain
from laksa.reports import actions
from tests.conftest import login

PHONE = actions.ContactInput(phone="0812-3456-7293")


def test_it_keeps_an_executive_out(make_report, mayor, operator, clock):
    clock.at("2026-12-01T09:00")
    report = make_report(contact=PHONE)  # no SMS account: the acknowledgement waits, listed
    message = Message.objects.get(report=report)
    executive = login(mayor)
    for url in (f"/console/r/{report.code}/pesan/", "/console/pesan/"):
        answer = executive.get(url)
        assert answer.status_code == 403, url
        assert report.secret not in answer.content.decode()
    Message.objects.filter(pk=message.pk).update(status=MessageStatus.FAILED)
    assert executive.post(f"/console/pesan/{message.pk}/kirim-ulang/").status_code == 403
    assert Message.objects.get(pk=message.pk).status == MessageStatus.FAILED
    assert "/console/pesan/" not in executive.get("/console/").content.decode()
    assert "/console/pesan/" in login(operator).get("/console/").content.decode()


def test_it_shows_operators_the_messages_with_the_secret_masked(
    make_report, operator, sms_account, gateway, clock
):
    clock.at("2026-12-01T09:00")
    report = make_report(contact=PHONE)
    drain()
    message = Message.objects.get(report=report)
    assert f"/r/{report.code}/{report.secret}/" in message.body  # sent as it was
    (delivered,) = gateway.delivered.values()
    assert f"/r/{report.code}/{report.secret}/" in delivered["text"]
    html = login(operator).get(f"/console/r/{report.code}/pesan/").content.decode()
    assert report.secret not in html
    shown = message.body.replace(f"/r/{report.code}/{report.secret}/", f"/r/{report.code}/•••/")
    assert escape(shown) in html


def test_it_masks_the_secret_on_the_list_of_messages_in_trouble(make_report, operator, clock):
    clock.at("2026-12-01T09:00")
    report = make_report(contact=PHONE)  # waits for an SMS channel
    html = login(operator).get("/console/pesan/").content.decode()
    assert report.code in html and f"/r/{report.code}/•••/" in html
    assert report.secret not in html
