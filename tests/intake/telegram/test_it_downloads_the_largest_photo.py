"""A photo is fetched from the Bot API (getFile, then /file/bot<token>/<file_path>) and goes
through the photo pipeline; a file Telegram no longer has is skipped, an API that cannot answer
now is tried again later."""

from __future__ import annotations

from typing import Any

import pytest

from laksa.intake.telegram.inbound import MediaUnavailable, fetch_photo, read_update
from tests.images import make_image
from tests.intake.telegram.conftest import update


def test_it_downloads_the_largest_size(bot: Any, bot_api: Any) -> None:
    bot_api.state.files["AgACAgUAAxkBAAMqZ-large"] = make_image(seed=3, size=(800, 600))
    message = read_update(update("photo.json"))
    photo = fetch_photo(bot, message.photo_file_id)
    assert photo is not None and (photo.width, photo.height) == (800, 600)
    assert photo.display.startswith(b"\xff\xd8")  # re-encoded JPEG, metadata stripped
    assert bot_api.state.downloads == ["AgACAgUAAxkBAAMqZ-large"]


def test_it_skips_a_file_telegram_does_not_have(bot: Any, bot_api: Any) -> None:
    assert fetch_photo(bot, "AgACAgUAAxkBAAMqZ-large") is None


def test_it_skips_what_is_not_a_photo(bot: Any, bot_api: Any) -> None:
    bot_api.state.files["not-a-photo"] = b"%PDF-1.4 not an image"
    assert fetch_photo(bot, "not-a-photo") is None


def test_it_tries_again_later_when_the_api_is_busy_or_down(bot: Any, bot_api: Any) -> None:
    bot_api.state.files["f"] = make_image(seed=4)
    for status in (429, 502):
        bot_api.state.fail_with = status
        with pytest.raises(MediaUnavailable):
            fetch_photo(bot, "f")
    bot_api.stop()
    with pytest.raises(MediaUnavailable):
        fetch_photo(bot, "f")
