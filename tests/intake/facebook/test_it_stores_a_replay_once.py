from laksa.intake.models import ChannelAccount, ConversationPiece, InboxMessage
from tests.intake.facebook.conftest import PSID, as_json, drain, payload, post


def test_it_stores_and_handles_a_retried_message_once(account: ChannelAccount) -> None:
    first = post(payload("text.json"))
    again = post(payload("text.json"))
    assert first.status_code == again.status_code == 200
    assert as_json(first) == {"accepted": 1, "receipts": 0}
    assert as_json(again)["accepted"] == 0
    row = InboxMessage.objects.get()
    assert (row.sender, row.message_id) == (PSID, "m_AbCdEfText01-lampu")
    assert row.text == "Lampu jalan mati sudah tiga hari, gelap sekali"
    drain()
    post(payload("text.json"))
    drain()
    assert InboxMessage.objects.count() == 1
    assert ConversationPiece.objects.count() == 1
