"""What each viewer may see of an event. The stream never sends a field a viewer may not read:
the reporter's contact is in no projection at all, internal notes only in the staff one, and the
public sees public reports only, with public notes only. Outside the staff projection a note no
staff user wrote has its phone numbers and e-mail addresses masked (reports/public_text.py): the
wall is a screen in a public room too.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import translation

from laksa.dispatch.reach import Reach
from laksa.reports.feed import FeedItem
from laksa.reports.public_text import note_for_public
from laksa.reports.statuses import FINISHED, HEX, Status

PUBLIC, WALL, STAFF = "public", "wall", "staff"


@dataclass(frozen=True)
class Filters:
    """What a client asked for: an agency, an area (kecamatan or kelurahan), a category code, or
    one report (a tracking page follows its report)."""

    agency: int | None = None
    area: int | None = None
    category: str | None = None
    code: str | None = None

    def match(self, item: FeedItem) -> bool:
        if self.code is not None and item.code != self.code:
            return False
        if self.agency is not None and item.agency_id != self.agency:
            return False
        if self.area is not None and self.area not in (item.kelurahan_id, item.kecamatan_id):
            return False
        return self.category is None or item.category_code == self.category


@dataclass(frozen=True)
class Viewer:
    """Who is listening. Staff with a limited scope see only their agencies' and areas' reports."""

    projection: str = PUBLIC
    everything: bool = False
    reach: Reach = field(default_factory=Reach)
    """A staff member's reports (dispatch/reach.py), the same rule as every other door's."""
    language: str = "id"
    screen: int | None = None
    """The kiosk screen whose token opened the stream, if any."""
    reporter_of: str | None = None
    """The code of the report whose private link opened the stream: its reporter follows it
    even when it is not public (a guest-book entry, a complaint about an officer)."""

    def may_see(self, item: FeedItem) -> bool:
        if self.projection == PUBLIC and self.reporter_of and item.code == self.reporter_of:
            return True
        if self.projection == PUBLIC:
            # As on the public map and tracking page: a rejected report (spam, a reason naming
            # someone) is gone from public view, with every event of it.
            return item.public and item.status != Status.REJECTED
        if self.everything or self.projection == WALL:
            return True
        return self.reach.covers(item.agency_id, item.kelurahan_id, item.kecamatan_id)


def render(item: FeedItem, viewer: Viewer) -> str | None:
    """The event's JSON for this viewer, or None when they may not see it; cached on the item."""
    if not viewer.may_see(item):
        return None
    key = f"{viewer.projection}:{viewer.language}"
    if key not in item.projections:
        with translation.override(viewer.language):
            data = _fields(item, viewer.projection, viewer.language)
        item.projections[key] = json.dumps(data, ensure_ascii=False) if data else None
    return item.projections[key]


def _fields(item: FeedItem, projection: str, language: str) -> dict[str, Any] | None:
    if projection == PUBLIC and not (item.public_note or item.to_status):
        return None  # an internal-only event has nothing to show the public
    local = item.created_at.astimezone(ZoneInfo(item.timezone))
    data: dict[str, Any] = {
        "id": item.id,
        "kind": item.kind,
        "code": item.code,
        "status": item.status,
        "status_label": str(Status(item.status).label),
        "colour": item.colour,
        "hex": HEX[item.colour],
        "to_status": item.to_status,
        "lat": item.lat,
        "lng": item.lng,
        "category": item.category_code,
        "category_name": item.category_name_en if language == "en" else item.category_name_id,
        "kelurahan": item.kelurahan_name,
        "note": item.public_note
        if projection == STAFF
        else note_for_public(item.public_note, item.actor_id),
        "at": local.isoformat(),
        "time": local.strftime("%H:%M"),
        "url": reverse("public:track", args=[item.code]) if item.public else None,
        "photo": _thumb(item.photo, item),
        # The proof beside the citizen's photo, once the job is finished (done, or closed after).
        "after": _thumb(item.proof, item) if item.status in FINISHED else None,
    }
    if projection in (WALL, STAFF):
        data.update(agency=item.agency_id, agency_name=item.agency_name, emergency=item.emergency)
        if not item.public:
            data.update(note="", url=None)
    if projection == STAFF:
        data.update(
            internal_note=item.internal_note,
            actor=item.actor_label,
            channel=item.channel,
            from_status=item.from_status,
            url=reverse("console:report", args=[item.code]),
        )
    return data


def _thumb(uuid: str | None, item: FeedItem) -> str | None:
    """A photo's public thumbnail URL; none for a report that is not public (the URL would
    not open for the viewer, and the photo is not to be shown)."""
    return reverse("public:thumb", args=[uuid]) if uuid and item.public else None
