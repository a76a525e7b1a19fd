"""What a city gives Meta for a WhatsApp account: the callback URL and the verify token's name.
Shown by `laksa channel add` and in the admin; built on LAKSA_BASE_URL."""

from __future__ import annotations

from laksa.intake.accounts import webhook_url
from laksa.intake.models import ChannelAccount


def connection_lines(account: ChannelAccount, base: str = "") -> list[str]:
    url = webhook_url(account, "intake:whatsapp", base)
    return [
        f"Callback URL: {url}",
        "Verify token: the account's secret verify_token; subscribe the `messages` field",
    ]
