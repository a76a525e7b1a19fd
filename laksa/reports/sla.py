"""Service targets: when a report must be answered and when it must be fixed.

A category's targets count in the city's working time (office hours, working days, public holidays)
unless the category is an emergency or says "around the clock". Due times are stored on the report,
so every screen and every sweep reads them from the data, never from a timer held in memory.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q

from laksa.catalog.models import Category, TargetBasis
from laksa.lib import clock
from laksa.lib.memo import Memo
from laksa.lib.working_time import WorkingCalendar
from laksa.org.models import Holiday, Jurisdiction
from laksa.reports.statuses import OPEN_STATUSES, WAITING

_calendars: Memo[WorkingCalendar] = Memo("calendars", (Jurisdiction, Holiday))


def counts_around_the_clock(category: Category) -> bool:
    return category.emergency or category.target_basis == TargetBasis.CALENDAR


def calendar_of(jurisdiction: Jurisdiction) -> WorkingCalendar:
    """The city's working calendar (Jurisdiction.calendar), remembered by the process
    (laksa.lib.memo): a holiday added is counted at once in the process that added it, and
    within memo.TTL seconds in the others."""
    key = (
        jurisdiction.pk,
        jurisdiction.timezone,
        jurisdiction.work_start,
        jurisdiction.work_end,
        jurisdiction.work_days,
        jurisdiction.holiday_country,
    )
    return _calendars.get(key, lambda: jurisdiction.calendar)


def due_times(category: Category, start: datetime) -> tuple[datetime, datetime]:
    """(respond by, resolve by) for a report of `category` received at `start`."""
    if counts_around_the_clock(category):
        return start + category.respond_target, start + category.resolve_target
    calendar = calendar_of(category.jurisdiction)
    return calendar.add(start, category.respond_target), calendar.add(
        start, category.resolve_target
    )


def overdue_q(now: datetime | None = None) -> Q:
    """Reports past their target: not answered in time while waiting, or not fixed in time."""
    now = now or clock.now()
    return Q(status__in=WAITING, respond_due_at__lt=now) | Q(
        status__in=OPEN_STATUSES, resolve_due_at__lt=now
    )


def is_overdue(report: object, now: datetime | None = None) -> bool:
    now = now or clock.now()
    status = getattr(report, "status", "")
    respond = getattr(report, "respond_due_at", None)
    resolve = getattr(report, "resolve_due_at", None)
    if status in WAITING and respond is not None and respond < now:
        return True
    return status in OPEN_STATUSES and resolve is not None and resolve < now
