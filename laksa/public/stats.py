"""Public statistics: what the KPI counts say about public reports (rejected ones left out), in
a date range of city days. No page view reads the report rows."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from laksa.catalog import published
from laksa.catalog.models import CatalogVersion
from laksa.kpi import counting, selectors
from laksa.kpi.models import Watermark
from laksa.lib import clock, prepared
from laksa.org.models import Jurisdiction

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


def city_stats(city: Jurisdiction, start: date, end: date) -> dict[str, Any]:
    """Public figures from the KPI counts (the same tables as the home page's tiles, the wall and
    /kinerja/): the status of every public report at the end of `end`, and what was received in
    the range per category and kecamatan, with the time to respond and to finish."""
    total, tiles = selectors.status_now(city, end=end, public=True)
    type_rows = [
        {
            "type": t.type,
            "label": t.label,
            "meaning": t.meaning,
            "count": t.count,
            "hex": t.hex,
            "colour": t.colour,
            "percent": t.percent,
        }
        for t in tiles
    ]
    figures = selectors.totals(city, start, end, public=True)
    category_rows = _bars(selectors.ranking(city, "category", start, end, public=True))
    area_rows = _bars(selectors.ranking(city, "kecamatan", start, end, public=True))
    biggest = max([r["count"] for r in [*category_rows, *area_rows]] or [1]) or 1
    for row in [*category_rows, *area_rows]:
        row["percent"] = round(100 * row["count"] / biggest)
    return {
        "total": total,
        "type_rows": type_rows,
        "received": figures.received_public,
        "category_rows": category_rows,
        "area_rows": area_rows,
        "respond": figures.respond_median_label,
        "finish": figures.resolve_median_label,
        "respond_n": figures.respond_n,
        "finish_n": figures.resolve_n,
        "respond_share": figures.respond_share,
        "finish_share": figures.resolve_share,
        "day_hours": city.calendar.day_length.total_seconds() / 3600,
    }


def _bars(rows: list[selectors.Ranked]) -> list[dict[str, Any]]:
    """Rows with something received, most first; the none-kecamatan row reads 'outside'."""
    out: list[dict[str, Any]] = [
        {
            "name": r.name if r.key is not None else _("Di luar wilayah"),
            "group": r.detail,
            "count": r.figures.received_public,
        }
        for r in rows
    ]
    return sorted((r for r in out if r["count"] > 0), key=lambda r: (-r["count"], r["name"]))


def home_stamp(city: Jurisdiction) -> tuple[Any, ...]:
    """What the home page shows, as a row that changes whenever the page would: how far the
    counting job has counted (its tiles read only the counted tables) and the catalog's version
    (the city's name and numbers). One query, written out for the reason tracking_stamp gives."""
    with prepared.cursor() as cursor:
        cursor.execute(
            _HOME_STAMP_SQL.format(
                watermark=Watermark._meta.db_table,
                catalog=CatalogVersion._meta.db_table,
                catalog_row=published.VERSION_ID,
            ),
            [counting.WATERMARK, counting.WATERMARK],
        )
        row = cursor.fetchone()
    return (city.pk, *row)


_HOME_STAMP_SQL = """
    SELECT (SELECT w.last_event_id FROM {watermark} w WHERE w.name = %s),
           (SELECT w.counted_at FROM {watermark} w WHERE w.name = %s),
           (SELECT c.token FROM {catalog} c WHERE c.id = {catalog_row})
"""


def home_tiles(city: Jurisdiction) -> dict[str, Any]:
    """The home page's tiles: every public report by its status type now, adding up to the total."""
    total, tiles = selectors.status_now(city, public=True)
    return {"total": total, "tiles": tiles}
