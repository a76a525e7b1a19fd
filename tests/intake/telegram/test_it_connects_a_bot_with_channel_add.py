"""`laksa channel add telegram NAME bot_token=… secret_token=…` prints the webhook URL and the
setWebhook call (secrets named, never shown); with --register it makes the call."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from laksa.intake.models import ChannelAccount
from tests.intake.telegram.conftest import SECRET
from tests.intake.telegram.fake_bot_api import TOKEN


def add(*words: str, register: bool = False) -> str:
    out = StringIO()
    call_command("channel", "add", *words, register=register, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_it_prints_the_webhook_and_the_setwebhook_call(chat_city: Any, settings: Any) -> None:
    settings.LAKSA_BASE_URL = "https://laksa.kota-uji.go.id"
    out = add("telegram", "bot-kota", f"bot_token={TOKEN}", f"secret_token={SECRET}")
    assert "POST https://laksa.kota-uji.go.id/kanal/telegram/bot-kota/" in out
    assert "X-Telegram-Bot-Api-Secret-Token: <secret_token>" in out
    assert "https://api.telegram.org/bot<bot_token>/setWebhook" in out
    assert TOKEN not in out and SECRET not in out
    account = ChannelAccount.objects.get(name="bot-kota")
    assert account.secrets == {"bot_token": TOKEN, "secret_token": SECRET}


def test_it_registers_the_webhook(chat_city: Any, bot_api: Any, settings: Any) -> None:
    settings.LAKSA_BASE_URL = "https://laksa.kota-uji.go.id"
    out = add(
        "telegram",
        "bot-kota",
        f"bot_token={TOKEN}",
        f"secret_token={SECRET}",
        f"api_base={bot_api.url}",
        register=True,
    )
    assert "Registered: Webhook was set" in out
    assert bot_api.state.webhooks == [
        {
            "url": "https://laksa.kota-uji.go.id/kanal/telegram/bot-kota/",
            "secret_token": SECRET,
            "allowed_updates": ["message"],
        }
    ]


def test_it_says_when_telegram_refuses(chat_city: Any, bot_api: Any) -> None:
    with pytest.raises(CommandError, match=r"setWebhook refused.*Unauthorized"):
        add(
            "telegram",
            "bot-kota",
            "bot_token=salah",
            f"secret_token={SECRET}",
            f"api_base={bot_api.url}",
            register=True,
        )
    assert ChannelAccount.objects.filter(name="bot-kota").exists()
