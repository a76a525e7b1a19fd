"""Reads of reports shared by several screens, each with a fixed number of queries."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

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


def with_list_columns(qs: QuerySet[Report]) -> QuerySet[Report]:
    return qs.select_related("category", "agency", "kelurahan", "kecamatan").prefetch_related(
        Prefetch("photos", queryset=Photo.objects.filter(kind=PhotoKind.BEFORE).order_by("id"))
    )


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
