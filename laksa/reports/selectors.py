"""Reads of reports shared by several screens, each with a fixed number of queries."""

from __future__ import annotations

import operator
from functools import reduce
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from laksa.dispatch.models import Assignment
from laksa.org import permissions
from laksa.org.models import Jurisdiction
from laksa.reports.models import Photo, PhotoKind, Report, ReportEvent
from laksa.reports.statuses import Status


def public_reports(jurisdiction: Jurisdiction) -> QuerySet[Report]:
    """Reports anyone may see: public categories, not rejected (spam never reaches the map)."""
    return Report.objects.filter(jurisdiction=jurisdiction, public=True).exclude(
        status=Status.REJECTED
    )


def report_for_tracking(code: str) -> Report | None:
    """A report with what its tracking page shows, loaded in a fixed number of queries."""
    return (
        Report.objects.select_related(
            "category",
            "agency",
            "kelurahan",
            "kecamatan",
            "duplicate_of",
            "referred_to",
            "jurisdiction",
        )
        .prefetch_related(
            Prefetch("photos", queryset=Photo.objects.order_by("id")),
            Prefetch(
                "events",
                queryset=ReportEvent.objects.exclude(public_note="").order_by("id"),
                to_attr="public_events",
            ),
        )
        .filter(code=code)
        .first()
    )


def before_and_after(report: Report) -> tuple[list[Photo], list[Photo]]:
    photos = list(report.photos.all())
    return (
        [p for p in photos if p.kind == PhotoKind.BEFORE],
        [p for p in photos if p.kind == PhotoKind.PROOF],
    )


def staff_reports(user: Any, jurisdiction: Jurisdiction) -> QuerySet[Report]:
    """Reports a staff user may see: all for operators and executives; else those of their
    agencies as far as their roles reach (permissions.agency_scopes), and their areas' reports."""
    qs = Report.objects.filter(jurisdiction=jurisdiction)
    if permissions.sees_everything(user):
        return qs
    seen = [in_agency_scope(user, scope) for scope in permissions.agency_scopes(user)]
    seen += [permissions.in_area(area_id) for area_id in permissions.watched_area_ids(user)]
    if not seen:
        return qs.none()
    return qs.filter(reduce(operator.or_, seen))


def in_agency_scope(user: Any, scope: permissions.AgencyScope, prefix: str = "") -> Q:
    """The reports of one of the user's agency scopes; `prefix` reaches the report from another
    model ("report__"). A worker's are those with an open assignment to one of their crews."""
    if scope.crew_only:
        jobs = Assignment.objects.filter(
            ended_at=None, agency_id=scope.agency_id, crew__members=user
        ).values("report_id")
        return Q(**{f"{prefix}pk__in": jobs})
    q = Q(**{f"{prefix}agency_id": scope.agency_id})
    if scope.area_id is not None:
        q &= permissions.in_area(scope.area_id, prefix)
    return q


def with_list_columns(qs: QuerySet[Report]) -> QuerySet[Report]:
    return qs.select_related("category", "agency", "kelurahan", "kecamatan").prefetch_related(
        Prefetch("photos", queryset=Photo.objects.filter(kind=PhotoKind.BEFORE).order_by("id"))
    )


def staff_can_see(user: Any, report: Report) -> bool:
    return staff_reports(user, report.jurisdiction).filter(pk=report.pk).exists()


def readable_answers(report: Report) -> list[tuple[str, str]]:
    """The extra questions' answers as (prompt, readable answer), in the category's order."""
    if not report.answers:
        return []
    rows = []
    for question in report.category.questions.order_by("order", "id"):
        value = report.answers.get(question.code)
        if value in (None, "", []):
            continue
        labels = dict(question.choices())
        values = value if isinstance(value, list) else [value]
        rows.append((question.prompt, ", ".join(str(labels.get(v, v)) for v in values)))
    return rows
