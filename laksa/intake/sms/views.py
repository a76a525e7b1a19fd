"""The SMS webhooks: a Kannel get-url or post-url, and a generic JSON gateway.

Kannel signs nothing, so its URL carries the account's webhook token (`token=`); the gateway
signs the raw body with the account's secret (`X-Laksa-Signature: sha256=<hex>`). A missing
token or signature is 401, a wrong one 403, input not in the provider's format 400: in each case
nothing is stored. Otherwise the messages are stored in the intake inbox (one INSERT) and the
answer goes out at once; reports and replies are made from the inbox afterwards (intake/inbox.py).
The same provider message id again is the same stored message, answered the same way."""

from __future__ import annotations

import hmac

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from laksa.intake import inbox
from laksa.intake.accounts import account_named
from laksa.intake.methods import allow
from laksa.intake.models import Kind
from laksa.intake.signature import bad_signature
from laksa.intake.sms.inbound import (
    SIGNATURE_HEADER,
    Malformed,
    from_gateway,
    from_kannel,
    kannel_params,
    signature_is_valid,
)
from laksa.lib.json_errors import error_response


def _text(status: int, message: str) -> HttpResponse:
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


@csrf_exempt
@allow("GET", "POST", refuse=_text)
def kannel(request: HttpRequest, name: str) -> HttpResponse:
    """Kannel's sms-service. The answer's body would become a reply SMS, so success is an empty
    200; replies go through the outbox (docs/channels.md: `max-messages = 0`)."""
    account = account_named(name, Kind.KANNEL)
    if account is None:
        return _text(404, "unknown SMS account")
    query = request.META.get("QUERY_STRING", "").encode("latin-1", "replace")
    try:
        params = kannel_params(query)
        form = request.headers.get("Content-Type", "").startswith(
            "application/x-www-form-urlencoded"
        )
        if request.method == "POST" and form and not request.headers.get("X-Kannel-From"):
            params = {**params, **kannel_params(request.body)}
    except Malformed as exc:
        return _text(400, f"malformed: {exc}")
    token = params.get("token", "")
    if not token:
        return _text(401, "token missing")
    if not hmac.compare_digest(token.encode(), account.webhook_token.encode()):
        return _text(403, "wrong token")
    try:
        sms = from_kannel(params, request.headers, request.body)
    except Malformed as exc:
        return _text(400, f"malformed: {exc}")
    inbox.accept(account, [sms])
    return _text(200, "")


@csrf_exempt
@allow("POST")
def gateway(request: HttpRequest, name: str) -> HttpResponse:
    """A generic HTTP SMS gateway: JSON signed with the account's secret (docs/channels.md).
    200, not 202: some gateways retry anything but 200; `accepted` says what happened."""
    account = account_named(name, Kind.SMS_GATEWAY)
    if account is None:
        return error_response(404, "unknown SMS account")
    refused = bad_signature(request, account, SIGNATURE_HEADER, signature_is_valid)
    if refused is not None:
        return refused
    try:
        messages = from_gateway(request.body)
    except Malformed as exc:
        return error_response(400, str(exc), field=exc.field, code="malformed")
    inbox.accept(account, messages)
    return JsonResponse({"results": [{"id": sms.message_id, "accepted": True} for sms in messages]})
