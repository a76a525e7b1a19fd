"""Escalation of late reports, found from the data each time (never from timers in memory).

A report is late for a target (respond or resolve) once its stored due time has passed while it
is still waiting (respond) or still open (resolve). Each level of the ladder is told once: the
supervisor first, then the agency head, the area official, and the executive's list, each some
time after the target passed. That time counts like the due times: in the city's working time
(office hours, working days, national and city holidays), or around the clock for emergencies, so
a job due on Friday evening does not reach the area official before anyone has worked. Every step
is an Escalation row (unique, so a step happens once however often and however concurrently the
sweep runs) and an internal event in the history.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from laksa.catalog.models import Category
from laksa.dispatch.models import DEFAULT_LADDER, Escalation, EscalationRule, Level, Target
from laksa.lib import clock
from laksa.lib.working_time import WorkingCalendar
from laksa.org.models import Holiday, Jurisdiction
from laksa.reports.events import record_events
from laksa.reports.models import EventKind, Report, ReportEvent
from laksa.reports.sla import counts_around_the_clock
from laksa.reports.statuses import OPEN_STATUSES, WAITING

SWEEP_LOCK = 0x4C414B5345  # one sweep at a time across processes (PostgreSQL)
CHUNK = 10_000

Ladder = list[tuple[str, timedelta]]


def ladders() -> dict[tuple[int, int | None], Ladder]:
    """The configured ladders by (jurisdiction, category or None for the city's default)."""
    found: dict[tuple[int, int | None], Ladder] = {}
    for rule in EscalationRule.objects.order_by("after"):
        found.setdefault((rule.jurisdiction_id, rule.category_id), []).append(
            (rule.level, rule.after)
        )
    return found


def ladder_for(
    configured: dict[tuple[int, int | None], Ladder], jurisdiction_id: int, category_id: int
) -> Ladder:
    return (
        configured.get((jurisdiction_id, category_id))
        or configured.get((jurisdiction_id, None))
        or [(str(level), after) for level, after in DEFAULT_LADDER]
    )


class StepClock:
    """When a step of the ladder falls due: `after` the target passed, counted in the city's
    working time, or around the clock for categories that count so. Calendars and categories
    are read on first use, so a sweep with nothing due reads neither."""

    def __init__(self) -> None:
        self._calendars: dict[int, WorkingCalendar] = {}
        self._around_the_clock: set[int] | None = None

    def step_at(
        self, jurisdiction_id: int, category_id: int, due: datetime, after: timedelta
    ) -> datetime:
        if not after:
            return due  # the first step comes when the target passes, even at closing time
        if self._around_the_clock is None:
            categories = Category.objects.only("pk", "emergency", "target_basis")
            self._around_the_clock = {c.pk for c in categories if counts_around_the_clock(c)}
        if category_id in self._around_the_clock:
            return due + after
        calendar = self._calendars.get(jurisdiction_id)
        if calendar is None:
            calendar = Jurisdiction.objects.get(pk=jurisdiction_id).calendar
            self._calendars[jurisdiction_id] = calendar
        return calendar.add(due, after)


def sweep(now: datetime | None = None) -> int:
    """Raise every late report to the levels now due; returns how many steps were taken.

    Only reports whose `next_escalation_at` has come are read, so a sweep with nothing new to do
    costs one indexed query whatever the number of late reports.
    """
    now = now or clock.now()
    configured = ladders()
    due = (
        Report.objects.filter(next_escalation_at__lte=now, status__in=OPEN_STATUSES)
        .order_by("pk")
        .values_list(
            "pk", "jurisdiction_id", "category_id", "status", "respond_due_at", "resolve_due_at"
        )
    )
    ladder_clock = StepClock()
    taken = 0
    last_pk = 0
    while True:
        rows = list(due.filter(pk__gt=last_pk)[:CHUNK])
        if not rows:
            return taken
        last_pk = rows[-1][0]
        taken += _sweep_chunk(rows, configured, ladder_clock, now)


def _sweep_chunk(
    rows: list[tuple[Any, ...]], configured: Any, ladder_clock: StepClock, now: datetime
) -> int:
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SWEEP_LOCK])
        done = set(
            Escalation.objects.filter(report_id__in=[r[0] for r in rows]).values_list(
                "report_id", "target", "level", "due_at"
            )
        )
        steps, events = [], []
        next_look: dict[datetime | None, list[int]] = {}
        for pk, jurisdiction_id, category_id, status, respond_due, resolve_due in rows:
            ladder = ladder_for(configured, jurisdiction_id, category_id)
            upcoming: list[datetime] = []
            for target, target_due in targets(status, respond_due, resolve_due):
                floor = target_due
                for level, after in ladder:
                    if (pk, target, level, target_due) in done:
                        continue
                    # A level is never told before the one below it: in working time "1 day"
                    # (one working day) can be shorter than "8 hours".
                    step_at = max(
                        ladder_clock.step_at(jurisdiction_id, category_id, target_due, after), floor
                    )
                    floor = step_at
                    if step_at > now:
                        upcoming.append(step_at)  # and every level above comes later still
                        break
                    steps.append(
                        Escalation(
                            report_id=pk, target=target, level=level, due_at=target_due, at=now
                        )
                    )
                    events.append(_event(pk, target, level, target_due, now))
            next_look.setdefault(min(upcoming, default=None), []).append(pk)
        Escalation.objects.bulk_create(steps, batch_size=2000)
        record_events(events)
        for when, pks in next_look.items():
            Report.objects.filter(pk__in=pks).update(next_escalation_at=when)
        return len(steps)


def city_rules_changed(sender: Any, instance: EscalationRule | Holiday, **kwargs: Any) -> None:
    """A ladder or a city holiday was added, changed or removed: the city's open reports are read
    again at the next sweep, which schedules them as the rules now are (a shortened step may be
    due already, a removed holiday brings a step forward). They change rarely; one update."""
    Report.objects.filter(
        jurisdiction_id=instance.jurisdiction_id, status__in=OPEN_STATUSES
    ).update(next_escalation_at=clock.now())


def targets(
    status: str, respond_due: datetime | None, resolve_due: datetime | None
) -> Iterator[tuple[str, datetime]]:
    """The targets a report in this status can still miss."""
    if status in WAITING and respond_due is not None:
        yield Target.RESPOND, respond_due
    if status in OPEN_STATUSES and resolve_due is not None:
        yield Target.RESOLVE, resolve_due


def _event(report_id: int, target: str, level: str, due: datetime, now: datetime) -> ReportEvent:
    return ReportEvent(
        report_id=report_id,
        kind=EventKind.ESCALATED,
        actor_label=_("Sistem"),
        internal_note=_("Lewat batas %(target)s: dinaikkan ke %(level)s.")
        % {"target": Target(target).label, "level": Level(level).label},
        data={"target": target, "level": level, "due_at": due.isoformat()},
        created_at=now,
    )


def escalated_to(level: str) -> Q:
    """Reports raised to `level` and still open: the executive's list is `escalated_to(EXECUTIVE)`."""
    return Q(escalations__level=level, status__in=OPEN_STATUSES)
