"""Meta Webhooks, one protocol for WhatsApp, Messenger and Instagram (reference channels.md 4.8):
the GET verify handshake, `X-Hub-Signature-256` over the raw body with the app secret, the Graph
API's base URL, and `answer`, the webhook view the WhatsApp, Messenger and Instagram folders share
(check, parse, store the messages in the intake inbox, record the receipts)."""

from __future__ import annotations

import hashlib
import hmac
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.http import HttpRequest, HttpResponse, JsonResponse

from laksa.intake import inbox
from laksa.intake.models import ChannelAccount
from laksa.intake.replies import receipt_received
from laksa.intake.signature import bad_signature
from laksa.lib.json_errors import error_response

log = logging.getLogger("laksa.intake.meta")

SIGNATURE_HEADER = "X-Hub-Signature-256"
GRAPH_API = "https://graph.facebook.com/v21.0"


class Malformed(ValueError):
    """The body is not the platform's documented webhook; nothing was stored."""


@dataclass(frozen=True)
class Receipt:
    provider_message_id: str
    status: str
    at: datetime | None
    error: str = ""


@dataclass
class Notification:
    """One webhook body read: the messages to store and the receipts to record."""

    messages: list[inbox.ChatMessage] = field(default_factory=list)
    receipts: list[Receipt] = field(default_factory=list)
    ignored: int = 0
    """Entries or changes for another number, Page or Instagram account of the same app."""


def for_another(account: ChannelAccount, named: object, keys: tuple[str, ...]) -> bool:
    """Whether an entry names another asset than the account's: one Meta app sends every
    number's (every Page's) events to its one callback URL, and a city may connect a second one
    to the same app. Its messages are not this account's; answered from here they would go out
    from the wrong number or Page. An account without any of `keys` set takes every entry."""
    own = {str(account.setting(key) or "").strip() for key in keys} - {""}
    if not own or named in (None, ""):
        return False
    if str(named) in own:
        return False
    log.warning(
        "%s account %s: an event for %s, not its own %s; left out (connect that one as an "
        "account of its own)",
        account.kind,
        account.name,
        str(named)[:40],
        " or ".join(sorted(own)),
    )
    return True


def api_base(account: ChannelAccount) -> str:
    return str(account.setting("api_base") or GRAPH_API).rstrip("/")


def verify(account: ChannelAccount, params: dict[str, str]) -> str | None:
    """The challenge to answer, or None (403) when the mode or the token is wrong."""
    token = account.secret("verify_token")
    given = params.get("hub.verify_token", "")
    if params.get("hub.mode") != "subscribe" or not token or not given:
        return None
    if not hmac.compare_digest(given.encode(), token.encode()):
        return None
    return params.get("hub.challenge", "")


def signature_is_valid(account: ChannelAccount, body: bytes, header: str) -> bool:
    secret = account.secret("app_secret")
    prefix, _, given = header.strip().partition("sha256=")
    given = given.strip().lower()
    if not secret or prefix or not given:  # Meta always sends `sha256=<hex>`
        return False
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(given.encode(), expected.encode())


def sign(secret: str, body: bytes) -> str:
    """The header value Meta sends (for the tests and the bench)."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


Parser = Callable[[bytes, ChannelAccount], Notification]


def answer(request: HttpRequest, account: ChannelAccount, parse: Parser) -> HttpResponse:
    """GET: the verify handshake. POST: the signature checked on the raw body before anything is
    parsed (missing 401, wrong 403), the body read whole (not the documented shape: 400), then the
    messages stored in one INSERT and the receipts recorded; nothing is stored on any error."""
    if request.method == "GET":
        challenge = verify(account, request.GET.dict())
        if challenge is None:
            return HttpResponse("forbidden", status=403, content_type="text/plain")
        return HttpResponse(challenge, content_type="text/plain; charset=utf-8")
    refused = bad_signature(request, account, SIGNATURE_HEADER, signature_is_valid)
    if refused is not None:
        return refused
    try:
        found = parse(request.body, account)
    except Malformed as exc:
        return error_response(400, str(exc), code="malformed")
    new = inbox.accept(account, found.messages) if found.messages else []
    for receipt in found.receipts:
        receipt_received.send(
            sender=ChannelAccount,
            account=account,
            provider_message_id=receipt.provider_message_id,
            status=receipt.status,
            at=receipt.at,
            error=receipt.error,
        )
    counts = {"accepted": len(new), "receipts": len(found.receipts)}
    return JsonResponse(counts | ({"ignored": found.ignored} if found.ignored else {}))
