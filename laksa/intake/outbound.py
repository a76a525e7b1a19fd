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

import re
import threading
from collections.abc import Callable, Collection
from dataclasses import dataclass
from importlib import import_module
from typing import Any, Protocol
from urllib.parse import urlsplit
from uuid import UUID

import requests
from requests.adapters import HTTPAdapter

from laksa.intake.models import ChannelAccount
from laksa.lib.phone import mask, normalise

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


_URL = re.compile(r"\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\s'\"<>()\[\]{}]+")
DOC_HOSTS = frozenset({"developers.facebook.com", "core.telegram.org", "developer.x.com"})
"""Providers' documentation, which their error texts link to: such a URL is kept, but its query
(`safe_error`)."""
OWN_IDS = ("phone_number_id", "page_id", "ig_user_id", "user_id")
"""An account's settings naming the city's own number, Page or user at the provider: a provider
error naming one ("Object with ID '1098…' does not exist") is what operators must check."""
_URL_PATH = re.compile(r"(?i)\b(url:\s*)[^\s'\"()]+")
"""urllib3's "Max retries exceeded with url: /path?query": the path without its host."""
_QUERY = re.compile(r"[^\s'\"()]*\?[^\s'\"()]*=[^\s'\"()]*")
_BOT_TOKEN = re.compile(r"\b(?:bot)?\d{5,}:[A-Za-z0-9_-]{20,}")
_EMAIL = re.compile(r"(?<![\w.+-])([\w.+-]{1,64})@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)")
_NUMBER = re.compile(r"(?<![\w.])\+?\d(?:[ -]?\d){7,}(?!\w|\.\d)")
"""Eight digits or more: a phone number, or a chat's or an X user's id (an HTTP status, a port
or a provider's error code is shorter). A full stop may end it ("call 0812-3456-7293."), which
would otherwise leave its last group readable; decimals may not."""


def origin(url: str) -> str:
    """The URL's scheme, host and port, "" when it has none: where a request went, without what
    its path and query carry."""
    try:
        parts = urlsplit(url)
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return ""
    return f"{parts.scheme}://{parts.hostname}{port}" if parts.scheme and parts.hostname else ""


def own_ids(account: ChannelAccount | None) -> frozenset[str]:
    """The account's own ids at its provider (OWN_IDS), which `safe_error` leaves readable."""
    if account is None:
        return frozenset()
    return frozenset(filter(None, (str(account.setting(key) or "").strip() for key in OWN_IDS)))


def _shown_url(url: str) -> str:
    """A URL as its scheme and host; a provider's documentation page whole, without its query."""
    try:
        parts = urlsplit(url)
        documentation = (
            parts.scheme == "https"
            and parts.hostname in DOC_HOSTS
            and parts.port is None
            and not parts.username
        )
    except ValueError:
        return "…"
    if documentation:
        return parts._replace(query="").geturl()
    return origin(url) or "…"


def _masked_number(raw: str) -> str:
    """A phone number as staff see it (`+62 812****293`), any other id the same way, no `+`."""
    if normalise(raw).startswith("+62"):
        return mask(raw)
    digits = re.sub(r"\D", "", raw)
    return f"{digits[:3]}****{digits[-3:]}"


def masked_address(address: str) -> str:
    """An e-mail address shown without giving it away: `si***@contoh.id`."""
    name, _at, domain = address.partition("@")
    return f"{name[:2]}***@{domain}"


def safe_error(text: str, *, recipient: str = "", keep: Collection[str] = ()) -> str:
    """Error text fit to store and show to staff: a URL as its scheme and host only (the path and
    query carry a Telegram bot token, an X user id, Kannel's password, number and private link)
    but a provider's documentation page (DOC_HOSTS), no query string, bot token, e-mail address
    or long number but the sending account's own ids in `keep` (`own_ids`), and the recipient
    masked."""
    text = text.replace("\\/", "/")  # a URL in a JSON answer ("https:\/\/…") is a URL too
    if len(recipient.strip()) >= 6:  # a shorter one would mask digits of a status or code
        shown = masked_address(recipient) if "@" in recipient else _masked_number(recipient)
        text = text.replace(recipient.strip(), shown)
    text = _URL.sub(lambda m: _shown_url(m.group(0)), text)
    text = _URL_PATH.sub(r"\1…", text)
    text = _QUERY.sub("?…", text)
    text = _BOT_TOKEN.sub("bot•••", text)
    text = _EMAIL.sub(lambda m: masked_address(m.group(0)), text)
    return _NUMBER.sub(
        lambda m: m.group(0) if m.group(0) in keep else _masked_number(m.group(0)), text
    )


def _clipped(text: str, limit: int) -> str:
    """The start of `text`, cut at a space where one is near the limit: a cut address or number
    would be too short for `safe_error` to know. A provider's whole error page (tens of kB of
    HTML) would take `safe_error` seconds."""
    if len(text) <= limit:
        return text
    space = max(text.rfind(" ", 0, limit), text.rfind("\n", 0, limit))
    return text[: space if space > limit // 2 else limit]


class SendError(Exception):
    """Its text is stored on the message and its attempt and shown to staff, so it is made safe
    here (`safe_error`) whoever raises it; the outbox stores `safe(own_ids(account))`, which
    leaves the sending account's own ids readable."""

    permanent = False
    LIMIT = 500
    """Characters of the text stored (Message.last_error's length)."""

    def __init__(self, text: str, *, http_status: int | None = None) -> None:
        self.said = _clipped(text, 4 * self.LIMIT)
        """As given (its start): never stored nor shown but through `safe`."""
        super().__init__(self.safe())
        self.http_status = http_status

    def safe(self, keep: Collection[str] = ()) -> str:
        """The text made safe (`safe_error`), the ids in `keep` left as they are."""
        return safe_error(self.said, keep=keep)[: self.LIMIT]


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
    detail = f"HTTP {status}: {text.strip()}"  # made safe by SendError, with the account's ids
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
    not, so it is tried again later with the same idempotency key. The text names the failure and
    the provider's host, never the request's path or query (`safe_error`)."""
    request = exc.request
    url = getattr(request, "url", "") or ""
    where = f" ({origin(url)})" if origin(url) else ""
    # urllib3's reason ("Failed to establish a new connection", "Read timed out") without the
    # "Max retries exceeded with url: <path>" around it.
    cause = exc.args[0] if exc.args else None
    reason = getattr(cause, "reason", None) or cause or exc
    said = (
        f"{type(reason).__name__}: {reason}" if isinstance(reason, BaseException) else str(reason)
    )
    path = urlsplit(url).path if url else ""
    if len(path) > 1:
        said = said.replace(path, "/…")
    return TemporaryError(f"{type(exc).__name__}{where}: {said}")


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
