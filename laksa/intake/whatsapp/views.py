"""The WhatsApp Cloud API webhook, /kanal/whatsapp/<account>/: GET is Meta's verify handshake,
POST the signed notifications (intake/meta.py `answer`). A missing signature is 401, a wrong one
403, a body not in the documented format 400: in each case nothing is stored. Messages go to the
intake inbox (one INSERT, handled by the worker); receipts are recorded on the outbox rows at once."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from laksa.intake.accounts import account_named
from laksa.intake.meta import answer
from laksa.intake.methods import allow
from laksa.intake.models import Kind
from laksa.intake.whatsapp.inbound import parse
from laksa.lib.json_errors import error_response


@csrf_exempt
@allow("GET", "POST")
def webhook(request: HttpRequest, name: str) -> HttpResponse:
    account = account_named(name, Kind.WHATSAPP)
    if account is None:
        return error_response(404, "unknown WhatsApp account")
    return answer(request, account, parse)
