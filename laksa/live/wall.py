"""What the wall screen shows, read from the report rows with a fixed number of queries:
the open reports as points, the newest reports with photos, today's counters and the agency table.
"""

from __future__ import annotations

import statistics
from datetime import datetime, time
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from laksa.lib import clock
from laksa.org.models import Agency, Jurisdiction
from laksa.reports import feed
from laksa.reports.models import Photo, PhotoKind, Report
from laksa.reports.sla import overdue_q
from laksa.reports.statuses import (
    DISCARDED,
    FINISHED,
    HEX,
    IN_HAND,
    OPEN_STATUSES,
    WAITING,
    Status,
    colour,
)

MAX_POINTS = 5000
NEWEST = 6
"""As many as fit the column of a 1920x1080 screen."""


def start_of_today(jurisdiction: Jurisdiction, now: datetime) -> datetime:
    local = timezone.localtime(now, jurisdiction.tz)
    return datetime.combine(local.date(), time.min, tzinfo=jurisdiction.tz)


def state(jurisdiction: Jurisdiction, now: datetime | None = None) -> dict[str, Any]:
    """Everything the wall draws at start, and the event id to follow the stream from.

    The head id is read first: an event committed while the rest is read comes again on the
    stream, and drawing a report twice is harmless, whereas missing one is not.
    """
    now = now or clock.now()
    head = feed.head_id()
    today = start_of_today(jurisdiction, now)
    shown = Report.objects.filter(jurisdiction=jurisdiction).filter(
        Q(status__in=OPEN_STATUSES) | Q(done_at__gte=today)
    )
    points = [  # a report not placed yet is on the wall's lists, not on its map
        {"code": code, "lat": lat, "lng": lng, "colour": colour(status), "status": status}
        for code, lat, lng, status in shown.exclude(lat=None)
        .order_by("-created_at")
        .values_list("code", "lat", "lng", "status")[:MAX_POINTS]
    ]
    return {
        "head": head,
        "points": points,
        "newest": newest(jurisdiction),
        **summary(jurisdiction, now),
    }


def newest(jurisdiction: Jurisdiction, limit: int = NEWEST) -> list[dict[str, Any]]:
    """The newest public reports that have a photo, for the rotating column; a finished one
    (done, or closed after done) with its latest proof photo as `after`, beside the citizen's."""
    reports = list(
        Report.objects.filter(jurisdiction=jurisdiction, public=True, photos__kind=PhotoKind.BEFORE)
        .exclude(status__in=DISCARDED)
        .select_related("category", "kelurahan")
        .distinct()
        .order_by("-created_at")[:limit]
    )
    photos: dict[tuple[int, str], str] = {}
    for report_id, kind, uuid in (
        Photo.objects.filter(report__in=reports, kind__in=[PhotoKind.BEFORE, PhotoKind.PROOF])
        .order_by("id")
        .values_list("report_id", "kind", "uuid")
    ):
        # The citizen's first photo; the latest proof (a disputed job's second proof supersedes).
        if kind == PhotoKind.PROOF or (report_id, kind) not in photos:
            photos[(report_id, kind)] = str(uuid)
    return [
        {
            "code": r.code,
            "category_name": r.category.name,
            "kelurahan": r.kelurahan.name if r.kelurahan else "",
            "colour": r.colour,
            "hex": HEX[r.colour],
            "status_label": str(Status(r.status).label),
            "time": _when(r.created_at, jurisdiction),
            "photo": _thumb(photos.get((r.pk, PhotoKind.BEFORE))),
            "after": _thumb(photos.get((r.pk, PhotoKind.PROOF))) if r.status in FINISHED else None,
        }
        for r in reports
    ]


def _thumb(uuid: str | None) -> str | None:
    return reverse("public:thumb", args=[uuid]) if uuid else None


def _when(moment: datetime, jurisdiction: Jurisdiction) -> str:
    """The time for today's reports; the day too for older ones, so none reads as today's."""
    local = timezone.localtime(moment, jurisdiction.tz)
    if local.date() == timezone.localtime(clock.now(), jurisdiction.tz).date():
        return local.strftime("%H:%M")
    return local.strftime("%d/%m %H:%M")


def summary(jurisdiction: Jurisdiction, now: datetime | None = None) -> dict[str, Any]:
    """Today's counters and the per-agency table."""
    now = now or clock.now()
    today = start_of_today(jurisdiction, now)
    reports = Report.objects.filter(jurisdiction=jurisdiction)
    late = overdue_q(now)
    counters = reports.aggregate(
        new=Count("id", filter=Q(created_at__gte=today)),
        waiting=Count("id", filter=Q(status__in=WAITING)),
        in_hand=Count("id", filter=Q(status__in=IN_HAND)),
        done=Count("id", filter=Q(done_at__gte=today)),
        overdue=Count("id", filter=late),
    )
    rows = (
        reports.filter(status__in=OPEN_STATUSES, agency__isnull=False)
        .values("agency_id")
        .annotate(open=Count("id"), overdue=Count("id", filter=late))
    )
    table = {row["agency_id"]: {"open": row["open"], "overdue": row["overdue"]} for row in rows}
    responses: dict[int, list[float]] = {}
    for agency_id, created, dispatched in reports.filter(
        dispatched_at__gte=today, agency__isnull=False
    ).values_list("agency_id", "created_at", "dispatched_at"):
        if dispatched is not None:
            responses.setdefault(agency_id, []).append((dispatched - created).total_seconds())
    names = dict(
        Agency.objects.filter(pk__in=set(table) | set(responses)).values_list("pk", "abbreviation")
    )
    agencies = [
        {
            "agency": names.get(pk, "?"),
            "open": table.get(pk, {}).get("open", 0),
            "overdue": table.get(pk, {}).get("overdue", 0),
            "median_response": _minutes(responses.get(pk)),
        }
        for pk in set(table) | set(responses)
    ]
    agencies.sort(key=lambda row: (-row["overdue"], -row["open"], row["agency"]))
    return {"counters": counters, "agencies": agencies}


def _minutes(seconds: list[float] | None) -> int | None:
    if not seconds:
        return None
    return round(statistics.median(seconds) / 60)
