from laksa.intake.models import ChannelAccount, InboxMessage
from laksa.notify.models import Attempt
from tests.intake import chat
from tests.intake.instagram.conftest import IGSID, as_json, payload, post


def test_it_notes_a_read_on_the_message(account: ChannelAccount) -> None:
    message = chat.sent_message(account, IGSID, "m_OUT-1")
    assert as_json(post(payload("read.json"))) == {"accepted": 0, "receipts": 1}
    attempt = Attempt.objects.get(message=message)
    assert attempt.ok and attempt.error == "receipt: read"
    assert InboxMessage.objects.count() == 0
