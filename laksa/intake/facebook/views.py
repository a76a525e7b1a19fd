"""The Facebook Page (Messenger) webhook, /kanal/facebook/<account>/: GET is Meta's verify
handshake, POST the signed Page events (intake/meta.py `answer`): messages to the intake inbox,
delivery receipts onto the outbox rows."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from laksa.intake.accounts import account_named
from laksa.intake.facebook.inbound import parse
from laksa.intake.meta import answer
from laksa.intake.methods import allow
from laksa.intake.models import Kind
from laksa.lib.json_errors import error_response


@csrf_exempt
@allow("GET", "POST")
def webhook(request: HttpRequest, name: str) -> HttpResponse:
    account = account_named(name, Kind.MESSENGER)
    if account is None:
        return error_response(404, "unknown Messenger account")
    return answer(request, account, parse)
