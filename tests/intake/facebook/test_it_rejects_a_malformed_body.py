from laksa.intake.models import ChannelAccount, InboxMessage
from tests.intake.facebook.conftest import as_json, payload, post


def test_it_answers_400_with_a_json_error(account: ChannelAccount) -> None:
    bodies = (
        payload("malformed.json"),
        b"not json",
        b'{"object": "page", "entry": {"id": "1"}}',
        b'{"object": "page", "entry": [{"messaging": [{"message": {"mid": "m_1"}}]}]}',
        payload("text.json").replace(b'"object": "page"', b'"object": "instagram"'),
        payload("image.json").replace(b'"attachments": [', b'"attachments": ["foto", '),
    )
    for body in bodies:
        response = post(body)
        assert response.status_code == 400, body
        error = as_json(response)["errors"][0]
        assert error["code"] == "malformed"
        assert error["message"]
    assert InboxMessage.objects.count() == 0


def test_it_says_what_is_missing(account: ChannelAccount) -> None:
    response = post(payload("malformed.json"))
    assert as_json(response)["errors"][0]["message"] == "`message.mid` is required"


def test_it_refuses_words_that_are_not_a_string(account: ChannelAccount) -> None:
    """Stored, the object became its Python repr in the text, and that a report's description."""
    bodies = {
        "messaging[].message.text": payload("text.json").replace(
            b'"text": "', b'"text": {"Barat": 1}, "was": "'
        ),
        "messaging[].message.title": payload("postback.json").replace(
            b'"title": "Lapor masalah"', b'"title": ["Lapor masalah"]'
        ),
        "value.message": payload("comment.json").replace(b'"message": "', b'"message": 5, "x": "'),
    }
    for named, body in bodies.items():
        response = post(body)
        assert response.status_code == 400, named
        assert as_json(response)["errors"][0]["message"] == f"`{named}` must be a string"
    assert InboxMessage.objects.count() == 0
