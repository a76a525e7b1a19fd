from laksa.intake.models import ChannelAccount, ConversationPiece, InboxMessage
from tests.intake.x.conftest import CITIZEN, as_json, drain, payload, post
from tests.intake.x.fake_x import FakeX


def test_it_stores_and_handles_a_retried_dm_once(account: ChannelAccount) -> None:
    first = post(payload("dm_text.json"))
    again = post(payload("dm_text.json"))
    assert first.status_code == again.status_code == 200
    assert as_json(first)["accepted"] == 1
    assert as_json(again)["accepted"] == 0
    row = InboxMessage.objects.get()
    assert (row.message_id, row.sender) == ("1865000000000000101", CITIZEN)
    assert row.payload["kind"] == "dm"
    assert row.payload["name"] == "Siti Rahma"
    drain()
    post(payload("dm_text.json"))
    drain()
    assert InboxMessage.objects.count() == 1
    assert ConversationPiece.objects.count() == 1


def test_it_stores_a_retried_mention_once(x_account: ChannelAccount, fake_x: FakeX) -> None:
    for _ in range(3):
        assert post(payload("mention.json")).status_code == 200
    drain()
    assert InboxMessage.objects.get().message_id == "1865000000000000401"
    assert ConversationPiece.objects.count() == 1
