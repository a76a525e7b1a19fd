"""Endpoints of the citizen app: no login. An Application key (`X-Api-Key`) is optional; with
one, reports carry the application and the channel "app"."""

from __future__ import annotations

import hashlib
import json
import secrets
from typing import Annotated, Any

from django import forms
from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema
from ninja import Status as Answer
from ninja.decorators import decorate_view
from ninja.files import UploadedFile
from ninja.params import functions as param

from laksa.api import present
from laksa.api.errors import ApiError, documented
from laksa.api.idempotency import client_id, key_used_elsewhere
from laksa.api.lists import ReportFilters, apply_filters, category_by_code, page
from laksa.api.schemas import (
    CategoriesOut,
    ConfirmIn,
    CreatedOut,
    DisputeIn,
    MineIn,
    MineOut,
    NearbyListOut,
    PrivateReportOut,
    RateIn,
    ReportOut,
    ReportPageOut,
    SupportIn,
    SupportOut,
    TimelineOut,
)
from laksa.catalog.models import Category
from laksa.catalog.published import published, site_city
from laksa.intake.api import inbound as api_door
from laksa.intake.categories import active_category
from laksa.intake.errors import Rejected
from laksa.intake.places import remembered_areas
from laksa.intake.receive import KeyReused, receive
from laksa.lib import throttle
from laksa.lib.geo import valid_point
from laksa.lib.json_errors import error_response
from laksa.lib.uploads import process_uploads
from laksa.org import keys
from laksa.org.models import Application
from laksa.org.selectors import current_jurisdiction
from laksa.reports import actions
from laksa.reports.duplicates import nearby_open_reports
from laksa.reports.models import Photo, PhotoKind, Report
from laksa.reports.public_text import for_public
from laksa.reports.selectors import public_reports

router = Router(tags=["citizen"])

ApiKeyHeader = Annotated[
    str | None,
    param.Header(
        alias="X-Api-Key", description="The app's key (optional): marks reports as from the app."
    ),
]


def _application(request: HttpRequest) -> Application | None:
    return keys.caller(request)


def _public(code: str) -> Report:
    report = present.with_columns(public_reports(current_jurisdiction())).filter(code=code).first()
    if report is None:
        raise ApiError(404, _("Laporan %(code)s tidak ditemukan.") % {"code": code[:24]})
    return report


def _owned(code: str, secret: str) -> Report:
    """The report whose secret the caller knows; a wrong secret looks like an unknown code."""
    report = (
        present.with_columns(Report.objects.filter(jurisdiction=current_jurisdiction()))
        .filter(code=code)
        .first()
    )
    if report is None or not secrets.compare_digest(report.secret.encode(), secret.encode()):
        raise ApiError(404, _("Laporan %(code)s tidak ditemukan.") % {"code": code[:24]})
    return report


def _reload(report: Report) -> Report:
    return present.with_columns(Report.objects.filter(pk=report.pk)).get()


# --- categories -----------------------------------------------------------------------------------


@router.get("/categories", response=documented({200: CategoriesOut}))
@decorate_view(published("api.categories", inputs=site_city))
def categories(request: HttpRequest) -> Any:
    """The categories a citizen can report, with their extra questions (Open311 attributes)."""
    rows = (
        Category.objects.filter(jurisdiction=current_jurisdiction(), active=True)
        .prefetch_related("questions")
        .order_by("group", "order", "name_id")
    )
    return {
        "results": [
            present.category(c, sorted(c.questions.all(), key=lambda q: (q.order, q.pk)))
            for c in rows
        ]
    }


# --- reports --------------------------------------------------------------------------------------


class ReportIn(Schema):
    category: str = Field(max_length=20, description="Category code (see /categories).")
    description: str = Field(max_length=4000)
    lat: float = Field(ge=-90, le=90)
    lng: float = Field(ge=-180, le=180)
    address: str = Field("", max_length=250)
    answers: str = Field(
        "{}", max_length=20000, description='JSON object {"question_code": value or [values]}.'
    )
    contact_name: str = Field("", max_length=120)
    contact_phone: str = Field("", max_length=20)
    contact_email: str = Field("", max_length=254)
    anonymous: bool = False


@router.post("/reports", response=documented({200: CreatedOut, 201: CreatedOut}))
def create_report(
    request: HttpRequest,
    payload: Form[ReportIn],
    photos: File[list[UploadedFile]] = None,  # type: ignore[assignment]
    idempotency_key: Annotated[
        str | None,
        param.Header(
            alias="Idempotency-Key",
            max_length=100,
            description="A UUID made once per report: a retry of the same request with it "
            "returns the same report.",
        ),
    ] = None,
    api_key: ApiKeyHeader = None,
) -> Any:
    """Create a report (multipart/form-data, up to 5 photos in `photos`). 201 when created, 200
    when the same request was sent with this Idempotency-Key before (the first report is
    returned); 422 when the key is not a UUID or came with another request."""
    refused = _throttled(request, "report")
    if refused is not None:
        return refused
    city = current_jurisdiction()
    app = _application(request)
    cid = client_id(idempotency_key)
    # The process's remembered categories (intake.categories); an inactive or unknown code is
    # looked up as before, for its own answer.
    category = active_category(city, payload.category.strip()) or category_by_code(
        city, payload.category
    )
    try:
        raw_answers = json.loads(payload.answers or "{}")
    except (ValueError, RecursionError) as exc:  # RecursionError: arrays in arrays, deep
        raise ApiError(422, _("answers harus objek JSON."), field="answers") from exc
    if not isinstance(raw_answers, dict):
        raise ApiError(422, _("answers harus objek JSON."), field="answers")
    try:
        processed = process_uploads(list(photos or []))
    except forms.ValidationError as exc:
        raise ApiError(422, " ".join(exc.messages), field="photos") from exc
    inbound = api_door.inbound(
        payload.model_dump(),
        application=app,
        category=category,
        answers=raw_answers,
        photos=processed,
        files=photos or [],
        client_id=cid,
    )
    try:
        received = receive(inbound, jurisdiction=city)
    except KeyReused:
        raise key_used_elsewhere() from None
    except Rejected as exc:
        first = exc.problems[0]
        raise ApiError(422, first.message, field=api_door.field_of(first)) from None
    report = _as_made(received.report) if received.created else _reload(received.report)
    return Answer(201 if received.created else 200, _created(request, report))


def _throttled(request: HttpRequest, scope: str) -> HttpResponse | None:
    """429 with Retry-After when this client address is over its rate (laksa.lib.throttle)."""
    verdict = throttle.hit(scope, throttle.client_ip(request))
    if verdict.allowed:
        return None
    response = error_response(429, throttle.too_many_text(verdict.retry_after))
    response["Retry-After"] = str(verdict.retry_after)
    return response


def _as_made(report: Report) -> Report:
    """A report create_report has just made, with what its shape reads (`present`), without
    reading it back: its category and agency came with it, its kelurahan and kecamatan are the
    process's remembered areas (intake.places), its photos are read (one query)."""
    areas = remembered_areas(report.jurisdiction)
    for field, pk in (("kelurahan", report.kelurahan_id), ("kecamatan", report.kecamatan_id)):
        if pk is not None and pk in areas:
            setattr(report, field, areas[pk])
    prefetch_related_objects([report], Prefetch("photos", queryset=Photo.objects.order_by("id")))
    return report


def _created(request: HttpRequest, report: Report) -> dict[str, Any]:
    return {
        "code": report.code,
        "secret": report.secret,
        "private_url": request.build_absolute_uri(
            reverse("public:track_private", args=[report.code, report.secret])
        ),
        "report": present.private_report(request, report),
    }


@router.get("/reports", response=documented({200: ReportPageOut}))
def list_reports(request: HttpRequest, filters: Query[ReportFilters]) -> Any:
    """Public reports, newest first, a page at a time."""
    city = current_jurisdiction()
    qs = apply_filters(public_reports(city), city, filters)
    rows, cursor = page(present.with_columns(qs), filters)
    return {"results": [present.report(request, r) for r in rows], "next_cursor": cursor}


class NearbyQuery(Schema):
    category: str = Field(max_length=20)
    lat: float = Field(ge=-90, le=90)
    lng: float = Field(ge=-180, le=180)


@router.get("/reports/nearby", response=documented({200: NearbyListOut}))
def nearby(request: HttpRequest, query: Query[NearbyQuery]) -> Any:
    """Open public reports of the category near a point: offer "support" instead of a duplicate."""
    city = current_jurisdiction()
    category = category_by_code(city, query.category)
    if not valid_point(query.lat, query.lng):
        raise ApiError(422, _("Lokasi tidak valid."), field="lat")
    found = nearby_open_reports(category, query.lat, query.lng)
    shown = set(
        public_reports(city)
        .filter(pk__in=[n.report.pk for n in found])
        .values_list("pk", flat=True)
    )
    found = [n for n in found if n.report.pk in shown]
    thumbs: dict[int, Photo] = {}
    for p in Photo.objects.filter(report_id__in=shown, kind=PhotoKind.BEFORE).order_by("id"):
        thumbs.setdefault(p.report_id, p)
    return {
        "results": [
            {
                "code": n.report.code,
                "distance_m": round(n.distance_m),
                "status": n.report.status,
                "colour": n.report.colour,
                "description": for_public(n.report.description),
                "support_count": n.report.support_count,
                "created_at": n.report.created_at,
                "thumbnail_url": present.photo(request, thumbs[n.report.pk])["thumbnail_url"]
                if n.report.pk in thumbs
                else None,
            }
            for n in found
        ]
    }


@router.post("/reports/mine", response=documented({200: MineOut}))
def mine(request: HttpRequest, payload: MineIn) -> Any:
    """The current state of the reports this phone made: send each one's code and secret."""
    city = current_jurisdiction()
    wanted = {o.code: o.secret for o in payload.reports}
    found = present.with_columns(Report.objects.filter(jurisdiction=city, code__in=list(wanted)))
    results, known = [], set()
    for report in found.order_by("-id"):
        if secrets.compare_digest(report.secret.encode(), wanted[report.code].encode()):
            results.append(present.private_report(request, report))
            known.add(report.code)
    return {"results": results, "unknown": [c for c in wanted if c not in known]}


@router.get("/reports/{code}", response=documented({200: ReportOut}))
def report_detail(request: HttpRequest, code: str) -> Any:
    """A public report."""
    return present.report(request, _public(code))


@router.get("/reports/{code}/timeline", response=documented({200: TimelineOut}))
def timeline(request: HttpRequest, code: str) -> Any:
    """A public report's history: only what the public may read."""
    report = _public(code)
    return {"code": report.code, "status": report.status, "events": present.public_events(report)}


@router.post("/reports/{code}/support", response=documented({200: SupportOut}))
def support(request: HttpRequest, code: str, payload: SupportIn) -> Any:
    """ "Me too" on an open public report; counted once per device_id (without one, once per
    signed-in user, or per client address and browser)."""
    report = _public(code)
    refused = _throttled(request, "support")
    if refused is not None:
        return refused
    app = _application(request)
    user = getattr(request, "user", None)
    if payload.device_id:
        seed = f"{app.pk if app else 0}:{payload.device_id}"
    elif user is not None and user.is_authenticated:
        seed = f"user:{user.pk}"
    else:  # an app that sends no device id: the address and browser stand for the device
        agent = request.headers.get("User-Agent", "")[:200]
        seed = f"{app.pk if app else 0}:client:{throttle.client_ip(request)}:{agent}"
    session_key = "api:" + hashlib.sha256(seed.encode()).hexdigest()[:56]
    counted = actions.add_support(report, session_key=session_key)
    report.refresh_from_db(fields=["support_count"])
    return {"counted": counted, "support_count": report.support_count}


@router.post("/reports/{code}/confirm", response=documented({200: PrivateReportOut}))
def confirm(request: HttpRequest, code: str, payload: ConfirmIn) -> Any:
    """The reporter agrees the problem is fixed; the report is closed."""
    report = _owned(code, payload.secret)
    actions.confirm_fix(report, secret=payload.secret, note=payload.note)
    return present.private_report(request, _reload(report))


@router.post("/reports/{code}/dispute", response=documented({200: PrivateReportOut}))
def dispute(request: HttpRequest, code: str, payload: DisputeIn) -> Any:
    """The reporter says it is not fixed: the job goes back to the agency."""
    report = _owned(code, payload.secret)
    actions.dispute_fix(report, secret=payload.secret, reason=payload.reason)
    return present.private_report(request, _reload(report))


@router.post("/reports/{code}/rate", response=documented({200: PrivateReportOut}))
def rate(request: HttpRequest, code: str, payload: RateIn) -> Any:
    """The reporter rates the service 1 to 5 once the work is done."""
    report = _owned(code, payload.secret)
    actions.rate_service(
        report, secret=payload.secret, stars=payload.stars, comment=payload.comment
    )
    return present.private_report(request, _reload(report))
