from laksa.intake.models import ChannelAccount, InboxMessage
from laksa.notify.models import Attempt, Message
from tests.intake import chat
from tests.intake.facebook.conftest import PSID, as_json, payload, post


def _sent(account: ChannelAccount) -> Message:
    return chat.sent_message(account, PSID, "m_OUT-1")


def test_it_notes_a_delivery_on_the_message(account: ChannelAccount) -> None:
    message = _sent(account)
    response = post(payload("delivery.json"))
    assert as_json(response) == {"accepted": 0, "receipts": 1}
    attempt = Attempt.objects.get(message=message)
    assert attempt.ok and attempt.error == "receipt: delivered"
    assert InboxMessage.objects.count() == 0  # a receipt is never a message


def test_it_leaves_a_watermark_read_alone(account: ChannelAccount) -> None:
    message = _sent(account)
    assert as_json(post(payload("read.json"))) == {"accepted": 0, "receipts": 0}
    assert not Attempt.objects.filter(message=message).exists()
