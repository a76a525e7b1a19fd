from laksa.intake.models import ChannelAccount, InboxMessage
from tests.intake.instagram.conftest import payload, post


def test_it_refuses_a_missing_signature(account: ChannelAccount) -> None:
    for name in ("text.json", "comment.json"):
        assert post(payload(name), secret=None).status_code == 401
    assert InboxMessage.objects.count() == 0


def test_it_refuses_a_wrong_signature(account: ChannelAccount) -> None:
    for name in ("text.json", "comment.json"):
        assert post(payload(name), secret="bukan-rahasianya").status_code == 403
    assert InboxMessage.objects.count() == 0
