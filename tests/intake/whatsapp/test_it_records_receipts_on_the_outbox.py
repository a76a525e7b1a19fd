from laksa.intake.models import ChannelAccount, InboxMessage
from laksa.notify.models import Attempt, MessageStatus
from tests.intake.whatsapp.conftest import as_json, payload, post, sent_message


def test_it_notes_a_delivery_on_the_message(account: ChannelAccount) -> None:
    message = sent_message(account)
    response = post(payload("status_delivered.json"))
    assert response.status_code == 200
    assert as_json(response) == {"accepted": 0, "receipts": 1}
    attempt = Attempt.objects.get(message=message)
    assert attempt.ok and attempt.error == "receipt: delivered"
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert InboxMessage.objects.count() == 0  # a receipt is never a message


def test_it_fails_the_message_on_a_failed_receipt(account: ChannelAccount) -> None:
    message = sent_message(account)
    post(payload("status_failed.json"))
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    assert "131047" in message.last_error
    assert InboxMessage.objects.count() == 0


def test_it_notes_a_retried_receipt_once(account: ChannelAccount) -> None:
    """Meta retries a webhook it got no 200 for: the same receipt again is no second line."""
    message = sent_message(account)
    for _retry in range(2):
        assert post(payload("status_delivered.json")).status_code == 200
    assert post(payload("status_failed.json")).status_code == 200
    assert post(payload("status_failed.json")).status_code == 200
    notes = list(Attempt.objects.filter(message=message).values_list("error", flat=True))
    assert notes == ["receipt: delivered", "receipt: failed (131047 Re-engagement message)"]


def test_it_leaves_out_a_status_meta_does_not_document(account: ChannelAccount) -> None:
    """200, so Meta does not retry it for days; nothing noted on the message."""
    message = sent_message(account)
    body = payload("status_delivered.json").replace(b'"delivered"', b'"<script>x"')
    response = post(body)
    assert response.status_code == 200
    assert as_json(response) == {"accepted": 0, "receipts": 0}
    assert not Attempt.objects.filter(message=message).exists()
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
