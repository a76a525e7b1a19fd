"""Answers intake asks for (intake.replies.ask_reply: INFO, STATUS, not understood) become
outbox rows, back through the account the message came in by."""

from __future__ import annotations

from laksa.intake.replies import ask_reply
from laksa.notify.models import Message, MessageStatus, TemplateKey
from laksa.notify.outbox import drain
from laksa.reports import actions


def test_it_answers_info_through_the_account_asked(sms_account, gateway, clock):
    clock.at("2026-12-01T09:00")
    ask_reply(sms_account, to="0812-3456-7293", key="info")
    message = Message.objects.get()
    assert (message.template_key, message.recipient) == (TemplateKey.INFO, "+6281234567293")
    assert message.account == sms_account
    assert "LAPOR" in message.body
    drain()
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT


def test_it_gives_the_reporter_their_link_and_others_the_public_page(make_report, sms_account):
    report = make_report(contact=actions.ContactInput(phone="081234567293"))
    values = {"code": report.code, "found": "1", "status": "new", "status_label": "Baru"}
    ask_reply(
        sms_account,
        to="+6281234567293",
        key="status",
        values=values | {"owner": "1"},
        report=report,
    )
    ask_reply(
        sms_account, to="+6281200000000", key="status", values=values | {"owner": ""}, report=report
    )
    owner, other = Message.objects.filter(template_key__startswith="status").order_by("id")
    assert owner.template_key == TemplateKey.STATUS_OWNER and report.secret in owner.body
    assert other.template_key == TemplateKey.STATUS and report.secret not in other.body
    assert f"/r/{report.code}/" in other.body


def test_it_says_when_a_code_is_unknown(sms_account):
    values = {"code": "UJI-2612-99999", "found": "", "owner": ""}
    ask_reply(sms_account, to="081234567293", key="status", values=values)
    message = Message.objects.get()
    assert message.template_key == TemplateKey.STATUS_UNKNOWN
    assert "UJI-2612-99999" in message.body


def test_it_answers_an_sms_report_through_the_account_it_came_by(
    make_report, sms_account, city, gateway
):
    from laksa.intake.models import ChannelAccount, Kind

    second = ChannelAccount.objects.create(
        jurisdiction=city,
        kind=Kind.SMS_GATEWAY,
        name="sms-kedua",
        settings={"send_url": gateway.url},
    )
    report = make_report(
        channel="sms",
        idempotency_key="sms-kedua:gw-000123",
        contact=actions.ContactInput(phone="081234567293"),
    )
    assert report.messages.get().account == second
