"""The indicator charts, drawn on the server as SVG with pygal (no script, nothing fetched from
outside). Each chart comes in two shapes, wide for the wall screen and desktop and tall for a
phone, and the page shows the one that fits (CSS), so its text stays readable on both."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pygal
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from pygal.style import Style

from laksa.kpi.charts import count_ticks
from laksa.kpi.indicators.models import Stage
from laksa.kpi.indicators.selectors import AgencyFigures

GREEN, YELLOW, RED, BLUE, GREY = "#2e7d32", "#f4a100", "#c62828", "#0b5cad", "#7a8691"
MONTHS_SHORT = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]


def _style(colours: tuple[str, ...], *, big: bool) -> Style:
    size = 18 if big else 16
    return Style(
        background="transparent",
        plot_background="transparent",
        foreground="#1d2730",
        foreground_strong="#1d2730",
        foreground_subtle="#d6dbe0",
        colors=colours,
        font_family="system-ui, sans-serif",
        label_font_size=size,
        major_label_font_size=size,
        legend_font_size=size,
        value_font_size=size - 2,
        title_font_size=size + 2,
        tooltip_font_size=size,
    )


SCRIPT = re.compile(r"<script.*?</script>", re.S)


def _svg(chart: Any) -> str:
    return SCRIPT.sub("", chart.render(is_unicode=True))


@dataclass(frozen=True)
class Chart:
    wide: str
    tall: str
    label: str

    def __html__(self) -> SafeString:
        # pygal writes the SVG with etree, which escapes every text and attribute it holds
        # (agency names, titles); the label is escaped here.
        return format_html(
            '<figure class="ind-chart" role="img" aria-label="{}"><div class="wide">{}</div>'
            '<div class="tall">{}</div></figure>',
            self.label,
            mark_safe(self.wide),  # noqa: S308
            mark_safe(self.tall),  # noqa: S308
        )

    def __str__(self) -> str:
        return self.__html__()


def _both(build: Callable[[bool], Any], label: str) -> Chart:
    return Chart(wide=_svg(build(True)), tall=_svg(build(False)), label=label)


def _pct(value: Decimal | None) -> float | None:
    return None if value is None else round(float(value), 1)


def _common(big: bool, colours: tuple[str, ...], **extra: Any) -> dict[str, Any]:
    return {
        "style": _style(colours, big=big),
        "js": [],
        "disable_xml_declaration": True,
        "width": 1200 if big else 420,
        "legend_at_bottom": True,
        "legend_at_bottom_columns": None if big else 1,
        "truncate_legend": -1,
        "truncate_label": -1,
        "print_values": False,
        "margin": 8,
        **extra,
    }


def absorption(rows: list[AgencyFigures]) -> Chart:
    """Budget realisation per agency, % of pagu, against the target to date."""
    # Best first from the top: pygal draws a horizontal chart's first bar at the bottom.
    rows = sorted(
        (r for r in rows if r.budget.lines), key=lambda r: r.budget.absorption_pct or Decimal(0)
    )
    names = [r.agency.abbreviation for r in rows]

    def build(big: bool) -> Any:
        chart = pygal.HorizontalBar(
            **_common(
                big,
                (BLUE, GREY),
                height=max(260, 44 * len(rows) + 120) if big else max(320, 56 * len(rows) + 140),
                range=(0, 100),
                y_labels=list(range(0, 101, 10 if big else 25)),
                x_title=_("% dari pagu"),
                print_values=big,
                value_formatter=lambda v: f"{v:.0f}%",
            )
        )
        chart.x_labels = names
        chart.add(_("Realisasi"), [_pct(r.budget.absorption_pct) for r in rows])
        chart.add(
            _("Target s.d. bulan ini"),
            [_pct(r.budget.target_pct) for r in rows],
            print_values=False,
        )
        return chart

    return _both(build, _("Realisasi anggaran per instansi"))


def budget_trend(trend: list[dict[str, Any]]) -> Chart:
    """Cumulative realisation and target, % of pagu, month by month."""

    def share(item: dict[str, Any], key: str) -> float | None:
        return _pct(item[key] * 100 / item["ceiling"]) if item["ceiling"] else None

    def build(big: bool) -> Any:
        chart = pygal.Line(
            **_common(
                big,
                (BLUE, GREY),
                height=420 if big else 380,
                range=(0, 100),
                y_labels=list(range(0, 101, 10 if big else 25)),
                y_title=_("% dari pagu"),
                dots_size=5,
                stroke_style={"width": 4},
                value_formatter=lambda v: f"{v:.0f}%",
            )
        )
        chart.x_labels = [MONTHS_SHORT[i["month"] - 1] for i in trend]
        chart.add(_("Realisasi"), [share(i, "realised") for i in trend])
        chart.add(
            _("Target"),
            [share(i, "target") for i in trend],
            stroke_style={"dasharray": "8,6", "width": 3},
        )
        return chart

    return _both(build, _("Tren realisasi anggaran"))


def s_curve(points: list[tuple[date, Decimal, Decimal | None]]) -> Chart:
    """A project's planned curve against its reported progress (cumulative %)."""

    def build(big: bool) -> Any:
        chart = pygal.Line(
            **_common(
                big,
                (GREY, BLUE),
                height=440 if big else 400,
                range=(0, 100),
                y_labels=list(range(0, 101, 10 if big else 25)),
                y_title=_("Progres fisik kumulatif (%)"),
                dots_size=4,
                x_label_rotation=0 if big else 40,
                show_minor_x_labels=big or len(points) <= 6,
                x_labels_major_every=max(1, len(points) // 5),
                value_formatter=lambda v: f"{v:.1f}%",
            )
        )
        chart.x_labels = [date_format(p[0], "j M") for p in points]
        chart.add(
            _("Rencana"),
            [_pct(p[1]) for p in points],
            stroke_style={"dasharray": "8,6", "width": 3},
        )
        chart.add(_("Realisasi"), [_pct(p[2]) for p in points], stroke_style={"width": 5})
        return chart

    return _both(build, _("Kurva S: rencana dan realisasi"))


STAGE_COLOURS = ("#9fb3c8", "#5b8def", "#0b5cad", "#2e7d32", "#1b4d1f", "#c62828")


def pipeline(rows: list[AgencyFigures], *, by_value: bool) -> Chart:
    """Packages per agency and stage, stacked: counts or values (billions of rupiah)."""
    rows = [r for r in rows if r.procurement.total]
    names = [r.agency.abbreviation for r in rows]

    def figure(row: AgencyFigures, stage: Stage) -> float:
        if by_value:
            return round(float(row.procurement.values[stage.value]) / 1e9, 2)
        return row.procurement.counts[stage.value]

    # Numbers of packages have whole-number ticks (pygal's own gave 0.5, 1.5 for small counts).
    axis: dict[str, Any] = {}
    if not by_value:
        ticks = count_ticks(max((r.procurement.total for r in rows), default=0))
        axis = {"range": (0, ticks[-1]), "y_labels": ticks}

    def build(big: bool) -> Any:
        chart = (
            pygal.StackedBar(
                **_common(
                    big,
                    STAGE_COLOURS,
                    height=460,
                    x_label_rotation=30 if len(rows) > 8 else 0,
                    y_title=_("Miliar rupiah") if by_value else _("Jumlah paket"),
                    **axis,
                )
            )
            if big
            else pygal.HorizontalStackedBar(
                **_common(
                    big,
                    STAGE_COLOURS,
                    height=max(360, 46 * len(rows) + 200),
                    x_title=_("Miliar rupiah") if by_value else _("Jumlah paket"),
                    **axis,
                )
            )
        )
        chart.x_labels = names
        for stage in Stage:
            chart.add(str(stage.label), [figure(r, stage) for r in rows])
        return chart

    return _both(build, _("Paket pengadaan per tahap"))
