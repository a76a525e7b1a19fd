"""Reading the event table as a feed: the committed events after a given id, with just what the
live screens need of their reports. Sync code; the stream calls it from a worker thread.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Max

from laksa.reports.models import Photo, PhotoKind, ReportEvent
from laksa.reports.statuses import colour

BATCH = 500


@dataclass
class FeedItem:
    """One committed event and the state of its report when it was read."""

    id: int
    kind: str
    created_at: datetime
    from_status: str
    to_status: str
    public_note: str
    internal_note: str
    actor_label: str
    actor_id: int | None
    """The staff user who acted; None for the reporter, an outside app or the system."""
    report_id: int
    jurisdiction_id: int
    """The report's city: a viewer follows their own city's events only (live/views.py)."""
    code: str
    status: str
    public: bool
    lat: float | None
    lng: float | None
    """None for a report not placed yet (intake without a point)."""
    category_code: str
    category_name_id: str
    category_name_en: str
    emergency: bool
    agency_id: int | None
    agency_name: str
    kelurahan_id: int | None
    kecamatan_id: int | None
    kelurahan_name: str
    channel: str
    timezone: str
    photo: str | None
    """The uuid of the citizen's first photo."""
    proof: str | None = None
    """The uuid of the latest proof photo, if the job was ever completed."""
    projections: dict[str, str | None] = field(default_factory=dict, repr=False, compare=False)
    """Each projection's JSON, made once and shared by every client that receives it."""

    @property
    def colour(self) -> str:
        return colour(self.status)


def head_id() -> int:
    """The id of the newest committed event (0 when there is none)."""
    return ReportEvent.objects.aggregate(top=Max("id"))["top"] or 0


def events_after(cursor: int, limit: int = BATCH) -> list[FeedItem]:
    """Committed events with id > cursor, oldest first; always two queries."""
    events = list(
        ReportEvent.objects.filter(id__gt=cursor)
        .order_by("id")
        .select_related(
            "report__category", "report__agency", "report__kelurahan", "report__jurisdiction"
        )[:limit]
    )
    report_ids = {e.report_id for e in events}
    photos: dict[int, str] = {}
    proofs: dict[int, str] = {}
    if report_ids:
        rows = (
            Photo.objects.filter(
                report_id__in=report_ids, kind__in=[PhotoKind.BEFORE, PhotoKind.PROOF]
            )
            .order_by("report_id", "id")
            .values_list("report_id", "kind", "uuid")
        )
        for report_id, kind, uuid in rows:
            if kind == PhotoKind.PROOF:
                proofs[report_id] = str(uuid)  # the latest: a disputed job's new proof supersedes
            else:
                photos.setdefault(report_id, str(uuid))
    return [_item(e, photos.get(e.report_id), proofs.get(e.report_id)) for e in events]


def _item(event: ReportEvent, photo: str | None, proof: str | None) -> FeedItem:
    report = event.report
    category = report.category
    agency: Any = report.agency
    kelurahan: Any = report.kelurahan
    return FeedItem(
        id=event.pk,
        kind=event.kind,
        created_at=event.created_at,
        from_status=event.from_status,
        to_status=event.to_status,
        public_note=event.public_note,
        internal_note=event.internal_note,
        actor_label=event.actor_label,
        actor_id=event.actor_id,
        report_id=report.pk,
        jurisdiction_id=report.jurisdiction_id,
        code=report.code,
        status=report.status,
        public=report.public,
        lat=report.lat,
        lng=report.lng,
        category_code=category.code,
        category_name_id=category.name_id,
        category_name_en=category.name_en or category.name_id,
        emergency=category.emergency,
        agency_id=report.agency_id,
        agency_name=agency.name if agency else "",
        kelurahan_id=report.kelurahan_id,
        kecamatan_id=report.kecamatan_id,
        kelurahan_name=kelurahan.name if kelurahan else "",
        channel=report.channel,
        timezone=report.jurisdiction.timezone,
        photo=photo,
        proof=proof,
    )
