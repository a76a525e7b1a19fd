"""The counting job's working-time clock gives the same spans as the calendar service targets use."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from laksa.kpi.counting import WorkingClock, bucket_of
from laksa.lib.working_time import WorkingCalendar

WIB = ZoneInfo("Asia/Jakarta")


def test_it_agrees_with_the_calendar_over_weekends_and_holidays():
    calendar = WorkingCalendar(
        tz=WIB,
        start=time(8, 0),
        end=time(16, 0),
        weekdays=frozenset(range(5)),
        extra_holidays=frozenset({date(2026, 11, 11)}),
    )
    working = WorkingClock(calendar)
    rnd = random.Random(14)
    base = datetime(2026, 10, 1, tzinfo=WIB)
    for _ in range(300):
        start = base + timedelta(minutes=rnd.randrange(60 * 24 * 90))
        end = start + timedelta(minutes=rnd.randrange(60 * 24 * 20))
        expected = calendar.working_time_between(start, end).total_seconds()
        assert working.at(end) - working.at(start) == expected, (start, end)


def test_it_puts_a_duration_in_the_bucket_whose_edge_it_does_not_pass():
    assert bucket_of(0) == 0 and bucket_of(1800) == 0 and bucket_of(1801) == 1
    assert bucket_of(2 * 3600) == 2 and bucket_of(12 * 3600) == 6
    assert bucket_of(301 * 3600) == 14
