"""What the conversation core is given of each captured update: the chat as the handle, the
update_id as the message id, the text or caption, the largest photo fetched and processed, the
pin, the sender's name and language."""

from __future__ import annotations

from typing import Any

from laksa.intake.conversations import Piece
from laksa.intake.telegram.inbound import piece_of, read_update
from tests.images import make_image
from tests.intake.telegram.conftest import CHAT, update


def test_it_reads_a_text_into_a_piece(bot: Any) -> None:
    piece = piece_of(bot, read_update(update("text.json")))
    assert piece == Piece(
        handle=CHAT,
        message_id="871234501",
        text="Lampu jalan mati sudah tiga malam, gelap sekali",
        name="Siti Rahma",
        language="id",
    )


def test_it_reads_a_photo_into_a_piece_with_the_photo(bot: Any, bot_api: Any) -> None:
    bot_api.state.files["AgACAgUAAxkBAAMqZ-large"] = make_image(seed=5, size=(800, 600))
    piece = piece_of(bot, read_update(update("photo.json")))
    assert (piece.message_id, piece.text, piece.point) == ("871234502", "ini fotonya", None)
    [photo] = piece.photos
    assert (photo.width, photo.height) == (800, 600)


def test_it_reads_a_location_into_a_piece_with_the_point(bot: Any) -> None:
    piece = piece_of(bot, read_update(update("location.json")))
    assert (piece.handle, piece.text, piece.point, piece.photos) == (
        CHAT,
        "",
        (-6.175, 106.625),
        (),
    )


def test_it_keeps_the_status_command_for_the_core(bot: Any) -> None:
    assert piece_of(bot, read_update(update("status.json"))).text == "/status uji-2612-1"
    other = update("text.json")
    other["message"]["text"] = "/lapor jalan berlubang"
    assert piece_of(bot, read_update(other)).text == "jalan berlubang"
