"""Endpoints of staff apps (console, field app): session or personal token, scoped by role.
Every change is a verb of dispatch/verbs.py (the table the console and SIGAP read too), with the
version the client saw; the work on a job (accept, assign, start, progress, reroute, complete)
is in work.py."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from laksa.api import present
from laksa.api.auth import STAFF_AUTH, staff_user
from laksa.api.errors import ApiError, documented
from laksa.api.idempotency import (
    IdempotencyKey,
    Refused,
    idempotent,
    perform_once,
    refusal,
)
from laksa.api.lists import ReportFilters, agency_by_code, apply_filters, category_by_code, page
from laksa.api.schemas import (
    EventsOut,
    MergeIn,
    NoteIn,
    PlaceIn,
    PriorityIn,
    ReferIn,
    RejectIn,
    ReplyIn,
    ReturnIn,
    StaffReportDetailOut,
    StaffReportPageOut,
    VerifyIn,
    VisibilityIn,
)
from laksa.dispatch.reach import staff_reports
from laksa.dispatch.selectors import parts_for
from laksa.org.selectors import current_jurisdiction
from laksa.reports.feed import events_after
from laksa.reports.models import Report

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


Prepare = Callable[[Any, Report], dict[str, Any]]
"""(user, report) -> the verb's arguments (dispatch/verbs.py): checks the input first, raising
403/422, so those answers are never kept with an Idempotency-Key."""


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


def verb_endpoint(
    on: Router,
    path: str,
    verb: str,
    body: type[Schema] | None,
    arguments: Callable[[Any, Any, Report], dict[str, Any]],
    doc: str,
    *,
    name: str = "",
    refused: Refused = refusal,
    documented_as: Callable[[Callable[..., Any]], Callable[..., Any]] = idempotent,
    deprecated: bool = False,
    module: str = __name__,
) -> None:
    """POST /reports/{code}/<path>: the verb of dispatch/verbs.py on a report the user may reach,
    with `arguments(body, user, report)` (which checks the input first: 403/422, never kept),
    once per Idempotency-Key; answered with the report as it is now, or the refusal."""

    def endpoint(
        request: HttpRequest,
        response: HttpResponse,
        code: str,
        payload: Any = None,
        idempotency_key: IdempotencyKey = None,
    ) -> Any:
        def prepare(user: Any, report: Report) -> dict[str, Any]:
            return arguments(payload, user, report)

        return act_on_report(
            request, response, code, verb, idempotency_key, prepare, refused=refused
        )

    # What ninja reads to build the operation: the body's schema (none for a bare action).
    endpoint.__annotations__ = {
        "request": HttpRequest,
        "response": HttpResponse,
        "code": str,
        **({"payload": body} if body is not None else {}),
        "idempotency_key": IdempotencyKey,
        "return": Any,
    }
    endpoint.__signature__ = _with_body(endpoint, body)  # type: ignore[attr-defined]
    endpoint.__name__ = endpoint.__qualname__ = name or verb
    endpoint.__module__ = module  # the operation's id: the module's name and the endpoint's
    endpoint.__doc__ = doc
    on.post(f"/reports/{{code}}/{path}", response=DETAIL, deprecated=deprecated)(
        documented_as(endpoint)
    )


def _with_body(view: Callable[..., Any], body: type[Schema] | None) -> inspect.Signature:
    """The endpoint's signature with the body required, or without one."""
    signature = inspect.signature(view)
    parameters = []
    for parameter in signature.parameters.values():
        if parameter.name == "payload":
            if body is None:
                continue
            parameter = parameter.replace(default=inspect.Parameter.empty, annotation=body)
        parameters.append(parameter)
    return signature.replace(parameters=parameters)


def _verify(payload: VerifyIn, user: Any, report: Report) -> dict[str, Any]:
    city = report.jurisdiction
    return {
        "agency": agency_by_code(city, payload.agency) if payload.agency else None,
        "category": category_by_code(city, payload.category) if payload.category else None,
        "co_agencies": [agency_by_code(city, c, "co_agencies") for c in payload.co_agencies]
        if payload.co_agencies is not None
        else None,
        "public_note": payload.public_note,
        "internal_note": payload.internal_note,
        "expected_version": payload.expected_version,
    }


def _merge(payload: MergeIn, user: Any, report: Report) -> dict[str, Any]:
    into = Report.objects.filter(jurisdiction=report.jurisdiction, code=payload.into).first()
    if into is None:
        raise ApiError(422, _("Laporan tujuan tidak ditemukan."), field="into")
    return {"into": into, "expected_version": payload.expected_version}


def _refer(payload: ReferIn, user: Any, report: Report) -> dict[str, Any]:
    to = agency_by_code(report.jurisdiction, payload.to, "to")
    return {"to": to, "note": payload.note, "expected_version": payload.expected_version}


def _versioned(*names: str) -> Callable[[Any, Any, Report], dict[str, Any]]:
    """The body's fields of these names, and its expected_version."""

    def arguments(payload: Any, user: Any, report: Report) -> dict[str, Any]:
        given = {name: getattr(payload, name) for name in names}
        return given | {"expected_version": payload.expected_version}

    return arguments


# The LIVE Room's verbs: path, verb, body, its arguments, what the endpoint does.
TRIAGE: list[tuple[str, str, type[Schema] | None, Callable[[Any, Any, Report], Any], str]] = [
    ("verify", "verify", VerifyIn, _verify,
     "Verify and route to a lead agency, with co-agencies; again later, it re-routes."),
    ("reject", "reject", RejectIn, _versioned("reason"), ""),
    ("merge", "merge", MergeIn, _merge, "Mark the report as a duplicate of another open one."),
    ("refer", "refer", ReferIn, _refer, "Pass the report to an outside body (PLN, PDAM, ...)."),
    ("priority", "priority", PriorityIn, _versioned("priority", "note"), ""),
    ("visibility", "visibility", VisibilityIn, _versioned("public", "note"),
     "Hide the report from the public (its page, the map, feeds, Open311, photos) or show it "
     "again; a report of a non-public category is never shown."),
    ("reply", "reply", ReplyIn, _versioned("text"),
     "A public message to the reporter on the report's history."),
    ("notes", "note", NoteIn, lambda payload, user, report: {"text": payload.text},
     "An internal note for staff only. Notes never conflict, so no expected_version."),
    ("place", "place", PlaceIn, _versioned("lat", "lng", "address"),
     "Put the report on the map where it is (one that came with an address only, or none)."),
    ("accept-proof", "accept_proof", None, lambda payload, user, report: {},
     "The control room accepts a job whose proof photos had no location."),
    ("return", "return", ReturnIn, _versioned("reason"),
     "The control room sends a done job back to the agency."),
]  # fmt: skip
for _path, _verb, _body, _arguments, _doc in TRIAGE:
    verb_endpoint(
        router,
        _path,
        _verb,
        _body,
        _arguments,
        _doc,
        name="return_job" if _verb == "return" else _verb,
    )


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
