"""What a city gives Meta for an Instagram professional account: the callback URL, the verify
token's name and the fields to subscribe (comments too: complaints made as comments on the
city's posts). Shown by `laksa channel add` and in the admin; built on LAKSA_BASE_URL."""

from __future__ import annotations

from laksa.intake.accounts import webhook_url
from laksa.intake.models import ChannelAccount

FIELDS = ("messages", "messaging_postbacks", "message_deliveries", "message_reads", "comments")


def connection_lines(account: ChannelAccount, base: str = "") -> list[str]:
    url = webhook_url(account, "intake:instagram", base)
    return [
        f"Callback URL: {url}",
        "Verify token: the account's secret verify_token",
        f"Subscribe the Instagram account to: {', '.join(FIELDS)}",
    ]
