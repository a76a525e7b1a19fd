"""Escalation of late reports, found from the data each time (never from timers in memory).

A report is late for a target (respond or resolve) once its stored due time has passed while it
is still waiting (respond) or still open (resolve). Each level of the ladder is told once: the
supervisor first, then the agency head, the area official, and the executive's list, each some
time after the target passed. Every step is an Escalation row (unique, so a step happens once
however often and however concurrently the sweep runs) and an internal event in the history.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from laksa.dispatch.models import DEFAULT_LADDER, Escalation, EscalationRule, Level, Target
from laksa.reports.events import record_events
from laksa.reports.models import EventKind, Report, ReportEvent
from laksa.reports.sla import IN_HAND, WAITING, overdue_q

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


def missed_targets(
    status: str, respond_due: Any, resolve_due: Any, now: datetime
) -> Iterator[tuple[str, datetime]]:
    if status in WAITING and respond_due is not None and respond_due < now:
        yield Target.RESPOND, respond_due
    if status in WAITING + IN_HAND and resolve_due is not None and resolve_due < now:
        yield Target.RESOLVE, resolve_due


def sweep(now: datetime | None = None) -> int:
    """Raise every late report to the levels now due; returns how many steps were taken."""
    now = now or timezone.now()
    configured = ladders()
    late = (
        Report.objects.filter(overdue_q(now))
        .order_by("pk")
        .values_list(
            "pk", "jurisdiction_id", "category_id", "status", "respond_due_at", "resolve_due_at"
        )
    )
    taken = 0
    last_pk = 0
    while True:
        rows = list(late.filter(pk__gt=last_pk)[:CHUNK])
        if not rows:
            return taken
        last_pk = rows[-1][0]
        taken += _sweep_chunk(rows, configured, now)


def _sweep_chunk(rows: list[tuple[Any, ...]], configured: Any, now: datetime) -> int:
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SWEEP_LOCK])
        # How many levels each (report, target) has had: in the steady state every late report
        # already has all the levels now due, and is passed over without reading its rows.
        taken = {
            (report_id, target): n
            for report_id, target, n in Escalation.objects.filter(
                report_id__in=[r[0] for r in rows]
            )
            .values_list("report_id", "target")
            .annotate(n=Count("id"))
        }
        wanted: list[tuple[int, str, str, datetime]] = []
        for pk, jurisdiction_id, category_id, status, respond_due, resolve_due in rows:
            ladder = ladder_for(configured, jurisdiction_id, category_id)
            for target, due in missed_targets(status, respond_due, resolve_due, now):
                due_levels = [level for level, after in ladder if now - due >= after]
                if taken.get((pk, target), 0) < len(due_levels):
                    wanted.extend((pk, target, level, due) for level in due_levels)
        done = set(
            Escalation.objects.filter(report_id__in={w[0] for w in wanted}).values_list(
                "report_id", "target", "level"
            )
        )
        steps, events = [], []
        for pk, target, level, due in wanted:
            if (pk, target, level) in done:
                continue
            steps.append(Escalation(report_id=pk, target=target, level=level, due_at=due, at=now))
            events.append(_event(pk, target, level, due, now))
        Escalation.objects.bulk_create(steps, batch_size=2000)
        record_events(events)
        return len(steps)


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
    return Q(escalations__level=level, status__in=WAITING + IN_HAND)
