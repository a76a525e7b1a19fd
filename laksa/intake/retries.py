"""A retry without a key: the same sender sends the same report again (same channel and
application, contact, text, category and place) within LAKSA_RETRY_MINUTES, as a client does
when the answer to its first POST was lost. The new report is kept, hidden from the public and
offered to the LIVE Room as a likely duplicate of the first, never published twice."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection

from laksa.lib import clock, prepared
from laksa.reports.actions import NewReport, retry_key
from laksa.reports.models import Report


def likely_retry_of(new: NewReport, now: datetime | None = None) -> Report | None:
    """The report `new` most likely repeats, or None: the newest one not merged away, made
    within the window from what the sender sent the same way (reports.actions.retry_key, kept
    as it came: an operator's later change to the first report does not hide the retry). A
    hidden copy stores no key, so a third send is answered with the first report too."""
    minutes = settings.LAKSA_RETRY_MINUTES
    if minutes <= 0:
        return None
    since = (now or clock.now()) - timedelta(minutes=minutes)
    with prepared.cursor() as cursor:
        cursor.execute(_NEWEST, [retry_key(new), connection.ops.adapt_datetimefield_value(since)])
        row = cursor.fetchone()
    return Report.objects.get(pk=row[0]) if row else None


def _newest_sql() -> str:
    """Every report asks this and almost none is a retry: the id alone, by a statement written
    once, costs a tenth of what building the query each time did (docs/performance.md)."""
    q = connection.ops.quote_name
    return (
        f"SELECT {q('id')} FROM {q(Report._meta.db_table)} WHERE {q('retry_key')} = %s "  # noqa: S608
        f"AND {q('created_at')} >= %s AND {q('duplicate_of_id')} IS NULL "
        f"ORDER BY {q('created_at')} DESC, {q('id')} DESC LIMIT 1"
    )


_NEWEST = _newest_sql()
