"""Each event that is news for the reporter writes one outbox row, in the action's transaction."""

from __future__ import annotations

import pytest
from django.db import transaction

from laksa.notify.models import Message, MessageChannel, MessageStatus, TemplateKey
from laksa.reports import actions
from laksa.reports.models import Channel
from tests.images import processed

PHONE = actions.ContactInput(name="Siti", phone="0812-3456-7293")


def keys(report) -> list[str]:
    return list(report.messages.order_by("id").values_list("template_key", flat=True))


def test_it_acknowledges_a_new_report_with_its_code_and_private_link(make_report, settings):
    settings.LAKSA_BASE_URL = "https://lapor.kota-uji.go.id"
    report = make_report(contact=PHONE)
    message = Message.objects.get(report=report)
    assert message.template_key == TemplateKey.ACKNOWLEDGED
    assert message.channel == MessageChannel.SMS
    assert message.recipient == "+6281234567293"
    assert message.status == MessageStatus.QUEUED
    assert report.code in message.body
    assert f"https://lapor.kota-uji.go.id/r/{report.code}/{report.secret}/" in message.body


def test_it_follows_the_report_through_its_life(make_report, operator, supervisor_a):
    report = make_report(contact=PHONE)
    actions.verify_report(report, by=operator)
    actions.reply_to_citizen(report, by=operator, text="Terima kasih, petugas segera datang.")
    actions.accept_job(report, by=supervisor_a)
    actions.start_job(report, by=supervisor_a)  # no news: the crew is on its way
    actions.finish_job(report, by=supervisor_a, proof=[processed(9)])
    assert keys(report) == ["ack", "verified", "reply", "dispatched", "done"]
    reply = report.messages.get(template_key="reply")
    assert "Terima kasih, petugas segera datang." in reply.body
    done = report.messages.get(template_key="done")
    assert report.secret in done.body  # the before-and-after page, where they confirm and rate


def test_it_gives_the_reason_of_a_rejection(make_report, operator):
    report = make_report(contact=PHONE)
    actions.reject_report(report, by=operator, reason="Bukan keluhan.")
    message = report.messages.get(template_key=TemplateKey.REJECTED)
    assert "Bukan keluhan." in message.body


def test_it_says_where_a_report_was_referred(make_report, operator, pln):
    report = make_report(contact=PHONE)
    actions.refer_report(report, by=operator, to=pln)
    message = report.messages.get(template_key=TemplateKey.REFERRED)
    assert "PLN UP3" in message.body


def test_it_points_a_duplicate_to_the_report_it_joined(make_report, operator):
    first = make_report(seed=1)
    report = make_report(contact=PHONE, seed=2)
    actions.merge_duplicate(report, into=first, by=operator)
    message = report.messages.get(template_key=TemplateKey.DUPLICATE)
    assert first.code in message.body


def test_it_writes_nothing_when_the_action_rolls_back(make_report, operator):
    report = make_report(contact=PHONE)
    with pytest.raises(RuntimeError), transaction.atomic():
        actions.verify_report(report, by=operator)
        raise RuntimeError("the action failed after its event")
    assert keys(report) == ["ack"]


def test_it_writes_nothing_for_a_report_without_contact(make_report, operator):
    report = make_report()
    actions.verify_report(report, by=operator)
    assert Message.objects.count() == 0


def test_it_sends_by_email_to_a_citizen_who_left_only_an_address(make_report):
    report = make_report(contact=actions.ContactInput(email="warga@contoh.id"))
    message = report.messages.get()
    assert (message.channel, message.recipient) == (MessageChannel.EMAIL, "warga@contoh.id")
    assert message.subject


def test_it_answers_an_sms_report_by_sms(make_report):
    contact = actions.ContactInput(phone="+62 812 3456 7293", email="warga@contoh.id")
    report = make_report(channel=Channel.SMS, contact=contact)
    assert report.messages.get().channel == MessageChannel.SMS


def test_it_answers_an_email_report_by_email_even_with_a_phone(make_report):
    contact = actions.ContactInput(phone="081234567293", email="warga@contoh.id")
    report = make_report(channel=Channel.EMAIL, contact=contact)
    assert report.messages.get().channel == MessageChannel.EMAIL


def test_it_texts_a_web_reporter_who_left_a_phone(make_report):
    contact = actions.ContactInput(phone="081234567293", email="warga@contoh.id")
    report = make_report(channel=Channel.WEB, contact=contact)
    assert report.messages.get().channel == MessageChannel.SMS


def test_it_queues_without_a_channel_and_says_so(make_report):
    message = make_report(contact=PHONE).messages.get()
    assert message.account is None
    assert message.waits_for_channel


def test_it_picks_the_citys_sms_account(make_report, sms_account):
    message = make_report(contact=PHONE).messages.get()
    assert message.account == sms_account
    assert not message.waits_for_channel


def test_it_keeps_the_language_the_citizen_reported_in(make_report, operator):
    from django.utils import translation

    with translation.override("en"):
        report = make_report(contact=PHONE)
    actions.verify_report(report, by=operator)  # the operator works in Indonesian
    ack, verified = report.messages.order_by("id")
    assert (ack.language, verified.language) == ("en", "en")
    assert verified.body.startswith("Report ")


def test_it_sends_nothing_for_history_written_after_the_fact(pothole, west, clock):
    from datetime import timedelta

    now = clock.at("2026-12-01T09:00")
    new = actions.NewReport(
        category=pothole,
        description="Lubang",
        lat=-6.175,
        lng=106.625,
        channel="web",
        contact=PHONE,
    )
    actions.create_report(new, now=now - timedelta(days=3))  # an import, the demo's replay
    assert Message.objects.count() == 0
