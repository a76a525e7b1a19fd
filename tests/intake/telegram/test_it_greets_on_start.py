"""`/start`, through the webhook, the inbox and the outbox, gets the greeting in the chat once
(how to report by chat, not the SMS keywords)."""

from __future__ import annotations

from typing import Any

from laksa.intake.inbox import handle_pending
from laksa.notify import outbox
from tests.intake.telegram.conftest import CHAT, post_update, update


def test_it_sends_the_greeting_once(bot: Any, bot_api: Any, settings: Any) -> None:
    for _ in range(2):
        assert post_update(update("start.json")).status_code == 200
        handle_pending(limit=10)
        outbox.drain(threads=1)
    [greeting] = bot_api.sent
    assert greeting["chat_id"] == CHAT
    assert "STATUS <kode>" in greeting["text"] and "share location" in greeting["text"]
    assert "LAPOR" not in greeting["text"]
