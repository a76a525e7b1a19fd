"""A provider's receipt is one line in the message's attempt log: the same receipt again (the
provider's retry of its webhook) is not a second line, a new status or time is."""

from __future__ import annotations

from datetime import UTC, datetime

from laksa.intake.models import ChannelAccount
from laksa.intake.replies import receipt_received
from laksa.notify.models import Attempt, Message, MessageStatus

AT = datetime(2026, 12, 6, 2, 4, tzinfo=UTC)


def _receipt(account: ChannelAccount, status: str, at: datetime | None, error: str = "") -> None:
    receipt_received.send(
        sender=ChannelAccount,
        account=account,
        provider_message_id="OUT-1",
        status=status,
        at=at,
        error=error,
    )


def _message(sms_account: ChannelAccount) -> Message:
    return Message.objects.create(
        jurisdiction=sms_account.jurisdiction,
        channel="sms",
        account=sms_account,
        recipient="+6281234567890",
        template_key="ack",
        body="Laporan diterima.",
        status=MessageStatus.SENT,
        provider_message_id="OUT-1",
    )


def test_it_notes_a_repeated_receipt_once(sms_account: ChannelAccount) -> None:
    message = _message(sms_account)
    _receipt(sms_account, "delivered", AT)
    _receipt(sms_account, "delivered", AT)
    _receipt(sms_account, "read", AT)
    _receipt(sms_account, "failed", AT, error="131047 Re-engagement message")
    _receipt(sms_account, "failed", AT, error="131047 Re-engagement message")
    log = list(Attempt.objects.filter(message=message).values_list("error", "at", "ok"))
    assert log == [
        ("receipt: delivered", AT, True),
        ("receipt: read", AT, True),
        ("receipt: failed (131047 Re-engagement message)", AT, False),
    ]


def test_it_notes_the_same_status_at_another_time(sms_account: ChannelAccount) -> None:
    message = _message(sms_account)
    _receipt(sms_account, "delivered", AT)
    _receipt(sms_account, "delivered", AT.replace(minute=9))
    assert Attempt.objects.filter(message=message).count() == 2


def test_it_notes_a_receipt_without_a_time_once(sms_account: ChannelAccount) -> None:
    """Without the provider's time a retry cannot be told from a second receipt of the same
    status, which would say nothing new either."""
    message = _message(sms_account)
    _receipt(sms_account, "delivered", None)
    _receipt(sms_account, "delivered", None)
    assert Attempt.objects.filter(message=message).count() == 1
