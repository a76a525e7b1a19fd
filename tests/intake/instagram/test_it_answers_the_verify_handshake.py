from typing import Any

from django.test import Client

from laksa.intake.models import ChannelAccount
from tests.intake.instagram.conftest import URL, VERIFY_TOKEN


def test_it_answers_the_raw_challenge(account: ChannelAccount) -> None:
    query = {
        "hub.mode": "subscribe",
        "hub.challenge": "2093458871",
        "hub.verify_token": VERIFY_TOKEN,
    }
    response = Client().get(URL, query)
    assert response.status_code == 200
    assert response.content == b"2093458871"


def test_it_forbids_a_wrong_token_or_mode(account: ChannelAccount) -> None:
    wrong: list[dict[str, Any]] = [
        {"hub.mode": "subscribe", "hub.challenge": "1", "hub.verify_token": "tebakan"},
        {"hub.mode": "unsubscribe", "hub.challenge": "1", "hub.verify_token": VERIFY_TOKEN},
    ]
    for query in wrong:
        response = Client().get(URL, query)
        assert response.status_code == 403
        assert b"1" not in response.content
