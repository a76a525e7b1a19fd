"""A STATUS or INFO is answered once, however often its provider sends it again, before or after
it was handled, and whether SMSD's RunOnReceive and its SQL inbox both see it (a bug of the
first, synchronous SMS doors: each replay was answered again)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from laksa.intake import inbox
from laksa.notify.models import Message
from laksa.reports import actions
from tests.intake.sms.conftest import drain, post_gateway


class Killed(BaseException):
    pass


def _replies(key: str) -> list[Message]:
    """notify's outbox rows answering `key` (status, status_owner, status_unknown for STATUS)."""
    return list(Message.objects.filter(template_key__startswith=key))


def test_it_answers_a_replayed_status_once(gateway_account: Any, make_report: Any) -> None:
    report = make_report(contact=actions.ContactInput(name="Siti", phone="081299990000"))
    Message.objects.all().delete()
    status = {"id": "st-1", "from": "081299990000", "text": f"STATUS {report.code}"}
    post_gateway(status)
    post_gateway(status)
    drain()
    post_gateway(status)
    drain()
    [reply] = _replies("status")
    assert reply.template_key == "status_owner" and reply.recipient == "+6281299990000"
    assert report.code in reply.body


def test_it_answers_a_replayed_info_once(gateway_account: Any) -> None:
    for _ in range(2):
        post_gateway({"id": "in-1", "from": "081234567890", "text": "INFO"})
        drain()
    assert len(_replies("info")) == 1


def test_it_answers_once_when_the_worker_died_after_asking(
    gateway_account: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    post_gateway({"id": "in-2", "from": "081234567890", "text": "info"})
    real_handle = inbox.handle

    def dies_after_asking(*args: Any, **kwargs: Any) -> Any:
        real_handle(*args, **kwargs)
        raise Killed

    monkeypatch.setattr(inbox, "handle", dies_after_asking)
    with pytest.raises(Killed):
        drain()
    assert _replies("info") == []
    monkeypatch.setattr(inbox, "handle", real_handle)
    drain()
    drain()
    assert len(_replies("info")) == 1


def test_it_answers_once_a_status_smsd_hands_over_twice(
    gammu_account: Any, make_report: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """RunOnReceive and the SQL inbox name the message by the same inbox ID."""
    report = make_report(contact=actions.ContactInput(phone="081299990000"))
    Message.objects.all().delete()
    smsd = tmp_path / "smsd.sqlite"
    with sqlite3.connect(smsd) as conn:
        conn.execute(
            'CREATE TABLE inbox ("ID" INTEGER PRIMARY KEY, "SenderNumber" TEXT, "TextDecoded" TEXT,'
            ' "UDH" TEXT, "ReceivingDateTime" TEXT, "Processed" TEXT)'
        )
        conn.execute(
            "INSERT INTO inbox VALUES (5, '081299990000', ?, '', '2026-12-01 09:00:00', 'false')",
            [f"STATUS {report.code}"],
        )
    gammu_account.settings = {"database_url": f"sqlite:///{smsd}"}
    gammu_account.save(update_fields=["settings"])
    monkeypatch.setenv("SMS_MESSAGES", "1")
    monkeypatch.setenv("SMS_1_NUMBER", "081299990000")
    monkeypatch.setenv("SMS_1_TEXT", f"STATUS {report.code}")
    call_command("sms_receive", "--account", "modem", "5")
    call_command("sms_poll_gammu", "--account", "modem")
    drain()
    assert len(_replies("status")) == 1
