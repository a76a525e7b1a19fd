"""Assignments follow the report. Every event is written through reports/events.py, which tells
this module inside the same transaction; so however a report was routed, re-routed, rejected or
finished (console, API, Open311, a sweep), its assignments agree with it, or neither changed."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from laksa.dispatch.models import Assignment, Part
from laksa.org.models import Agency
from laksa.reports.models import EventKind, Report, ReportEvent
from laksa.reports.statuses import FINISHED, ROUTED_OR_FINISHED, Status


def on_event(sender: Any, event: ReportEvent, **kwargs: Any) -> None:
    # A report being created has no parts yet, and a new report is nobody's until it is routed:
    # nothing to open, end or update (three queries less on every new report).
    if event.to_status and event.kind != EventKind.CREATED:
        follow(event.report, event)


def follow(report: Report, event: ReportEvent) -> None:
    """Open the parts the routing asks for, end the others with the event's reason, and keep the
    lead part's done time and every part's due times equal to the report's."""
    open_parts = {a.agency_id: a for a in Assignment.objects.filter(report=report, ended_at=None)}
    wanted = _wanted_parts(report, event, open_parts)
    for agency_id, assignment in open_parts.items():
        if wanted.get(agency_id) != assignment.part:
            assignment.ended_at, assignment.end_reason = event.created_at, _reason(report, event)
            assignment.save(update_fields=["ended_at", "end_reason"])
    for agency_id, part in wanted.items():
        current = open_parts.get(agency_id)
        if current is None or current.part != part:
            Assignment.objects.create(
                report=report, agency_id=agency_id, part=part, created_at=event.created_at
            )
    done_at = report.done_at if report.status in FINISHED else None
    Assignment.objects.filter(report=report, ended_at=None, part=Part.LEAD).update(done_at=done_at)
    Assignment.objects.filter(report=report, ended_at=None).update(
        respond_due_at=report.respond_due_at, resolve_due_at=report.resolve_due_at
    )


def _wanted_parts(
    report: Report, event: ReportEvent, open_parts: dict[int, Assignment]
) -> dict[int, str]:
    """agency id -> part. Only a routing that names co-agencies changes who supports."""
    if report.status not in ROUTED_OR_FINISHED or not report.agency_id:
        return {}
    codes = event.data.get("co_agencies") if event.kind == EventKind.ROUTED else None
    if codes is not None:
        supports = set(
            Agency.objects.filter(
                jurisdiction_id=report.jurisdiction_id, code__in=codes
            ).values_list("pk", flat=True)
        )
    else:
        supports = {pk for pk, a in open_parts.items() if a.part == Part.SUPPORT}
    wanted = {pk: str(Part.SUPPORT) for pk in supports if pk != report.agency_id}
    wanted[report.agency_id] = Part.LEAD
    return wanted


def _reason(report: Report, event: ReportEvent) -> str:
    if event.kind == EventKind.ROUTED:
        text = _("Dialihkan ke %(agency)s.") % {
            "agency": report.agency.name if report.agency else ""
        }
        return f"{text} {event.internal_note}".strip()[:500]
    return (event.public_note or Status(report.status).label)[:500]
