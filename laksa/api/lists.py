"""Filters and cursor pagination shared by every list of reports (and of assignments).

The cursor is opaque to clients: the last id of the page, newest first, so a page never skips or
repeats a row while others are being written. Its kind ("r" reports, "a" assignments) keeps a
cursor of one list from being read by another."""

from __future__ import annotations

import base64
import binascii
import math
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TypeVar

from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext as _
from ninja import Schema

from laksa.api.errors import ApiError
from laksa.catalog.models import Category
from laksa.lib.geo import parse_coordinate
from laksa.org.models import Agency, Area, Jurisdiction
from laksa.reports.models import Report
from laksa.reports.statuses import Status

M = TypeVar("M", bound=Model)

MAX_LIMIT = 100


class ReportFilters(Schema):
    bbox: str | None = None
    status: str | None = None
    category: str | None = None
    area: str | None = None
    agency: str | None = None
    updated_since: str | None = None
    cursor: str | None = None
    limit: int = 50


FILTER_HELP = {
    "bbox": "minlng,minlat,maxlng,maxlat (WGS84 degrees)",
    "status": "one or more statuses, comma-separated",
    "category": "category code",
    "area": "kecamatan or kelurahan code (Kemendagri)",
    "agency": "agency code (lead agency)",
    "updated_since": "ISO 8601 date-time with a timezone, e.g. 2026-11-28T08:00:00+07:00",
    "cursor": "next_cursor of the previous page",
    "limit": "1 to 100",
}


@dataclass(frozen=True)
class Bbox:
    min_lng: float
    min_lat: float
    max_lng: float
    max_lat: float


def parse_bbox(raw: str) -> Bbox:
    message = _("bbox harus empat angka: minlng,minlat,maxlng,maxlat.")
    parts = raw.split(",")
    if len(parts) != 4:
        raise ApiError(422, message, field="bbox")
    try:
        min_lng, min_lat, max_lng, max_lat = (parse_coordinate(p) for p in parts)
    except ValueError as exc:
        raise ApiError(422, message, field="bbox") from exc
    if not all(math.isfinite(v) for v in (min_lng, min_lat, max_lng, max_lat)):
        raise ApiError(422, message, field="bbox")
    if not (-180 <= min_lng <= max_lng <= 180 and -90 <= min_lat <= max_lat <= 90):
        raise ApiError(422, _("bbox di luar jangkauan atau sudutnya tertukar."), field="bbox")
    return Bbox(min_lng, min_lat, max_lng, max_lat)


def parse_when(raw: str, field: str) -> datetime:
    try:
        when = datetime.fromisoformat(raw.strip())
    except ValueError as exc:
        raise ApiError(
            422, _("Tanggal harus ISO 8601, mis. 2026-11-28T08:00:00+07:00."), field=field
        ) from exc
    if when.tzinfo is None:
        raise ApiError(422, _("Tanggal harus menyebut zona waktu, mis. +07:00."), field=field)
    try:
        # 9999-12-31T23:59:59-23:59 is after the last UTC instant a datetime can hold.
        when.astimezone(UTC)
    except OverflowError:
        raise ApiError(
            422,
            _("%(name)s di luar rentang tanggal yang bisa dipakai.") % {"name": field},
            field=field,
        ) from None
    return when


def encode_cursor(last_id: int, kind: str = "r") -> str:
    return base64.urlsafe_b64encode(f"{kind}:{last_id}".encode()).decode().rstrip("=")


def decode_cursor(raw: str, kind: str = "r") -> int:
    try:
        text = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)).decode("ascii")
        found, _sep, number = text.partition(":")
        if found != kind or not number.isdigit() or len(number) > 18:
            raise ValueError(text)
        return int(number)
    except (ValueError, binascii.Error, UnicodeDecodeError) as exc:
        raise ApiError(422, _("Kursor tidak valid."), field="cursor") from exc


def _by_code(model: type[M], city: Jurisdiction, code: str, field: str) -> M:
    found = model._default_manager.filter(jurisdiction=city, code=code.strip()).first()
    if found is None:
        raise ApiError(422, _("Kode tidak dikenal: %(code)s.") % {"code": code[:40]}, field=field)
    return found


def category_by_code(city: Jurisdiction, code: str, field: str = "category") -> Category:
    return _by_code(Category, city, code, field)


def agency_by_code(city: Jurisdiction, code: str, field: str = "agency") -> Agency:
    return _by_code(Agency, city, code, field)


def apply_filters(qs: QuerySet[Report], city: Jurisdiction, f: ReportFilters) -> QuerySet[Report]:
    """Narrow reports by the query's filters; a malformed or unknown value is a 422."""
    if f.bbox:
        box = parse_bbox(f.bbox)
        qs = qs.filter(
            lng__gte=box.min_lng, lng__lte=box.max_lng, lat__gte=box.min_lat, lat__lte=box.max_lat
        )
    if f.status:
        wanted = [s.strip() for s in f.status.split(",") if s.strip()]
        unknown = [s for s in wanted if s not in Status.values]
        if unknown or not wanted:
            raise ApiError(
                422,
                _("Status tidak dikenal; pilih dari: %(names)s.")
                % {"names": ", ".join(Status.values)},
                field="status",
            )
        qs = qs.filter(status__in=wanted)
    if f.category:
        qs = qs.filter(category=category_by_code(city, f.category))
    if f.area:
        area = _by_code(Area, city, f.area, "area")
        qs = qs.filter(Q(kelurahan=area) | Q(kecamatan=area))
    if f.agency:
        qs = qs.filter(agency=agency_by_code(city, f.agency))
    if f.updated_since:
        qs = qs.filter(updated_at__gte=parse_when(f.updated_since, "updated_since"))
    return qs


def page(qs: QuerySet[M], f: ReportFilters, kind: str = "r") -> tuple[list[M], str | None]:
    """One page, newest first, and the cursor of the next (None on the last page)."""
    if not 1 <= f.limit <= MAX_LIMIT:
        raise ApiError(422, _("limit harus 1 sampai 100."), field="limit")
    if f.cursor:
        qs = qs.filter(id__lt=decode_cursor(f.cursor, kind))
    rows = list(qs.order_by("-id")[: f.limit + 1])
    more = len(rows) > f.limit
    rows = rows[: f.limit]
    return rows, encode_cursor(rows[-1].pk, kind) if more and rows else None
