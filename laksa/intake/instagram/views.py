"""The Instagram webhook, /kanal/instagram/<account>/: GET is Meta's verify handshake, POST the
signed events (intake/meta.py `answer`): direct messages and comments to the intake inbox,
receipts onto the outbox rows."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from laksa.intake.accounts import account_named
from laksa.intake.instagram.inbound import parse
from laksa.intake.meta import answer
from laksa.intake.methods import allow
from laksa.intake.models import Kind
from laksa.lib.json_errors import error_response


@csrf_exempt
@allow("GET", "POST")
def webhook(request: HttpRequest, name: str) -> HttpResponse:
    account = account_named(name, Kind.INSTAGRAM)
    if account is None:
        return error_response(404, "unknown Instagram account")
    return answer(request, account, parse)
