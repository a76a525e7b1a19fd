"""Edited messages, callbacks, channel posts, group chats and bots are answered 200 (Telegram
would retry anything else) and stored nowhere."""

from __future__ import annotations

from typing import Any

from laksa.intake.models import InboxMessage
from laksa.intake.telegram.inbound import handle, read_update
from tests.intake.telegram.conftest import post_update, update


def test_it_ignores_an_edited_message(bot: Any, asked_only: Any) -> None:
    response = post_update(update("edited_message.json"))
    assert response.status_code == 200
    assert response.json() == {"accepted": False, "ignored": "edited_message"}
    assert not InboxMessage.objects.exists() and asked_only == []


def test_it_ignores_other_update_kinds_groups_and_bots(bot: Any) -> None:
    group = update("text.json")
    group["message"]["chat"] = {"id": -100123, "type": "supergroup", "title": "Warga"}
    from_bot = update("text.json")
    from_bot["message"]["from"]["is_bot"] = True
    callback = {"update_id": 7, "callback_query": {"id": "1", "data": "x"}}
    for body in (group, from_bot, callback, {"update_id": 8}):
        assert post_update(body).status_code == 200
    assert not InboxMessage.objects.exists()


def test_it_ignores_them_in_the_worker_too(bot: Any, asked_only: Any) -> None:
    outcome = handle(bot, read_update(update("edited_message.json")))
    assert outcome.kind == "ignored" and outcome.report is None and asked_only == []
