"""The city's own DMs (its answers, echoed to the webhook), its own posts and retweets of them, and
events for another account on the same webhook are answered 200 and never stored."""

import json

from laksa.intake.models import ChannelAccount, InboxMessage
from tests.intake.x.conftest import as_json, payload, post


def test_it_drops_own_dms_posts_and_retweets(account: ChannelAccount) -> None:
    for name in ("dm_own.json", "tweet_own.json", "retweet.json"):
        response = post(payload(name))
        assert response.status_code == 200, name
        assert as_json(response) == {"accepted": 0, "ignored": 1}, name
    assert InboxMessage.objects.count() == 0


def test_it_drops_an_own_dm_in_the_activity_shape(account: ChannelAccount) -> None:
    data = json.loads(payload("activity_dm_received.json"))
    data["data"]["event_type"] = "dm.sent"
    create = data["data"]["payload"]["direct_message_events"][0]["message_create"]
    create["sender_id"], create["target"]["recipient_id"] = "1400000000000000001", "1"
    assert as_json(post(json.dumps(data).encode())) == {"accepted": 0, "ignored": 1}
    assert InboxMessage.objects.count() == 0


def test_it_drops_a_post_that_does_not_mention_the_city(account: ChannelAccount) -> None:
    data = json.loads(payload("mention.json"))
    data["tweet_create_events"][0]["entities"]["user_mentions"] = []
    assert as_json(post(json.dumps(data).encode())) == {"accepted": 0, "ignored": 1}
    assert InboxMessage.objects.count() == 0


def test_it_drops_another_accounts_events(account: ChannelAccount) -> None:
    for name in ("dm_text.json", "activity_mention.json"):
        body = payload(name).replace(b'"1400000000000000001"', b'"1999999999999999999"')
        assert as_json(post(body))["accepted"] == 0, name
    assert InboxMessage.objects.count() == 0


def test_it_drops_other_events(account: ChannelAccount) -> None:
    favorite = {"for_user_id": "1400000000000000001", "favorite_events": [{"id": "a1"}]}
    follow = {"data": {"event_type": "follow.follow", "filter": {"user_id": "1"}, "payload": {}}}
    for body in (favorite, follow):
        assert post(json.dumps(body).encode()).status_code == 200
    assert InboxMessage.objects.count() == 0
