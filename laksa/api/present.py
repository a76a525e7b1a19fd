"""Reports and events as the API answers them. The public and private shapes are built from
fields named here one by one, so the contact and internal notes can only reach the staff shape."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import get_language

from laksa.catalog.models import Category, Question
from laksa.dispatch.actions import part_of
from laksa.dispatch.available import available_actions
from laksa.dispatch.models import Assignment
from laksa.dispatch.selectors import escalated_levels
from laksa.lib import clock
from laksa.org import permissions
from laksa.reports.available import reporter_actions
from laksa.reports.models import Photo, Report, ReportEvent
from laksa.reports.public_text import for_public, note_for_public
from laksa.reports.statuses import ROUTED, ROUTED_OR_FINISHED, Status


def with_columns(qs: QuerySet[Report]) -> QuerySet[Report]:
    """What every report shape reads, in a fixed number of queries."""
    return qs.select_related(
        "category", "agency", "kelurahan", "kecamatan", "duplicate_of", "referred_to"
    ).prefetch_related(Prefetch("photos", queryset=Photo.objects.order_by("id")), "co_agencies")


def with_part_columns(qs: QuerySet[Assignment]) -> QuerySet[Assignment]:
    """What a job (an assignment with its report) reads, in a fixed number of queries."""
    return qs.select_related(
        "agency",
        "crew",
        "supervisor",
        "report__category",
        "report__agency",
        "report__kelurahan",
        "report__kecamatan",
        "report__duplicate_of",
        "report__referred_to",
    ).prefetch_related(
        Prefetch("report__photos", queryset=Photo.objects.order_by("id")), "report__co_agencies"
    )


def category(c: Category, questions: list[Question]) -> dict[str, Any]:
    english = (get_language() or "id").startswith("en")
    return {
        "code": c.code,
        "name": c.name,
        "group": c.group,
        "description": c.description,
        "keywords": c.keywords,
        "emergency": c.emergency,
        "questions": [
            {
                "code": q.code,
                "datatype": q.datatype,
                "required": q.required,
                "description": q.prompt,
                "order": order,
                "values": [
                    {"key": v["key"], "name": v.get("name_en") if english else v.get("name_id")}
                    for v in q.values
                ],
            }
            for order, q in enumerate(questions, start=1)
        ],
    }


def photo(request: HttpRequest, p: Photo) -> dict[str, Any]:
    return {
        "kind": p.kind,
        "url": request.build_absolute_uri(reverse("public:photo", args=[p.uuid])),
        "thumbnail_url": request.build_absolute_uri(reverse("public:thumb", args=[p.uuid])),
    }


def report(request: HttpRequest, r: Report) -> dict[str, Any]:
    """The public shape: never the contact, never an internal note; phone numbers and e-mail
    addresses typed into the description and the address are masked (reports/public_text.py)."""
    return {
        "code": r.code,
        "status": r.status,
        "status_label": str(Status(r.status).label),
        "status_type": str(r.status_type),
        "colour": r.colour,
        "category": r.category.code,
        "category_name": r.category.name,
        "description": for_public(r.description),
        "address": for_public(r.address),
        "lat": r.lat,
        "lng": r.lng,
        "place": r.place_source,
        "kelurahan": r.kelurahan.name if r.kelurahan else None,
        "kecamatan": r.kecamatan.name if r.kecamatan else None,
        # A new report is nobody's yet: the LIVE Room may route it elsewhere (issue 17).
        "agency": r.agency.name if r.agency and r.status in ROUTED_OR_FINISHED else None,
        "agency_to_come": r.agency.name if r.agency and r.status == Status.NEW else None,
        "support_count": r.support_count,
        # A non-public report's code is not named: it would point at a private letter.
        "duplicate_of": r.duplicate_of.code if r.duplicate_of and r.duplicate_of.public else None,
        "created_at": r.created_at,
        "updated_at": r.updated_at,
        "photos": [photo(request, p) for p in r.photos.all()],
    }


def public_events(r: Report) -> list[dict[str, Any]]:
    """The public timeline; a note no staff user wrote (a dispute reason is the reporter's own
    words) is masked as the description is (reports/public_text.note_for_public)."""
    rows = ReportEvent.objects.filter(report=r).exclude(public_note="").order_by("id")
    return [
        {
            "id": e.pk,
            "kind": e.kind,
            "at": e.created_at,
            "status": e.to_status or None,
            "note": note_for_public(e.public_note, e.actor_id),
            "actor": e.actor_label,
        }
        for e in rows
    ]


def private_report(request: HttpRequest, r: Report) -> dict[str, Any]:
    """The reporter's shape (they proved the secret): public fields and what they may still do."""
    can = reporter_actions(r)
    return report(request, r) | {
        "rating": r.rating,
        "can_confirm": can.confirm,
        "can_dispute": can.dispute,
        "can_rate": can.rate,
        "events": public_events(r),
    }


def staff_report(request: HttpRequest, r: Report) -> dict[str, Any]:
    """The public shape with the description and address as the reporter wrote them, and what
    staff work by."""
    return report(request, r) | {
        "description": r.description,
        "address": r.address,
        "version": r.version,
        "channel": r.channel,
        "public": r.public,
        "duplicate_of": r.duplicate_of.code if r.duplicate_of else None,
        "priority": r.priority,
        "agency_code": r.agency.code if r.agency else None,
        "co_agencies": sorted(a.code for a in r.co_agencies.all()),
        "referred_to": r.referred_to.code if r.referred_to else None,
        "outside_area": r.outside_area,
        "proof_location": r.proof_location,
        "respond_due_at": r.respond_due_at,
        "resolve_due_at": r.resolve_due_at,
        "answers": r.answers or {},
    }


def assignment(part: Assignment, r: Report, escalated: str | None, now: datetime) -> dict[str, Any]:
    """A part as the field sees it; due and overdue as in the field app's job list."""
    working = part.done_at is None and r.status in ROUTED
    due = part.respond_due_at if part.accepted_at is None else part.resolve_due_at
    return {
        "id": part.pk,
        "agency": part.agency.code,
        "part": part.part,
        "supervisor": part.supervisor.get_username() if part.supervisor else None,
        "crew": {"id": part.crew.pk, "name": part.crew.name} if part.crew else None,
        "instructions": part.instructions,
        "respond_due_at": part.respond_due_at,
        "resolve_due_at": part.resolve_due_at,
        "due_at": due if working else None,
        "overdue": bool(working and due and due < now),
        "escalated": escalated,
        "accepted_at": part.accepted_at,
        "done_at": part.done_at,
        "reroute_asked_at": part.reroute_asked_at,
    }


def jobs(request: HttpRequest, parts: list[Assignment]) -> list[dict[str, Any]]:
    """Each part with its report's staff shape (read through with_part_columns)."""
    now, levels = clock.now(), escalated_levels(p.report_id for p in parts)
    return [
        staff_report(request, p.report)
        | {"assignment": assignment(p, p.report, levels.get(p.report_id), now)}
        for p in parts
    ]


def staff_report_detail(request: HttpRequest, r: Report, user: Any) -> dict[str, Any]:
    contact = None
    if permissions.can_triage(user) and not r.anonymous and r.contact is not None:
        contact = {"name": r.contact.name, "phone": r.contact.phone, "email": r.contact.email}
    events = ReportEvent.objects.filter(report=r).order_by("id")
    part = part_of(user, r)
    return staff_report(request, r) | {
        "contact": contact,
        "assignment": assignment(part, r, escalated_levels([r.pk]).get(r.pk), clock.now())
        if part
        else None,
        "actions": sorted(available_actions(user, r, part)),
        "events": [
            {
                "id": e.pk,
                "kind": e.kind,
                "at": e.created_at,
                "from_status": e.from_status or None,
                "to_status": e.to_status or None,
                "public_note": e.public_note,
                "internal_note": e.internal_note,
                "actor": e.actor_label,
                "data": e.data or {},
            }
            for e in events
        ],
    }
