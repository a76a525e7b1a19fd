"""How a provider reaches an SMS account: the URL (with Kannel's escape codes), the header, or
the smsdrc line. Shown by `laksa channel add` and in the admin; built on LAKSA_BASE_URL."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from laksa.intake.models import ChannelAccount, Kind
from laksa.intake.sms.inbound import SIGNATURE_HEADER

KANNEL_ESCAPES = "from=%p&to=%P&text=%a&id=%I&ts=%T&charset=%C&coding=%c&udh=%u&smsc=%i"


def connection_lines(account: ChannelAccount, base: str = "") -> list[str]:
    base = (base or settings.LAKSA_BASE_URL).rstrip("/")
    if account.kind == Kind.KANNEL:
        url = base + reverse("intake:sms-kannel", args=[account.name])
        return [f'get-url = "{url}?token={account.webhook_token}&{KANNEL_ESCAPES}"']
    if account.kind == Kind.SMS_GATEWAY:
        url = base + reverse("intake:sms-gateway", args=[account.name])
        return [
            f"POST {url}",
            f"{SIGNATURE_HEADER}: sha256=<hex HMAC-SHA256 of the body, key: the secret>",
        ]
    if account.kind == Kind.GAMMU:
        lines = [f"RunOnReceive = laksa sms-receive --account {account.name}"]
        if account.setting("database_url"):
            lines.append(f"laksa sms-poll-gammu --account {account.name}  (SQL inbox)")
        return lines
    return []
