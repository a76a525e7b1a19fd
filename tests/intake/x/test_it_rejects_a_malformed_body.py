import json

import pytest

from laksa.intake.models import ChannelAccount, InboxMessage
from tests.intake.x.conftest import as_json, drain, payload, post


def test_it_answers_400_with_a_json_error(account: ChannelAccount) -> None:
    bodies = (
        payload("malformed.json"),
        b"not json",
        b"[]",
        b'{"data": {"payload": {}}}',
        b'{"data": {"event_type": "dm.received"}}',
        b'{"for_user_id": "1400000000000000001", "tweet_create_events": [{"id_str": "7"}]}',
    )
    for body in bodies:
        response = post(body)
        assert response.status_code == 400, body
        error = as_json(response)["errors"][0]
        assert error["code"] == "malformed"
        assert error["message"]
    assert InboxMessage.objects.count() == 0


def test_a_signed_event_of_another_kind_is_answered_200(
    account: ChannelAccount, caplog: pytest.LogCaptureFixture
) -> None:
    """X retries anything but a 2xx, and sends some events without `for_user_id`: the app's
    access revoked (`user_event`) is one, and operators must hear of it."""
    revoke = {
        "user_event": {
            "revoke": {
                "date_time": "2026-12-07T09:00:00.000Z",
                "target": {"app_id": "13090192"},
                "source": {"user_id": "1400000000000000001"},
            }
        }
    }
    for body in (revoke, {}, {"favorite_events": []}):
        response = post(json.dumps(body).encode())
        assert response.status_code == 200, body
        assert as_json(response) == {"accepted": 0, "ignored": 1}
    assert InboxMessage.objects.count() == 0
    revoked = [r for r in caplog.records if "revoked" in r.getMessage()]
    assert len(revoked) == 1 and revoked[0].levelname == "ERROR"


def test_it_refuses_a_dm_without_its_sender(account: ChannelAccount) -> None:
    body = payload("dm_text.json").replace(b'"sender_id"', b'"from_id"')
    response = post(body)
    assert response.status_code == 400
    assert "sender_id" in as_json(response)["errors"][0]["message"]
    assert InboxMessage.objects.count() == 0


def test_it_never_fails_on_odd_types(account: ChannelAccount) -> None:
    """Fields of the wrong type where X's documents leave room are read as absent, not a 500."""
    odd = [
        {"data": {"event_type": "dm.received", "filter": "x", "payload": {"users": []}}},
        {"data": {"event_type": "post.mention.create", "payload": {"id": "5", "author_id": "9",
                  "note_tweet": "?", "referenced_tweets": ["x"]}, "includes": []}},
        {"for_user_id": "1400000000000000001", "tweet_create_events": [{"id_str": "6",
          "user": {"id_str": "9"}, "entities": "?", "extended_tweet": []}]},
        {"for_user_id": "1400000000000000001", "direct_message_events": [{"type": "message_create",
          "id": "7", "message_create": {"sender_id": "9", "message_data": "?"}}]},
    ]  # fmt: skip
    for body in odd:
        response = post(json.dumps(body).encode())
        assert response.status_code == 200, body
    drain()
    kept = InboxMessage.objects.order_by("message_id")
    assert [(row.message_id, row.handled_at is not None) for row in kept] == [
        ("5", True),
        ("7", True),
    ]


def test_it_refuses_words_that_are_not_a_string(account: ChannelAccount) -> None:
    """Stored, the object became its Python repr in the text, and that a report's description."""
    bodies = {
        "message_data.text": payload("dm_text.json").replace(
            b'"text": "', b'"text": {"Barat": 1}, "was": "'
        ),
        "payload.text": payload("activity_mention.json").replace(
            b'"text": "', b'"text": ["Barat"], "was": "'
        ),
    }
    for named, body in bodies.items():
        response = post(body)
        assert response.status_code == 400, named
        assert as_json(response)["errors"][0]["message"] == f"`{named}` must be a string"
    assert InboxMessage.objects.count() == 0
