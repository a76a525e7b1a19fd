"""Endpoints of staff apps (console, field app): session or personal token, scoped by role.
Every change goes through one function of reports.actions, with the version the client saw;
the work on a job (accept, assign, start, progress, reroute, complete) is in work.py."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from laksa.api import present
from laksa.api.auth import STAFF_AUTH, staff_user
from laksa.api.errors import ApiError, documented
from laksa.api.lists import ReportFilters, agency_by_code, apply_filters, category_by_code, page
from laksa.api.schemas import (
    EventsOut,
    MergeIn,
    NoteIn,
    PriorityIn,
    ReferIn,
    RejectIn,
    ReplyIn,
    ReturnIn,
    StaffReportDetailOut,
    StaffReportPageOut,
    VerifyIn,
)
from laksa.dispatch.selectors import parts_for
from laksa.live.feed import events_after
from laksa.org import permissions
from laksa.org.selectors import current_jurisdiction
from laksa.reports import actions
from laksa.reports.models import Report
from laksa.reports.selectors import staff_reports

router = Router(tags=["staff"], auth=STAFF_AUTH)

DETAIL = documented({200: StaffReportDetailOut})


def _scoped(request: HttpRequest) -> tuple[Any, QuerySet[Report]]:
    user = staff_user(request)
    return user, staff_reports(user, current_jurisdiction())


def access_report(request: HttpRequest, code: str) -> tuple[Any, Report]:
    """A report the user may see, or has a part in (a co-agency); one they may not is as unknown
    as one that does not exist."""
    user, qs = _scoped(request)
    report = present.with_columns(qs).filter(code=code).first()
    if report is None:
        working = parts_for(user, current_jurisdiction()).values("report_id")
        report = present.with_columns(Report.objects.filter(pk__in=working, code=code)).first()
    if report is None:
        raise ApiError(404, _("Laporan %(code)s tidak ditemukan.") % {"code": code[:24]})
    return user, report


def detail(request: HttpRequest, report: Report, user: Any) -> dict[str, Any]:
    """The report as it is now, in the staff detail shape."""
    fresh = present.with_columns(Report.objects.filter(pk=report.pk)).select_related("contact")
    return present.staff_report_detail(request, fresh.get(), user)


@router.get("/reports", response=documented({200: StaffReportPageOut}))
def queue(request: HttpRequest, filters: Query[ReportFilters]) -> Any:
    """The queue: every report the user's role may see, newest first, a page at a time."""
    _user, qs = _scoped(request)
    city = current_jurisdiction()
    rows, cursor = page(present.with_columns(apply_filters(qs, city, filters)), filters)
    return {"results": [present.staff_report(request, r) for r in rows], "next_cursor": cursor}


@router.get("/reports/{code}", response=DETAIL)
def report_detail(request: HttpRequest, code: str) -> Any:
    """A report with its whole history, internal notes included."""
    user, report = access_report(request, code)
    return detail(request, report, user)


@router.post("/reports/{code}/verify", response=DETAIL)
def verify(request: HttpRequest, code: str, payload: VerifyIn) -> Any:
    """Verify and route to a lead agency, with co-agencies; again later, it re-routes."""
    user, report = access_report(request, code)
    city = report.jurisdiction
    actions.verify_report(
        report,
        by=user,
        agency=agency_by_code(city, payload.agency) if payload.agency else None,
        category=category_by_code(city, payload.category) if payload.category else None,
        co_agencies=[agency_by_code(city, c, "co_agencies") for c in payload.co_agencies]
        if payload.co_agencies is not None
        else None,
        public_note=payload.public_note,
        internal_note=payload.internal_note,
        expected_version=payload.expected_version,
    )
    return detail(request, report, user)


@router.post("/reports/{code}/reject", response=DETAIL)
def reject(request: HttpRequest, code: str, payload: RejectIn) -> Any:
    user, report = access_report(request, code)
    actions.reject_report(
        report, by=user, reason=payload.reason, expected_version=payload.expected_version
    )
    return detail(request, report, user)


@router.post("/reports/{code}/merge", response=DETAIL)
def merge(request: HttpRequest, code: str, payload: MergeIn) -> Any:
    """Mark the report as a duplicate of another open one."""
    user, report = access_report(request, code)
    into = Report.objects.filter(jurisdiction=report.jurisdiction, code=payload.into).first()
    if into is None:
        raise ApiError(422, _("Laporan tujuan tidak ditemukan."), field="into")
    actions.merge_duplicate(report, into=into, by=user, expected_version=payload.expected_version)
    return detail(request, report, user)


@router.post("/reports/{code}/refer", response=DETAIL)
def refer(request: HttpRequest, code: str, payload: ReferIn) -> Any:
    """Pass the report to an outside body (PLN, PDAM, ...)."""
    user, report = access_report(request, code)
    actions.refer_report(
        report,
        by=user,
        to=agency_by_code(report.jurisdiction, payload.to, "to"),
        note=payload.note,
        expected_version=payload.expected_version,
    )
    return detail(request, report, user)


@router.post("/reports/{code}/priority", response=DETAIL)
def priority(request: HttpRequest, code: str, payload: PriorityIn) -> Any:
    user, report = access_report(request, code)
    actions.set_priority(
        report,
        by=user,
        priority=payload.priority,
        note=payload.note,
        expected_version=payload.expected_version,
    )
    return detail(request, report, user)


@router.post("/reports/{code}/reply", response=DETAIL)
def reply(request: HttpRequest, code: str, payload: ReplyIn) -> Any:
    """A public message to the reporter on the report's history."""
    user, report = access_report(request, code)
    actions.reply_to_citizen(
        report, by=user, text=payload.text, expected_version=payload.expected_version
    )
    return detail(request, report, user)


@router.post("/reports/{code}/notes", response=DETAIL)
def note(request: HttpRequest, code: str, payload: NoteIn) -> Any:
    """An internal note for staff only. Notes never conflict, so no expected_version."""
    user, report = access_report(request, code)
    actions.add_internal_note(report, by=user, text=payload.text)
    return detail(request, report, user)


@router.post("/reports/{code}/accept-proof", response=DETAIL)
def accept_proof(request: HttpRequest, code: str) -> Any:
    """The control room accepts a job whose proof photos had no location."""
    user, report = access_report(request, code)
    actions.accept_proof(report, by=user)
    return detail(request, report, user)


@router.post("/reports/{code}/return", response=DETAIL)
def return_job(request: HttpRequest, code: str, payload: ReturnIn) -> Any:
    """The control room sends a done job back to the agency."""
    user, report = access_report(request, code)
    actions.return_job(
        report, by=user, reason=payload.reason, expected_version=payload.expected_version
    )
    return detail(request, report, user)


class EventsQuery(Schema):
    after: int = Field(0, ge=0, description="The last event id you have; 0 for the oldest.")
    limit: int = Field(100, ge=1, le=500)


@router.get("/events", response=documented({200: EventsOut}))
def events(request: HttpRequest, query: Query[EventsQuery]) -> Any:
    """Events after an id, oldest first, of reports the user may see (never the contact).

    Events out of scope are skipped but `last_id` still moves past them."""
    user = staff_user(request)
    everything = permissions.sees_everything(user)
    agencies = permissions.handled_agency_ids(user)
    areas = permissions.watched_area_ids(user)
    items = events_after(query.after, query.limit)
    shown = [
        i
        for i in items
        if everything or i.agency_id in agencies or bool({i.kelurahan_id, i.kecamatan_id} & areas)
    ]
    return {
        "events": [
            {
                "id": i.id,
                "kind": i.kind,
                "at": i.created_at,
                "code": i.code,
                "status": i.status,
                "from_status": i.from_status or None,
                "to_status": i.to_status or None,
                "public_note": i.public_note,
                "internal_note": i.internal_note,
                "actor": i.actor_label,
                "category": i.category_code,
                "agency": i.agency_name or None,
                "kelurahan": i.kelurahan_name or None,
                "public": i.public,
                "lat": i.lat,
                "lng": i.lng,
            }
            for i in shown
        ],
        "last_id": items[-1].id if items else query.after,
    }
