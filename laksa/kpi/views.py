"""The performance dashboards at /kinerja/: the whole city, one agency, one area. Each reads the
KPI tables through selectors.py (plus the live list of overdue reports); any table comes as CSV
with `?format=csv&table=NAME`."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from laksa.intake.web.maps import form_map_config
from laksa.kpi import access, selectors
from laksa.kpi.charts import trend_svg
from laksa.kpi.forms import RangeForm
from laksa.kpi.selectors import CITY, Scope
from laksa.kpi.tables import Table, overdue_table, ranking_table, trend_table
from laksa.lib import clock
from laksa.org.models import Agency, Area, AreaLevel, Jurisdiction
from laksa.org.selectors import current_jurisdiction

DEFAULT_DAYS = 30
WEEKS = 12
MONTHS = 12


def _denied(request: HttpRequest) -> HttpResponse:
    return render(request, "staff/no_role.html", status=403)


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The city for those who see it; an agency head or area official goes to their own."""
    city = current_jurisdiction()
    user = request.user
    if access.sees_city(user):
        return _dashboard(request, city, CITY, _("Seluruh kota"), "city")
    agencies = access.headed_agency_ids(user)
    if agencies:
        return redirect("kpi:agency", agencies[0])
    areas = access.watched_area_ids(user)
    if areas:
        return redirect("kpi:area", areas[0])
    return _denied(request)


@login_required
@require_GET
def agency(request: HttpRequest, pk: int) -> HttpResponse:
    city = current_jurisdiction()
    found = get_object_or_404(Agency, pk=pk, jurisdiction=city)
    if not access.can_view_agency(request.user, found.pk):
        return _denied(request)
    return _dashboard(request, city, Scope(agency_id=found.pk), found.name, "agency")


@login_required
@require_GET
def area(request: HttpRequest, pk: int) -> HttpResponse:
    city = current_jurisdiction()
    found = get_object_or_404(Area, pk=pk, jurisdiction=city)
    if not access.can_view_area(request.user, found):
        return _denied(request)
    title = f"{found.get_level_display()} {found.name}"
    return _dashboard(request, city, Scope.of_area(found), title, "area", area=found)


def _range(request: HttpRequest, city: Jurisdiction) -> tuple[RangeForm, date, date, bool]:
    today = clock.today(city.tz)
    start, end = today - timedelta(days=DEFAULT_DAYS - 1), today
    form = RangeForm(
        request.GET if ("date_from" in request.GET or "date_to" in request.GET) else None,
        initial={"date_from": start, "date_to": end},
    )
    if form.is_bound and not form.is_valid():
        return form, start, end, False
    if form.is_bound:
        start = form.cleaned_data["date_from"] or start
        end = form.cleaned_data["date_to"] or end
    return form, start, end, True


def _dashboard(
    request: HttpRequest,
    city: Jurisdiction,
    scope: Scope,
    title: str,
    kind: str,
    *,
    area: Area | None = None,
) -> HttpResponse:
    form, start, end, valid = _range(request, city)
    if not valid:
        return render(request, "kpi/dashboard.html", {"form": form, "title": title}, status=400)
    now = clock.now()
    wanted = request.GET.get("table", "") if request.GET.get("format") == "csv" else ""
    weekly = monthly = None
    if wanted in ("", "weeks"):
        weekly = selectors.trend(city, "week", WEEKS, scope, today=end)
    if wanted in ("", "months"):
        monthly = selectors.trend(city, "month", MONTHS, scope, today=end)
    overdue = selectors.overdue_by(city, "agency", scope, now)
    tables = _tables(city, scope, kind, start, end, now, area, overdue, wanted=wanted)
    if weekly is not None:
        tables.append(trend_table("weeks", _("Tren per minggu"), _("Minggu mulai Senin."), weekly))
    if monthly is not None:
        tables.append(trend_table("months", _("Tren per bulan"), _("Bulan kalender."), monthly))
    if wanted:
        table = next((t for t in tables if t.name == wanted), None)
        if table is None:
            raise Http404(_("Tabel tidak dikenal."))
        return _csv(table, city, start, end)
    assert weekly is not None and monthly is not None
    status_total, status_tiles = selectors.status_now(city, scope, end=end)
    heat = None
    kelurahan = next((t for t in tables if t.name == "kelurahan"), None)
    if kelurahan is not None and kelurahan.keys:
        counts = {
            key: row[1] for key, row in zip(kelurahan.keys, kelurahan.rows, strict=True) if key
        }
        heat = form_map_config(city) | {
            "counts": counts,
            "max": max(counts.values(), default=0),
            "label": _("laporan masuk"),
        }
    context = {
        "title": title,
        "kind": kind,
        "form": form,
        "start": start,
        "end": end,
        "figures": selectors.totals(city, start, end, scope),
        "status_total": status_total,
        "status_tiles": status_tiles,
        "overdue_now": sum(overdue.values()),
        "weekly_svg": trend_svg(weekly, _("Per minggu (%(n)d minggu terakhir)") % {"n": WEEKS}),
        "monthly_svg": trend_svg(monthly, _("Per bulan (%(n)d bulan terakhir)") % {"n": MONTHS}),
        "tables": tables,
        "heat": heat,
        "query": request.GET.urlencode(),
        "sees_city": access.sees_city(request.user),
        "day_hours": city.calendar.day_length.total_seconds() / 3600,
        "now": now,
    }
    return render(request, "kpi/dashboard.html", context)


def _tables(
    city: Jurisdiction,
    scope: Scope,
    kind: str,
    start: date,
    end: date,
    now: Any,
    area: Area | None,
    overdue: dict[Any, int],
    *,
    wanted: str = "",
) -> list[Table]:
    """The page's tables, or only the one `wanted` for a CSV export."""

    def want(name: str) -> bool:
        return not wanted or wanted == name

    received = _(
        "Masuk: laporan yang diterima pada rentang tanggal ini, dari semua kanal. Waktu dalam "
        "jam kerja; tepat waktu: sebelum batas kategori laporan."
    )
    tables: list[Table] = []
    if kind in ("city", "area") and want("agencies"):
        rows = selectors.ranking(city, "agency", start, end, scope, now=now, overdue=overdue)
        links = {r.key: reverse("kpi:agency", args=[r.key]) for r in rows if r.key}
        tables.append(
            ranking_table(
                "agencies",
                _("Peringkat instansi"),
                received
                + " "
                + _(
                    "Menurut instansi penanggung jawab laporan sekarang; lewat target sekarang "
                    "dihitung langsung."
                ),
                _("Instansi"),
                rows,
                overdue=True,
                links=links,
            )
        )
    by_kecamatan: list[selectors.Ranked] = []
    by_kelurahan: list[selectors.Ranked] = []
    if want("kecamatan") or want("kelurahan"):
        by_kecamatan, by_kelurahan = selectors.place_rankings(city, start, end, scope)
    if kind == "city" and want("kecamatan"):
        links = {r.key: reverse("kpi:area", args=[r.key]) for r in by_kecamatan if r.key}
        tables.append(
            ranking_table(
                "kecamatan",
                _("Per kecamatan"),
                received,
                _("Kecamatan"),
                by_kecamatan,
                links=links,
            )
        )
    if (area is None or area.level == AreaLevel.KECAMATAN) and want("kelurahan"):
        links = {r.key: reverse("kpi:area", args=[r.key]) for r in by_kelurahan if r.key}
        tables.append(
            ranking_table(
                "kelurahan",
                _("Sebaran laporan per kelurahan"),
                received + " " + _("Makin gelap, makin banyak laporan."),
                _("Kelurahan"),
                by_kelurahan,
                links=links,
            )
        )
    if kind in ("agency", "area") and want("categories"):
        rows = selectors.ranking(city, "category", start, end, scope)
        tables.append(ranking_table("categories", _("Per kategori"), received, _("Kategori"), rows))
    # The city's channels come from the detail rows, the largest read of all: as CSV on request.
    if (kind != "city" and want("channels")) or wanted == "channels":
        rows = selectors.ranking(city, "channel", start, end, scope)
        tables.append(ranking_table("channels", _("Per kanal"), received, _("Kanal"), rows))
    if want("overdue"):
        tables.append(overdue_table(selectors.worst_overdue(city, scope, now), now, city.tz))
    return tables


def _csv(table: Table, city: Jurisdiction, start: date, end: date) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"kinerja-{table.name}-{start}-{end}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # so spreadsheet programs read the file as UTF-8
    writer = csv.writer(response)
    writer.writerow(table.headers)
    writer.writerows(table.rows)
    return response
