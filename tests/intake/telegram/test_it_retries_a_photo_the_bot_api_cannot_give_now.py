"""A photo the Bot API cannot give now (502, 429, no connection) leaves the update in the inbox,
tried again with backoff; once the API answers, the piece is taken with its photo."""

from __future__ import annotations

from typing import Any

from laksa.intake.inbox import handle_pending
from laksa.intake.models import Conversation, InboxMessage
from tests.images import make_image
from tests.intake.telegram.conftest import post_update, update


def test_it_retries_the_update_until_the_photo_comes(bot: Any, bot_api: Any, clock: Any) -> None:
    clock.at("2026-12-01T09:00")
    bot_api.state.files["AgACAgUAAxkBAAMqZ-large"] = make_image(seed=9)
    bot_api.state.fail_with = 502
    assert post_update(update("photo.json")).status_code == 200
    assert handle_pending(limit=10) == 0
    row = InboxMessage.objects.get()
    assert row.handled_at is None and row.attempts == 1
    assert "MediaUnavailable" in row.last_error and not Conversation.objects.exists()

    bot_api.state.fail_with = 0
    clock.shift(minutes=1)
    assert handle_pending(limit=10) == 1
    row.refresh_from_db()
    assert row.outcome == "asked" and row.handled_at is not None
    assert Conversation.objects.get().photos.count() == 1
