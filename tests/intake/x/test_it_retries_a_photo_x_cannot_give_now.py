"""A DM photo X cannot give now (5xx) leaves the row to be tried again; one it no longer has
(404) is skipped and the text still counts."""

import json
from typing import Any

from laksa.intake.inbox import handle_pending
from laksa.intake.models import ChannelAccount, Conversation, ConversationPhoto, InboxMessage
from tests.intake.x.conftest import drain, payload, post
from tests.intake.x.fake_x import FakeX


def test_it_tries_the_row_again_later(x_account: ChannelAccount, fake_x: FakeX, clock: Any) -> None:
    clock.at("2026-12-06T09:00")
    fake_x.media_status = 503
    post(payload("dm_photo.json"))
    drain()
    row = InboxMessage.objects.get()
    assert row.handled_at is None and row.attempts == 1
    assert "MediaUnavailable" in row.last_error
    fake_x.media_status = 200
    clock.shift(minutes=5)
    assert handle_pending() == 1
    row.refresh_from_db()
    assert row.outcome == "asked"
    assert ConversationPhoto.objects.count() == 1


def test_it_skips_a_photo_x_no_longer_has(
    x_account: ChannelAccount, fake_x: FakeX, clock: Any
) -> None:
    clock.at("2026-12-06T09:00")
    fake_x.media_status = 404
    data = json.loads(payload("dm_photo.json"))
    data["direct_message_events"][0]["message_create"]["message_data"]["text"] += " Got besar"
    post(json.dumps(data).encode())
    drain()
    row = InboxMessage.objects.get()
    assert row.outcome == "asked"
    assert ConversationPhoto.objects.count() == 0
    assert Conversation.objects.get().text == "Got besar"
