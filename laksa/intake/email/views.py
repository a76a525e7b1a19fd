"""Mailgun's inbound route (`forward("https://.../kanal/surel/<account>/mailgun/")`): a signed
form post per received mail. Nothing is stored unless the signature is valid, fresh and its
token unused for another mail; a retry of the same mail answers 200 with the same report."""

from __future__ import annotations

import logging

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from laksa.intake.email.inbound import (
    CONTENT_FIELDS,
    Malformed,
    SignatureRefused,
    accept,
    claim_token,
    parse_mailgun,
    verify_mailgun,
)
from laksa.intake.errors import Rejected
from laksa.intake.methods import allow
from laksa.intake.models import ChannelAccount, Kind
from laksa.lib import clock
from laksa.lib.json_errors import error_item, error_response, errors_response
from laksa.lib.storable import carries_nul
from laksa.reports.errors import InvalidInput

log = logging.getLogger(__name__)

REFUSED_CONTENT = 406
"""A mail that cannot become a report (nothing to read in it): Mailgun's answer for "rejected,
do not retry"; every other non-200 answer makes Mailgun retry for eight hours."""
NOT_NOW = 503
"""A mail the city cannot take yet (no catch-all category configured): Mailgun retries it."""


@csrf_exempt
@allow("POST")
def mailgun(request: HttpRequest, account: str) -> HttpResponse:
    found = (
        ChannelAccount.objects.select_related("jurisdiction")
        .filter(name=account, kind=Kind.MAILGUN, active=True)
        .order_by("id")
        .first()
    )
    if found is None:
        return error_response(404, _("Akun surel tidak dikenal."))
    try:
        post, files = request.POST, request.FILES
    except (MultiPartParserError, SuspiciousOperation, RequestDataTooBig, ValueError) as exc:
        return error_response(400, _("Isi kiriman tidak terbaca: %(why)s") % {"why": exc})
    now = clock.now()
    try:
        token = verify_mailgun(found, post, now=now)
    except SignatureRefused as exc:
        log.warning("mailgun post to %s refused: %s", found.name, exc)
        return error_response(exc.status, str(exc), field="signature")
    if carries_nul(request):  # PostgreSQL refuses one: the sender's error, not ours
        where = next((k for k, vs in post.lists() if any("\x00" in v for v in vs)), None)
        return error_response(400, _("Isian tidak valid."), field=where, code="malformed")
    try:
        mail = parse_mailgun(post, files)
    except Malformed as exc:
        return error_response(400, str(exc), field=exc.field, code="malformed")
    if not claim_token(found, token, mail.message_id):
        log.warning("mailgun token replayed on %s with another message", found.name)
        return error_response(403, _("Token tanda tangan ini sudah dipakai."), field="token")
    try:
        outcome = accept(mail, found, now=now)
    except Rejected as exc:
        status = REFUSED_CONTENT
        if not {p.field for p in exc.problems} <= CONTENT_FIELDS:
            log.error("mailgun mail on %s cannot be taken yet: %s", found.name, exc)
            status = NOT_NOW
        items = [
            error_item(status, p.message, field=p.field, code="rejected") for p in exc.problems
        ]
        return errors_response(status, items)
    except InvalidInput as exc:
        return error_response(REFUSED_CONTENT, exc.message, code="rejected")
    if outcome.report is None:
        return JsonResponse({"status": "ignored"})
    return JsonResponse(
        {"status": "followup" if outcome.followup else "report", "code": outcome.report.code}
    )
