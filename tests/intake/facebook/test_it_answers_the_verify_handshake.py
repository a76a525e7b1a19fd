from typing import Any

from django.test import Client

from laksa.intake.models import ChannelAccount
from tests.intake.facebook.conftest import URL, VERIFY_TOKEN


def test_it_answers_the_raw_challenge(account: ChannelAccount) -> None:
    query = {
        "hub.mode": "subscribe",
        "hub.challenge": "1158201444",
        "hub.verify_token": VERIFY_TOKEN,
    }
    response = Client().get(URL, query)
    assert response.status_code == 200
    assert response.content == b"1158201444"
    assert response["Content-Type"].startswith("text/plain")


def test_it_forbids_a_wrong_token_or_mode(account: ChannelAccount) -> None:
    wrong: list[dict[str, Any]] = [
        {"hub.mode": "subscribe", "hub.challenge": "1", "hub.verify_token": "tebakan"},
        {"hub.mode": "unsubscribe", "hub.challenge": "1", "hub.verify_token": VERIFY_TOKEN},
        {"hub.mode": "subscribe", "hub.challenge": "1"},
    ]
    for query in wrong:
        response = Client().get(URL, query)
        assert response.status_code == 403
        assert b"1" not in response.content


def test_it_knows_no_other_account(account: ChannelAccount) -> None:
    query = {"hub.mode": "subscribe", "hub.challenge": "1", "hub.verify_token": VERIFY_TOKEN}
    assert Client().get("/kanal/facebook/halaman-lain/", query).status_code == 404
