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


def test_it_refuses_words_that_are_not_a_string(account: ChannelAccount) -> None:
    """Stored, the object became its Python repr in the text, and that a report's description."""
    bodies = {
        "value.text": payload("comment.json").replace(
            b'"text": "', b'"text": {"Barat": 1}, "was": "'
        ),
        "messaging[].message.text": payload("text.json").replace(
            b'"text": "', b'"text": 1, "x": "'
        ),
    }
    for named, body in bodies.items():
        response = post(body)
        assert response.status_code == 400, named
        assert as_json(response)["errors"][0]["message"] == f"`{named}` must be a string"
    assert InboxMessage.objects.count() == 0
