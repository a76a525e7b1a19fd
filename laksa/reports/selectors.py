"""Reads of reports shared by several screens, each with a fixed number of queries."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from laksa.catalog import published
from laksa.catalog.models import CatalogVersion
from laksa.lib import prepared
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


def tracking_stamp(code: str) -> tuple[Any, ...] | None:
    """What a tracking page shows, as one row that changes whenever the page would: the report's
    own columns that move, its latest event and photo, and the catalog's version (names of
    categories and agencies). None when there is no such report.

    One query, written out: it runs on every view of the page (laksa/public/page_cache.py), and
    building the same query through the ORM costs three times what running it does."""
    with prepared.cursor() as cursor:
        cursor.execute(_STAMP_SQL.format(**_TABLES), [code])
        row = cursor.fetchone()
    return tuple(row) if row else None


_TABLES = {
    "report": Report._meta.db_table,
    "event": ReportEvent._meta.db_table,
    "photo": Photo._meta.db_table,
    "catalog": CatalogVersion._meta.db_table,
    "catalog_row": published.VERSION_ID,
}
_STAMP_SQL = """
    SELECT r.id, r.version, r.updated_at, r.status, r.public, r.support_count, r.rating,
           (SELECT MAX(e.id) FROM {event} e WHERE e.report_id = r.id),
           (SELECT MAX(p.id) FROM {photo} p WHERE p.report_id = r.id),
           (SELECT c.token FROM {catalog} c WHERE c.id = {catalog_row})
    FROM {report} r WHERE r.code = %s
"""


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
