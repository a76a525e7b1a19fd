"""GeoReport v2 at /open311/v2/, in XML and JSON, with the extensions real deployments use
(page/page_size, extensions=true, FixMyStreet's servicerequestupdates, several jurisdictions).

Every answer is in the format the URL asks for, errors included; nothing here redirects or
answers with an HTML page, and CSRF does not apply (no client sends a token; POSTs need a key).
"""

from __future__ import annotations

import functools
import logging
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from laksa.catalog.answers import questions_of
from laksa.catalog.models import Category, Question
from laksa.catalog.published import current, fresh_each_time, published
from laksa.intake.categories import active_category
from laksa.intake.errors import Rejected
from laksa.intake.open311 import inbound as open311_door
from laksa.intake.receive import receive
from laksa.lib import clock
from laksa.lib.geo import parse_coordinate, valid_point
from laksa.lib.storable import carries_nul
from laksa.lib.uploads import process_uploads
from laksa.open311 import formats, shapes
from laksa.open311.params import (
    Open311Error,
    attributes,
    jurisdiction,
    listed,
    param,
    w3c_datetime,
)
from laksa.org import keys
from laksa.org.models import Application, Area, Jurisdiction
from laksa.reports import actions
from laksa.reports.errors import ActionError
from laksa.reports.models import EventKind, Photo, PhotoKind, ReportEvent
from laksa.reports.selectors import public_reports

log = logging.getLogger(__name__)

MAX_RESULTS = 1000
MAX_IDEMPOTENCY_KEY = 100
"""As the API's: the key is stored with the application's id in a 200-character column."""
DEFAULT_SPAN = timedelta(days=90)
PHOTO_FIELDS = ("media", "media[]", "photo", "photos", "photo[]", "photos[]")

View = Callable[..., HttpResponse]


def open311(methods: tuple[str, ...]) -> Callable[[View], View]:
    """Wraps a GeoReport view: the key (`api_key` or `X-Api-Key`, see `org.keys`), method check,
    errors in the asked format, keyed requests logged."""

    def decorator(view: View) -> View:
        @csrf_exempt
        @functools.wraps(view)
        def wrapped(request: HttpRequest, fmt: str, **kwargs: Any) -> HttpResponse:
            try:
                keys.identify(request, _api_key(request))
                if request.method not in methods:
                    response = formats.errors(
                        fmt, 405, _("Metode %(m)s tidak didukung di sini.") % {"m": request.method}
                    )
                    response["Allow"] = ", ".join(methods)
                else:
                    if carries_nul(request):
                        raise Open311Error(400, _("Isian tidak valid."))
                    response = view(request, fmt, **kwargs)
            except Open311Error as exc:
                response = formats.errors(fmt, exc.status, *exc.descriptions)
            except keys.KeyRefused as exc:
                response = formats.errors(fmt, exc.status, exc.message)
            except Exception:  # the spec's "general service error": never a 500 page
                log.exception("open311: %s %s failed", request.method, request.path)
                response = formats.errors(fmt, 400, _("Layanan sedang bermasalah; coba lagi."))
            keys.log(request, response.status_code)
            return response

        return wrapped

    return decorator


def _api_key(request: HttpRequest) -> str | None:
    """The key where reading it costs nothing (the query string, X-Api-Key) before the body's:
    a wrong key there is refused without reading what may be megabytes of photos."""
    outside = (request.GET.get("api_key") or "").strip()
    outside = outside or (request.headers.get("X-Api-Key") or "").strip()
    return outside or param(request, "api_key")


def _city(request: HttpRequest) -> Jurisdiction:
    """The city asked for; without jurisdiction_id, the calling application's own. A key of
    another city is 403."""
    app = keys.caller(request)
    city = jurisdiction(request, app.jurisdiction if app else None)
    _application(request, city, required=False)
    return city


def _application(request: HttpRequest, city: Jurisdiction, *, required: bool) -> Application | None:
    """The calling application, checked against the city asked for (403 if another city's); a
    missing key is 403 where one is required."""
    app = keys.caller(request)
    if app is None:
        if required:
            raise Open311Error(403, _("api_key wajib diisi."))
        return None
    keys.check_city(app, city)
    return app


# --- discovery and services -------------------------------------------------------------------------


def _asked_for(request: HttpRequest, fmt: str, **kwargs: Any) -> tuple[str | None, int | None, str]:
    """What a catalog answer depends on besides the catalog and the language: the city asked for
    (jurisdiction_id, else the key's city) and the address it is served at (discovery's URL)."""
    app = keys.caller(request)
    return (
        param(request, "jurisdiction_id"),
        app.jurisdiction_id if app else None,
        request.build_absolute_uri("/open311/v2/"),
    )


@open311(("GET", "HEAD"))
@published("open311.discovery", inputs=_asked_for)
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    """One city's document; on a server of several cities asked for none, one document for all
    of them (one endpoint serves them all, told apart by jurisdiction_id)."""
    try:
        cities = [_city(request)]
    except Open311Error as exc:
        if exc.status != 400 or param(request, "jurisdiction_id"):
            raise
        cities = list(Jurisdiction.objects.order_by("id"))
        if not cities:
            raise
    # The catalog's own clock: every change of a category, question, area or agency moves it
    # forward, and only forward (a question's change or a deletion moved no category's date).
    version = current()
    changeset = shapes.w3c(version.changed_at if version else clock.now(), cities[0])
    endpoint = request.build_absolute_uri("/open311/v2/")
    contact = "; ".join(
        _("Pusat pengaduan %(city)s; darurat %(number)s")
        % {"city": city.name, "number": city.emergency_number}
        for city in cities
    )
    key_service = " ".join(
        _("Minta kunci API kepada administrator %(city)s.") % {"city": city.name} for city in cities
    )
    response = formats.render(
        fmt,
        "discovery",
        {
            "changeset": changeset,
            "contact": contact,
            "key_service": key_service,
            "endpoints": [
                {
                    "specification": shapes.SPEC,
                    "url": endpoint,
                    "changeset": changeset,
                    "type": "production",
                    "formats": ["text/xml", "application/json"],
                }
            ],
        },
    )
    # Without a version yet (a database being built) the changeset is the moment of asking.
    return response if version else fresh_each_time(response)


def _categories(city: Jurisdiction) -> list[Category]:
    return list(
        Category.objects.filter(jurisdiction=city, active=True).order_by(
            "group", "order", "name_id"
        )
    )


@open311(("GET", "HEAD"))
@published("open311.services", inputs=_asked_for)
def services(request: HttpRequest, fmt: str) -> HttpResponse:
    city = _city(request)
    categories = _categories(city)
    with_questions = set(
        Question.objects.filter(category__in=categories).values_list("category_id", flat=True)
    )
    payload = [shapes.service(c, c.pk in with_questions) for c in categories]
    return formats.render(fmt, "services", payload)


def _category(city: Jurisdiction, code: str | None) -> Category:
    if not code:
        raise Open311Error(400, _("service_code wajib diisi."))
    category = (
        Category.objects.filter(jurisdiction=city, code=code, active=True).first()
        if _plausible(code)
        else None
    )
    if category is None:
        raise Open311Error(404, _("service_code tidak ditemukan: %(code)s") % {"code": code})
    return category


@open311(("GET", "HEAD"))
@published("open311.service", inputs=_asked_for)
def service_definition(request: HttpRequest, fmt: str, service_code: str) -> HttpResponse:
    city = _city(request)
    category = _category(city, service_code)
    payload = shapes.definition(category, questions_of(category))
    return formats.render(fmt, "service_definition", payload)


# --- requests ------------------------------------------------------------------------------------


@open311(("GET", "HEAD", "POST"))
def requests_(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _post_request(request, fmt)
    return _list_requests(request, fmt)


def _post_request(request: HttpRequest, fmt: str) -> HttpResponse:
    """POST Service Request: Open311's parameters read into an Inbound, then the one intake
    (validation, duplicates, routing) that every door goes through."""
    city = _city(request)
    app = _application(request, city, required=True)
    category = _category_to_report(city, param(request, "service_code"))
    lat, lng, address, area, place_note = _location(request, city)
    notes = [place_note] if place_note else []
    try:
        media_url = _media_url(request)
    except Open311Error:  # optional: the report is made without it, and the LIVE Room told
        media_url = ""
        notes.append(
            _("media_url tidak bisa dipakai, tidak disimpan: %(url)s")
            % {"url": open311_door.shown(param(request, "media_url") or "")}
        )
    files = [f for name in PHOTO_FIELDS for f in request.FILES.getlist(name)]
    try:
        photos = process_uploads(files)
    except forms.ValidationError as exc:
        raise Open311Error(400, *exc.messages) from None
    key = request.headers.get("Idempotency-Key") or param(request, "idempotency_key") or ""
    if len(key) > MAX_IDEMPOTENCY_KEY:  # as the API: a cut key could be another request's
        raise Open311Error(400, _("Idempotency-Key terlalu panjang (maksimal 100 karakter)."))
    try:
        inbound = open311_door.inbound(
            _request_params(request),
            application=app,
            category=category,
            key=key,
            point=(lat, lng) if lat is not None and lng is not None else None,
            area=area,
            address=address,
            answers=attributes(request),
            photos=photos,
            files=files,
            media_url=media_url,
            notes=notes,
        )
        received = receive(inbound, jurisdiction=city)
    except Rejected as exc:
        raise Open311Error(400, *(open311_door.said(p) for p in exc.problems)) from None
    except ActionError as exc:
        raise Open311Error(400, str(exc)) from None
    # A likely retry (same sender and report, no key) is answered as the first was: its copy
    # waits hidden in the LIVE Room (intake.retries).
    report = received.likely_retry_of or received.report
    notice = _("Pantau di %(url)s") % {"url": request.build_absolute_uri(f"/r/{report.code}/")}
    payload = [{"service_request_id": report.code, "service_notice": notice, "account_id": None}]
    return formats.render(fmt, "service_requests", payload)


def _category_to_report(city: Jurisdiction, code: str | None) -> Category:
    """`_category` for a POST, from the categories the process remembers (intake.categories)."""
    if not code:
        raise Open311Error(400, _("service_code wajib diisi."))
    category = active_category(city, code) if _plausible(code) else None
    if category is None:
        raise Open311Error(404, _("service_code tidak ditemukan: %(code)s") % {"code": code})
    return category


def _request_params(request: HttpRequest) -> dict[str, list[str]]:
    """Every parameter of the request, the body's over the query's, photos aside."""
    params = {name: request.GET.getlist(name) for name in request.GET}
    params.update({name: request.POST.getlist(name) for name in request.POST})
    return {name: values for name, values in params.items() if name not in PHOTO_FIELDS}


def _media_url(request: HttpRequest) -> str:
    """`media_url`, an http(s) URL of 500 characters at most, or ""."""
    media_url = param(request, "media_url") or ""
    if media_url:
        try:
            URLValidator(schemes=["http", "https"])(media_url)
        except ValidationError:
            raise Open311Error(400, _("media_url bukan URL http(s) yang valid.")) from None
        if len(media_url) > 500:
            raise Open311Error(400, _("media_url terlalu panjang."))
    return media_url


def _plausible(identifier: str) -> bool:
    """Could this be a code at all? (PostgreSQL refuses NUL bytes: that is not found, not a fault.)"""
    return len(identifier) <= 100 and "\x00" not in identifier


def _location(
    request: HttpRequest, city: Jurisdiction
) -> tuple[float | None, float | None, str, Area | None, str]:
    """lat & long, or address_id (a kelurahan or kecamatan code), or address_string (the spec
    allows it alone), and a note for the LIVE Room. An address naming no known area is accepted
    too, without a point, and the LIVE Room places it (intake.places resolves the rest); so is an
    address_id naming none (FixMyStreet's `#NOTPINPOINTED#`), with address_string if given."""
    raw_lat, raw_lng = param(request, "lat"), param(request, "long")
    address = (param(request, "address_string") or "")[:250]
    if raw_lat is not None or raw_lng is not None:
        try:
            lat, lng = parse_coordinate(raw_lat or ""), parse_coordinate(raw_lng or "")
        except ValueError:
            raise Open311Error(400, _("lat dan long harus angka, dan dikirim berdua.")) from None
        if not valid_point(lat, lng):
            raise Open311Error(400, _("lat/long di luar jangkauan."))
        return lat, lng, address, None, ""
    address_id = param(request, "address_id")
    if address_id:
        areas = Area.objects.filter(jurisdiction=city)
        area = areas.filter(code=address_id).first() or areas.filter(bps_code=address_id).first()
        if area is None:
            note = _("address_id tidak cocok dengan wilayah mana pun: %(id)s") % {
                "id": open311_door.shown(address_id)
            }
            return None, None, address, None, note
        return None, None, address or area.name, area, ""
    if not address.strip():
        raise Open311Error(400, _("Lokasi wajib: lat dan long, address_string, atau address_id."))
    return None, None, address, None, ""


def _list_requests(request: HttpRequest, fmt: str) -> HttpResponse:
    city = _city(request)
    qs = public_reports(city)
    ids = listed(request, "service_request_id")
    # A list of ids "overrides all other arguments".
    qs = qs.filter(code__in=ids[:MAX_RESULTS]) if ids else _filtered(request, city, qs)
    page, size = _page(request)
    rows = list(
        qs.order_by("-created_at", "-id").values(*shapes.REQUEST_FIELDS)[
            (page - 1) * size : page * size
        ]
    )
    return formats.render(
        fmt, "service_requests", _request_shapes(request, city, rows, _extensions(request))
    )


def _filtered(request: HttpRequest, city: Jurisdiction, qs: Any) -> Any:
    codes = listed(request, "service_code")
    if codes:
        qs = qs.filter(category__code__in=codes)
    statuses = listed(request, "status")
    if statuses:
        unknown = [s for s in statuses if s.lower() not in ("open", "closed")]
        if unknown:
            raise Open311Error(400, _("status harus open atau closed."))
        qs = qs.filter(status__in=[x for s in statuses for x in shapes.statuses_for(s.lower())])
    start, end = _date_range(request, city)
    qs = qs.filter(created_at__gte=start, created_at__lte=end)
    updated_after = w3c_datetime(request, "updated_after", city)
    if updated_after:
        qs = qs.filter(updated_at__gt=updated_after)
    return qs


def _date_range(request: HttpRequest, city: Jurisdiction) -> tuple[datetime, datetime]:
    """start_date/end_date: 90 days at most; the last 90 days when absent; one bound alone
    gives the other 90 days away."""
    start = w3c_datetime(request, "start_date", city)
    end = w3c_datetime(request, "end_date", city)
    if start is None and end is None:
        end = clock.now()
    try:
        if start is None:
            assert end is not None
            start = end - DEFAULT_SPAN
        if end is None:
            end = start + DEFAULT_SPAN
    except OverflowError:  # 0001-01-02 less 90 days, 9999-12-30 plus 90 days
        raise Open311Error(400, _("Tanggal di luar rentang yang bisa dipakai.")) from None
    if end < start:
        raise Open311Error(400, _("end_date lebih awal dari start_date."))
    if end - start > DEFAULT_SPAN:
        raise Open311Error(400, _("Rentang tanggal paling lama 90 hari."))
    return start, end


def _page(request: HttpRequest) -> tuple[int, int]:
    values = []
    for name, default, top in (("page", 1, 1_000_000), ("page_size", MAX_RESULTS, MAX_RESULTS)):
        raw = param(request, name)
        if raw is None:
            values.append(default)
            continue
        if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= top:
            raise Open311Error(
                400, _("%(name)s harus bilangan 1 sampai %(top)d.") % {"name": name, "top": top}
            )
        values.append(int(raw))
    return values[0], values[1]


def _extensions(request: HttpRequest) -> bool:
    return (param(request, "extensions") or "").lower() in ("true", "1", "all")


def _request_shapes(
    request: HttpRequest, city: Jurisdiction, rows: list[dict[str, Any]], extensions: bool
) -> list[dict[str, Any]]:
    """Reports (rows of shapes.REQUEST_FIELDS) as requests, with their photos and public
    notes: three queries in all, and plain rows rather than model instances."""
    ids = [row["id"] for row in rows]
    photos: dict[int, uuid.UUID] = {}
    media: dict[int, list[uuid.UUID]] = {}
    every = Photo.objects.filter(report_id__in=ids).order_by("id")
    for report_id, kind, photo in every.values_list("report_id", "kind", "uuid"):
        media.setdefault(report_id, []).append(photo)
        if kind == PhotoKind.BEFORE:
            photos.setdefault(report_id, photo)
    notes: dict[int, list[shapes.Note]] = {}
    events = ReportEvent.objects.filter(report_id__in=ids).exclude(public_note="").order_by("id")
    for report_id, kind, note, at, actor_id in events.values_list(
        "report_id", "kind", "public_note", "created_at", "actor_id"
    ):
        notes.setdefault(report_id, []).append(shapes.Note(kind, note, at, actor_id))
    return [
        shapes.request(
            row,
            city=city,
            absolute=request.build_absolute_uri,
            photo=photos.get(row["id"]),
            media=media.get(row["id"], []),
            notes=notes.get(row["id"]),
            extensions=extensions,
        )
        for row in rows
    ]


@open311(("GET", "HEAD"))
def request_detail(request: HttpRequest, fmt: str, service_request_id: str) -> HttpResponse:
    city = _city(request)
    row = (
        public_reports(city).filter(code=service_request_id).values(*shapes.REQUEST_FIELDS).first()
        if _plausible(service_request_id)
        else None
    )
    if row is None:
        raise Open311Error(
            404, _("service_request_id tidak ditemukan: %(id)s") % {"id": service_request_id}
        )
    payload = _request_shapes(request, city, [row], _extensions(request))
    return formats.render(fmt, "service_requests", payload)


@open311(("GET", "HEAD"))
def token(request: HttpRequest, fmt: str, token: str) -> HttpResponse:
    """Laksa answers every POST at once (type realtime), so it never hands out tokens."""
    _city(request)
    if not token:
        raise Open311Error(400, _("token wajib diisi."))
    raise Open311Error(404, _("token tidak ditemukan: %(token)s") % {"token": token})


# --- FixMyStreet's request updates ---------------------------------------------------------------


@open311(("GET", "HEAD", "POST"))
def updates(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _post_update(request, fmt)
    city = _city(request)
    start, end = _date_range(request, city)
    events = (
        ReportEvent.objects.filter(
            report__in=public_reports(city), created_at__gte=start, created_at__lte=end
        )
        .exclude(public_note="", to_status="")
        .exclude(kind=EventKind.CREATED)
        .select_related("report")
        .order_by("id")
    )
    page, size = _page(request)
    found = list(events[(page - 1) * size : page * size])
    statuses, photos = _history({e.report_id for e in found})
    payload = [
        shapes.update(
            e,
            e.report,
            city=city,
            status=statuses.get(e.pk, ""),
            photo_url=request.build_absolute_uri(reverse("public:photo", args=[photos[e.pk]]))
            if e.pk in photos
            else None,
            extensions=_extensions(request),
        )
        for e in found
    ]
    return formats.render(fmt, "service_request_updates", payload)


def _history(report_ids: set[int]) -> tuple[dict[int, str], dict[int, uuid.UUID]]:
    """Walking the reports' events in order: the status each report had at each event, and
    the first photo each event added (events and photos are not linked, but each event counts
    the progress or proof photos it stored, in order). Two queries."""
    statuses: dict[int, str] = {}
    photos: dict[int, uuid.UUID] = {}
    queued: dict[tuple[int, str], list[uuid.UUID]] = {}
    stored = Photo.objects.filter(
        report_id__in=report_ids, kind__in=[PhotoKind.PROGRESS, PhotoKind.PROOF]
    ).order_by("id")
    for report_id, kind, photo in stored.values_list("report_id", "kind", "uuid"):
        queued.setdefault((report_id, kind), []).append(photo)
    current: dict[int, str] = {}
    events = ReportEvent.objects.filter(report_id__in=report_ids).order_by("id")
    for pk, report_id, kind, to_status, data in events.values_list(
        "id", "report_id", "kind", "to_status", "data"
    ):
        if to_status:
            current[report_id] = to_status
        statuses[pk] = current.get(report_id, "")
        data = data if isinstance(data, dict) else {}
        if "proof_photos" in data:
            photo_kind, count = PhotoKind.PROOF, data["proof_photos"]
        elif kind == EventKind.PROGRESS:
            photo_kind, count = PhotoKind.PROGRESS, data.get("photos")
        else:
            continue
        mine = queued.get((report_id, photo_kind), [])
        taken, queued[(report_id, photo_kind)] = mine[: _count(count)], mine[_count(count) :]
        if taken:
            photos[pk] = taken[0]
    return statuses, photos


def _count(value: Any) -> int:
    return value if isinstance(value, int) and value > 0 else 0


def _post_update(request: HttpRequest, fmt: str) -> HttpResponse:
    """An outside site (FixMyStreet) adds an update to one of our public reports."""
    city = _city(request)
    app = _application(request, city, required=True)
    assert app is not None
    code = param(request, "service_request_id")
    if not code:
        raise Open311Error(400, _("service_request_id wajib diisi."))
    report = public_reports(city).filter(code=code).first() if _plausible(code) else None
    if report is None:
        raise Open311Error(404, _("service_request_id tidak ditemukan: %(id)s") % {"id": code})
    update_id = param(request, "update_id") or uuid.uuid4().hex
    try:
        event, _created = actions.add_outside_update(
            report,
            application=app,
            update_id=update_id,
            text=param(request, "description") or "",
            status=param(request, "status") or "",
            at=w3c_datetime(request, "updated_datetime", city),
            media_url=_media_url(request),
        )
    except ActionError as exc:
        raise Open311Error(400, str(exc)) from None
    return formats.render(fmt, "service_request_updates", [{"update_id": str(event.pk)}])


def refusal(request: HttpRequest, status: int, message: str) -> HttpResponse:
    """A refusal before any view (lib.body_limit): the spec's error list, in the path's format."""
    fmt = "xml" if request.path_info.endswith(".xml") else "json"
    return formats.errors(fmt, status, message)


@csrf_exempt
def not_found(request: HttpRequest, rest: str) -> HttpResponse:
    """Anything else under /open311/v2/: a 404 in the format the path ends with (JSON if none)."""
    fmt = "xml" if rest.rstrip("/").endswith(".xml") else "json"
    return formats.errors(fmt, 404, _("Tidak ada sumber di alamat ini: %(path)s") % {"path": rest})
