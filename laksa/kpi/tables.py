"""The dashboards' tables as data: the page draws them and `?format=csv&table=NAME` writes the
same rows, so an export holds exactly the figures shown."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from laksa.kpi.selectors import Figures, Period, Ranked
from laksa.reports.models import Report


@dataclass
class Table:
    name: str
    title: str
    meaning: str
    headers: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    bars: list[int] = field(default_factory=list)
    """Per row, the width in per cent of the bar drawn behind its first figure."""
    links: list[str] = field(default_factory=list)
    """Per row, where its name leads (another dashboard), or an empty string."""
    keys: list[Any] = field(default_factory=list)
    """Per row, the id of what it counts (agency, area, category), for the heat map."""

    @property
    def body(self) -> SafeString:
        """The rows as HTML, built here rather than in a template loop: a city's tables have
        thousands of cells, and the template engine's per-cell cost was most of the page's."""
        out = []
        for line in self.lines:
            name = escape(line["name"])
            if line["link"]:
                name = format_html('<a href="{}">{}</a>', line["link"], line["name"])
            cells = [escape(c) for c in line["cells"]]
            if cells and line["bar"]:
                first = format_html('<td class="heat w-{}">{}</td>', line["bar"], cells[0])
            else:
                first = format_html("<td>{}</td>", cells[0]) if cells else SafeString()
            rest = "".join(f"<td>{c}</td>" for c in cells[1:])
            out.append(f'<tr><th scope="row">{name}</th>{first}{rest}</tr>')
        return mark_safe("\n".join(out))  # noqa: S308 - every value above is escaped

    @property
    def lines(self) -> list[dict[str, Any]]:
        """The rows as the page draws them: name, link, bar width and the other cells."""
        return [
            {
                "name": row[0],
                "cells": row[1:],
                "link": self.links[i] if i < len(self.links) else "",
                "bar": self.bars[i] if i < len(self.bars) else 0,
            }
            for i, row in enumerate(self.rows)
        ]


def _figure_headers() -> list[str]:
    return [
        pgettext("kpi", "Masuk"),
        _("Ditanggapi"),
        _("Selesai"),
        _("Ditolak"),
        _("Dirujuk"),
        _("Sanggahan"),
        _("Tanggapan (median, jam kerja)"),
        _("Tanggapan tepat waktu (%)"),
        _("Penyelesaian (median, jam kerja)"),
        _("Penyelesaian (p90, jam kerja)"),
        _("Penyelesaian tepat waktu (%)"),
        _("Nilai rata-rata (1-5)"),
        _("Nilai 4-5 (%)"),
    ]


def _figure_cells(f: Figures) -> list[Any]:
    return [
        f.received,
        f.dispatched,
        f.done,
        f.rejected,
        f.referred,
        f.disputes,
        f.respond_median_label,
        _dash(f.respond_share),
        f.resolve_median_label,
        f.resolve_p90_label,
        _dash(f.resolve_share),
        _dash(f.rating_mean),
        _dash(f.good_share),
    ]


def _dash(value: Any) -> Any:
    return "—" if value is None else value


def ranking_table(
    name: str,
    title: str,
    meaning: str,
    first: str,
    rows: list[Ranked],
    *,
    overdue: bool = False,
    links: dict[Any, str] | None = None,
) -> Table:
    headers = [first, *_figure_headers()]
    if overdue:
        headers.append(_("Lewat target sekarang"))
    table = Table(name, title, meaning, headers)
    for row in rows:
        cells = [row.name, *_figure_cells(row.figures)]
        if overdue:
            cells.append(row.overdue)
        table.rows.append(cells)
        table.bars.append(row.share)
        table.links.append((links or {}).get(row.key, ""))
        table.keys.append(row.key)
    return table


def trend_table(name: str, title: str, meaning: str, periods: list[Period]) -> Table:
    table = Table(name, title, meaning, [_("Mulai periode"), *_figure_headers()])
    for period in periods:
        table.rows.append([period.start.isoformat(), *_figure_cells(period.figures)])
    return table


def overdue_table(reports: list[Report], now: datetime, tz: Any) -> Table:
    table = Table(
        "overdue",
        _("Paling lama lewat target"),
        _(
            "Laporan yang masih terbuka dan sudah lewat batas tanggapan (bila belum diterima "
            "instansi) atau batas penyelesaian, yang paling lama terlambat di atas. Dihitung "
            "langsung, saat halaman dibuka."
        ),
        [
            _("Kode"),
            _("Kategori"),
            _("Instansi"),
            _("Kelurahan"),
            _("Status"),
            _("Batas yang terlewat"),
            _("Terlambat (jam)"),
        ],
    )
    for report in reports:
        missed = getattr(report, "missed", None) or report.resolve_due_at
        late = round((now - missed).total_seconds() / 3600) if missed else None
        table.rows.append(
            [
                report.code,
                report.category.name,
                report.agency.abbreviation if report.agency else "—",
                report.kelurahan.name if report.kelurahan else "—",
                report.get_status_display(),
                timezone.localtime(missed, tz).strftime("%d-%m-%Y %H:%M") if missed else "—",
                _dash(late),
            ]
        )
        table.links.append("")
        table.bars.append(0)
    return table
