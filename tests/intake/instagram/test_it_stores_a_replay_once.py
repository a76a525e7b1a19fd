from laksa.intake.models import ChannelAccount, ConversationPiece, InboxMessage
from tests.intake.instagram.conftest import (
    COMMENT_ID,
    COMMENTER,
    IGSID,
    as_json,
    drain,
    payload,
    post,
)


def test_it_stores_a_retried_message_and_comment_once(account: ChannelAccount) -> None:
    for name in ("text.json", "comment.json"):
        assert as_json(post(payload(name)))["accepted"] == 1
        assert as_json(post(payload(name)))["accepted"] == 0
    rows = dict(InboxMessage.objects.values_list("message_id", "sender"))
    assert rows[f"comment:{COMMENT_ID}"] == COMMENTER
    assert sorted(rows.values()) == sorted([IGSID, COMMENTER])
    drain()
    post(payload("comment.json"))
    drain()
    assert InboxMessage.objects.count() == 2
    assert ConversationPiece.objects.count() == 2
