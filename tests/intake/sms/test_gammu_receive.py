"""`laksa sms-receive --account NAME`, as Gammu SMSD's RunOnReceive runs it with the message in
its environment: the message is stored in the inbox and the command exits; the drain makes the
report."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from laksa.intake.models import InboxMessage
from laksa.reports.models import Report
from tests.intake.sms.conftest import drain, gammu_env


def _environment(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    for key in ("SMS_MESSAGES", "DECODED_PARTS", "SMS_1_TEXT", "SMS_2_TEXT", "DECODED_1_TEXT"):
        monkeypatch.delenv(key, raising=False)
    for key, value in gammu_env(name).items():
        monkeypatch.setenv(key, value)


def test_it_makes_a_report_of_a_long_message(
    gammu_account: Any, west: Any, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    _environment(monkeypatch, "gammu_env_concatenated.env")
    call_command("sms_receive", "--account", "modem", "12", "13")
    assert capsys.readouterr().out.strip() == "accepted 12"
    assert InboxMessage.objects.get().message_id == "12" and not Report.objects.exists()
    drain()
    report = Report.objects.get()
    assert report.description.endswith("sebelum ada korban lagi.")
    assert report.kelurahan_id == west.pk and report.contact.phone == "+6281234567890"
    assert report.idempotency_key == "modem:12"


def test_it_asks_for_the_info_reply(
    gammu_account: Any, monkeypatch: pytest.MonkeyPatch, replies: Any
) -> None:
    _environment(monkeypatch, "gammu_env_single.env")
    call_command("sms_receive", "--account", "modem", "IN20261201_090000_00_+6281234567890_00.txt")
    assert replies == []
    drain()
    assert [(r["key"], r["to"]) for r in replies] == [("info", "+6281234567890")]
    assert not Report.objects.exists()


def test_it_refuses_an_unknown_account(
    gammu_account: Any, kannel_account: Any, monkeypatch: Any
) -> None:
    _environment(monkeypatch, "gammu_env_single.env")
    for name in ("tidak-ada", "kannel"):
        with pytest.raises(CommandError, match="No active Gammu account"):
            call_command("sms_receive", "--account", name)
    assert not InboxMessage.objects.exists()
