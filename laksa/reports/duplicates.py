"""Nearby open reports of the same category: offered to the citizen before they submit, and to
the operator, who can merge. An H3 cell filter narrows to a handful of rows; exact distance decides."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from laksa.catalog.models import Category
from laksa.lib import clock
from laksa.lib.geo import cells_within, distance_m
from laksa.reports.models import Report
from laksa.reports.statuses import OPEN_STATUSES


@dataclass
class Nearby:
    report: Report
    distance_m: float


def nearby_open_reports(
    category: Category,
    lat: float,
    lng: float,
    *,
    radius_m: float | None = None,
    days: int | None = None,
    exclude_id: int | None = None,
    now: datetime | None = None,
    limit: int = 10,
) -> list[Nearby]:
    """Open, public-or-not reports of `category` within the city's duplicate radius and window."""
    city = category.jurisdiction
    radius = float(radius_m if radius_m is not None else city.duplicate_radius_m)
    since = (now or clock.now()) - timedelta(days=days if days is not None else city.duplicate_days)
    rows = Report.objects.filter(
        h3_r9__in=cells_within(lat, lng, radius),
        created_at__gte=since,
        category=category,
        status__in=OPEN_STATUSES,
    )
    if exclude_id is not None:
        rows = rows.exclude(pk=exclude_id)
    rows = rows.only(
        "id", "code", "lat", "lng", "status", "description", "created_at", "support_count"
    )
    found = [
        Nearby(r, distance_m(lat, lng, r.lat, r.lng))
        for r in rows
        if r.lat is not None and r.lng is not None
    ]
    found = [n for n in found if n.distance_m <= radius]
    found.sort(key=lambda n: n.distance_m)
    return found[:limit]
