"""A new report writes no index entry for the links it does not have (a referral, a merge, a
contact, an API application; an event's staff actor), and none for status or agency alone (each
leads another index): every entry is written inside the transaction the city's other writers
wait for. A lookup by any of them still finds its rows through an index, on both engines."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from laksa.reports.models import Report, ReportEvent

pytestmark = pytest.mark.django_db


def _indexes(table: str) -> dict[str, dict[str, Any]]:
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, table)
    return {name: info for name, info in found.items() if info["index"]}


def _plan(queryset: Any) -> str:
    if connection.vendor == "postgresql":  # an empty table is read whole; ask what it could use
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
    return str(queryset.explain())


def test_links_most_reports_lack_have_partial_indexes_only() -> None:
    report, event = _indexes(Report._meta.db_table), _indexes(ReportEvent._meta.db_table)
    alone = {info["columns"][0] for info in report.values() if len(info["columns"]) == 1}
    for column in ("status", "agency_id"):
        assert column not in alone
    for column in ("referred_to_id", "duplicate_of_id", "contact_id", "application_id"):
        assert column in alone  # the partial one
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql LIKE '%%WHERE%%'"
            )
        else:
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE indexdef LIKE '%%WHERE%%'"
            )
        partial = dict(cursor.fetchall())
    for name in ("report_referred_to", "report_duplicate_of", "report_contact",
                 "report_application", "event_actor"):  # fmt: skip
        assert name in partial and "IS NOT NULL" in partial[name]
    assert "event_actor" in event


@pytest.mark.parametrize(
    ("lookup", "index"),
    [
        ({"duplicate_of_id": 1}, "report_duplicate_of"),
        ({"duplicate_of_id__in": [1, 2]}, "report_duplicate_of"),
        ({"referred_to_id": 1}, "report_referred_to"),
        ({"contact_id": 1}, "report_contact"),
        ({"application_id": 1}, "report_application"),
        ({"status": "new"}, "report_status_time"),
        ({"agency_id": 1}, "report_agency_status"),
    ],
)
def test_a_lookup_by_a_link_still_uses_an_index(lookup: dict[str, Any], index: str) -> None:
    assert index in _plan(Report.objects.filter(**lookup).values("id"))


def test_a_staff_members_events_are_found_by_an_index() -> None:
    assert "event_actor" in _plan(ReportEvent.objects.filter(actor_id=1).values("id"))
