"""A retry without a key: the same sender sends the same report again (same channel and
application, contact, text, category and place) within LAKSA_RETRY_MINUTES, as a client does
when the answer to its first POST was lost. The new report is kept, hidden from the public and
offered to the LIVE Room as a likely duplicate of the first, never published twice."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings

from laksa.lib import clock
from laksa.reports.actions import NewReport
from laksa.reports.models import Report


def likely_retry_of(new: NewReport, now: datetime | None = None) -> Report | None:
    """The report `new` most likely repeats, or None."""
    minutes = settings.LAKSA_RETRY_MINUTES
    if minutes <= 0:
        return None
    rows = Report.objects.filter(
        jurisdiction=new.category.jurisdiction,
        channel=new.channel,
        application=new.application,
        category=new.category,
        description=new.description.strip(),
        address=new.address[:250],
        created_at__gte=(now or clock.now()) - timedelta(minutes=minutes),
        duplicate_of=None,
    )
    if new.lat is not None and new.lng is not None:
        rows = rows.filter(lat=new.lat, lng=new.lng)
    elif new.area is not None:
        rows = rows.filter(lat=new.area.centroid_lat, lng=new.area.centroid_lng)
    else:
        rows = rows.filter(lat=None)
    contact = new.contact
    if contact is None or contact.is_empty():
        rows = rows.filter(contact=None)
    else:
        rows = rows.filter(
            contact__phone=contact.phone[:20],
            contact__email=contact.email[:254],
            contact__name="" if new.anonymous else contact.name[:120],
        )
    return rows.order_by("-created_at", "-id").first()
