"""The X webhook, /kanal/x/<account>/: GET is X's CRC check (`crc_token`), POST the signed
events. A missing signature is 401, a wrong one 403, a body not in a documented shape 400: in
each case nothing is stored. Citizens' DMs and mentions go to the intake inbox (one INSERT,
handled by the worker); the answer is at once, well within X's three seconds."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from laksa.intake import inbox
from laksa.intake.accounts import account_named
from laksa.intake.methods import allow
from laksa.intake.models import Kind
from laksa.intake.signature import bad_signature
from laksa.intake.x.inbound import (
    SIGNATURE_HEADER,
    Malformed,
    city_id,
    crc_response,
    parse,
    signature_is_valid,
)
from laksa.lib.json_errors import error_response


@csrf_exempt
@allow("GET", "POST")
def webhook(request: HttpRequest, name: str) -> HttpResponse:
    account = account_named(name, Kind.X)
    if account is None:
        return error_response(404, "unknown X account")
    if request.method == "GET":
        token = request.GET.get("crc_token", "")
        if not token:
            return error_response(400, "crc_token is missing", field="crc_token")
        answer = crc_response(account, token)
        if answer is None:
            return error_response(403, "the account has no consumer_secret")
        return JsonResponse({"response_token": answer})
    refused = bad_signature(request, account, SIGNATURE_HEADER, signature_is_valid)
    if refused is not None:
        return refused
    try:
        messages, ignored = parse(
            request.body, city_id(account), account.setting("screen_name") or ""
        )
    except Malformed as exc:
        return error_response(400, str(exc), code="malformed")
    new = inbox.accept(account, messages) if messages else []
    return JsonResponse({"accepted": len(new), "ignored": ignored})
