import json
from typing import Any

import pytest

from laksa.intake.models import ChannelAccount, InboxMessage
from tests.intake.whatsapp.conftest import as_json, payload, post


def test_it_answers_400_with_a_json_error(account: ChannelAccount) -> None:
    for body in (payload("malformed.json"), b"not json", b'{"entry": [{"changes": [{}]}]}'):
        response = post(body)
        assert response.status_code == 400
        assert as_json(response)["errors"][0]["code"] == "malformed"
    assert InboxMessage.objects.count() == 0


def test_it_refuses_a_message_without_an_id(account: ChannelAccount) -> None:
    body = payload("text.json").replace(b'"id": "wamid.', b'"mid": "wamid.')
    assert post(body).status_code == 400
    assert InboxMessage.objects.count() == 0


def _with_message(fixture: str, **fields: Any) -> bytes:
    """A captured payload with fields of its one message replaced."""
    data = json.loads(payload(fixture))
    data["entry"][0]["changes"][0]["value"]["messages"][0].update(fields)
    return json.dumps(data).encode()


@pytest.mark.parametrize(
    ("fixture", "fields", "named"),
    [
        ("text.json", {"text": "Lampu mati"}, "`messages[].text` must be an object"),
        ("text.json", {"text": {"body": {"Barat": 1}}}, "`text.body` must be a string"),
        ("image.json", {"image": "media-id"}, "`messages[].image` must be an object"),
        ("image.json", {"image": {"id": 7}}, "`image.id` must be a string"),
        ("interactive.json", {"interactive": "x"}, "`messages[].interactive` must be an object"),
        (
            "interactive.json",
            {"interactive": {"type": "button_reply", "button_reply": {"title": ["Barat"]}}},
            "`interactive.button_reply.title` must be a string",
        ),
        ("text.json", {"type": "button", "button": ["x"]}, "`messages[].button` must be an object"),
        ("text.json", {"type": 5}, "`messages[].type` must be a string"),
    ],
    ids=["text", "text-body", "image", "image-id", "interactive", "title", "button", "type"],
)
def test_it_refuses_a_message_field_of_another_type(
    account: ChannelAccount, fixture: str, fields: dict[str, Any], named: str
) -> None:
    """Stored, a wrong type became a Python repr in the text (and a report's description), or a
    500 when read."""
    response = post(_with_message(fixture, **fields))
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    error = as_json(response)["errors"][0]
    assert error["code"] == "malformed" and named in error["message"]
    assert InboxMessage.objects.count() == 0
