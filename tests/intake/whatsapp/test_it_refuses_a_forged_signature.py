from laksa.intake.models import ChannelAccount, InboxMessage
from tests.intake.whatsapp.conftest import payload, post


def test_it_refuses_a_missing_signature(account: ChannelAccount) -> None:
    response = post(payload("text.json"), secret=None)
    assert response.status_code == 401
    assert InboxMessage.objects.count() == 0


def test_it_refuses_a_wrong_signature(account: ChannelAccount) -> None:
    response = post(payload("text.json"), secret="bukan-rahasianya")
    assert response.status_code == 403
    assert InboxMessage.objects.count() == 0


def test_it_refuses_a_signature_of_another_body(account: ChannelAccount) -> None:
    from laksa.intake.meta import sign
    from tests.intake.whatsapp.conftest import APP_SECRET

    response = post(payload("text.json"), signature=sign(APP_SECRET, payload("image.json")))
    assert response.status_code == 403
    assert InboxMessage.objects.count() == 0
