"""The month rows are their days' rows summed, kept so by every run; a range, a trend and the
status of all reports read them for whole months and give what the days give."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from laksa.kpi import counting, selectors
from laksa.kpi.models import (
    COUNT_FIELDS,
    MONTH_GRAINS,
    NET_FIELDS,
    DailyCount,
    Grain,
    MonthlyCount,
)
from laksa.kpi.selectors import Scope
from laksa.reports import actions
from tests.conftest import IN_EAST
from tests.images import processed

pytestmark = pytest.mark.django_db

DIMENSIONS = ("agency_id", "kecamatan_id", "kelurahan_id", "public")


def months_from_days() -> dict[tuple[Any, ...], list[int]]:
    """What the month rows should hold: the day rows of each month grain, summed in Python."""
    out: dict[tuple[Any, ...], list[int]] = {}
    for row in DailyCount.objects.filter(grain__in=MONTH_GRAINS).values(
        "grain", "day", *DIMENSIONS, *COUNT_FIELDS
    ):
        key = (row["grain"], row["day"].replace(day=1), *(row[d] for d in DIMENSIONS))
        sums = out.setdefault(key, [0] * len(COUNT_FIELDS))
        for i, name in enumerate(COUNT_FIELDS):
            sums[i] += row[name]
    return {key: sums for key, sums in out.items() if any(sums)}


def month_rows() -> dict[tuple[Any, ...], list[int]]:
    return {
        (row["grain"], row["month"], *(row[d] for d in DIMENSIONS)): [
            row[name] for name in COUNT_FIELDS
        ]
        for row in MonthlyCount.objects.values("grain", "month", *DIMENSIONS, *COUNT_FIELDS)
    }


def day_sums(grain: str, start: date | None, end: date | None, **match: Any) -> dict[str, int]:
    """The figures of a grain's day rows from start to end, summed in Python."""
    rows = DailyCount.objects.filter(grain=grain, **match)
    if start is not None:
        rows = rows.filter(day__gte=start)
    if end is not None:
        rows = rows.filter(day__lte=end)
    return {name: sum(getattr(r, name) for r in rows) for name in COUNT_FIELDS}


@pytest.fixture
def three_months(clock, make_report, streetlight, operator, supervisor_a, supervisor_b):
    """Reports from October to December 2026, handled across the turns of the months."""
    clock.at("2026-10-20T09:00")
    a = make_report(seed=1)
    clock.at("2026-10-30T10:00")
    actions.verify_report(a, by=operator)
    clock.at("2026-11-02T09:00")
    actions.accept_job(a, by=supervisor_a)
    b = make_report(seed=2, category=streetlight, at=IN_EAST)
    clock.at("2026-11-16T11:00")
    actions.verify_report(b, by=operator)
    actions.accept_job(b, by=supervisor_b)
    c = make_report(seed=3)
    clock.at("2026-11-30T16:00")
    actions.reject_report(c, by=operator, reason="Bukan pengaduan")
    clock.at("2026-12-03T10:00")
    actions.finish_job(a, by=supervisor_a, proof=[processed(70)])
    make_report(seed=4)
    clock.at("2026-12-10T12:00")
    counting.count_new_events()
    return a, b, c


def test_it_keeps_every_month_row_equal_to_its_days(three_months):
    assert month_rows() == months_from_days()
    months = {row for row in MonthlyCount.objects.values_list("month", flat=True)}
    assert months == {date(2026, 10, 1), date(2026, 11, 1), date(2026, 12, 1)}


def test_it_sums_a_late_event_into_its_month_once(three_months, clock, make_report):
    clock.at("2026-10-25T09:00")  # a paper report of October, entered in December
    make_report(seed=9)
    clock.at("2026-12-10T13:00")
    counting.count_new_events()
    counting.count_new_events()
    assert month_rows() == months_from_days()
    october = MonthlyCount.objects.get(grain=Grain.CITY, month=date(2026, 10, 1))
    assert october.received == 2


def test_it_reads_whole_months_as_the_days_give_them(
    three_months, city, agency_a, agency_b, kecamatan, west, east
):
    start, end = date(2026, 10, 15), date(2026, 12, 10)  # November whole, the rest in days
    figures = selectors.totals(city, start, end)
    assert figures.sums == day_sums(Grain.CITY, start, end)
    assert (figures.received, figures.dispatched, figures.done, figures.rejected) == (4, 2, 1, 1)
    for scope, grain, match in (
        (Scope(agency_id=agency_a.pk), Grain.AGENCY, {"agency_id": agency_a.pk}),
        (Scope(area_id=west.pk), Grain.AREA, {"kelurahan_id": west.pk}),
    ):
        expected = day_sums(grain, start, end, **match)
        assert selectors.totals(city, start, end, scope).sums == expected
    by_agency = selectors.grouped(city, "agency", start, end)
    assert {k: f.sums for k, f in by_agency.items()} == {
        k: day_sums(Grain.AGENCY, start, end, agency_id=k) for k in (agency_a.pk, agency_b.pk)
    }
    by_kelurahan = selectors.grouped(city, "kelurahan", start, end)
    assert {k: f.received for k, f in by_kelurahan.items()} == {west.pk: 3, east.pk: 1}
    whole = selectors.totals(city, date(2026, 11, 1), date(2026, 11, 30))
    assert whole.sums == day_sums(Grain.CITY, date(2026, 11, 1), date(2026, 11, 30))


def test_it_gives_the_status_at_the_end_of_a_day_from_months_and_days(three_months, city):
    for end in (date(2026, 10, 31), date(2026, 11, 20), date(2026, 12, 10), None):
        total, tiles = selectors.status_now(city, end=end)
        days = day_sums(Grain.CITY, None, end)
        assert total == sum(days[f] for f in NET_FIELDS)
        assert {t.type: t.count for t in tiles}["closed"] == days["closed_net"]
    total, tiles = selectors.status_now(city, end=date(2026, 12, 10))
    assert total == 4
    assert {t.type: t.count for t in tiles} == {
        "waiting": 1,
        "in_hand": 1,
        "done": 1,
        "closed": 1,
    }


def test_it_draws_the_monthly_trend_from_months_and_this_months_days(three_months, city):
    periods = selectors.trend(city, "month", 3, today=date(2026, 12, 10))
    assert [p.start for p in periods] == [date(2026, 10, 1), date(2026, 11, 1), date(2026, 12, 1)]
    assert [p.figures.received for p in periods] == [1, 2, 1]
    assert [p.figures.done for p in periods] == [0, 0, 1]
    earlier = selectors.trend(city, "month", 2, today=date(2026, 11, 20))
    assert [p.figures.received for p in earlier] == [1, 2]
