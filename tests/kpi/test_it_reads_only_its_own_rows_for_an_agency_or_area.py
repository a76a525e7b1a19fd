"""An agency's or an area's dashboard gives what the area's both columns give, and reads only
its own rows: its count rows by the index of its agency or area column, its open reports by the
status index (not every report of the agency or the kecamatan). SQLite has no statistics, so its
plans are the same for a test's few rows as for a million; PostgreSQL chooses by its statistics."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from laksa.kpi import counting, selectors
from laksa.kpi.selectors import Scope
from tests.conftest import login

from .conftest import DAY1, DAY2

pytestmark = pytest.mark.django_db

sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite's plans follow the schema alone"
)


def figures(city: Any, scope: Scope) -> dict[str, Any]:
    return {
        "totals": selectors.totals(city, DAY1, DAY2, scope).sums,
        "categories": {
            k: f.sums for k, f in selectors.grouped(city, "category", DAY1, DAY2, scope).items()
        },
        "channels": {
            k: f.sums for k, f in selectors.grouped(city, "channel", DAY1, DAY2, scope).items()
        },
        "status": selectors.status_now(city, scope, end=DAY2)[0],
    }


def test_it_gives_an_areas_figures_by_its_one_column(story, city, kecamatan, west, east):
    counting.count_new_events()
    for area in (kecamatan, west, east):
        assert figures(city, Scope.of_area(area)) == figures(city, Scope(area_id=area.pk))
    assert figures(city, Scope.of_area(kecamatan))["totals"]["received"] == 3
    assert figures(city, Scope.of_area(west))["totals"]["received"] == 2


def plans(client: Any, url: str, table: str) -> list[str]:
    """The query plans of the page's queries that read `table`."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    out = []
    with connection.cursor() as cursor:
        for query in queries.captured_queries:
            if f'FROM "{table}"' in query["sql"]:
                cursor.execute("EXPLAIN QUERY PLAN " + query["sql"])
                out.append(" ".join(str(row[-1]) for row in cursor.fetchall()))
    return out


@sqlite_only
@pytest.mark.parametrize("page", ["agency", "kecamatan", "kelurahan"])
def test_it_reads_its_open_reports_by_the_status_index(
    story, mayor, agency_a, kecamatan, west, page
):
    counting.count_new_events()
    pk = {"agency": agency_a.pk, "kecamatan": kecamatan.pk, "kelurahan": west.pk}[page]
    url = f"/kinerja/{'instansi' if page == 'agency' else 'wilayah'}/{pk}/"
    read = plans(login(mayor), url, "reports_report")
    assert len(read) >= 2  # the overdue count and the list of the worst
    for plan in read:
        assert "report_status_time" in plan, plan


@sqlite_only
@pytest.mark.parametrize(
    ("page", "index"),
    [
        ("agency", "kpi_agency_day"),
        ("kecamatan", "kpi_kecamatan_day"),
        ("kelurahan", "kpi_kelurahan_day"),
    ],
)
def test_it_reads_its_count_rows_by_its_own_index(
    story, mayor, agency_a, kecamatan, west, page, index
):
    counting.count_new_events()
    pk = {"agency": agency_a.pk, "kecamatan": kecamatan.pk, "kelurahan": west.pk}[page]
    url = f"/kinerja/{'instansi' if page == 'agency' else 'wilayah'}/{pk}/"
    read = plans(login(mayor), url, "kpi_dailycount")
    assert read
    for plan in read:
        assert index in plan, plan
