"""A generic JSON SMS gateway: POST `send_url` with the shared secret in a header and the
message's send_key as `Idempotency-Key`, so the gateway delivers a retried message once.

Account settings: `send_url`, optional `sender` and `secret_header` (default X-Laksa-Secret);
secret `secret`. A 2xx answer may carry the provider's id as `id` or `message_id`.
"""

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

if TYPE_CHECKING:
    from laksa.intake.models import ChannelAccount


def send(message: Outgoing, account: ChannelAccount | None) -> Sent:
    if account is None or not account.setting("send_url"):
        raise PermanentError("the SMS gateway account has no send_url")
    headers = {"Idempotency-Key": str(message.send_key)}
    secret = account.secret("secret")
    if secret:
        headers[account.setting("secret_header") or "X-Laksa-Secret"] = secret
    payload = {"to": message.recipient, "text": message.body, "reference": str(message.send_key)}
    if account.setting("sender"):
        payload["from"] = account.setting("sender")
    try:
        response = session().post(
            account.setting("send_url"), json=payload, headers=headers, timeout=TIMEOUT
        )
    except requests.RequestException as exc:
        raise transport_error(exc) from exc
    if not 200 <= response.status_code < 300:
        raise error_for_status(response.status_code, response.text)
    try:
        answer = response.json()
    except ValueError:
        answer = {}
    provider_id = ""
    if isinstance(answer, dict):
        provider_id = str(answer.get("id") or answer.get("message_id") or "")
    return Sent(provider_message_id=provider_id[:200], http_status=response.status_code)
