from laksa.intake.models import ChannelAccount, InboxMessage
from tests.intake.instagram.conftest import IG_USER_ID, as_json, payload, post


def test_it_stores_no_echo_and_no_comment_of_the_city(account: ChannelAccount) -> None:
    for name in ("echo.json", "own_comment.json"):
        response = post(payload(name))
        assert response.status_code == 200
        assert as_json(response) == {"accepted": 0, "receipts": 0}
    assert InboxMessage.objects.count() == 0


def test_it_knows_the_city_by_its_setting_too(account: ChannelAccount) -> None:
    # The webhook's entry names the account's Page; the commenter is its Instagram account.
    account.settings = {"ig_user_id": "9876543210987654", "page_id": "17841400000000000"}
    account.save(update_fields=["settings"])
    body = payload("comment.json").replace(IG_USER_ID.encode(), b"17841400000000000")
    assert as_json(post(body)) == {"accepted": 0, "receipts": 0}  # not stored, not "another"
