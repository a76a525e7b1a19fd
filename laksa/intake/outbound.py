"""Sending through a channel account, one module per provider in its channel's folder (STYLE.md
convention 6: `intake/sms/outbound/` for the SMS gateway, Kannel and Gammu, `intake/email/outbound.py`
for SMTP), the same shape in each: `send(message, account) -> Sent`, raising `TemporaryError`
(retry later: connection refused, timeout, 5xx, 429) or `PermanentError` (stop: other 4xx, an
address the provider refuses). notify/ (the outbox) picks the sender by the account's kind.

Every send carries `message.send_key`, so a provider that deduplicates delivers a message once
however often the worker has to try it. `post_json` is the JSON POST and answer reading the
chat senders share. Adding a provider: its module, an entry in SENDERS, a section in
docs/channels.md.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import Any, Protocol
from uuid import UUID

import requests
from requests.adapters import HTTPAdapter

from laksa.intake.models import ChannelAccount

TIMEOUT = (3.05, 10)
"""Seconds to connect and to wait for an answer: a slow provider is a temporary failure."""


class Outgoing(Protocol):
    """What a sender reads of a message (notify.models.Message has it)."""

    recipient: str
    subject: str
    body: str
    send_key: UUID


@dataclass
class Sent:
    provider_message_id: str = ""
    http_status: int | None = None


class SendError(Exception):
    permanent = False

    def __init__(self, text: str, *, http_status: int | None = None) -> None:
        super().__init__(text)
        self.http_status = http_status


class TemporaryError(SendError):
    """Try again later, with the same send_key."""


class PermanentError(SendError):
    """Trying again will not help: the message fails and operators see it."""

    permanent = True


SENDERS = {
    "sms-gateway": "laksa.intake.sms.outbound.gateway",
    "kannel": "laksa.intake.sms.outbound.kannel",
    "gammu": "laksa.intake.sms.outbound.gammu",
    "smtp": "laksa.intake.email.outbound",
    "whatsapp": "laksa.intake.whatsapp.outbound",
    "telegram": "laksa.intake.telegram.outbound",
    "messenger": "laksa.intake.facebook.outbound",
    "instagram": "laksa.intake.instagram.outbound",
    "x": "laksa.intake.x.outbound",
    "": "laksa.intake.email.outbound",  # e-mail with no account: Django's EMAIL_* settings
}

Sender = Callable[[Outgoing, "ChannelAccount | None"], Sent]


def sender_for(kind: str) -> Sender:
    if kind not in SENDERS:
        raise PermanentError(f"no sender for account kind {kind!r}")
    return import_module(SENDERS[kind]).send  # type: ignore[no-any-return]


def error_for_status(status: int, text: str) -> SendError:
    """HTTP answers: 429 and 5xx are worth retrying, every other 4xx is not."""
    detail = f"HTTP {status}: {text.strip()[:300]}"
    if status == 429 or status >= 500:
        return TemporaryError(detail, http_status=status)
    return PermanentError(detail, http_status=status)


_local = threading.local()


def session() -> requests.Session:
    """The HTTP session the senders share: one per thread, kept alive between sends."""
    current = getattr(_local, "session", None)
    if current is None:
        current = requests.Session()
        adapter = HTTPAdapter(pool_connections=4, pool_maxsize=4, max_retries=0)
        current.mount("http://", adapter)
        current.mount("https://", adapter)
        current.headers["User-Agent"] = "Laksa-notify/1"
        _local.session = current
    return current


def transport_error(exc: requests.RequestException) -> TemporaryError:
    """A refused connection, a timeout, a dropped answer: the provider may have the message or
    not, so it is tried again later with the same idempotency key."""
    return TemporaryError(f"{type(exc).__name__}: {str(exc)[:300]}")


def post_json(
    url: str, payload: dict[str, Any], *, authorization: str, read_id: Callable[[Any], object]
) -> Sent:
    """POST the payload as JSON with that Authorization header through the shared session. A
    transport failure or an HTTP status of 300 or more raises (`transport_error`,
    `error_for_status`); otherwise the provider's id for the message is what `read_id` finds in
    the JSON answer, "" when the answer is not JSON or has no id there."""
    try:
        answer = session().post(
            url, json=payload, headers={"Authorization": authorization}, timeout=TIMEOUT
        )
    except requests.RequestException as exc:
        raise transport_error(exc) from exc
    if answer.status_code >= 300:
        raise error_for_status(answer.status_code, answer.text)
    try:
        provider_id = str(read_id(answer.json()) or "")
    except (ValueError, AttributeError, LookupError, TypeError):
        provider_id = ""
    return Sent(provider_message_id=provider_id[:200], http_status=answer.status_code)
