from laksa.intake.models import ChannelAccount, InboxMessage
from laksa.notify.models import Attempt, Message, MessageStatus
from tests.intake.instagram.conftest import IGSID, as_json, payload, post


def test_it_notes_a_read_on_the_message(account: ChannelAccount) -> None:
    message = Message.objects.create(
        jurisdiction=account.jurisdiction,
        channel="instagram",
        account=account,
        recipient=IGSID,
        template_key="ack",
        body="Laporan UJI-2612-00001 diterima.",
        status=MessageStatus.SENT,
        provider_message_id="m_OUT-1",
    )
    assert as_json(post(payload("read.json"))) == {"accepted": 0, "receipts": 1}
    attempt = Attempt.objects.get(message=message)
    assert attempt.ok and attempt.error == "receipt: read"
    assert InboxMessage.objects.count() == 0
