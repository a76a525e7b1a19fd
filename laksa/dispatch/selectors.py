"""The field's lists: which parts a user works on, in the order they are due."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Case, F, Prefetch, Q, QuerySet, When

from laksa.dispatch.actions import open_parts
from laksa.dispatch.models import Assignment, Crew, Escalation, Target
from laksa.org.models import Jurisdiction
from laksa.reports.models import Photo, PhotoKind
from laksa.reports.statuses import FINISHED, ROUTED

RECENT_DONE = timedelta(days=14)


def parts_for(user: Any, jurisdiction: Jurisdiction) -> QuerySet[Assignment]:
    """Open parts of the user's agencies (or area office), within a supervisor's area; for a
    worker, only their crews'."""
    return open_parts(user).filter(report__jurisdiction=jurisdiction)


@dataclass
class Job:
    part: Assignment
    due: datetime | None
    overdue: bool
    escalated: str  # the highest level raised to, "" if none

    @property
    def report(self) -> Any:
        return self.part.report


def job_list(user: Any, jurisdiction: Jurisdiction, now: datetime, limit: int = 300) -> list[Job]:
    """Work still to do, the soonest due first (the response target until the part is
    accepted, then the resolution target), then what was done in the last two weeks."""
    due = Case(
        When(accepted_at__isnull=True, then=F("respond_due_at")),
        default=F("resolve_due_at"),
    )
    qs = (
        parts_for(user, jurisdiction)
        .filter(
            Q(report__status__in=ROUTED, done_at=None)
            | Q(
                report__status__in=FINISHED,
                report__done_at__gte=now - RECENT_DONE,
            )
            | Q(done_at__gte=now - RECENT_DONE)
        )
        .annotate(due=due)
        .select_related(
            "agency", "crew", "report__category", "report__kelurahan", "report__kecamatan"
        )
        .prefetch_related(
            Prefetch(
                "report__photos",
                queryset=Photo.objects.filter(kind=PhotoKind.BEFORE).order_by("id"),
            )
        )
        .order_by(F("due").asc(nulls_last=True), "report__created_at")
    )
    parts = list(qs[:limit])
    levels = escalated_levels([p.report_id for p in parts])
    jobs = []
    for part in parts:
        working = part.done_at is None and part.report.status in ROUTED
        jobs.append(
            Job(
                part=part,
                due=part.due if working else None,  # type: ignore[attr-defined]
                overdue=bool(working and part.due and part.due < now),  # type: ignore[attr-defined]
                escalated=levels.get(part.report_id, ""),
            )
        )
    jobs.sort(key=lambda j: (j.due is None, j.due or now))
    return jobs


LEVEL_ORDER = ["supervisor", "agency_head", "area_official", "executive"]

ON_CURRENT_DEADLINES = Q(target=Target.RESPOND, due_at=F("report__respond_due_at")) | Q(
    target=Target.RESOLVE, due_at=F("report__resolve_due_at")
)
"""Escalations of the deadlines the report has now: once a job is re-routed with a new deadline,
the steps of the old one stay in its history but no longer mark it."""


def escalated_levels(report_ids: Iterable[int]) -> dict[int, str]:
    """The highest level each report was raised to on its current deadlines (reports never
    raised are absent)."""
    found: dict[int, str] = {}
    current = Escalation.objects.filter(ON_CURRENT_DEADLINES, report_id__in=list(report_ids))
    for report_id, level in current.values_list("report_id", "level"):
        if LEVEL_ORDER.index(level) >= LEVEL_ORDER.index(found.get(report_id, level)):
            found[report_id] = level
    return found


def crews_for(part: Assignment) -> QuerySet[Crew]:
    return Crew.objects.filter(agency_id=part.agency_id, active=True).order_by("name")
