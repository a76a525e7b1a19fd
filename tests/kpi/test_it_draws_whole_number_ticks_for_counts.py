"""A chart of counts marks its axis in whole numbers: pygal's own ticks gave 0.5 and 1.5 reports
when the counts were small."""

from __future__ import annotations

import re
from datetime import date

from laksa.kpi.charts import count_ticks, trend_svg
from laksa.kpi.indicators.charts import pipeline
from laksa.kpi.indicators.models import Stage
from laksa.kpi.indicators.selectors import AgencyFigures
from laksa.kpi.selectors import Figures, Period
from laksa.org.models import Agency


def value_axis_labels(svg: str, *, across: bool = False) -> list[str]:
    """The labels of pygal's value axis: its y axis, or its x axis on a horizontal chart."""
    axis = re.search(rf'<g class="axis {"x" if across else "y"}[^"]*">(.*?)</g></g>', svg, re.S)
    assert axis, "no value axis"
    return re.findall(r"<text[^>]*>([^<]*)</text>", axis.group(1))


def test_it_picks_whole_steps_up_to_the_largest_count():
    assert count_ticks(0) == [0, 1]
    assert count_ticks(1) == [0, 1]
    assert count_ticks(3) == [0, 1, 2, 3]
    assert count_ticks(7) == [0, 2, 4, 6, 8]
    assert count_ticks(13) == [0, 5, 10, 15]
    assert count_ticks(1234) == [0, 500, 1000, 1500]


def test_it_marks_the_trend_of_a_few_reports_in_whole_reports():
    periods = [
        Period(date(2026, 11, 2), "2/11", Figures({"received": 1})),
        Period(date(2026, 11, 9), "9/11", Figures({"received": 3, "done": 2, "rejected": 1})),
    ]
    labels = value_axis_labels(trend_svg(periods, "Per minggu (ticks)"))
    assert labels == ["0", "1", "2", "3"]


def test_it_marks_the_procurement_packages_in_whole_packages():
    rows = []
    for i, counts in enumerate(({"announced": 1, "contracted": 2}, {"planned": 1})):
        figures = AgencyFigures(agency=Agency(pk=i + 1, abbreviation=f"DIN{i}", name=f"Dinas {i}"))
        for stage in Stage:
            figures.procurement.counts[stage.value] = counts.get(stage.value, 0)
        rows.append(figures)
    chart = pipeline(rows, by_value=False)
    assert value_axis_labels(chart.wide) == ["0", "1", "2", "3"]
    assert value_axis_labels(chart.tall, across=True) == ["0", "1", "2", "3"]
