"""Telegram out: `sendMessage` with the chat id the citizen wrote from and the text.

Account settings: `api_base` (default https://api.telegram.org); secret `bot_token`. The Bot API
has no idempotency key, so a send whose answer was lost may reach the chat twice. Its errors come
as `{"ok": false, "error_code", "description"}`: 400 (chat not found) and 403 (the citizen
blocked the bot) are permanent, 429 (with `retry_after`) and 5xx temporary."""

from __future__ import annotations

from typing import TYPE_CHECKING

import requests

from laksa.intake.outbound import (
    TIMEOUT,
    Outgoing,
    PermanentError,
    Sent,
    error_for_status,
    session,
    transport_error,
)
from laksa.intake.telegram.inbound import api_base

if TYPE_CHECKING:
    from laksa.intake.models import ChannelAccount

MAX_TEXT = 4096
"""sendMessage's limit, in characters after entity parsing."""


def send(message: Outgoing, account: ChannelAccount | None) -> Sent:
    if account is None or not account.secret("bot_token"):
        raise PermanentError("the Telegram account has no bot_token")
    if not message.recipient.strip():
        raise PermanentError("no Telegram chat id to send to")
    text = message.body if not message.subject else f"{message.subject}\n\n{message.body}"
    url = f"{api_base(account)}/bot{account.secret('bot_token')}/sendMessage"
    payload = {"chat_id": message.recipient.strip(), "text": text.strip()[:MAX_TEXT]}
    try:
        response = session().post(url, json=payload, timeout=TIMEOUT)
    except requests.RequestException as exc:
        raise transport_error(exc) from exc
    try:
        answer = response.json()
    except ValueError:
        answer = {}
    if not isinstance(answer, dict):
        answer = {}
    if not 200 <= response.status_code < 300:
        raise error_for_status(
            response.status_code, str(answer.get("description") or response.text)
        )
    if not answer.get("ok"):
        raise PermanentError(
            f"Telegram refused: {str(answer.get('description', ''))[:300]}",
            http_status=response.status_code,
        )
    result = answer.get("result")
    provider_id = str(result.get("message_id", "")) if isinstance(result, dict) else ""
    return Sent(provider_message_id=provider_id[:200], http_status=response.status_code)
