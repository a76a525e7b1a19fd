"""The indicator pages under /kinerja/indikator/: the city's traffic lights, an agency, a
project, budget realisation, the procurement pipeline, imports, templates and the monthly
report. Every table also answers as CSV with `?format=csv`."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Sequence
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from laksa.dispatch.reach import staff_reports
from laksa.field.access import role_required
from laksa.kpi.indicators import charts, exports, imports
from laksa.kpi.indicators.models import (
    MONTH_NAMES,
    BudgetMonth,
    Import,
    ImportKind,
    ImportSource,
    ProcurementPackage,
    ProgressReport,
    Project,
    Stage,
    Thresholds,
)
from laksa.kpi.indicators.selectors import (
    Scope,
    budget_trend,
    indicator_scope,
    is_troubled,
    latest_period,
    month_end,
    overview,
    project_states,
    visible_agencies,
)
from laksa.lib import clock
from laksa.org.models import Agency
from laksa.org.selectors import current_jurisdiction
from laksa.reports.models import Report

indicators_required = role_required(lambda user: indicator_scope(user) is not None)


def _scope(request: HttpRequest) -> Scope:
    scope = indicator_scope(request.user)
    assert scope is not None  # indicators_required let the user in
    return scope


def _period(request: HttpRequest, city: Any, scope: Scope) -> tuple[int, int]:
    """`?tahun=&bulan=` when valid, else the latest month with figures."""
    try:
        year, month = int(request.GET["tahun"]), int(request.GET["bulan"])
    except (KeyError, ValueError):
        return latest_period(city, scope.agency_ids)
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        return latest_period(city, scope.agency_ids)
    return year, month


def _period_context(year: int, month: int) -> dict[str, Any]:
    return {
        "year": year,
        "month": month,
        "month_name": MONTH_NAMES[month - 1],
        "months": list(enumerate(MONTH_NAMES, start=1)),
        "years": list(range(year - 3, year + 2)),
        "period_query": f"tahun={year}&bulan={month}",
    }


def wants_csv(request: HttpRequest) -> bool:
    return request.GET.get("format") == "csv"


def csv_response(name: str, header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> HttpResponse:
    """A table as CSV (UTF-8 with BOM, so spreadsheet programs read it as UTF-8)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([str(h) for h in header])
    for row in rows:
        writer.writerow([exports.safe_cell(v) for v in row])
    response = HttpResponse(
        out.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


def _access_agency(city: Any, scope: Scope, code: str) -> Agency:
    agency = visible_agencies(city, scope).filter(code=code).first()
    if agency is None:
        raise Http404
    return agency


@indicators_required
def city_overview(request: HttpRequest) -> HttpResponse:
    city = current_jurisdiction()
    scope = _scope(request)
    agencies = list(visible_agencies(city, scope))
    if not scope.whole_city and len(agencies) == 1 and not wants_csv(request):
        return redirect("kpi:indicators:agency", code=agencies[0].code)
    year, month = _period(request, city, scope)
    view = overview(city, agencies, year, month)
    if wants_csv(request):
        return csv_response(f"indikator-{year}-{month:02d}", *exports.overview_table(view))
    return render(
        request,
        "indicators/overview.html",
        {
            **_period_context(year, month),
            "view": view,
            "total": view.total,
            "scope": scope,
            "chart": charts.absorption(view.rows),
        },
    )


@indicators_required
def agency_detail(request: HttpRequest, code: str) -> HttpResponse:
    city = current_jurisdiction()
    scope = _scope(request)
    agency = _access_agency(city, scope, code)
    year, month = _period(request, city, scope)
    view = overview(city, [agency], year, month)
    figures = view.rows[0]
    table = request.GET.get("tabel", "anggaran")
    lines = list(
        BudgetMonth.objects.filter(line__agency=agency, line__year=year, month__lte=month)
        .select_related("line")
        .order_by("line__sub_activity_code", "line__account_code", "month")
    )
    latest: dict[int, BudgetMonth] = {}
    for row in lines:
        latest[row.line_id] = row
    packages = list(
        ProcurementPackage.objects.filter(agency=agency, year=year).order_by("stage", "rup_code")
    )
    as_of = min(month_end(year, month), clock.today(city.tz))
    if wants_csv(request):
        if table == "proyek":
            return csv_response(
                f"proyek-{agency.code}-{year}", *exports.projects_table(figures.physical.projects)
            )
        if table == "pengadaan":
            return csv_response(
                f"pengadaan-{agency.code}-{year}", *exports.packages_table(packages)
            )
        return csv_response(
            f"anggaran-{agency.code}-{year}-{month:02d}",
            *exports.budget_lines_table(list(latest.values()), month),
        )
    trend = budget_trend([agency.pk], year, month)
    return render(
        request,
        "indicators/agency.html",
        {
            **_period_context(year, month),
            "agency": agency,
            "figures": figures,
            "scope": scope,
            "lines": list(latest.values()),
            "packages": [(p, is_troubled(p, as_of)) for p in packages],
            "trend_chart": charts.budget_trend(trend)
            if trend and any(t["ceiling"] for t in trend)
            else None,
        },
    )


@indicators_required
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    city = current_jurisdiction()
    scope = _scope(request)
    project = get_object_or_404(
        Project.objects.select_related("agency"), pk=pk, agency__jurisdiction=city
    )
    if not scope.sees(project.agency_id):
        raise Http404
    reports = list(ProgressReport.objects.filter(project=project).order_by("period_end"))
    if wants_csv(request):
        return csv_response(
            f"progres-{project.pk}",
            [
                _("akhir periode"),
                _("rencana (%)"),
                _("realisasi (%)"),
                _("deviasi (poin)"),
                _("realisasi keuangan"),
                _("pelapor"),
                _("kendala"),
            ],
            [
                (
                    r.period_end,
                    r.planned_pct,
                    r.actual_pct,
                    r.deviation,
                    r.financial,
                    r.reporter,
                    r.problems,
                )
                for r in reports
            ],
        )
    [state] = project_states([project], clock.today(city.tz), Thresholds.for_city(city))
    nearby = _nearby_reports(request.user, city, project) if project.has_point else []
    map_config = (
        {
            "lat": project.lat,
            "lng": project.lng,
            "zoom": 16,
            "name": project.name,
            "tiles": settings.LAKSA_TILE_URL,
            "attribution": settings.LAKSA_TILE_ATTRIBUTION,
            "reports": [
                {"lat": r.lat, "lng": r.lng, "code": r.code, "colour": r.colour} for r in nearby
            ],
        }
        if project.has_point
        else None
    )
    return render(
        request,
        "indicators/project.html",
        {
            "project": project,
            "state": state,
            "reports": reports,
            "chart": charts.s_curve([(r.period_end, r.planned_pct, r.actual_pct) for r in reports])
            if reports
            else None,
            "map_config": map_config,
            "nearby": nearby,
            "nearby_radius": NEARBY_METRES,
        },
    )


NEARBY_METRES = 300


def _nearby_reports(user: Any, city: Any, project: Project) -> list[Report]:
    """The complaints the user may see within about 300 m of the project's point, newest
    first: what people say about the works, beside them on the map."""
    assert project.lat is not None and project.lng is not None
    dlat = NEARBY_METRES / 111_320
    dlng = dlat / max(0.2, math.cos(math.radians(project.lat)))
    return list(
        staff_reports(user, city)
        .filter(
            lat__range=(project.lat - dlat, project.lat + dlat),
            lng__range=(project.lng - dlng, project.lng + dlng),
        )
        .select_related("category")
        .order_by("-created_at")[:30]
    )


@indicators_required
def budget(request: HttpRequest) -> HttpResponse:
    city = current_jurisdiction()
    scope = _scope(request)
    agencies = list(visible_agencies(city, scope))
    year, month = _period(request, city, scope)
    view = overview(city, agencies, year, month)
    if wants_csv(request):
        return csv_response(f"anggaran-{year}-{month:02d}", *exports.budget_table(view))
    trend = budget_trend([a.pk for a in agencies], year, month)
    return render(
        request,
        "indicators/budget.html",
        {
            **_period_context(year, month),
            "view": view,
            "total": view.total,
            "chart": charts.absorption(view.rows),
            "trend_chart": charts.budget_trend(trend) if any(t["ceiling"] for t in trend) else None,
        },
    )


@indicators_required
def procurement(request: HttpRequest) -> HttpResponse:
    city = current_jurisdiction()
    scope = _scope(request)
    agencies = list(visible_agencies(city, scope))
    year, month = _period(request, city, scope)
    view = overview(city, agencies, year, month)
    as_of = min(month_end(year, month), clock.today(city.tz))
    troubled = [
        p
        for p in ProcurementPackage.objects.filter(agency__in=agencies, year=year)
        .filter(stage__in=[Stage.FAILED, Stage.PLANNED])
        .select_related("agency")
        .order_by("agency__abbreviation", "selection_starts_on")
        if is_troubled(p, as_of)
    ]
    if wants_csv(request):
        if request.GET.get("tabel") == "bermasalah":
            return csv_response(f"paket-bermasalah-{year}", *exports.packages_table(troubled))
        return csv_response(f"pengadaan-{year}-{month:02d}", *exports.procurement_table(view))
    return render(
        request,
        "indicators/procurement.html",
        {
            **_period_context(year, month),
            "view": view,
            "total": view.total,
            "stages": list(Stage),
            "count_chart": charts.pipeline(view.rows, by_value=False),
            "value_chart": charts.pipeline(view.rows, by_value=True),
            "troubled": troubled,
        },
    )


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Jenis data"), choices=ImportKind.choices)
    file = forms.FileField(
        label=gettext_lazy("Berkas XLSX atau CSV"),
        help_text=gettext_lazy("Pakai templat: baris pertama nama kolom."),
    )


@indicators_required
def import_page(request: HttpRequest) -> HttpResponse:
    city = current_jurisdiction()
    scope = _scope(request)
    rejected: list[imports.RowError] = []
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not scope.can_import:
            return render(request, "staff/no_role.html", status=403)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            kind = form.cleaned_data["kind"]
            try:
                rows = imports.read_table(upload.name, upload.read(imports.MAX_BYTES + 1))
                run = imports.import_table(
                    kind,
                    rows,
                    city=city,
                    by=request.user,
                    allowed=set(scope.import_ids) if scope.import_ids is not None else None,
                    source=ImportSource.FILE,
                    file_name=upload.name,
                )
            except imports.TableError as exc:
                form.add_error("file", str(exc))
            except imports.ImportRefused as exc:
                rejected = exc.errors
            else:
                messages.success(
                    request,
                    _("Impor berhasil: %(n)d baris (%(c)d baru, %(u)d berubah, %(s)d tetap).")
                    % {"n": run.rows, "c": run.created, "u": run.updated, "s": run.unchanged},
                )
                return redirect("kpi:indicators:import", pk=run.pk)
    history = Import.objects.filter(jurisdiction=city).select_related("by", "agency")
    if not scope.whole_city:
        history = history.filter(agency_id__in=scope.agency_ids or [])
    if wants_csv(request):
        return csv_response("riwayat-impor", *exports.imports_table(history[:5000]))
    page = Paginator(history, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "indicators/imports.html",
        {
            "form": form,
            "rejected": rejected,
            "page": page,
            "scope": scope,
            "kinds": ImportKind.choices,
        },
        status=422 if rejected or form.errors else 200,
    )


@indicators_required
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    city = current_jurisdiction()
    scope = _scope(request)
    run = get_object_or_404(Import.objects.select_related("by", "agency"), pk=pk, jurisdiction=city)
    if not scope.whole_city and run.agency_id not in (scope.agency_ids or ()):
        raise Http404
    changes = run.changes.all()
    if wants_csv(request):
        return csv_response(
            f"impor-{run.pk}",
            [_("baris"), _("tindakan"), _("data"), _("sebelum"), _("sesudah")],
            [(c.row_number, c.get_action_display(), c.record, c.before, c.after) for c in changes],
        )
    page = Paginator(changes, 100).get_page(request.GET.get("page"))
    return render(request, "indicators/import_detail.html", {"run": run, "page": page})


@indicators_required
def template_download(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    if kind not in ImportKind.values or fmt not in ("csv", "xlsx"):
        raise Http404
    if fmt == "csv":
        response = HttpResponse(imports.template_csv(kind), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            imports.template_xlsx(kind),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="templat-{kind}.{fmt}"'
    return response


@indicators_required
def monthly_report(request: HttpRequest) -> HttpResponse:
    city = current_jurisdiction()
    scope = _scope(request)
    year, month = _period(request, city, scope)
    agencies = list(visible_agencies(city, scope))
    report = exports.monthly_report(city, agencies, year, month, scope=scope, now=clock.now())
    fmt = request.GET.get("format", "html")
    name = f"laporan-kinerja-{year}-{month:02d}"
    if fmt == "pdf":
        base = request.build_absolute_uri(reverse("kpi:indicators:overview"))
        response = HttpResponse(
            exports.report_pdf(report, base_url=base), content_type="application/pdf"
        )
        response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
        return response
    if fmt == "xlsx":
        response = HttpResponse(
            exports.report_xlsx(report),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    if fmt == "csv":
        return csv_response(name, *exports.overview_table(report.view))
    nonce = str(getattr(request, "csp_nonce", ""))
    return HttpResponse(exports.report_html(report, csp_nonce=nonce))
