"""Data of the public map: clusters counted by SQL on a zoom-sized grid, points only when few.

A browser cannot take 100,000 markers, and the server must not loop over them either: at city zoom
the database groups the visible reports into grid cells (about 80 screen pixels wide) and returns a
count per colour and the mean position of each cell; only a view with few reports gets its points.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, F, FloatField, IntegerField, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone

from laksa.catalog.models import Category
from laksa.lib.geo import parse_coordinate
from laksa.org.models import Area, AreaLevel, Jurisdiction
from laksa.reports.models import Photo, PhotoKind, Report
from laksa.reports.selectors import public_reports
from laksa.reports.statuses import COLOUR, STATUS_TYPE, Status, StatusType, statuses_of_type

POINTS_LIMIT = 2000
"""Above this many reports in view, the endpoint answers with clusters."""
CLUSTER_PX = 80
POINT_ZOOM = 17
"""From this zoom on, points are sent even in a crowded view (capped at POINTS_LIMIT)."""
COLOURS = tuple(dict.fromkeys(COLOUR.values()))
"""Every colour a report can have on the map, in lifecycle order (red, yellow, green, grey)."""


@dataclass(frozen=True)
class Bbox:
    west: float
    south: float
    east: float
    north: float

    @classmethod
    def parse(cls, text: str) -> Bbox:
        """`w,s,e,n` in degrees; raises ValueError when malformed or inverted."""
        parts = [parse_coordinate(p) for p in text.split(",")]
        if len(parts) != 4:
            raise ValueError("bbox needs four numbers")
        w, s, e, n = parts
        if not all(-180 <= x <= 180 for x in (w, e)) or not all(-90 <= y <= 90 for y in (s, n)):
            raise ValueError("bbox out of range")
        if w > e or s > n:
            raise ValueError("bbox inverted")
        return cls(w, s, e, n)


def cell_degrees(zoom: int) -> float:
    """Grid cell size in degrees: CLUSTER_PX screen pixels at this web-mercator zoom."""
    return 360.0 / (256 * 2**zoom) * CLUSTER_PX


def filtered_reports(
    jurisdiction: Jurisdiction,
    *,
    category: Category | None = None,
    status_type: str = "",
    kecamatan: Area | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[Report]:
    """Public reports narrowed by the map's filters; dates are days in the city's timezone."""
    qs = public_reports(jurisdiction)
    if category is not None:
        qs = qs.filter(category=category)
    if status_type:
        qs = qs.filter(status__in=statuses_of_type(StatusType(status_type)))
    if kecamatan is not None:
        qs = qs.filter(kecamatan=kecamatan)
    tz = jurisdiction.tz
    if date_from:
        qs = qs.filter(created_at__gte=datetime.combine(date_from, time.min, tzinfo=tz))
    if date_to:
        end = datetime.combine(date_to + timedelta(days=1), time.min, tzinfo=tz)
        qs = qs.filter(created_at__lt=end)
    return qs


def in_bbox(qs: QuerySet[Report], bbox: Bbox | None) -> QuerySet[Report]:
    """The reports on the map in the box: never one not placed yet (it has no point)."""
    if bbox is None:
        return qs.exclude(lat=None)
    return qs.filter(
        lat__gte=bbox.south, lat__lte=bbox.north, lng__gte=bbox.west, lng__lte=bbox.east
    )


def clusters(qs: QuerySet[Report], zoom: int) -> list[dict[str, Any]]:
    """One entry per occupied grid cell: mean position, total and count per colour."""
    size = cell_degrees(zoom)
    # Shifted to positive numbers so CAST (which truncates) acts as floor on every continent.
    rows = (
        qs.annotate(
            gx=Cast((F("lng") + 180.0) / size, IntegerField()),
            gy=Cast((F("lat") + 90.0) / size, IntegerField()),
        )
        .values("gx", "gy", "status")
        .annotate(n=Count("id"), slat=_sum("lat"), slng=_sum("lng"))
        .order_by()
    )
    cells: dict[tuple[int, int], dict[str, Any]] = {}
    for row in rows:
        cell = cells.setdefault(
            (row["gx"], row["gy"]),
            {"count": 0, "slat": 0.0, "slng": 0.0, **dict.fromkeys(COLOURS, 0)},
        )
        cell["count"] += row["n"]
        cell["slat"] += row["slat"]
        cell["slng"] += row["slng"]
        cell[COLOUR[STATUS_TYPE[row["status"]]]] += row["n"]
    out = []
    for cell in cells.values():
        n = cell.pop("count")
        lat, lng = cell.pop("slat") / n, cell.pop("slng") / n
        out.append({"lat": round(lat, 6), "lng": round(lng, 6), "count": n, **cell})
    out.sort(key=lambda c: -c["count"])
    return out


def _sum(field: str) -> Sum:
    return Sum(field, output_field=FloatField())


def points(qs: QuerySet[Report], *, limit: int = POINTS_LIMIT) -> list[dict[str, Any]]:
    """Individual reports for the map, newest first: no description, no contact, nothing private."""
    first_photo = (
        Photo.objects.filter(report=OuterRef("pk"), kind=PhotoKind.BEFORE)
        .order_by("id")
        .values("uuid")[:1]
    )
    rows = (
        qs.annotate(photo_uuid=Subquery(first_photo))
        .order_by("-created_at")
        .values("code", "lat", "lng", "status", "category_id", "created_at", "photo_uuid")[:limit]
    )
    names = category_names()
    out = []
    for row in rows:
        if row["lat"] is None or row["lng"] is None:
            continue  # not placed yet (in_bbox leaves none; kept for the type checker)
        status = row["status"]
        colour = COLOUR[STATUS_TYPE[status]]
        out.append(
            {
                "code": row["code"],
                "lat": round(row["lat"], 6),
                "lng": round(row["lng"], 6),
                "colour": colour,
                "status": str(Status(status).label),
                "category": names.get(row["category_id"], ""),
                "created": timezone.localtime(row["created_at"]).strftime("%d-%m-%Y %H:%M"),
                "url": reverse("public:track", args=[row["code"]]),
                "thumb": reverse("public:thumb", args=[row["photo_uuid"]])
                if row["photo_uuid"]
                else "",
            }
        )
    return out


def category_names() -> dict[int, str]:
    return {c.pk: c.name for c in Category.objects.only("id", "name_id", "name_en")}


def map_payload(qs: QuerySet[Report], *, bbox: Bbox | None, zoom: int) -> dict[str, Any]:
    """Clusters or points for one map view."""
    visible = in_bbox(qs, bbox)
    if zoom < POINT_ZOOM:
        grid = clusters(visible, zoom)
        total = sum(c["count"] for c in grid)
        if total > POINTS_LIMIT:
            return {"kind": "clusters", "total": total, "clusters": grid}
    found = points(visible)
    return {"kind": "points", "total": len(found), "points": found}


# --- kelurahan boundaries ----------------------------------------------------------------------------


def areas_geojson(jurisdiction: Jurisdiction) -> str:
    """The kelurahan boundaries as one GeoJSON text. Rendered once per version of the catalog:
    the view serves it through laksa.catalog.published, which a change of an area renews."""
    features = []
    rows = (
        Area.objects.filter(jurisdiction=jurisdiction, level=AreaLevel.KELURAHAN)
        .exclude(geometry="")
        .select_related("parent")
        .order_by("name")
    )
    for area in rows:
        geometry = area.geometry_json()
        if geometry is None:
            continue
        features.append(
            {
                "type": "Feature",
                "id": area.pk,
                "properties": {
                    "name": area.name,
                    "kecamatan": area.parent.name if area.parent else "",
                },
                "geometry": _rounded(geometry),
            }
        )
    return json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":"))


def _rounded(value: Any) -> Any:
    # Five decimals are about one metre: plenty for a base layer, and a third of the bytes.
    if isinstance(value, float):
        return round(value, 5)
    if isinstance(value, list):
        return [_rounded(v) for v in value]
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    return value
