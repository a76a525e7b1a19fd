"""The GeoReport v2 documents as Python shapes (lists and dicts), element names exactly as the
spec has them; formats.render turns them into XML or JSON. Codes and ids are strings always."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, NamedTuple
from uuid import UUID

from django.urls import reverse
from django.utils import translation

from laksa.catalog.models import Category, Question
from laksa.org.models import Jurisdiction
from laksa.reports.models import Report, ReportEvent
from laksa.reports.public_text import for_public, note_for_public
from laksa.reports.statuses import FINISHED, OPEN_STATUSES, Status, colour

SPEC = "http://wiki.open311.org/GeoReport_v2"


def w3c(moment: datetime | None, city: Jurisdiction) -> str | None:
    """W3C date-time with the city's offset, e.g. 2026-11-28T21:05:00+07:00."""
    return moment.astimezone(city.tz).isoformat(timespec="seconds") if moment else None


def open_or_closed(status: str) -> str:
    return "open" if status in OPEN_STATUSES else "closed"


def statuses_for(value: str) -> list[str]:
    """Our statuses behind Open311's `open` or `closed`."""
    wanted = "open" if value == "open" else "closed"
    return [s for s in Status.values if open_or_closed(s) == wanted]


def service(category: Category, has_questions: bool) -> dict[str, Any]:
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": category.description or category.name,
        "metadata": has_questions,
        "type": "realtime",
        "keywords": category.keywords,
        "group": category.group,
    }


def definition(category: Category, questions: Sequence[Question]) -> dict[str, Any]:
    english = (translation.get_language() or "id").startswith("en")
    attributes = []
    for order, question in enumerate(questions, start=1):
        attribute: dict[str, Any] = {
            "variable": True,
            "code": question.code,
            "datatype": question.datatype,
            "required": question.required,
            "datatype_description": None,
            "order": order,
            "description": question.prompt,
        }
        if question.values:
            attribute["values"] = [
                {"key": v["key"], "name": v.get("name_en") if english else v.get("name_id")}
                for v in question.values
            ]
        attributes.append(attribute)
    return {"service_code": category.code, "attributes": attributes}


REQUEST_FIELDS = (
    "id",
    "code",
    "status",
    "description",
    "address",
    "lat",
    "lng",
    "media_url",
    "support_count",
    "created_at",
    "updated_at",
    "done_at",
    "closed_at",
    "resolve_due_at",
    "category__code",
    "category__name_id",
    "category__name_en",
    "agency__name",
    "kelurahan__code",
    "kelurahan__name",
    "kecamatan__name",
)
"""What a service request shows of a report, read with `values()`: a list of 1,000 spent most of
its time building Report, Category and Agency instances (and loading the areas' boundaries)."""


def _updated(row: dict[str, Any]) -> datetime:
    """The spec's updated_datetime: for a closed request the time it was closed, which a later
    rating or the done -> closed sweep does not move. Work done closes it (done_at, kept when
    the reporter or time confirms it); a rejection, a merge or a referral sets closed_at."""
    moment: datetime = row["updated_at"]
    if open_or_closed(row["status"]) == "closed":
        closed = row["done_at"] if row["status"] in FINISHED else row["closed_at"]
        moment = closed or row["closed_at"] or moment
    return moment


class Note(NamedTuple):
    """A public event of a report, as a request's notes show it."""

    kind: str
    public_note: str
    created_at: datetime
    actor_id: int | None
    """A staff user's note is shown as written (reports/public_text.note_for_public)."""


def request(
    row: dict[str, Any],
    *,
    city: Jurisdiction,
    absolute: Any,
    photo: UUID | None,
    notes: Sequence[Note] | None,
    extensions: bool,
    media: Sequence[UUID] = (),
) -> dict[str, Any]:
    """One service request from a report's REQUEST_FIELDS. `photo` is its first photo's uuid,
    `media` all its photos (before, progress, proof) in the order they came;
    `notes` are its public events, oldest first (the last one gives status_notes); `absolute`
    turns a path into a full URL. The description and address are masked, and the notes no staff
    user wrote (reports/public_text.py)."""
    notes = notes or []
    status = row["status"]
    english = (translation.get_language() or "id").startswith("en")
    media_url = absolute(reverse("public:photo", args=[photo])) if photo else None
    shape: dict[str, Any] = {
        "service_request_id": row["code"],
        "status": open_or_closed(status),
        "status_notes": note_for_public(notes[-1].public_note, notes[-1].actor_id)
        if notes
        else None,
        "service_name": row["category__name_en"] if english else row["category__name_id"],
        "service_code": row["category__code"],
        "description": for_public(row["description"]),
        "agency_responsible": row["agency__name"],
        "service_notice": None,
        "requested_datetime": w3c(row["created_at"], city),
        "updated_datetime": w3c(_updated(row), city),
        "expected_datetime": w3c(row["resolve_due_at"], city)
        if open_or_closed(status) == "open"
        else None,
        "address": for_public(row["address"]) or row["kelurahan__name"],
        "address_id": row["kelurahan__code"],
        "zipcode": None,
        "lat": row["lat"],
        "long": row["lng"],
        "media_url": media_url or row["media_url"] or None,
    }
    if extensions:
        shape["extended_attributes"] = {
            "detailed_status": status,
            "detailed_status_label": str(Status(status).label),
            "colour": colour(status),
            "kelurahan": row["kelurahan__name"],
            "kecamatan": row["kecamatan__name"],
            "support_count": row["support_count"],
            "tracking_url": absolute(reverse("public:track", args=[row["code"]])),
            "media_urls": [absolute(reverse("public:photo", args=[m])) for m in media]
            + ([row["media_url"]] if row["media_url"] else []),
        }
        shape["notes"] = [
            {
                "datetime": w3c(e.created_at, city),
                "description": note_for_public(e.public_note, e.actor_id),
                "type": e.kind,
            }
            for e in notes
        ]
    return shape


def update(
    event: ReportEvent,
    report: Report,
    *,
    city: Jurisdiction,
    status: str = "",
    photo_url: str | None = None,
    extensions: bool = False,
) -> dict[str, Any]:
    """One of FixMyStreet's request updates: a public change in a report's history. `status` is
    the report's status at that event (not now); `photo_url` the photo the event added, if any;
    an outside update shows the media_url it was posted with. The note is masked unless a staff
    user wrote it (reports/public_text.note_for_public)."""
    status = event.to_status or status or report.status
    media_url = photo_url or (event.data or {}).get("media_url") or None
    shape: dict[str, Any] = {
        "update_id": str(event.pk),
        "service_request_id": report.code,
        "status": open_or_closed(status),
        "updated_datetime": w3c(event.created_at, city),
        "description": note_for_public(event.public_note, event.actor_id),
        "media_url": media_url,
    }
    if extensions:
        shape["extended_attributes"] = {"detailed_status": status, "kind": event.kind}
    return shape
