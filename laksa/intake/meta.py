"""Meta Webhooks, one protocol for WhatsApp, Messenger and Instagram (reference channels.md 4.8):
the GET verify handshake, `X-Hub-Signature-256` over the raw body with the app secret, the Graph
API's base URL, and `answer`, the webhook view the WhatsApp, Messenger and Instagram folders share
(check, parse, store the messages in the intake inbox, record the receipts)."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.http import HttpRequest, HttpResponse, JsonResponse

from laksa.intake import inbox
from laksa.intake.models import ChannelAccount
from laksa.intake.replies import receipt_received
from laksa.intake.signature import bad_signature
from laksa.lib.json_errors import error_response

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
    given = header.strip().removeprefix("sha256=").strip().lower()
    if not secret or not given:
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
    return JsonResponse({"accepted": len(new), "receipts": len(found.receipts)})
