"""What only adds to a message or a receipt (the sender's profile name, a failed receipt's error
list, the receipt's time) is read as absent when it has another type: the rest still counts."""

import json
from typing import Any

from laksa.intake.models import ChannelAccount, InboxMessage
from laksa.notify.models import Attempt, MessageStatus
from tests.intake.whatsapp.conftest import as_json, payload, post, sent_message


def _changed(fixture: str, key: str, **fields: Any) -> bytes:
    data = json.loads(payload(fixture))
    data["entry"][0]["changes"][0]["value"][key][0].update(fields)
    return json.dumps(data).encode()


def test_it_stores_a_message_whose_profile_is_not_an_object(account: ChannelAccount) -> None:
    response = post(_changed("text.json", "contacts", profile="Siti"))
    assert response.status_code == 200 and as_json(response)["accepted"] == 1
    row = InboxMessage.objects.get()
    assert row.payload["name"] == ""
    assert row.text == "Lampu jalan mati sudah tiga hari, gelap sekali"


def test_it_fails_the_message_whose_receipt_errors_are_not_a_list(
    account: ChannelAccount,
) -> None:
    message = sent_message(account)
    response = post(_changed("status_failed.json", "statuses", errors=131047))
    assert response.status_code == 200
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED and message.last_error == "receipt: failed"


def test_it_notes_a_receipt_whose_time_is_out_of_range_at_now(
    account: ChannelAccount, clock: Any
) -> None:
    message = sent_message(account)
    now = clock.at("2026-12-06T09:00")
    for timestamp in ("99999999999999999999", "-99999999999", "kemarin"):
        Attempt.objects.all().delete()
        response = post(_changed("status_delivered.json", "statuses", timestamp=timestamp))
        assert response.status_code == 200, timestamp
        assert Attempt.objects.get(message=message).at == now
