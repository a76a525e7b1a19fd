"""Each captured update read into what the bot acts on: the chat, the text or caption, the
largest photo, the pin, the sender's name and language, and the commands."""

from __future__ import annotations

from typing import Any

from laksa.intake.models import InboxMessage
from laksa.intake.telegram.inbound import Message, read_update
from tests.intake.telegram.conftest import CHAT, post_update, update


def test_it_reads_a_text_message() -> None:
    message = read_update(update("text.json"))
    assert message == Message(
        update_id=871234501,
        kind="message",
        chat_id=CHAT,
        message_id="41",
        text="Lampu jalan mati sudah tiga malam, gelap sekali",
        name="Siti Rahma",
        language="id",
    )
    assert message.handled and message.command() is None


def test_it_reads_the_largest_photo_and_its_caption() -> None:
    message = read_update(update("photo.json"))
    assert message.photo_file_id == "AgACAgUAAxkBAAMqZ-large"
    assert message.text == "ini fotonya" and message.point is None


def test_it_reads_a_location_pin() -> None:
    message = read_update(update("location.json"))
    assert message.point == (-6.175, 106.625) and message.text == ""


def test_it_reads_the_commands() -> None:
    assert read_update(update("start.json")).command() == ("start", "")
    assert read_update(update("status.json")).command() == ("status", "uji-2612-1")
    addressed = update("start.json")
    addressed["message"]["text"] = "/Status@LaksaKotaBot UJI-2612-00001"
    assert read_update(addressed).command() == ("status", "UJI-2612-00001")


def test_it_reads_a_shared_contact_only_when_it_is_the_senders_own() -> None:
    own = update("text.json")
    own["message"]["contact"] = {"phone_number": "+6281234567890", "user_id": 5123456789}
    assert read_update(own).phone == "+6281234567890"
    other = update("text.json")
    other["message"]["contact"] = {"phone_number": "+6281111111111", "user_id": 42}
    assert read_update(other).phone == ""


def test_it_reads_fields_of_another_type_as_absent() -> None:
    odd = update("photo.json")
    odd["message"]["photo"] = 5
    odd["message"]["chat"]["id"] = {"id": 1}
    odd["message"]["from"]["language_code"] = ["id"]
    message = read_update(odd)
    assert message.photo_file_id == "" and message.text == "ini fotonya"
    assert message.chat_id == "" and message.language == "" and not message.handled
    sizes = update("photo.json")
    sizes["message"]["photo"] = [{"file_id": {"x": 1}, "width": 9000, "height": 9000}]
    assert read_update(sizes).photo_file_id == ""


def test_it_stores_an_update_whose_photo_is_of_another_type(bot: Any) -> None:
    odd = update("photo.json")
    odd["message"]["photo"] = 5
    response = post_update(odd)
    assert response.status_code == 200 and response.json() == {"accepted": True}
    assert InboxMessage.objects.get().text == "ini fotonya"


def test_it_reads_an_edit_as_an_edit() -> None:
    message = read_update(update("edited_message.json"))
    assert message.kind == "edited_message" and not message.handled
