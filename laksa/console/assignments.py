"""What the console shows of a report's assignments: each agency's part, and the field's open
requests to re-route it (dispatch/actions.py::ask_reroute), which wait for the operator."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Case, Exists, F, OuterRef, Value, When

from laksa.dispatch.models import Assignment, Part
from laksa.reports.models import EventKind, Report, ReportEvent
from laksa.reports.statuses import ROUTED


def report_assignments(report: Report) -> list[Assignment]:
    """Open parts first (the lead before the co-agencies), then ended ones, the latest first."""
    lead_first = Case(When(part=Part.LEAD, then=Value(0)), default=Value(1))
    return list(
        Assignment.objects.filter(report=report)
        .select_related("agency", "supervisor", "crew")
        .order_by(F("ended_at").desc(nulls_first=True), lead_first, "created_at", "id")
    )


def reroute_pending() -> Exists:
    """For an annotation on reports: an open part asked to be re-routed and the report has not
    been routed since (a routing to the same agency answers the request too)."""
    routed_since = ReportEvent.objects.filter(
        report_id=OuterRef("report_id"),
        kind=EventKind.ROUTED,
        created_at__gte=OuterRef("reroute_asked_at"),
    )
    asked = Assignment.objects.filter(
        report_id=OuterRef("pk"), ended_at=None, reroute_asked_at__isnull=False
    ).exclude(Exists(routed_since))
    return Exists(asked)


@dataclass
class RerouteRequest:
    assignment: Assignment
    reason: str

    @property
    def asked_at(self) -> datetime | None:
        return self.assignment.reroute_asked_at


def reroute_requests(
    report: Report, assignments: list[Assignment], events: list[ReportEvent]
) -> list[RerouteRequest]:
    """The requests still waiting, read from what the report page already loaded (events in
    id order); each with the reason of its agency's latest REROUTE event."""
    if report.status not in ROUTED:
        return []
    last_routed = max((e.created_at for e in events if e.kind == EventKind.ROUTED), default=None)
    asks = [e for e in reversed(events) if e.kind == EventKind.REROUTE]
    found = []
    for part in assignments:
        asked = part.reroute_asked_at
        if not part.is_open or asked is None or (last_routed and last_routed >= asked):
            continue
        mine = [e for e in asks if e.data.get("agency") == part.agency.code] or asks
        found.append(RerouteRequest(part, mine[0].internal_note if mine else ""))
    return found
