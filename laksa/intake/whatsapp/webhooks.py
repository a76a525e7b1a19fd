"""What a city gives Meta for a WhatsApp account: the callback URL and the verify token's name.
Shown by `laksa channel add` and in the admin; built on LAKSA_BASE_URL."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from laksa.intake.models import ChannelAccount


def connection_lines(account: ChannelAccount, base: str = "") -> list[str]:
    base = (base or settings.LAKSA_BASE_URL).rstrip("/")
    url = base + reverse("intake:whatsapp", args=[account.name])
    return [
        f"Callback URL: {url}",
        "Verify token: the account's secret verify_token; subscribe the `messages` field",
    ]
