"""The tables per category and per channel of the city's statistics and of an agency's dashboard
read the `category` and `channel` day rows (a few a day), never the detail rows (one per report
and day), and give what the detail rows give, also after a report moves to another agency."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import pytest
from django.db import connection

from laksa.kpi import counting, selectors
from laksa.kpi.models import COUNT_FIELDS, DailyCount, Grain
from laksa.kpi.selectors import Scope
from laksa.reports import actions
from tests.conftest import login

from .conftest import DAY1, DAY2

pytestmark = pytest.mark.django_db


def from_detail(by: str, **match: Any) -> dict[Any, dict[str, int]]:
    """The detail rows of DAY1 and DAY2 summed in Python per `by` (a column name)."""
    out: dict[Any, dict[str, int]] = {}
    rows = DailyCount.objects.filter(grain=Grain.DETAIL, day__range=(DAY1, DAY2), **match)
    for row in rows.values(by, *COUNT_FIELDS):
        sums = out.setdefault(row[by], dict.fromkeys(COUNT_FIELDS, 0))
        for name in COUNT_FIELDS:
            sums[name] += row[name]
    return out


def grouped(city: Any, by: str, scope: Scope = selectors.CITY) -> dict[Any, dict[str, int]]:
    return {k: f.sums for k, f in selectors.grouped(city, by, DAY1, DAY2, scope).items()}


@contextmanager
def grains_read() -> Iterator[set[str]]:
    """The grains named in the parameters of every query run inside."""
    seen: set[str] = set()

    def record(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        if params and not many:
            seen.update(p for p in params if isinstance(p, str) and p in Grain.values)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        yield seen


def test_it_gives_the_detail_rows_figures_per_category_and_channel(story, city, agency_a):
    counting.count_new_events()
    assert grouped(city, "category") == from_detail("category_id")
    assert grouped(city, "channel") == from_detail("channel")
    mine = Scope(agency_id=agency_a.pk)
    assert grouped(city, "category", mine) == from_detail("category_id", agency_id=agency_a.pk)
    assert grouped(city, "channel", mine) == from_detail("channel", agency_id=agency_a.pk)
    assert {k: v["received"] for k, v in grouped(city, "channel", mine).items()} == {"web": 2}


def test_it_moves_a_reports_figures_with_it_to_another_agency(
    story, city, operator, agency_a, agency_b, pothole
):
    counting.count_new_events()
    actions.verify_report(story.b, by=operator, agency=agency_a, category=pothole)
    counting.count_new_events()
    for agency in (agency_a, agency_b):
        mine = Scope(agency_id=agency.pk)
        assert grouped(city, "category", mine) == from_detail("category_id", agency_id=agency.pk)
        assert grouped(city, "channel", mine) == from_detail("channel", agency_id=agency.pk)
    received = {
        k: v["received"] for k, v in grouped(city, "channel", Scope(agency_id=agency_a.pk)).items()
    }
    assert received == {"web": 2, "phone": 1}


def test_it_reads_no_detail_rows_for_the_statistics_or_an_agency(story, city, mayor, agency_a):
    counting.count_new_events()
    client = login(mayor)
    query = f"?date_from={DAY1}&date_to={date(2026, 11, 30)}"
    for url in ("/statistik/" + query, f"/kinerja/instansi/{agency_a.pk}/" + query):
        with grains_read() as seen:
            assert client.get(url).status_code == 200
        assert Grain.CATEGORY in seen, url
        assert Grain.DETAIL not in seen, url
