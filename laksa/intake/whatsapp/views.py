"""The WhatsApp Cloud API webhook, /kanal/whatsapp/<account>/: GET is Meta's verify handshake,
POST the signed notifications. A missing signature is 401, a wrong one 403, a body not in the
documented format 400: in each case nothing is stored. Messages go to the intake inbox (one
INSERT, handled by the worker); receipts are recorded on the outbox rows at once."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from laksa.intake import inbox
from laksa.intake.models import ChannelAccount, Kind
from laksa.intake.replies import receipt_received
from laksa.intake.whatsapp.inbound import (
    SIGNATURE_HEADER,
    Malformed,
    parse,
    signature_is_valid,
    text_of,
    verify,
)
from laksa.lib.json_errors import error_response
from laksa.org.selectors import current_jurisdiction


def _account(name: str) -> ChannelAccount | None:
    return (
        ChannelAccount.objects.filter(
            jurisdiction=current_jurisdiction(), name=name, kind=Kind.WHATSAPP, active=True
        )
        .select_related("jurisdiction")
        .first()
    )


@csrf_exempt
@require_http_methods(["GET", "POST"])
def webhook(request: HttpRequest, name: str) -> HttpResponse:
    account = _account(name)
    if account is None:
        return error_response(404, "unknown WhatsApp account")
    if request.method == "GET":
        challenge = verify(account, request.GET.dict())
        if challenge is None:
            return HttpResponse("forbidden", status=403, content_type="text/plain")
        return HttpResponse(challenge, content_type="text/plain; charset=utf-8")
    signature = request.headers.get(SIGNATURE_HEADER, "")
    if not signature:
        return error_response(401, f"{SIGNATURE_HEADER} is missing")
    body = request.body
    if not signature_is_valid(account, body, signature):
        return error_response(403, f"{SIGNATURE_HEADER} does not match the body")
    try:
        found = parse(body)
    except Malformed as exc:
        return error_response(400, str(exc), code="malformed")
    messages = [
        inbox.ChatMessage(
            message_id=item["message"]["id"],
            sender=item["message"]["from"],
            text=text_of(item["message"]),
            payload=item,
        )
        for item in found.messages
    ]
    new = inbox.accept(account, messages) if messages else []
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
