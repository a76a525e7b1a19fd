"""A retry without a key: the same sender sends the same report again (same channel and
application, contact, text, category and place) within LAKSA_RETRY_MINUTES, as a client does
when the answer to its first POST was lost. The new report is kept, hidden from the public and
offered to the LIVE Room as a likely duplicate of the first, never published twice."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings

from laksa.lib import clock
from laksa.reports.actions import NewReport, retry_key
from laksa.reports.models import Report


def likely_retry_of(new: NewReport, now: datetime | None = None) -> Report | None:
    """The report `new` most likely repeats, or None: the newest one not merged away, made
    within the window from what the sender sent the same way (reports.actions.retry_key, kept
    as it came: an operator's later change to the first report does not hide the retry)."""
    minutes = settings.LAKSA_RETRY_MINUTES
    if minutes <= 0:
        return None
    return (
        Report.objects.filter(
            retry_key=retry_key(new),
            created_at__gte=(now or clock.now()) - timedelta(minutes=minutes),
            duplicate_of=None,
        )
        .order_by("-created_at", "-id")
        .first()
    )
