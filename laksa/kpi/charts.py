"""Trend charts drawn on the server as SVG with pygal: no script, no internet, and large enough
type to read on the LIVE Room's 1920x1080 wall as well as on a phone (the SVG scales)."""

from __future__ import annotations

import re
from functools import lru_cache

import pygal
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from pygal.style import Style

from laksa.kpi.selectors import Period
from laksa.reports.statuses import HEX

STYLE = Style(
    background="transparent",
    plot_background="transparent",
    foreground="#222",
    foreground_strong="#111",
    foreground_subtle="#ccc",
    colors=("#0b3d66", HEX["green"], HEX["red"]),
    font_family="system-ui, sans-serif",
    label_font_size=16,
    major_label_font_size=16,
    legend_font_size=18,
    value_font_size=13,
    title_font_size=18,
)


def count_ticks(largest: int, most: int = 6) -> list[int]:
    """Whole-number ticks from 0 up to at least `largest`, a step of 1, 2 or 5 times a power of
    ten apart and at most `most` steps: a count has no halves, which pygal's own ticks gave
    (0.5, 1.5) when the counts were small."""
    magnitude = 1
    while True:
        for step in (magnitude, 2 * magnitude, 5 * magnitude):
            steps = -(-max(largest, 0) // step)
            if steps <= most:
                return list(range(0, max(steps, 1) * step + 1, step))
        magnitude *= 10


def trend_svg(periods: list[Period], title: str) -> str:
    """Received, done and rejected reports per period as a bar chart, inline SVG text."""
    return _drawn(
        translation.get_language() or "",
        title,
        tuple(p.label for p in periods),
        tuple(p.figures.received for p in periods),
        tuple(p.figures.done for p in periods),
        tuple(p.figures.rejected for p in periods),
    )


@lru_cache(maxsize=128)
def _drawn(
    language: str,
    title: str,
    labels: tuple[str, ...],
    received: tuple[int, ...],
    done: tuple[int, ...],
    rejected: tuple[int, ...],
) -> str:
    # Drawing takes pygal some 15 ms; the counts change at most once a minute, and the same
    # chart is asked for by every screen showing the dashboard.
    ticks = count_ticks(max((*received, *done, *rejected), default=0))
    chart = pygal.Bar(
        style=STYLE,
        width=900,
        height=340,
        js=[],  # the default loads tooltips from the internet
        disable_xml_declaration=True,
        legend_at_bottom=True,
        legend_at_bottom_columns=3,
        show_y_guides=True,
        range=(0, ticks[-1]),
        y_labels=ticks,
        print_values=False,
        margin=10,
        title=title,
        x_label_rotation=0 if len(labels) <= 13 else 30,
    )
    chart.x_labels = list(labels)
    chart.add(pgettext("kpi", "Masuk"), list(received))
    chart.add(_("Selesai"), list(done))
    chart.add(_("Ditolak"), list(rejected))
    svg: str = chart.render(is_unicode=True)
    # pygal still writes its tooltip configuration as an inline script, and comments with the
    # real date: neither is needed to read the chart.
    return _SCRIPT.sub("", _COMMENT.sub("", svg))


_SCRIPT = re.compile(r"<script\b.*?</script>", re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
