"""Our own messages echoed back, events of a conversation another app holds, and the "like"
sticker are answered 200 and make nothing."""

from laksa.intake.models import ChannelAccount, Conversation, InboxMessage
from laksa.notify.models import Message
from tests.intake.facebook.conftest import as_json, drain, payload, post


def test_it_stores_no_echo_and_no_standby_event(account: ChannelAccount) -> None:
    for name in ("echo.json", "standby.json"):
        response = post(payload(name))
        assert response.status_code == 200
        assert as_json(response) == {"accepted": 0, "receipts": 0}
    assert InboxMessage.objects.count() == 0


def test_it_makes_nothing_of_a_sticker(account: ChannelAccount) -> None:
    assert as_json(post(payload("sticker.json")))["accepted"] == 1
    drain()
    assert InboxMessage.objects.get().outcome == "ignored"
    assert Conversation.objects.count() == 0
    assert Message.objects.count() == 0
