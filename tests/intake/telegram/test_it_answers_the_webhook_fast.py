"""The webhook only stores: a few queries, no call to the Bot API (the photo is fetched by the
worker), whatever the update carries."""

from __future__ import annotations

from typing import Any

from laksa.intake.models import InboxMessage
from tests.intake.telegram.conftest import post_update, update


def test_it_stores_a_photo_update_without_fetching_it(
    bot: Any, bot_api: Any, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(4):
        assert post_update(update("photo.json")).status_code == 200
    assert bot_api.state.downloads == [] and bot_api.sent == []
    row = InboxMessage.objects.get()
    assert row.payload == update("photo.json") and row.handled_at is None
