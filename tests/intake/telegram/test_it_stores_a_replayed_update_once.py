"""Telegram retries an update until it gets a 2xx: the same update_id again is the same inbox
row."""

from __future__ import annotations

from typing import Any

from laksa.intake.models import InboxMessage
from tests.intake.telegram.conftest import CHAT, post_update, update


def test_it_stores_a_replayed_update_once(bot: Any) -> None:
    for _ in range(3):
        response = post_update(update("text.json"))
        assert response.status_code == 200 and response.json() == {"accepted": True}
    row = InboxMessage.objects.get()
    assert (row.account, row.message_id, row.sender) == (bot, "871234501", CHAT)


def test_it_stores_each_update_of_a_chat(bot: Any) -> None:
    for name in ("start.json", "text.json", "photo.json", "location.json"):
        assert post_update(update(name)).status_code == 200
    assert sorted(InboxMessage.objects.values_list("message_id", flat=True)) == [
        "871234500",
        "871234501",
        "871234502",
        "871234503",
    ]
