"""`laksa channel add KIND NAME key=value ...`, `laksa channel list`, `laksa channel remove NAME`:
secrets by name go to the account's secrets and are never printed; `add` prints how the provider
reaches the account."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from laksa.intake.models import ChannelAccount


def test_it_adds_an_account_and_prints_its_webhook(city: Any, capsys: Any, settings: Any) -> None:
    settings.LAKSA_BASE_URL = "https://lapor.example.go.id"
    call_command(
        "channel", "add", "sms-gateway", "sms-utama", "send_url=http://127.0.0.1:9/kirim",
        "sender=LAKSA", "secret=sangat-rahasia-42", "smtp_password=pw-9",
    )  # fmt: skip
    out, err = capsys.readouterr()
    account = ChannelAccount.objects.get()
    assert account.settings == {"send_url": "http://127.0.0.1:9/kirim", "sender": "LAKSA"}
    assert account.secrets == {"secret": "sangat-rahasia-42", "smtp_password": "pw-9"}
    assert "POST https://lapor.example.go.id/kanal/sms/gateway/sms-utama/" in out
    assert "X-Laksa-Signature" in out
    assert "sangat-rahasia-42" not in out + err and "pw-9" not in out + err


def test_it_prints_kannels_get_url_and_gammus_smsdrc_line(city: Any, capsys: Any) -> None:
    call_command("channel", "add", "kannel", "kannel-1", "username=laksa", "password=pw")
    account = ChannelAccount.objects.get(name="kannel-1")
    out = capsys.readouterr().out
    assert f"/kanal/sms/kannel/kannel-1/?token={account.webhook_token}&from=%p" in out
    assert account.secrets == {"password": "pw"}
    call_command("channel", "add", "gammu", "modem", "database_url=sqlite:///var/smsd.db")
    out = capsys.readouterr().out
    assert "RunOnReceive = laksa sms-receive --account modem" in out


def test_it_lists_accounts_without_their_secrets(city: Any, capsys: Any) -> None:
    call_command(
        "channel", "add", "sms-gateway", "sms-utama", "secret=sangat-rahasia-42", "sender=X"
    )
    capsys.readouterr()
    call_command("channel", "list")
    out = capsys.readouterr().out
    assert "sms-utama\tsms-gateway\tactive\tsecrets: secret\tsettings: sender" in out
    assert "sangat-rahasia-42" not in out


def test_it_removes_an_account(city: Any, capsys: Any) -> None:
    call_command("channel", "add", "gammu", "modem")
    call_command("channel", "remove", "modem")
    assert not ChannelAccount.objects.exists()
    with pytest.raises(CommandError, match="No channel account"):
        call_command("channel", "remove", "modem")


@pytest.mark.parametrize(
    ("words", "message"),
    [
        (["add", "fax", "x"], "Unknown kind"),
        (["add", "gammu"], "kind and the name"),
        (["add", "gammu", "nama dengan spasi"], "letters, digits"),
        (["add", "gammu", "modem", "tanpa-sama-dengan"], "key=value"),
        (["remove"], "NAME"),
    ],
)
def test_it_refuses_what_it_cannot_do(city: Any, words: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("channel", *words)
    assert not ChannelAccount.objects.exists()


def test_it_refuses_a_name_in_use(city: Any) -> None:
    call_command("channel", "add", "gammu", "modem")
    with pytest.raises(CommandError, match="exists already"):
        call_command("channel", "add", "kannel", "modem")
