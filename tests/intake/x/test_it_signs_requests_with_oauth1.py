"""With `consumer_key` and `access_token_secret`, Laksa signs its calls to X with OAuth 1.0a
(a user token that does not expire) instead of sending a bearer."""

from typing import Any
from urllib.parse import quote

import pytest

from laksa.intake.models import ChannelAccount
from laksa.intake.outbound import PermanentError
from laksa.intake.x.auth import oauth1
from laksa.intake.x.outbound import send
from laksa.notify import outbox
from laksa.reports.models import Report
from tests.intake.x.conftest import CITIZEN, Outgoing, drain, payload, post
from tests.intake.x.fake_x import CONSUMER_KEY, TOKEN_SECRET, FakeX


def test_it_makes_the_signature_x_documents() -> None:
    """The worked example of X's "Creating a signature" page (the form body's parameter is
    signed like a query's)."""
    status = quote("Hello Ladies + Gentlemen, a signed OAuth request!", safe="")
    header = oauth1(
        "POST",
        f"https://api.twitter.com/1.1/statuses/update.json?include_entities=true&status={status}",
        consumer_key="xvz1evFS4wEEPTGEFPHBog",
        consumer_secret="kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw",
        token="370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb",
        token_secret="LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE",
        nonce="kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg",
        timestamp=1318622958,
    )
    assert 'oauth_signature="hCtSmYh%2BiHYCEqBWrE7C7hYmtUk%3D"' in header
    assert header.startswith('OAuth oauth_consumer_key="xvz1evFS4wEEPTGEFPHBog", oauth_nonce=')


def test_it_fetches_and_sends_signed(x_account: ChannelAccount, fake_x: FakeX, clock: Any) -> None:
    clock.at("2026-12-06T09:00")
    x_account.settings = {**x_account.settings, "consumer_key": CONSUMER_KEY}
    x_account.secrets = {**x_account.secrets, "access_token_secret": TOKEN_SECRET}
    x_account.save(update_fields=["settings", "secrets"])
    for name in ("dm_text.json", "dm_photo.json", "dm_location.json"):
        post(payload(name))
        drain()
    outbox.drain()
    report = Report.objects.get()
    assert report.photos.count() == 1
    assert fake_x.signed == len(fake_x.requests) == 3  # the photo, "where?", the acknowledgement
    assert [m["to"] for m in fake_x.sent] == [CITIZEN, CITIZEN]


def test_it_is_refused_with_the_wrong_token_secret(
    x_account: ChannelAccount, fake_x: FakeX
) -> None:
    x_account.settings = {**x_account.settings, "consumer_key": CONSUMER_KEY}
    x_account.secrets = {**x_account.secrets, "access_token_secret": "bukan-ini"}
    with pytest.raises(PermanentError) as refused:
        send(Outgoing(CITIZEN, "halo"), x_account)
    assert refused.value.http_status == 401
    assert fake_x.signed == 1 and fake_x.sent == []
