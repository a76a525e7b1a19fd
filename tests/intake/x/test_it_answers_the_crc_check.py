"""X's CRC: GET ?crc_token= is answered with the token's HMAC-SHA256 under the consumer secret,
base64, as JSON `response_token` (computed here independently of the code under test)."""

import base64
import hashlib
import hmac

from django.test import Client

from laksa.intake.models import ChannelAccount
from tests.intake.x.conftest import CONSUMER_SECRET, URL, as_json


def test_it_answers_the_response_token(account: ChannelAccount) -> None:
    token = "Zm9vYmFyLWNyYy10b2tlbi0xMjM0NQ"
    mac = hmac.new(CONSUMER_SECRET.encode(), token.encode(), hashlib.sha256).digest()
    response = Client().get(URL, {"crc_token": token})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert as_json(response) == {"response_token": "sha256=" + base64.b64encode(mac).decode()}


def test_it_refuses_a_check_without_a_token(account: ChannelAccount) -> None:
    response = Client().get(URL)
    assert response.status_code == 400
    assert as_json(response)["errors"][0]["field"] == "crc_token"


def test_it_cannot_answer_without_the_consumer_secret(account: ChannelAccount) -> None:
    account.secrets = {"access_token": "x"}
    account.save(update_fields=["secrets"])
    assert Client().get(URL, {"crc_token": "abc"}).status_code == 403


def test_it_knows_no_other_account(account: ChannelAccount) -> None:
    assert Client().get("/kanal/x/lain/", {"crc_token": "abc"}).status_code == 404
