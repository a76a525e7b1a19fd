"""Working time across evenings, weekends and Indonesian public holidays."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from laksa.catalog.models import Category
from laksa.lib.working_time import WorkingCalendar
from laksa.reports.sla import due_times
from tests.conftest import login

WIB = ZoneInfo("Asia/Jakarta")
EVERY_DAY = WorkingCalendar(tz=WIB)
WEEKDAYS = WorkingCalendar(tz=WIB, weekdays=frozenset(range(5)))


def at(y: int, m: int, d: int, hh: int = 0, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=WIB)


def test_it_knows_indonesian_public_holidays():
    assert not EVERY_DAY.is_working_day(date(2026, 8, 17))  # Hari Kemerdekaan
    assert EVERY_DAY.holiday_name(date(2026, 8, 17))
    assert EVERY_DAY.is_working_day(date(2026, 8, 18))


def test_it_is_open_only_in_office_hours():
    assert EVERY_DAY.is_open(at(2026, 11, 26, 8, 0))
    assert not EVERY_DAY.is_open(at(2026, 11, 26, 18, 0))
    assert not EVERY_DAY.is_open(at(2026, 11, 26, 7, 59))


def test_it_adds_hours_within_a_day_and_carries_over_the_night():
    assert EVERY_DAY.add(at(2026, 11, 26, 9), timedelta(hours=2)) == at(2026, 11, 26, 11)
    assert EVERY_DAY.add(at(2026, 11, 26, 17), timedelta(hours=2)) == at(2026, 11, 27, 9)


def test_it_starts_counting_at_the_next_opening():
    assert EVERY_DAY.add(at(2026, 11, 26, 22), timedelta(hours=1)) == at(2026, 11, 27, 9)


def test_it_skips_weekends_for_a_weekday_calendar():
    friday_5pm = at(2026, 11, 27, 17)
    assert WEEKDAYS.add(friday_5pm, timedelta(hours=2)) == at(2026, 11, 30, 9)


def test_it_counts_a_day_as_one_working_day_and_skips_holidays():
    before_independence_day = at(2026, 8, 16, 10)
    assert EVERY_DAY.add(before_independence_day, timedelta(days=1)) == at(2026, 8, 18, 10)


def test_it_measures_working_time_between_two_moments():
    spent = EVERY_DAY.working_time_between(at(2026, 11, 26, 17), at(2026, 11, 27, 9))
    assert spent == timedelta(hours=2)


def test_it_uses_the_citys_configured_hours(city):
    city.work_start, city.work_end, city.work_days = time(7, 30), time(16, 0), "0,1,2,3,4"
    assert city.calendar.add(at(2026, 11, 27, 15, 30), timedelta(hours=1)) == at(2026, 11, 30, 8)


def test_a_holiday_the_city_adds_in_the_admin_moves_due_times(
    city: Any, pothole: Category, admin_user: Any
) -> None:
    pothole.respond_target = timedelta(hours=10)
    assert due_times(pothole, at(2026, 12, 1, 17))[0] == at(2026, 12, 2, 17)
    response = login(admin_user).post(
        "/admin/org/holiday/add/",
        {"jurisdiction": city.pk, "date": "2026-12-02", "name": "Hari Jadi Kota"},
    )
    assert response.status_code == 302
    city.refresh_from_db()
    assert not city.calendar.is_working_day(date(2026, 12, 2))
    assert due_times(pothole, at(2026, 12, 1, 17))[0] == at(2026, 12, 3, 17)
