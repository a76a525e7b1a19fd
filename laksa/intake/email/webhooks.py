"""How mail reaches an e-mail account: Mailgun's route action (the webhook URL), or the IMAP
mailbox the worker polls. Shown by `laksa channel add` and in the admin; built on LAKSA_BASE_URL."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from laksa.intake.models import ChannelAccount, Kind


def connection_lines(account: ChannelAccount, base: str = "") -> list[str]:
    base = (base or settings.LAKSA_BASE_URL).rstrip("/")
    if account.kind == Kind.MAILGUN:
        url = base + reverse("intake:email_mailgun", args=[account.name])
        return [
            f'Mailgun route action: forward("{url}")',
            "signed with the account's signing_key (Mailgun: Sending > Webhooks > signing key)",
        ]
    if account.kind == Kind.IMAP:
        where = f"{account.setting('username')}@{account.setting('host')}"
        folder = account.setting("folder") or "INBOX"
        return [
            f"IMAP {where} {folder}: unread mail read every 3 minutes by the worker",
            f"laksa email-poll --account {account.name}  (once, now)",
        ]
    return []
