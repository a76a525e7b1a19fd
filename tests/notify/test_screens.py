"""The staff pages: a report's messages as the citizen read them, and the messages in trouble."""

from __future__ import annotations

from django.utils.html import escape

from laksa.notify.models import Message, MessageStatus
from laksa.notify.outbox import drain
from laksa.reports import actions
from tests.conftest import login

PHONE = actions.ContactInput(phone="0812-3456-7293")


def test_it_shows_every_message_of_a_report_with_its_attempts(
    make_report, operator, sms_account, gateway, clock
):
    clock.at("2026-12-01T09:00")
    gateway.state.fail_next = 1
    report = make_report(contact=PHONE)
    drain()
    clock.shift(minutes=5)
    drain()
    html = login(operator).get(f"/console/r/{report.code}/pesan/").content.decode()
    message = Message.objects.get()
    link = f"/r/{report.code}/{report.secret}/"
    assert escape(message.body.replace(link, f"/r/{report.code}/•••/")) in html
    assert "Terkirim" in html and "HTTP 503" in html
    assert "2 percobaan" in html


def test_it_lists_failed_messages_and_those_without_a_channel(
    make_report, operator, sms_account, gateway, clock
):
    clock.at("2026-12-01T09:00")
    gateway.state.refused_numbers.add("+6281234567293")
    failed = make_report(contact=PHONE, seed=1)
    drain()
    sms_account.active = False
    sms_account.save(update_fields=["active"])
    waiting = make_report(contact=actions.ContactInput(phone="0813-1111-2222"), seed=2)
    fine = make_report(contact=actions.ContactInput(email="warga@contoh.id"), seed=3)
    html = login(operator).get("/console/pesan/").content.decode()
    assert failed.code in html and "HTTP 400" in html
    assert waiting.code in html and "Belum ada kanal SMS yang dikonfigurasi" in html
    assert fine.code not in html


def test_it_sends_a_failed_message_again_when_an_operator_asks(
    make_report, operator, sms_account, gateway, clock
):
    clock.at("2026-12-01T09:00")
    gateway.state.refused_numbers.add("+6281234567293")
    make_report(contact=PHONE)
    drain()
    message = Message.objects.get()
    gateway.state.refused_numbers.clear()
    login(operator).post(f"/console/pesan/{message.pk}/kirim-ulang/")
    drain()
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT


def test_it_keeps_the_pages_from_those_who_do_not_see_the_whole_city(
    make_report, supervisor_a, citizen
):
    report = make_report(contact=PHONE)
    assert login(supervisor_a).get("/console/pesan/").status_code == 403
    assert login(supervisor_a).get(f"/console/r/{report.code}/pesan/").status_code == 403
    assert citizen.get("/console/pesan/").status_code == 302


def test_it_is_linked_from_the_console_report(make_report, operator):
    report = make_report(contact=PHONE)
    html = login(operator).get(f"/console/r/{report.code}/").content.decode()
    assert f"/console/r/{report.code}/pesan/" in html
