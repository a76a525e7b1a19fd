"""The worker sends through the fake SMS gateway, retries temporary failures with backoff,
stops on permanent ones, and records every attempt."""

from __future__ import annotations

from datetime import timedelta

from laksa.notify.models import Attempt, Message, MessageStatus
from laksa.notify.outbox import drain
from laksa.reports import actions

PHONE = actions.ContactInput(phone="0812-3456-7293")


def test_it_sends_a_queued_sms_through_the_gateway(make_report, sms_account, gateway, clock):
    clock.at("2026-12-01T09:00")
    report = make_report(contact=PHONE)
    assert drain() == 1
    message = Message.objects.get(report=report)
    assert message.status == MessageStatus.SENT
    assert message.sent_at == clock.now()
    assert message.provider_message_id == f"gw-{str(message.send_key)[:8]}"
    delivered = gateway.delivered[str(message.send_key)]
    assert delivered == {
        "to": "+6281234567293",
        "text": message.body,
        "reference": str(message.send_key),
        "from": "LAKSA",
    }
    (attempt,) = Attempt.objects.filter(message=message)
    assert (attempt.ok, attempt.http_status) == (True, 200)


def test_it_retries_a_503_with_growing_waits_then_delivers_once(
    make_report, sms_account, gateway, clock
):
    start = clock.at("2026-12-01T09:00")
    gateway.state.fail_next = 2
    report = make_report(contact=PHONE)
    drain()
    message = Message.objects.get(report=report)
    assert (message.status, message.attempts) == (MessageStatus.QUEUED, 1)
    first_wait = message.next_attempt_at - start
    assert timedelta(seconds=15) <= first_wait <= timedelta(seconds=30)
    assert drain() == 0  # not due yet
    clock.shift(seconds=30)
    drain()
    message.refresh_from_db()
    assert (message.status, message.attempts) == (MessageStatus.QUEUED, 2)
    second_wait = message.next_attempt_at - clock.now()
    assert timedelta(seconds=30) <= second_wait <= timedelta(seconds=60)
    clock.shift(seconds=60)
    drain()
    message.refresh_from_db()
    assert (message.status, message.attempts) == (MessageStatus.SENT, 3)
    statuses = list(message.attempt_log.values_list("ok", "permanent", "http_status"))
    assert statuses == [(False, False, 503), (False, False, 503), (True, False, 200)]
    assert len(gateway.delivered) == 1


def test_it_retries_when_the_gateway_refuses_connections(make_report, sms_account, gateway, clock):
    clock.at("2026-12-01T09:00")
    gateway.down()
    report = make_report(contact=PHONE)
    drain()
    message = Message.objects.get(report=report)
    assert message.status == MessageStatus.QUEUED
    assert "ConnectionError" in message.last_error
    gateway.up()
    clock.shift(minutes=1)
    drain()
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT


def test_it_stops_at_a_permanent_400_and_shows_it(make_report, sms_account, gateway, clock):
    clock.at("2026-12-01T09:00")
    gateway.state.refused_numbers.add("+6281234567293")
    report = make_report(contact=PHONE)
    drain()
    message = Message.objects.get(report=report)
    assert (message.status, message.attempts) == (MessageStatus.FAILED, 1)
    assert "HTTP 400" in message.last_error
    clock.shift(days=1)
    assert drain() == 0  # never tried again
    attempt = message.attempt_log.get()
    assert (attempt.ok, attempt.permanent, attempt.http_status) == (False, True, 400)


def test_it_gives_up_after_the_cap(make_report, sms_account, gateway, clock, monkeypatch):
    from laksa.notify import outbox

    monkeypatch.setattr(outbox, "MAX_ATTEMPTS", 3)
    clock.at("2026-12-01T09:00")
    gateway.state.fail_with = 503
    report = make_report(contact=PHONE)
    for _ in range(3):
        drain()
        clock.shift(hours=2)
    message = Message.objects.get(report=report)
    assert (message.status, message.attempts) == (MessageStatus.FAILED, 3)
    assert "3" in message.last_error


def test_it_waits_for_a_channel_and_sends_once_one_is_configured(make_report, gateway, clock, city):
    from laksa.intake.models import ChannelAccount, Kind
    from tests.notify.fake_gateway import SECRET

    clock.at("2026-12-01T09:00")
    report = make_report(contact=PHONE)
    drain()
    message = Message.objects.get(report=report)
    assert message.waits_for_channel
    assert message.attempts == 0
    ChannelAccount.objects.create(
        jurisdiction=city,
        kind=Kind.SMS_GATEWAY,
        name="sms-baru",
        settings={"send_url": gateway.url},
        secrets={"secret": SECRET},
    )
    clock.shift(minutes=5)
    drain()
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert message.account is not None


def test_it_retakes_a_row_whose_worker_died_after_the_lease(
    make_report, sms_account, gateway, clock
):
    from laksa.notify.outbox import LEASE, claim

    clock.at("2026-12-01T09:00")
    report = make_report(contact=PHONE)
    claim(10, now=clock.now())  # a worker took it, then vanished
    assert drain() == 0
    clock.shift(LEASE + timedelta(seconds=1))
    assert drain() == 1
    assert Message.objects.get(report=report).status == MessageStatus.SENT
