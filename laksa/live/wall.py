"""What the wall screen shows, with a fixed number of queries: the open reports as points and the
newest reports with photos from the report rows; today's counters and the agency table from the
KPI counts (kpi.selectors), the same figures /kinerja/ shows.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from laksa.kpi import counting
from laksa.kpi.selectors import wall_board
from laksa.lib import clock
from laksa.org.models import Jurisdiction
from laksa.reports import feed
from laksa.reports.models import Photo, PhotoKind, Report
from laksa.reports.statuses import (
    DISCARDED,
    FINISHED,
    HEX,
    OPEN_STATUSES,
    Status,
    colour,
)

MAX_POINTS = 5000
NEWEST = 6
"""As many as fit the column of a 1920x1080 screen."""


def start_of_today(jurisdiction: Jurisdiction, now: datetime) -> datetime:
    local = timezone.localtime(now, jurisdiction.tz)
    return datetime.combine(local.date(), time.min, tzinfo=jurisdiction.tz)


def state(
    jurisdiction: Jurisdiction, now: datetime | None = None, *, public_only: bool = False
) -> dict[str, Any]:
    """Everything the wall draws at start, and the event id to follow the stream from.
    `public_only` (a kiosk screen, which anyone in the room can read) leaves out the points of
    reports that are not public: their codes and exact places are not for the room.

    The head id is read first: an event committed while the rest is read comes again on the
    stream, and drawing a report twice is harmless, whereas missing one is not.
    """
    now = now or clock.now()
    head = feed.head_id()
    today = start_of_today(jurisdiction, now)
    shown = Report.objects.filter(jurisdiction=jurisdiction).filter(
        Q(status__in=OPEN_STATUSES) | Q(done_at__gte=today)
    )
    if public_only:
        shown = shown.filter(public=True)
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
    """Today's counters and the per-agency table, read from the KPI counts like /kinerja/, the
    home page and /statistik/, so the wall agrees with them (kpi.selectors.wall_board). The
    wall asks a moment after events arrive: what came since the last count is counted first."""
    now = now or clock.now()
    counting.catch_up(now)
    return wall_board(jurisdiction, now)
