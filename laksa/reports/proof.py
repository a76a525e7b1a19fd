"""The checks a proof-of-work photo must pass before a report may turn green.

They live with the report lifecycle, not in the field app, because "done only with valid proof"
must hold on every way a job is closed (field app, JSON API). A proof photo must:
- not be the same, or nearly the same, picture as any of the report's photos (perceptual hash);
- if it is the same picture as a proof (or progress photo) of another of the city's reports in
  the last `LAKSA_PROOF_REUSE_DAYS` days (90 by default), it is accepted but marked with that
  report's code, and the control room accepts the job or sends it back (two reports of one
  place may share a photo in good faith; a photo reused for another job should not pass unseen);
- have been taken after the job was dispatched: the EXIF capture time, else the phone's clock at
  capture, else the upload time, and which of them was used is recorded;
- where a location is known (EXIF GPS, else the phone's location at capture), lie within the city's
  radius of the report (200 m by default). With no location the photo is accepted but marked, and
  the control room accepts the job or sends it back.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from laksa.lib.geo import distance_m, valid_point
from laksa.lib.images import ProcessedImage, hash_distance
from laksa.reports.errors import InvalidInput
from laksa.reports.models import (
    LocationSource,
    Photo,
    PhotoKind,
    PlaceSource,
    Report,
    TimeSource,
)

SAME_PICTURE_BITS = 6
"""Perceptual hashes closer than this are taken as the same picture (re-shot or re-encoded)."""
CLOCK_SLACK = timedelta(minutes=5)
"""A phone's clock may be a little behind the server's."""
EARLIEST_CLOCK = datetime(2015, 1, 1, tzinfo=UTC)
"""Before this, a capture time is a phone clock that was never set."""


@dataclass(frozen=True)
class Capture:
    """What the phone knew when the photo was taken (sent by the field app with each photo)."""

    device_time: datetime | None = None
    device_lat: float | None = None
    device_lng: float | None = None


def _json_list(raw: str) -> list[Any] | None:
    """The JSON list in `raw` ([] when empty), or None. Deep nesting ("[[[[...") overflows the
    parser's recursion, which is as invalid as a syntax error."""
    try:
        items = json.loads(raw) if raw.strip() else []
    except (ValueError, RecursionError):
        return None
    return items if isinstance(items, list) else None


def is_capture_list(raw: str) -> bool:
    """Whether `raw` is empty or a JSON list (what the API requires; the form is lenient)."""
    return _json_list(raw) is not None


def captures_from_json(raw: str) -> list[Capture]:
    """What the phone knew at each photo, in the photos' order, as the field app and the API send
    it: JSON `[{"time": ISO 8601 with offset, "lat": ..., "lng": ...}]`. Lenient: a phone without a
    clock fix or a location gives what it has; junk gives nothing (the photo's own EXIF, else
    the upload time, is then used)."""
    items = _json_list(raw) or []
    captures = []
    for item in items[:10]:
        if not isinstance(item, dict):
            captures.append(Capture())
            continue
        try:
            when = parse_datetime(str(item.get("time") or ""))
        except ValueError:  # well formed but impossible, such as month 13
            when = None
        lat, lng = _number(item.get("lat")), _number(item.get("lng"))
        if lat is None or lng is None or not valid_point(lat, lng):
            lat = lng = None
        captures.append(
            Capture(
                device_time=when if when and when.tzinfo else None, device_lat=lat, device_lng=lng
            )
        )
    return captures


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):  # OverflowError: a 400-digit integer
        return None
    return number if math.isfinite(number) else None


@dataclass(frozen=True)
class Verdict:
    taken_at: datetime
    time_source: str
    location_source: str
    distance_m: float | None
    same_as: str = ""
    """The code of another report whose proof is the same picture ("" when none): the job then
    waits for the control room, like a proof with no place."""

    @property
    def located(self) -> bool:
        """Checked against the report's own point: a photo with a place, on a report placed by
        its reporter (a report placed only at its area's centre cannot judge a distance)."""
        return self.distance_m is not None


def check(
    report: Report,
    photos: list[ProcessedImage],
    captures: list[Capture] | None,
    *,
    now: datetime,
) -> list[Verdict]:
    """One verdict per photo, or InvalidInput naming the photo and the reason it fails."""
    captures = list(captures or [])
    earlier = list(report.photos.values_list("sha256", "dhash"))
    city = report.jurisdiction
    reused = _reused_from(report, photos, now=now)
    verdicts = []
    for number, photo in enumerate(photos, start=1):
        capture = captures[number - 1] if number <= len(captures) else Capture()
        for sha, dhash in earlier:
            if photo.sha256 == sha or hash_distance(photo.dhash, dhash) < SAME_PICTURE_BITS:
                raise InvalidInput(
                    _(
                        "Foto bukti %(n)d sama dengan foto laporan warga; kirim foto hasil pekerjaan."
                    )
                    % {"n": number}
                )
        taken, source = _capture_time(photo, capture, city.tz, now)
        if report.dispatched_at and taken < report.dispatched_at - CLOCK_SLACK:
            raise InvalidInput(
                _(
                    "Foto bukti %(n)d diambil sebelum pekerjaan ditugaskan (%(time)s, menurut %(source)s)."
                )
                % {
                    "n": number,
                    "time": taken.astimezone(city.tz).strftime("%d-%m-%Y %H:%M"),
                    "source": TimeSource(source).label,
                }
            )
        where, location_source = _capture_place(photo, capture)
        distance = None
        if where is not None and report.place_source == PlaceSource.POINT and report.has_point:
            distance = distance_m(where[0], where[1], report.lat, report.lng)  # type: ignore[arg-type]
            if distance > city.proof_radius_m:
                raise InvalidInput(
                    _(
                        "Foto bukti %(n)d diambil %(d)d m dari lokasi laporan (paling jauh %(max)d m)."
                    )
                    % {"n": number, "d": round(distance), "max": city.proof_radius_m}
                )
        verdicts.append(
            Verdict(taken, source, location_source, distance, same_as=reused[number - 1])
        )
    return verdicts


def _reused_from(report: Report, photos: list[ProcessedImage], *, now: datetime) -> list[str]:
    """For each photo, the code of another of the city's reports whose proof or progress photo of
    the window is the same picture, else "". Exact copies come through the sha256 index; near
    copies (re-saved, shrunk) need a Hamming distance, which no index answers, so only then are
    the window's dhashes read, through the (kind, created_at) index: the city's proofs of the
    window, never the citizens' photos nor older ones."""
    days = settings.LAKSA_PROOF_REUSE_DAYS
    if not photos or days <= 0:
        return [""] * len(photos)
    window = (
        Photo.objects.filter(
            kind__in=[PhotoKind.PROOF, PhotoKind.PROGRESS],
            created_at__gte=now - timedelta(days=days),
            report__jurisdiction_id=report.jurisdiction_id,
        )
        .exclude(report_id=report.pk)
        .order_by("-created_at", "-id")
    )
    exact: dict[str, str] = {}
    for sha, code in window.filter(sha256__in={p.sha256 for p in photos}).values_list(
        "sha256", "report__code"
    ):
        exact.setdefault(sha, code)
    codes = [exact.get(photo.sha256, "") for photo in photos]
    if all(codes):
        return codes
    wanted = [int(photo.dhash, 16) for photo in photos]
    for dhash, code in window.values_list("dhash", "report__code").iterator(chunk_size=2000):
        if not dhash:
            continue
        seen = int(dhash, 16)
        for index, bits in enumerate(wanted):
            if not codes[index] and (bits ^ seen).bit_count() < SAME_PICTURE_BITS:
                codes[index] = code
        if all(codes):
            break
    return codes


def _capture_time(
    photo: ProcessedImage, capture: Capture, tz: object, now: datetime
) -> tuple[datetime, str]:
    if photo.taken_at is not None and _plausible(photo.taken_at, now):
        taken = photo.taken_at
        # EXIF times carry no zone; a phone in the city is on the city's clock.
        return (taken.replace(tzinfo=tz) if taken.tzinfo is None else taken), TimeSource.EXIF  # type: ignore[arg-type]
    device = capture.device_time
    if device is not None and device.tzinfo is not None and _plausible(device, now):
        return device, TimeSource.DEVICE
    return now, TimeSource.UPLOAD


def _plausible(taken: datetime, now: datetime) -> bool:
    """A clock that was never set (a cheap phone after a flat battery says 1970 or 2000) or that
    runs days ahead tells nothing; the next source is used. Years are compared first: a time
    near year 1 or 9999 cannot even be moved to another zone."""
    if not EARLIEST_CLOCK.year <= taken.year <= now.year + 1:
        return False
    if taken.tzinfo is None:
        taken = taken.replace(tzinfo=now.tzinfo)
    return EARLIEST_CLOCK <= taken <= now + timedelta(days=1)


def _capture_place(
    photo: ProcessedImage, capture: Capture
) -> tuple[tuple[float, float] | None, str]:
    if photo.gps is not None:
        return photo.gps, LocationSource.EXIF
    if capture.device_lat is not None and capture.device_lng is not None:
        return (capture.device_lat, capture.device_lng), LocationSource.DEVICE
    return None, LocationSource.NONE
