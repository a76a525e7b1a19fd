"""Public statistics over public reports in a date range (city days).

Computed from the report rows for now; the kpi app's precomputed tables will replace this.
"""

from __future__ import annotations

import statistics
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from laksa.catalog.models import Category
from laksa.lib import clock
from laksa.org.models import Area, Jurisdiction
from laksa.public.map_data import filtered_reports
from laksa.reports.statuses import COLOUR, HEX, STATUS_TYPE, StatusType

DEFAULT_DAYS = 30


def default_range(city: Jurisdiction, today: date | None = None) -> tuple[date, date]:
    """The last DEFAULT_DAYS days up to today on the city's clock."""
    today = today or clock.today(city.tz)
    return today - timedelta(days=DEFAULT_DAYS - 1), today


def human_duration(seconds: float | None) -> str:
    """'3 hari 4 jam', '5 jam 10 menit', '12 menit', or a dash when there is nothing to measure."""
    if seconds is None:
        return "—"
    minutes = int(seconds // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    parts = []
    if days:
        parts.append(ngettext("%(n)d hari", "%(n)d hari", days) % {"n": days})
    if hours:
        parts.append(ngettext("%(n)d jam", "%(n)d jam", hours) % {"n": hours})
    if not days and (mins or not hours):
        parts.append(ngettext("%(n)d menit", "%(n)d menit", mins) % {"n": mins})
    return " ".join(parts[:2])


def _median_seconds(pairs: list[tuple[datetime, datetime | None]]) -> float | None:
    spans = [(end - start).total_seconds() for start, end in pairs if end is not None]
    spans = [s for s in spans if s >= 0]
    return statistics.median(spans) if spans else None


def city_stats(city: Jurisdiction, start: date, end: date) -> dict[str, Any]:
    """Counts by status type, category and kecamatan; median time to respond and to finish."""
    qs = filtered_reports(city, date_from=start, date_to=end)
    by_status = dict(qs.values_list("status").annotate(n=Count("id")).order_by())
    types: dict[str, int] = dict.fromkeys(StatusType.values, 0)
    for status, n in by_status.items():
        types[STATUS_TYPE[status]] += n
    total = sum(types.values())
    type_rows = [
        {
            "label": StatusType(t).label,
            "count": n,
            "hex": HEX[COLOUR[StatusType(t)]],
            "colour": COLOUR[StatusType(t)],
            "percent": round(100 * n / total) if total else 0,
        }
        for t, n in types.items()
    ]

    category_counts = dict(qs.values_list("category_id").annotate(n=Count("id")).order_by())
    categories = Category.objects.in_bulk(list(category_counts))
    category_rows = sorted(
        (
            {"name": categories[pk].name, "group": categories[pk].group, "count": n}
            for pk, n in category_counts.items()
        ),
        key=lambda r: (-r["count"], r["name"]),
    )

    area_counts = dict(qs.values_list("kecamatan_id").annotate(n=Count("id")).order_by())
    areas = Area.objects.in_bulk([pk for pk in area_counts if pk is not None])
    area_rows = sorted(
        (
            {"name": areas[pk].name if pk in areas else _("Di luar wilayah"), "count": n}
            for pk, n in area_counts.items()
        ),
        key=lambda r: (-r["count"], r["name"]),
    )
    biggest = max([r["count"] for r in [*category_rows, *area_rows]] or [1])
    for row in [*category_rows, *area_rows]:
        row["percent"] = round(100 * row["count"] / biggest)

    times = list(qs.values_list("created_at", "dispatched_at", "done_at"))
    respond = _median_seconds([(c, d) for c, d, _done in times])
    finish = _median_seconds([(c, done) for c, _d, done in times])
    return {
        "total": total,
        "type_rows": type_rows,
        "category_rows": category_rows,
        "area_rows": area_rows,
        "respond": human_duration(respond),
        "finish": human_duration(finish),
        "respond_n": sum(1 for _c, d, _done in times if d is not None),
        "finish_n": sum(1 for _c, _d, done in times if done is not None),
    }
