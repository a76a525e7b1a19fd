from laksa.intake.models import ChannelAccount, InboxMessage
from tests.intake.instagram.conftest import as_json, payload, post


def test_it_answers_400_with_a_json_error(account: ChannelAccount) -> None:
    bodies = (
        payload("malformed.json"),
        b"[1, 2]",
        b'{"object": "instagram", "entry": [{"changes": {"field": "comments"}}]}',
        payload("comment.json").replace(b'"object": "instagram"', b'"object": "page"'),
    )
    for body in bodies:
        response = post(body)
        assert response.status_code == 400, body
        assert as_json(response)["errors"][0]["code"] == "malformed"
    assert InboxMessage.objects.count() == 0


def test_it_says_what_is_missing(account: ChannelAccount) -> None:
    message = as_json(post(payload("malformed.json")))["errors"][0]["message"]
    assert message == "`value.id` (the comment's id) is required"
