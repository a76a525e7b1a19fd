"""The outbox's verbs for other parts: sending a reporter their private link again."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction

from laksa.lib import clock
from laksa.lib.phone import normalise
from laksa.notify.enqueue import Address, queue_message
from laksa.notify.models import LinkRequest, Message, MessageChannel, TemplateKey
from laksa.reports.models import Report

REQUESTS_PER_HOUR = 3
"""Tries of the "send me my link" form per report code and hour, matching or not: enough for a
citizen who mistyped, too few to guess a contact or to flood one."""


def send_link(report: Report, *, now: datetime | None = None) -> Message | None:
    """Queue the "your link" message to the contact stored with the report (intake's
    `STATUS <code>` keyword calls this); None when the report has no contact to send to."""
    with transaction.atomic():
        return queue_message(report, TemplateKey.LINK, now=now or clock.now())


def matching_address(report: Report, given: str) -> Address | None:
    """The stored contact's address that `given` names (their phone number or e-mail), if any."""
    contact = report.contact
    given = (given or "").strip()
    if contact is None or not given:
        return None
    if "@" in given:
        stored = (contact.email or "").strip()
        if stored and stored.lower() == given.lower():
            return Address(MessageChannel.EMAIL, stored)
        return None
    phone = normalise(given)
    if phone and phone == normalise(contact.phone):
        return Address(MessageChannel.SMS, phone)
    return None


def request_link(code: str, given: str, *, now: datetime | None = None) -> bool:
    """The public form's verb: queue the link if `given` matches the report's stored contact and
    the code has not been tried too often this hour. The caller answers the same either way;
    the return value is for tests and logs only."""
    now = now or clock.now()
    code = (code or "").strip().upper()[:24]
    with transaction.atomic():
        recent = LinkRequest.objects.filter(code=code, at__gte=now - timedelta(hours=1)).count()
        report = (
            Report.objects.select_related("contact", "jurisdiction", "agency")
            .filter(code=code)
            .first()
        )
        address = None
        if report is not None and recent < REQUESTS_PER_HOUR:
            address = matching_address(report, given)
        LinkRequest.objects.create(code=code, matched=address is not None, at=now)
        if report is not None and address is not None:
            queue_message(report, TemplateKey.LINK, address=address, now=now)
            return True
    return False
