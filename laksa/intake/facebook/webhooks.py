"""What a city gives Meta for a Facebook Page account: the callback URL, the verify token's name
and the Page fields to subscribe. Shown by `laksa channel add` and in the admin; built on
LAKSA_BASE_URL. Secrets are never shown: the lines name them."""

from __future__ import annotations

from laksa.intake.accounts import webhook_url
from laksa.intake.models import ChannelAccount

FIELDS = ("messages", "messaging_postbacks", "message_deliveries", "message_reads", "feed")


def connection_lines(account: ChannelAccount, base: str = "") -> list[str]:
    url = webhook_url(account, "intake:facebook", base)
    return [
        f"Callback URL: {url}",
        "Verify token: the account's secret verify_token",
        f"Subscribe the Page to: {', '.join(FIELDS)}",
    ]
