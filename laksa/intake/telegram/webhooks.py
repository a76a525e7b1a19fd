"""How Telegram reaches a bot account: the webhook URL, and the setWebhook call that gives it to
Telegram with the secret token (`laksa channel add telegram ... --register` makes the call).
Shown by `laksa channel add` and in the admin; built on LAKSA_BASE_URL. Secrets are never shown:
the lines name them."""

from __future__ import annotations

import requests

from laksa.intake import accounts
from laksa.intake.models import ChannelAccount, Kind
from laksa.intake.outbound import TIMEOUT, session
from laksa.intake.telegram.inbound import SECRET_HEADER, api_base

ALLOWED_UPDATES = ["message"]


class RegisterError(RuntimeError):
    """setWebhook failed; the message says Telegram's reason."""


def webhook_url(account: ChannelAccount, base: str = "") -> str:
    return accounts.webhook_url(account, "intake:telegram-webhook", base)


def connection_lines(account: ChannelAccount, base: str = "") -> list[str]:
    if account.kind != Kind.TELEGRAM:
        return []
    url = webhook_url(account, base)
    return [
        f"POST {url}",
        f"{SECRET_HEADER}: <secret_token>",
        f"setWebhook: curl -F url={url} -F secret_token=<secret_token> "
        f"-F 'allowed_updates=[\"message\"]' {api_base(account)}/bot<bot_token>/setWebhook",
    ]


def register(account: ChannelAccount, base: str = "") -> str:
    """Call setWebhook with the account's URL and secret token; returns Telegram's description.
    Raises RegisterError when the account lacks a key or Telegram says no."""
    token, secret = account.secret("bot_token"), account.secret("secret_token")
    if not token or not secret:
        raise RegisterError("the account needs bot_token and secret_token")
    try:
        response = session().post(
            f"{api_base(account)}/bot{token}/setWebhook",
            json={
                "url": webhook_url(account, base),
                "secret_token": secret,
                "allowed_updates": ALLOWED_UPDATES,
            },
            timeout=TIMEOUT,
        )
        answer = response.json()
    except (requests.RequestException, ValueError) as exc:
        raise RegisterError(f"setWebhook failed: {type(exc).__name__}: {exc}") from exc
    if not isinstance(answer, dict) or not answer.get("ok"):
        description = answer.get("description", "") if isinstance(answer, dict) else ""
        raise RegisterError(f"setWebhook refused (HTTP {response.status_code}): {description}")
    return str(answer.get("description") or "Webhook was set")
