"""The citizen site: home, report form, tracking pages, photos, public map and statistics.

Each view parses its input, calls at most one action from laksa.reports.actions, and renders.
"""

from __future__ import annotations

import secrets
import uuid
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET, require_POST

from laksa.catalog.answers import QuestionsForm, questions_of
from laksa.catalog.models import Category
from laksa.catalog.published import published, site_city
from laksa.dispatch.reach import staff_can_see
from laksa.intake.errors import Rejected
from laksa.intake.receive import KeyReused, receive
from laksa.intake.web import tokens
from laksa.intake.web.forms import with_page_messages
from laksa.intake.web.inbound import ReportForm
from laksa.intake.web.maps import form_map_config
from laksa.lib import throttle
from laksa.lib.geo import parse_coordinate, valid_point
from laksa.lib.json_errors import error_item, errors_response
from laksa.org.models import Jurisdiction
from laksa.org.selectors import current_jurisdiction
from laksa.public import map_data, page_cache
from laksa.public.forms import (
    DisputeForm,
    MapFilterForm,
    RatingForm,
    StatsFilterForm,
)
from laksa.public.stats import city_stats, default_range, home_stamp, home_tiles
from laksa.reports import actions
from laksa.reports.available import reporter_actions
from laksa.reports.duplicates import nearby_open_reports
from laksa.reports.errors import ActionError
from laksa.reports.models import Channel, Photo, PhotoKind, Report
from laksa.reports.selectors import (
    before_and_after,
    readable_answers,
    report_for_tracking,
    tracking_stamp,
)
from laksa.reports.statuses import (
    COLOUR_LABEL,
    FINISHED,
    HEX,
    OPEN_STATUSES,
    ROUTED_OR_FINISHED,
    WAITING,
    Status,
    StatusType,
)

SESSION_REPORTS = "laksa_reports"
"""Report ids whose private link this browser opened: their photos show even when not public."""


# --- icons ------------------------------------------------------------------------------------------

ICON_SIZES = (192, 512)
"""The home-screen icons of the web app manifest, drawn by scripts/make_icons.py."""


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers and crawlers ask for /favicon.ico whatever the page links: the static icon."""
    return HttpResponsePermanentRedirect(static("laksa/icons/favicon.ico"))


@require_GET
@cache_control(public=True, max_age=86400)
def web_manifest(request: HttpRequest) -> HttpResponse:
    """The citizen site as an app on a phone's home screen: its name, colours and icons."""
    city = current_jurisdiction()
    icons = [
        {"src": static(f"laksa/icons/icon-{n}.png"), "sizes": f"{n}x{n}", "type": "image/png"}
        for n in ICON_SIZES
    ]
    icons.append({"src": static("laksa/icons/icon.svg"), "sizes": "any", "type": "image/svg+xml"})
    manifest = {
        "name": f"Laksa {city.name}",
        "short_name": "Laksa",
        "start_url": reverse("public:home"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#f6f7f9",
        "theme_color": "#0b3d66",
        "icons": icons,
    }
    return JsonResponse(manifest, content_type="application/manifest+json")


# --- home and lookup --------------------------------------------------------------------------------


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    # The same counts as /statistik/, the wall and /kinerja/: one tile per status type.
    city = current_jurisdiction()
    return page_cache.serve(
        request,
        home_stamp(city),
        lambda extra: render(request, "public/home.html", {**home_tiles(city), **extra}),
    )


@require_GET
def track_lookup(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("code", "").strip().upper()
    if not code:
        messages.error(request, _("Ketik kode laporan, misalnya TNG-2611-00042."))
        return redirect("public:home")
    if len(code) > 24 or not all(ch.isalnum() or ch == "-" for ch in code):
        return _not_found(request, code)
    return redirect("public:track", code=code)


def _not_found(request: HttpRequest, code: str = "", *, private: bool = False) -> HttpResponse:
    return render(request, "public/not_found.html", {"code": code, "private": private}, status=404)


# --- report form ------------------------------------------------------------------------------------


@never_cache  # the page holds the form's token: no shared cache or back button may hand it on
def report_form(request: HttpRequest) -> HttpResponse:
    city = current_jurisdiction()
    if request.method == "POST":
        verdict = throttle.hit("report", throttle.client_ip(request))
        if not verdict.allowed:
            form = ReportForm(request.POST, jurisdiction=city)
            return _too_many(request, form, _form_context(city, form), verdict.retry_after)
        form = ReportForm(request.POST, request.FILES, jurisdiction=city)
        if form.is_valid():
            inbound = form.inbound(
                channel=Channel.WEB,
                contact=form.contact(),
                anonymous=form.cleaned_data["anonymous"],
            )
            try:
                received = receive(inbound, jurisdiction=city)
            except Rejected as exc:
                form.add_problems(exc.problems)
            except KeyReused:
                form.add_error(
                    None,
                    _(
                        "Formulir ini sudah pernah dikirim dengan isi yang lain. Periksa "
                        "isiannya, lampirkan lagi fotonya, lalu kirim sebagai laporan baru."
                    ),
                )
                tokens.renew(request, form)
            except ActionError as exc:
                form.add_error(None, exc.message)
            else:
                report = received.report
                if not received.created and not _sent_here(request, form, report):
                    # The same form again from another browser (a shared phone, a cached
                    # page): it was sent, and its private link stays with whoever sent it.
                    return render(request, "public/report_already_sent.html")
                _remember(request, report)
                messages.success(
                    request,
                    _(
                        "Laporan Anda tercatat dengan kode %(code)s. Simpan tautan pribadi di "
                        "bawah: hanya dengan tautan itu Anda bisa mengonfirmasi atau menyanggah."
                    )
                    % {"code": report.code},
                )
                notice = _when_read_notice(report)
                if notice:
                    messages.info(request, notice)
                return _see_other(_private_url(report))
        status = 400
    else:
        form = ReportForm(
            jurisdiction=city,
            initial={
                "form_token": tokens.issue(request),
                "category": request.GET.get("category", ""),
            },
        )
        status = 200
    return render(request, "public/report_form.html", _form_context(city, form), status=status)


def _sent_here(request: HttpRequest, form: ReportForm, report: Report) -> bool:
    """Whether this browser sent the report its form's token made: the form was issued here, or
    this browser already holds the report's private link (SESSION_REPORTS)."""
    return tokens.issued_here(request, form.cleaned_data["form_token"]) or (
        report.pk in request.session.get(SESSION_REPORTS, [])
    )


def _too_many(
    request: HttpRequest, form: forms.Form, context: dict[str, Any], wait: int
) -> HttpResponse:
    """The form again, with what was typed and when to send again: 429 (laksa.lib.throttle)."""
    form.errors.clear()
    form.add_error(
        None,
        _("Terlalu banyak laporan dari alamat Anda dalam waktu singkat. Kirim lagi dalam %(wait)s.")
        % {"wait": throttle.wait_text(wait)},
    )
    response = render(request, "public/report_form.html", context, status=429)
    response["Retry-After"] = str(wait)
    return response


def _when_read_notice(report: Report) -> str:
    """Outside working hours, when staff will read the report; for an emergency, whom to call."""
    city = report.jurisdiction
    if report.category.emergency:
        return _(
            "Untuk keadaan darurat, segera hubungi %(number)s; jangan menunggu balasan laporan."
        ) % {"number": city.emergency_number}
    calendar = city.calendar
    if calendar.is_open(report.created_at):
        return ""
    opening = calendar.next_opening(report.created_at)
    days_ahead = (opening.date() - timezone.localtime(report.created_at, city.tz).date()).days
    when = date_format(opening, "l H:i T" if days_ahead < 7 else "l j F Y H:i T")
    return _("Laporan Anda akan dibaca petugas mulai %(when)s.") % {"when": when}


def _see_other(url: str) -> HttpResponseRedirect:
    """A 303 redirect: after a POST the browser GETs the target, so a reload never re-posts."""
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


def _form_context(city: Jurisdiction, form: ReportForm) -> dict[str, Any]:
    return {
        "form": form,
        "map_config": _map_config(city),
        "max_photos": settings.LAKSA_PHOTOS_PER_REPORT,
    }


def _map_config(city: Jurisdiction) -> dict[str, Any]:
    return form_map_config(city)


@require_GET
def report_questions(request: HttpRequest) -> HttpResponse:
    """The extra questions of the chosen category (htmx partial of the report form)."""
    category = _category_param(current_jurisdiction(), request.GET.get("category", ""))
    form = with_page_messages(QuestionsForm(questions=questions_of(category)))
    return render(request, "public/_questions.html", {"fields": list(form)})


def _category_param(city: Jurisdiction, raw: str) -> Category | None:
    if not (raw.isascii() and raw.isdigit()):
        return None
    return Category.objects.filter(jurisdiction=city, active=True, pk=int(raw)).first()


@require_GET
def report_nearby(request: HttpRequest) -> HttpResponse:
    """Open reports of the same category near the chosen point (htmx partial of the form)."""
    city = current_jurisdiction()
    category = _category_param(city, request.GET.get("category", ""))
    try:
        lat = parse_coordinate(request.GET.get("lat", ""))
        lng = parse_coordinate(request.GET.get("lng", ""))
    except ValueError:
        lat = lng = float("nan")
    found = []
    if category is not None and valid_point(lat, lng):
        found = nearby_open_reports(category, lat, lng)
        # Only reports the public may see are offered; a private one stays with the operators.
        shown = set(
            map_data.filtered_reports(city)
            .filter(pk__in=[n.report.pk for n in found])
            .values_list("pk", flat=True)
        )
        found = [n for n in found if n.report.pk in shown]
    reports = [n.report for n in found]
    thumbs = _first_photos(reports)
    rows = [
        {"report": n.report, "distance": round(n.distance_m), "thumb": thumbs.get(n.report.pk)}
        for n in found
    ]
    return render(request, "public/_nearby.html", {"rows": rows})


def _first_photos(reports: list[Report]) -> dict[int, Photo]:
    first: dict[int, Photo] = {}
    for photo in Photo.objects.filter(report__in=reports, kind=PhotoKind.BEFORE).order_by("id"):
        first.setdefault(photo.report_id, photo)
    return first


@require_POST
def support(request: HttpRequest, code: str) -> HttpResponse:
    """A citizen adds their voice to an open public report instead of filing a duplicate."""
    report = _public_report(code)
    if report is None:
        return _not_found(request, code)
    verdict = throttle.hit("support", throttle.client_ip(request))
    if not verdict.allowed:
        refused = {"message": throttle.too_many_text(verdict.retry_after)}
        if request.htmx:  # type: ignore[attr-defined]
            response = render(
                request, "public/_supported.html", {"report": report, "error": refused}
            )
        else:
            messages.error(request, refused["message"])
            response = render(request, "public/track.html", _tracking_context(report))
        response.status_code = 429
        response["Retry-After"] = str(verdict.retry_after)
        return response
    if not request.session.session_key:
        request.session.create()
    try:
        counted = actions.add_support(report, session_key=request.session.session_key or "")
    except ActionError as exc:
        if request.htmx:  # type: ignore[attr-defined]
            return render(request, "public/_supported.html", {"report": report, "error": exc})
        messages.error(request, exc.message)
        return _see_other(reverse("public:track", args=[report.code]))
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "public/_supported.html", {"report": report, "counted": counted})
    if counted:
        messages.success(request, _("Terima kasih, dukungan Anda tercatat."))
    else:
        messages.info(request, _("Anda sudah mendukung laporan ini."))
    return _see_other(reverse("public:track", args=[report.code]))


# --- tracking ---------------------------------------------------------------------------------------


def _public_report(code: str) -> Report | None:
    report = report_for_tracking(code)
    if report is None or not report.public or report.status == Status.REJECTED:
        return None
    return report


def _private_report(code: str, secret: str) -> Report | None:
    report = report_for_tracking(code)
    if report is None or not secrets.compare_digest(
        report.secret.encode(), (secret or "").encode()
    ):
        return None
    return report


def _private_url(report: Report) -> str:
    return reverse("public:track_private", args=[report.code, report.secret])


def _remember(request: HttpRequest, report: Report) -> None:
    seen = [pk for pk in request.session.get(SESSION_REPORTS, []) if pk != report.pk]
    request.session[SESSION_REPORTS] = [report.pk, *seen][:50]


def _tracking_context(report: Report) -> dict[str, Any]:
    before, after = before_and_after(report)
    return {
        "report": report,
        "answers": readable_answers(report),
        "status_label": Status(report.status).label,
        "colour_label": COLOUR_LABEL[report.colour],
        "hex": HEX[report.colour],
        "events": report.public_events,  # type: ignore[attr-defined]
        "before": before,
        "after": after,
        "show_after": report.status in FINISHED and bool(after),
        # The targets still running: the response while the report waits, the fix while open.
        "respond_due": report.respond_due_at if report.status in WAITING else None,
        "resolve_due": report.resolve_due_at if report.status in OPEN_STATUSES else None,
        "referred_to": report.referred_to if report.status == Status.REFERRED else None,
        # Until the LIVE Room routes a new report, its category's agency is only where it will go;
        # a report closed without work (duplicate, referred) names no city agency at all.
        "agency_to_come": report.agency if report.status == Status.NEW else None,
        "agency_handling": report.agency if report.status in ROUTED_OR_FINISHED else None,
        "can_support": report.status in OPEN_STATUSES and report.public,
    }


@require_GET
def track(request: HttpRequest, code: str) -> HttpResponse:
    stamp = tracking_stamp(code)
    if stamp is None:
        return _not_found(request, code)

    def page(extra: dict[str, Any]) -> HttpResponse:
        report = _public_report(code)
        if report is None:
            return _not_found(request, code)
        return render(request, "public/track.html", {**_tracking_context(report), **extra})

    return page_cache.serve(request, stamp, page)


@require_GET
@never_cache
def track_private(request: HttpRequest, code: str, secret: str) -> HttpResponse:
    report = _private_report(code, secret)
    if report is None:
        return _not_found(request, code, private=True)
    _remember(request, report)
    context = _tracking_context(report)
    context.update(
        private=True,
        private_link=request.build_absolute_uri(_private_url(report)),
        secret=secret,
        can=reporter_actions(report),
        dispute_form=DisputeForm(),
        rating_form=RatingForm(initial={"stars": report.rating} if report.rating else None),
    )
    return render(request, "public/track.html", context)


def _private_action(
    request: HttpRequest, code: str, secret: str
) -> tuple[Report | None, HttpResponse | None]:
    report = _private_report(code, secret)
    if report is None:
        return None, _not_found(request, code, private=True)
    return report, None


@require_POST
def confirm(request: HttpRequest, code: str, secret: str) -> HttpResponse:
    report, refused = _private_action(request, code, secret)
    if report is None:
        return refused or _not_found(request, code, private=True)
    try:
        actions.confirm_fix(report, secret=secret)
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Terima kasih, laporan ditutup sebagai selesai."))
    return _see_other(_private_url(report))


def _flash_errors(request: HttpRequest, form: forms.Form) -> None:
    """The private page's small forms redirect back, so their errors travel as messages."""
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))


@require_POST
def dispute(request: HttpRequest, code: str, secret: str) -> HttpResponse:
    report, refused = _private_action(request, code, secret)
    if report is None:
        return refused or _not_found(request, code, private=True)
    form = DisputeForm(request.POST)
    if not form.is_valid():
        _flash_errors(request, form)
        return _see_other(_private_url(report))
    try:
        actions.dispute_fix(report, secret=secret, reason=form.cleaned_data["reason"])
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Sanggahan Anda diteruskan; laporan dikerjakan kembali."))
    return _see_other(_private_url(report))


@require_POST
def rate(request: HttpRequest, code: str, secret: str) -> HttpResponse:
    report, refused = _private_action(request, code, secret)
    if report is None:
        return refused or _not_found(request, code, private=True)
    form = RatingForm(request.POST)
    if not form.is_valid():
        _flash_errors(request, form)
        return _see_other(_private_url(report))
    try:
        actions.rate_service(
            report,
            secret=secret,
            stars=form.cleaned_data["stars"],
            comment=form.cleaned_data["comment"],
        )
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Terima kasih atas penilaian Anda."))
    return _see_other(_private_url(report))


# --- photos -----------------------------------------------------------------------------------------


def _photo_response(request: HttpRequest, photo_uuid: uuid.UUID, *, thumb: bool) -> FileResponse:
    photo = (
        Photo.objects.select_related("report", "report__jurisdiction")
        .filter(uuid=photo_uuid)
        .first()
    )
    if photo is None:
        raise Http404
    report = photo.report
    public = report.public and report.status != Status.REJECTED
    if not public:
        allowed = report.pk in request.session.get(SESSION_REPORTS, []) or (
            request.user.is_authenticated and staff_can_see(request.user, report)
        )
        if not allowed:
            raise Http404
    field = photo.thumbnail if thumb else photo.image
    try:
        handle = field.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type="image/jpeg")
    # A report can later turn private or be rejected: shared caches keep public photos a day only.
    response["Cache-Control"] = "public, max-age=86400" if public else "private, max-age=3600"
    return response


@require_GET
def photo(request: HttpRequest, photo_uuid: uuid.UUID) -> FileResponse:
    return _photo_response(request, photo_uuid, thumb=False)


@require_GET
def thumb(request: HttpRequest, photo_uuid: uuid.UUID) -> FileResponse:
    return _photo_response(request, photo_uuid, thumb=True)


# --- public map -------------------------------------------------------------------------------------


@require_GET
def public_map(request: HttpRequest) -> HttpResponse:
    city = current_jurisdiction()
    form = MapFilterForm(request.GET or None, jurisdiction=city)
    # The legend and the markers' colours come from statuses.py, so every colour drawn is explained.
    map_config = _map_config(city) | {"hex": {colour: HEX[colour] for colour in map_data.COLOURS}}
    legend = [(colour, COLOUR_LABEL[colour]) for colour in map_data.COLOURS]
    return render(
        request, "public/map.html", {"form": form, "map_config": map_config, "legend": legend}
    )


@require_GET
@published("public.areas", inputs=site_city, by_language=False)
def map_areas(request: HttpRequest) -> HttpResponse:
    text = map_data.areas_geojson(current_jurisdiction())
    return HttpResponse(text, content_type="application/geo+json")


@require_GET
def map_points(request: HttpRequest) -> HttpResponseBase:
    city = current_jurisdiction()
    form = MapFilterForm(request.GET, jurisdiction=city)
    errors: list[dict[str, Any]] = []
    bbox = None
    zoom = city.default_zoom
    try:
        if request.GET.get("bbox"):
            bbox = map_data.Bbox.parse(request.GET["bbox"])
    except ValueError:
        message = _("bbox harus empat angka: barat,selatan,timur,utara.")
        errors.append(error_item(400, message, field="bbox", code="invalid"))
    raw_zoom = request.GET.get("zoom", "")
    if raw_zoom:
        if raw_zoom.isascii() and raw_zoom.isdigit() and 0 <= int(raw_zoom) <= 22:
            zoom = int(raw_zoom)
        else:
            message = _("zoom harus angka 0 sampai 22.")
            errors.append(error_item(400, message, field="zoom", code="invalid"))
    if not form.is_valid():
        errors += [
            error_item(400, str(e), field=None if k == NON_FIELD_ERRORS else k, code="invalid")
            for k, v in form.errors.items()
            for e in v
        ]
    if errors:
        return errors_response(400, errors)
    data = form.cleaned_data
    qs = map_data.filtered_reports(
        city,
        category=data["category"],
        status_type=data["type"],
        kecamatan=data["kecamatan"],
        date_from=data["date_from"],
        date_to=data["date_to"],
    )
    response = JsonResponse(map_data.map_payload(qs, bbox=bbox, zoom=zoom))
    response["Cache-Control"] = "public, max-age=30"
    return response


# --- statistics -------------------------------------------------------------------------------------


@require_GET
def stats(request: HttpRequest) -> HttpResponse:
    city = current_jurisdiction()
    start, end = default_range(city)
    form = StatsFilterForm(request.GET or None, initial={"date_from": start, "date_to": end})
    if form.is_bound and form.is_valid():
        start = form.cleaned_data["date_from"] or start
        end = form.cleaned_data["date_to"] or end
    elif form.is_bound:
        return render(request, "public/stats.html", {"form": form}, status=400)
    context = city_stats(city, start, end)
    context.update(form=form, start=start, end=end, status_types=StatusType)
    return render(request, "public/stats.html", context)
