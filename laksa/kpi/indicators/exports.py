"""What leaves the indicator pages as files: every table as rows for CSV, and the mayor's monthly
report as HTML, PDF (WeasyPrint, from the same HTML) and XLSX (openpyxl)."""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from laksa.kpi.indicators import charts
from laksa.kpi.indicators.models import MONTH_NAMES, BudgetMonth, ProcurementPackage, Stage
from laksa.kpi.indicators.selectors import (
    AgencyFigures,
    Overview,
    ProjectState,
    Scope,
    month_end,
    overview,
)
from laksa.org.models import Agency, Jurisdiction

Table = tuple[list[str], list[list[Any]]]


def _r(value: Decimal | None, places: int = 1) -> Decimal | None:
    return None if value is None else round(value, places)


def overview_table(view: Overview) -> Table:
    header = [
        _("instansi"),
        _("pagu"),
        _("realisasi"),
        _("serapan (%)"),
        _("target s.d. bulan ini (%)"),
        _("lampu keuangan"),
        _("proyek"),
        _("kontrak kritis"),
        _("terlambat"),
        _("rata-rata deviasi fisik (poin)"),
        _("lampu fisik"),
        _("paket"),
        _("paket bermasalah"),
        _("lampu pengadaan"),
        _("data contoh"),
    ]
    rows = [
        [r.agency.abbreviation, *_overview_cells(r), _("ya") if r.demo else ""] for r in view.rows
    ]
    return header, rows


def _overview_cells(row: AgencyFigures) -> list[Any]:
    """An agency's (or the city's) figures in the overview's columns, between name and demo."""
    return [
        row.budget.ceiling,
        row.budget.realised,
        _r(row.budget.absorption_pct),
        _r(row.budget.target_pct),
        str(row.budget.light.label),
        len(row.physical.projects),
        row.physical.critical,
        row.physical.late,
        _r(row.physical.mean_deviation),
        str(row.physical.light.label),
        row.procurement.total,
        row.procurement.troubled,
        str(row.procurement.light.label),
    ]


def budget_table(view: Overview) -> Table:
    header = [
        _("instansi"),
        _("pagu"),
        _("target s.d. bulan ini"),
        _("realisasi"),
        _("sisa"),
        _("serapan (%)"),
        _("lampu"),
    ]
    rows = [
        [
            r.agency.abbreviation,
            r.budget.ceiling,
            round(r.budget.target, 2),
            r.budget.realised,
            r.budget.remaining,
            _r(r.budget.absorption_pct),
            str(r.budget.light.label),
        ]
        for r in view.rows
        if r.budget.lines
    ]
    return header, rows


def procurement_table(view: Overview) -> Table:
    header = [_("instansi")]
    for stage in Stage:
        header += [f"{stage.label} ({_('paket')})", f"{stage.label} ({_('nilai')})"]
    header += [_("paket bermasalah"), _("lampu")]
    rows = []
    for r in view.rows:
        if not r.procurement.total:
            continue
        row: list[Any] = [r.agency.abbreviation]
        for _stage, count, value in r.procurement.stages():
            row += [count, value]
        rows.append([*row, r.procurement.troubled, str(r.procurement.light.label)])
    return header, rows


def budget_lines_table(lines: list[BudgetMonth], month: int) -> Table:
    header = [
        _("kode sub kegiatan"),
        _("kode rekening"),
        _("uraian"),
        _("bulan data"),
        _("pagu"),
        _("rencana kas kumulatif"),
        _("realisasi kumulatif"),
        _("serapan (%)"),
    ]
    rows = [
        [
            m.line.sub_activity_code,
            m.line.account_code,
            m.line.name,
            m.month,
            m.ceiling,
            m.planned,
            m.realised,
            _r(m.realised * 100 / m.ceiling) if m.ceiling else None,
        ]
        for m in lines
    ]
    return header, rows


def projects_table(states: list[ProjectState]) -> Table:
    header = [
        _("instansi"),
        _("nomor kontrak"),
        _("nama paket"),
        _("penyedia"),
        _("nilai kontrak"),
        _("mulai"),
        _("selesai"),
        _("per tanggal"),
        _("rencana (%)"),
        _("realisasi (%)"),
        _("deviasi (poin)"),
        _("status"),
    ]
    rows = [
        [
            s.project.agency.abbreviation,
            s.project.code,
            s.project.name,
            s.project.contractor,
            s.project.contract_value,
            s.project.starts_on,
            s.project.ends_on,
            s.as_of,
            s.planned,
            s.actual,
            s.deviation,
            str(s.status.label),
        ]
        for s in states
    ]
    return header, rows


def packages_table(packages: list[ProcurementPackage]) -> Table:
    header = [
        _("instansi"),
        _("kode RUP"),
        _("nama paket"),
        _("metode"),
        _("pagu"),
        _("HPS"),
        _("nilai kontrak"),
        _("tahap"),
        _("tahapan SPSE"),
        _("awal pemilihan"),
    ]
    rows = [
        [
            p.agency.abbreviation,
            p.rup_code,
            p.name,
            p.get_method_display(),
            p.ceiling,
            p.hps,
            p.contract_value,
            p.get_stage_display(),
            p.spse_stage,
            p.selection_starts_on,
        ]
        for p in packages
    ]
    return header, rows


def imports_table(runs: Any) -> Table:
    header = [
        _("waktu"),
        _("jenis"),
        _("sumber"),
        _("berkas"),
        _("oleh"),
        _("baris"),
        _("baru"),
        _("berubah"),
        _("tetap"),
        _("data contoh"),
    ]
    rows = [
        [
            timezone.localtime(run.at).strftime("%Y-%m-%d %H:%M"),
            run.get_kind_display(),
            run.get_source_display(),
            run.file_name,
            run.by.get_username() if run.by else "",
            run.rows,
            run.created,
            run.updated,
            run.unchanged,
            _("ya") if run.demo else "",
        ]
        for run in runs
    ]
    return header, rows


@dataclass
class MonthlyReport:
    city: Jurisdiction
    year: int
    month: int
    view: Overview
    total: AgencyFigures
    generated_at: datetime
    critical_projects: list[ProjectState] = field(default_factory=list)
    complaints: list[ComplaintRow] = field(default_factory=list)

    @property
    def demo(self) -> bool:
        return self.view.demo


def monthly_report(
    city: Jurisdiction,
    agencies: list[Agency],
    year: int,
    month: int,
    *,
    scope: Scope | None = None,
    now: datetime,
) -> MonthlyReport:
    """The month's figures per agency, the city's totals, the contracts behind plan and the
    month's complaint KPIs per agency (read from laksa.kpi's counted tables)."""
    view = overview(city, agencies, year, month)
    critical = [
        s
        for r in view.rows
        for s in r.physical.projects
        if s.status.light.colour in ("red", "yellow")
    ]
    critical.sort(key=lambda s: s.deviation if s.deviation is not None else Decimal(0))
    return MonthlyReport(
        city=city,
        year=year,
        month=month,
        view=view,
        total=view.total,
        generated_at=now,
        critical_projects=critical,
        complaints=complaint_rows(city, agencies, year, month),
    )


@dataclass
class ComplaintRow:
    agency: Agency
    figures: Any
    """laksa.kpi.selectors.Figures: received, done, respond_share, resolve_share, rating_mean."""


def complaint_rows(
    city: Jurisdiction, agencies: list[Agency], year: int, month: int
) -> list[ComplaintRow]:
    """The month's complaint figures per agency, from the complaint KPI tables."""
    from laksa.kpi.selectors import grouped

    found = grouped(city, "agency", date(year, month, 1), month_end(year, month))
    return [ComplaintRow(a, found[a.pk]) for a in agencies if a.pk in found]


def complaints_table(rows: list[ComplaintRow]) -> Table:
    header = [
        _("instansi"),
        _("laporan masuk"),
        _("selesai"),
        _("ditanggapi tepat waktu (%)"),
        _("diselesaikan tepat waktu (%)"),
        _("rata-rata penilaian"),
    ]
    body = [
        [
            r.agency.abbreviation,
            r.figures.received,
            r.figures.done,
            r.figures.respond_share,
            r.figures.resolve_share,
            r.figures.rating_mean,
        ]
        for r in rows
    ]
    return header, body


def _context(report: MonthlyReport, *, for_pdf: bool) -> dict[str, Any]:
    chart = charts.absorption(report.view.rows)
    svg = base64.b64encode(chart.wide.encode()).decode()
    return {
        "report": report,
        "view": report.view,
        "total": report.total,
        "month_name": MONTH_NAMES[report.month - 1],
        "year": report.year,
        "city": report.city,
        "for_pdf": for_pdf,
        "chart_src": f"data:image/svg+xml;base64,{svg}",
        "generated_at": timezone.localtime(report.generated_at, report.city.tz),
    }


def report_html(report: MonthlyReport, *, for_pdf: bool = False, csp_nonce: str = "") -> str:
    """The report as a page; `csp_nonce` (the request's) lets its print styles through the
    page's Content-Security-Policy."""
    context = {**_context(report, for_pdf=for_pdf), "csp_nonce": csp_nonce}
    return render_to_string("indicators/report.html", context)


def report_pdf(report: MonthlyReport, *, base_url: str = "") -> bytes:
    from PIL import ImageFile
    from weasyprint import HTML

    # WeasyPrint's import turns on Pillow's LOAD_TRUNCATED_IMAGES for the whole process, which
    # would let a truncated citizen's photo through (laksa/lib/images.py): turn it off again.
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    html = report_html(report, for_pdf=True)
    pdf = HTML(string=html, base_url=base_url or None).write_pdf()
    assert pdf is not None
    return bytes(pdf)


def report_xlsx(report: MonthlyReport) -> bytes:
    """The report as a workbook: a summary sheet per agency, then budget, procurement and the
    contracts behind plan, each with a header row."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    summary = book.active
    assert summary is not None
    summary.title = _("Ringkasan")[:31]
    title = _("Laporan kinerja %(city)s, %(month)s %(year)d") % {
        "city": report.city.name,
        "month": MONTH_NAMES[report.month - 1],
        "year": report.year,
    }
    summary.append([title])
    summary["A1"].font = Font(bold=True, size=14)
    if report.demo:
        summary.append([_("Berisi data contoh, bukan data resmi.")])
    summary.append([])
    sheets = [
        (summary, overview_table(report.view)),
        (book.create_sheet(_("Anggaran")[:31]), budget_table(report.view)),
        (book.create_sheet(_("Pengadaan")[:31]), procurement_table(report.view)),
        (
            book.create_sheet(_("Proyek di bawah rencana")[:31]),
            projects_table(report.critical_projects),
        ),
        (book.create_sheet(_("Pengaduan")[:31]), complaints_table(report.complaints)),
    ]
    for sheet, (header, rows) in sheets:
        sheet.append(header)
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([_cell(v) for v in row])
        for column in sheet.columns:
            letter = column[0].column_letter
            sheet.column_dimensions[letter].width = 16
    summary.append([_("Kota"), *_overview_cells(report.total)])
    for cell in summary[summary.max_row]:
        cell.font = Font(bold=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def safe_cell(value: Any) -> Any:
    """A value for a spreadsheet cell: text that a spreadsheet would run as a formula (an
    imported name starting with "=") is kept as text; None is empty."""
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _cell(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    return None if value == "" else safe_cell(value)
