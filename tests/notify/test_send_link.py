"""The "send me my link" form: a matching contact queues one message to the stored contact, a
wrong one queues none, and the page says the same either way."""

from __future__ import annotations

import pytest

from laksa.notify.actions import REQUESTS_PER_HOUR, send_link
from laksa.notify.models import Message, MessageChannel, TemplateKey
from laksa.reports import actions

CONTACT = actions.ContactInput(phone="0812-3456-7293", email="warga@contoh.id")


@pytest.fixture
def report(make_report):
    report = make_report(contact=CONTACT)
    Message.objects.all().delete()  # the acknowledgement is not what these tests look at
    return report


def ask(citizen, code: str, contact: str) -> str:
    response = citizen.post("/r/kirim-tautan/", {"code": code, "contact": contact})
    assert response.status_code == 200
    return response.content.decode()


def answer_of(html: str) -> str:
    start = html.index('role="status"')
    return html[start : html.index("</p>", start)]


def test_it_queues_the_link_to_the_phone_that_matches(citizen, report):
    ask(citizen, report.code.lower(), "+62 812-3456-7293")
    message = Message.objects.get()
    assert message.template_key == TemplateKey.LINK
    assert (message.channel, message.recipient) == (MessageChannel.SMS, "+6281234567293")
    assert f"/r/{report.code}/{report.secret}/" in message.body


def test_it_queues_the_link_to_the_email_that_matches(citizen, report):
    ask(citizen, report.code, "Warga@Contoh.id")
    message = Message.objects.get()
    assert (message.channel, message.recipient) == (MessageChannel.EMAIL, "warga@contoh.id")


def test_it_answers_the_same_and_queues_nothing_for_a_wrong_contact(citizen, report):
    matched = ask(citizen, report.code, "081234567293")
    wrong = ask(citizen, report.code, "081200000000")
    unknown = ask(citizen, "UJI-0000-00000", "081234567293")
    assert answer_of(matched) == answer_of(wrong) == answer_of(unknown)
    assert Message.objects.count() == 1
    for html in (matched, wrong, unknown):
        assert "81234567293" not in html and "warga@contoh.id" not in html


def test_it_stops_after_a_few_tries_an_hour(citizen, report, clock):
    clock.at("2026-12-01T09:00")
    for _ in range(REQUESTS_PER_HOUR):
        ask(citizen, report.code, "081200000000")  # someone guessing
    ask(citizen, report.code, "081234567293")
    assert Message.objects.count() == 0
    clock.shift(hours=1, seconds=1)
    ask(citizen, report.code, "081234567293")
    assert Message.objects.count() == 1


def test_it_sends_the_link_for_intakes_status_keyword(report):
    message = send_link(report)
    assert message is not None
    assert message.template_key == TemplateKey.LINK
    assert report.secret in message.body


def test_it_sends_nothing_for_a_report_without_contact(make_report):
    assert send_link(make_report(seed=3)) is None


def test_it_is_linked_from_the_home_page(citizen, report):
    assert "/r/kirim-tautan/" in citizen.get("/").content.decode()
