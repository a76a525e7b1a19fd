"""What a city gives X for its account: the webhook URL to register, how the CRC is answered,
and which events to subscribe. Shown by `laksa channel add` and in the admin; built on
LAKSA_BASE_URL. Secrets are never shown: the lines name them."""

from __future__ import annotations

from laksa.intake import accounts
from laksa.intake.models import ChannelAccount, Kind
from laksa.intake.x.auth import api_base
from laksa.intake.x.inbound import SIGNATURE_HEADER, city_id


def webhook_url(account: ChannelAccount, base: str = "") -> str:
    return accounts.webhook_url(account, "intake:x", base)


def connection_lines(account: ChannelAccount, base: str = "") -> list[str]:
    if account.kind != Kind.X:
        return []
    url = webhook_url(account, base)
    api = api_base(account)
    user = city_id(account) or "<user_id>"
    return [
        f"Webhook URL: {url}",
        f'Register: POST {api}/2/webhooks {{"url": "{url}"}} (the app\'s bearer token)',
        "CRC: GET ?crc_token=… is answered with sha256=<base64 HMAC-SHA256, key: consumer_secret>;"
        f" events are checked against {SIGNATURE_HEADER}",
        f"Subscribe the city's account ({user}): Account Activity "
        f"POST {api}/2/account_activity/webhooks/<webhook_id>/subscriptions/all (its user token),"
        " or X Activity subscriptions dm.received and post.mention.create filtered on user_id",
    ]
