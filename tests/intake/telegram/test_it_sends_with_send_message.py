"""Replies go out with sendMessage to the chat the citizen wrote from. A chat that blocked the
bot (403) or does not exist (400) is a permanent failure; 429 and 5xx are tried again."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

import pytest

from laksa.intake.outbound import PermanentError, TemporaryError, sender_for
from tests.intake.telegram.conftest import CHAT


@dataclass
class Outgoing:
    recipient: str
    body: str
    subject: str = ""
    send_key: uuid.UUID = field(default_factory=uuid.uuid4)


def test_it_sends_the_text_to_the_chat(bot: Any, bot_api: Any) -> None:
    sent = sender_for("telegram")(Outgoing(CHAT, "Laporan UJI-2612-00001 diterima."), bot)
    assert bot_api.sent == [{"chat_id": CHAT, "text": "Laporan UJI-2612-00001 diterima."}]
    assert sent.provider_message_id == "1001" and sent.http_status == 200


def test_it_gives_up_on_a_chat_that_blocked_the_bot(bot: Any, bot_api: Any) -> None:
    bot_api.state.blocked_chats.add(CHAT)
    with pytest.raises(PermanentError) as blocked:
        sender_for("telegram")(Outgoing(CHAT, "Halo"), bot)
    assert blocked.value.http_status == 403 and "blocked" in str(blocked.value)
    with pytest.raises(PermanentError):
        sender_for("telegram")(Outgoing(CHAT, "   "), bot)  # 400: empty text
    assert bot_api.sent == []


def test_it_tries_again_when_telegram_is_busy_or_down(bot: Any, bot_api: Any) -> None:
    for status in (429, 502):
        bot_api.state.fail_with = status
        with pytest.raises(TemporaryError) as busy:
            sender_for("telegram")(Outgoing(CHAT, "Halo"), bot)
        assert busy.value.http_status == status
    bot_api.stop()
    with pytest.raises(TemporaryError):
        sender_for("telegram")(Outgoing(CHAT, "Halo"), bot)


def test_it_needs_the_bot_token(bot: Any) -> None:
    bot.secrets = {}
    with pytest.raises(PermanentError):
        sender_for("telegram")(Outgoing(CHAT, "Halo"), bot)
