"""Reading GeoReport parameters the way real clients send them: from the form body or the query
string (the `open311` library puts `api_key` in the query of a POST), an empty value being the
same as none (`three` always sends `api_key=`, `open311` always sends `jurisdiction_id=`)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time

from django.http import HttpRequest
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from laksa.org.models import Jurisdiction

ATTRIBUTE_KEY = re.compile(r"^attribute\[(.+?)\](\[\])?$")


class Open311Error(Exception):
    """A refusal with the HTTP status the spec names: 400, 403, 404 (and 429 for a rate limit)."""

    def __init__(self, status: int, *descriptions: str) -> None:
        super().__init__(descriptions[0] if descriptions else "")
        self.status = status
        self.descriptions = descriptions or ("",)


def param(request: HttpRequest, name: str) -> str | None:
    value = request.POST.get(name) if request.method == "POST" else None
    if value is None or value.strip() == "":
        value = request.GET.get(name)
    if value is None or value.strip() == "":
        return None
    return value.strip()


def listed(request: HttpRequest, name: str) -> list[str]:
    """A comma-delimited parameter as a list of its non-empty items."""
    value = param(request, name)
    return [item.strip() for item in value.split(",") if item.strip()] if value else []


def attributes(request: HttpRequest) -> dict[str, str | list[str]]:
    """`attribute[CODE]=v` and `attribute[CODE][]=v1&attribute[CODE][]=v2`, which Django does not
    nest: a repeated key or the `[]` form gives a list."""
    found: dict[str, str | list[str]] = {}
    source = request.POST if request.method == "POST" else request.GET
    for key, values in source.lists():
        match = ATTRIBUTE_KEY.match(key)
        if not match:
            continue
        values = [v for v in values if v.strip() != ""]
        if not values:
            continue
        found[match.group(1)] = values if match.group(2) or len(values) > 1 else values[0]
    return found


def jurisdiction(request: HttpRequest, default: Jurisdiction | None = None) -> Jurisdiction:
    """The city asked for. Without jurisdiction_id: `default` (the calling application's city),
    else the server's only city (several: 400). An unknown id is 404."""
    wanted = param(request, "jurisdiction_id")
    if not wanted and default is not None:
        return default
    if wanted:
        found = Jurisdiction.objects.filter(open311_id=wanted).first()
        found = found or Jurisdiction.objects.filter(slug=wanted).first()
        if found is None:
            raise Open311Error(404, _("jurisdiction_id tidak ditemukan: %(id)s") % {"id": wanted})
        return found
    cities = list(Jurisdiction.objects.order_by("id")[:2])
    if len(cities) == 1:
        return cities[0]
    if not cities:
        raise Open311Error(400, _("Layanan Open311 belum disiapkan."))
    raise Open311Error(400, _("jurisdiction_id wajib diisi: server ini melayani beberapa kota."))


def w3c_datetime(request: HttpRequest, name: str, city: Jurisdiction) -> datetime | None:
    """A W3C (ISO 8601) date-time; one without a zone is read in the city's time."""
    raw = param(request, name)
    if raw is None:
        return None
    value: datetime | None
    try:
        value = parse_datetime(raw.replace(" ", "+"))  # a '+' left unencoded arrives as a space
        if value is None:
            day: date | None = parse_date(raw)
            value = datetime.combine(day, time.min) if day else None
    except ValueError:
        value = None
    if value is None:
        raise Open311Error(
            400,
            _("%(name)s bukan tanggal-waktu W3C, mis. 2026-11-01T00:00:00+07:00.") % {"name": name},
        )
    if value.tzinfo is None:
        value = value.replace(tzinfo=city.tz)
    try:
        # 0001-01-01T00:00:00+07:00 is before the first UTC instant a datetime can hold.
        return value.astimezone(UTC).astimezone(city.tz)
    except OverflowError:
        raise Open311Error(
            400, _("%(name)s di luar rentang tanggal yang bisa dipakai.") % {"name": name}
        ) from None
