"""Endpoints of staff apps (console, field app): session or personal token, scoped by role.
Every change goes through one function of reports.actions, with the version the client saw;
the work on a job (accept, assign, start, progress, reroute, complete) is in work.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from laksa.api import present
from laksa.api.auth import STAFF_AUTH, staff_user
from laksa.api.errors import ApiError, documented
from laksa.api.idempotency import IdempotencyKey, Refused, idempotent, perform_once, refusal
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


Prepare = Callable[[Any, Report], Callable[[], object]]
"""(user, report) -> the action to run: checks who may act and the input first, raising 403/422."""


def act_on_report(
    request: HttpRequest,
    response: HttpResponse,
    code: str,
    action: str,
    key: str | None,
    prepare: Prepare,
    *,
    refused: Refused = refusal,
) -> Any:
    """Run one action on a report the user may reach, once per Idempotency-Key if there is one;
    answer the report as it is now, or the refusal."""
    user, report = access_report(request, code)
    return perform_once(
        response,
        key,
        user=user,
        report=report,
        action=action,
        prepare=lambda: prepare(user, report),
        answer=lambda: detail(request, report, user),
        refused=refused,
    )


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
@idempotent
def verify(
    request: HttpRequest,
    response: HttpResponse,
    code: str,
    payload: VerifyIn,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    """Verify and route to a lead agency, with co-agencies; again later, it re-routes."""

    def prepare(user: Any, report: Report) -> Callable[[], object]:
        city = report.jurisdiction
        agency = agency_by_code(city, payload.agency) if payload.agency else None
        category = category_by_code(city, payload.category) if payload.category else None
        co_agencies = (
            [agency_by_code(city, c, "co_agencies") for c in payload.co_agencies]
            if payload.co_agencies is not None
            else None
        )
        return lambda: actions.verify_report(
            report,
            by=user,
            agency=agency,
            category=category,
            co_agencies=co_agencies,
            public_note=payload.public_note,
            internal_note=payload.internal_note,
            expected_version=payload.expected_version,
        )

    return act_on_report(request, response, code, "verify", idempotency_key, prepare)


@router.post("/reports/{code}/reject", response=DETAIL)
@idempotent
def reject(
    request: HttpRequest,
    response: HttpResponse,
    code: str,
    payload: RejectIn,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    def prepare(user: Any, report: Report) -> Callable[[], object]:
        return lambda: actions.reject_report(
            report, by=user, reason=payload.reason, expected_version=payload.expected_version
        )

    return act_on_report(request, response, code, "reject", idempotency_key, prepare)


@router.post("/reports/{code}/merge", response=DETAIL)
@idempotent
def merge(
    request: HttpRequest,
    response: HttpResponse,
    code: str,
    payload: MergeIn,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    """Mark the report as a duplicate of another open one."""

    def prepare(user: Any, report: Report) -> Callable[[], object]:
        into = Report.objects.filter(jurisdiction=report.jurisdiction, code=payload.into).first()
        if into is None:
            raise ApiError(422, _("Laporan tujuan tidak ditemukan."), field="into")
        return lambda: actions.merge_duplicate(
            report, into=into, by=user, expected_version=payload.expected_version
        )

    return act_on_report(request, response, code, "merge", idempotency_key, prepare)


@router.post("/reports/{code}/refer", response=DETAIL)
@idempotent
def refer(
    request: HttpRequest,
    response: HttpResponse,
    code: str,
    payload: ReferIn,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    """Pass the report to an outside body (PLN, PDAM, ...)."""

    def prepare(user: Any, report: Report) -> Callable[[], object]:
        to = agency_by_code(report.jurisdiction, payload.to, "to")
        return lambda: actions.refer_report(
            report, by=user, to=to, note=payload.note, expected_version=payload.expected_version
        )

    return act_on_report(request, response, code, "refer", idempotency_key, prepare)


@router.post("/reports/{code}/priority", response=DETAIL)
@idempotent
def priority(
    request: HttpRequest,
    response: HttpResponse,
    code: str,
    payload: PriorityIn,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    def prepare(user: Any, report: Report) -> Callable[[], object]:
        return lambda: actions.set_priority(
            report,
            by=user,
            priority=payload.priority,
            note=payload.note,
            expected_version=payload.expected_version,
        )

    return act_on_report(request, response, code, "priority", idempotency_key, prepare)


@router.post("/reports/{code}/reply", response=DETAIL)
@idempotent
def reply(
    request: HttpRequest,
    response: HttpResponse,
    code: str,
    payload: ReplyIn,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    """A public message to the reporter on the report's history."""

    def prepare(user: Any, report: Report) -> Callable[[], object]:
        return lambda: actions.reply_to_citizen(
            report, by=user, text=payload.text, expected_version=payload.expected_version
        )

    return act_on_report(request, response, code, "reply", idempotency_key, prepare)


@router.post("/reports/{code}/notes", response=DETAIL)
@idempotent
def note(
    request: HttpRequest,
    response: HttpResponse,
    code: str,
    payload: NoteIn,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    """An internal note for staff only. Notes never conflict, so no expected_version."""

    def prepare(user: Any, report: Report) -> Callable[[], object]:
        return lambda: actions.add_internal_note(report, by=user, text=payload.text)

    return act_on_report(request, response, code, "note", idempotency_key, prepare)


@router.post("/reports/{code}/accept-proof", response=DETAIL)
@idempotent
def accept_proof(
    request: HttpRequest,
    response: HttpResponse,
    code: str,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    """The control room accepts a job whose proof photos had no location."""

    def prepare(user: Any, report: Report) -> Callable[[], object]:
        return lambda: actions.accept_proof(report, by=user)

    return act_on_report(request, response, code, "accept_proof", idempotency_key, prepare)


@router.post("/reports/{code}/return", response=DETAIL)
@idempotent
def return_job(
    request: HttpRequest,
    response: HttpResponse,
    code: str,
    payload: ReturnIn,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    """The control room sends a done job back to the agency."""

    def prepare(user: Any, report: Report) -> Callable[[], object]:
        return lambda: actions.return_job(
            report, by=user, reason=payload.reason, expected_version=payload.expected_version
        )

    return act_on_report(request, response, code, "return", idempotency_key, prepare)


class EventsQuery(Schema):
    after: int = Field(0, ge=0, description="The last event id you have; 0 for the oldest.")
    limit: int = Field(100, ge=1, le=500)


@router.get("/events", response=documented({200: EventsOut}))
def events(request: HttpRequest, query: Query[EventsQuery]) -> Any:
    """Events after an id, oldest first, of reports the user may see (never the contact).

    Events out of scope are skipped but `last_id` still moves past them."""
    _user, qs = _scoped(request)
    items = events_after(query.after, query.limit)
    seen = set(qs.filter(pk__in={i.report_id for i in items}).values_list("pk", flat=True))
    shown = [i for i in items if i.report_id in seen]
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
