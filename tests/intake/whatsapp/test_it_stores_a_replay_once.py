from laksa.intake.models import ChannelAccount, ConversationPiece, InboxMessage
from tests.intake.whatsapp.conftest import WA_ID, as_json, drain, payload, post


def test_it_stores_and_handles_a_retried_message_once(account: ChannelAccount) -> None:
    first = post(payload("text.json"))
    again = post(payload("text.json"))
    assert first.status_code == again.status_code == 200
    assert as_json(first)["accepted"] == 1
    assert as_json(again)["accepted"] == 0
    row = InboxMessage.objects.get()
    assert row.sender == WA_ID
    assert row.payload["message"]["type"] == "text"
    assert row.payload["name"] == "Siti Rahma"
    drain()
    post(payload("text.json"))
    drain()
    assert InboxMessage.objects.count() == 1
    assert ConversationPiece.objects.count() == 1
