"""The Telegram webhook: POST /kanal/telegram/<account name>/ with one Update as JSON.

The `X-Telegram-Bot-Api-Secret-Token` header missing is 401, wrong 403; a body that is not an
Update 400: in each case nothing is stored. A private message is stored in the intake inbox keyed
by its update_id (one INSERT, so Telegram's retry is the same row) and the answer goes out at
once; the work is done from the inbox afterwards (inbound.handle_row). Edited messages, channel
posts, callbacks and the rest are answered 200 and dropped: Telegram would retry anything else."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from laksa.intake import inbox
from laksa.intake.accounts import account_named
from laksa.intake.methods import allow
from laksa.intake.models import Kind
from laksa.intake.telegram.inbound import SECRET_HEADER, Malformed, check_secret, parse, read_update
from laksa.lib.json_errors import error_response


@csrf_exempt
@allow("POST")
def webhook(request: HttpRequest, name: str) -> HttpResponse:
    account = account_named(name, Kind.TELEGRAM)
    if account is None:
        return error_response(404, "unknown Telegram account")
    refused = check_secret(account, request.headers.get(SECRET_HEADER, ""))
    if refused == 401:
        return error_response(401, f"{SECRET_HEADER} is missing")
    if refused is not None:
        return error_response(403, f"{SECRET_HEADER} does not match")
    try:
        data = parse(request.body)
    except Malformed as exc:
        return error_response(400, str(exc), field=exc.field, code="malformed")
    message = read_update(data)
    if not message.handled:
        return JsonResponse({"accepted": False, "ignored": message.kind or "empty"})
    stored = inbox.ChatMessage(
        message_id=str(message.update_id), sender=message.chat_id, text=message.text, payload=data
    )
    inbox.accept(account, [stored])
    return JsonResponse({"accepted": True})
