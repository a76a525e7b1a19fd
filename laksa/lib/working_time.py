"""Working time: the city's office hours, working days and public holidays.

Service targets like "respond within 1 working day" are counted only while the city works; emergency
categories count around the clock. A working day here is the length of the city's working hours, so
"1 day" at 08:00-18:00 means 10 working hours.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cached_property
from zoneinfo import ZoneInfo

import holidays


@dataclass(frozen=True)
class WorkingCalendar:
    tz: ZoneInfo
    start: time = time(8, 0)
    end: time = time(18, 0)
    weekdays: frozenset[int] = frozenset(range(7))
    country: str = "ID"
    extra_holidays: frozenset[date] = field(default_factory=frozenset)

    @cached_property
    def _holidays(self) -> holidays.HolidayBase:
        return holidays.country_holidays(self.country) if self.country else holidays.HolidayBase()

    @property
    def day_length(self) -> timedelta:
        return datetime.combine(date.min, self.end) - datetime.combine(date.min, self.start)

    @cached_property
    def _known_days(self) -> dict[date, bool]:
        return {}

    def is_working_day(self, day: date) -> bool:
        # Remembered per calendar: the escalation sweep asks about the same few days many times.
        known = self._known_days.get(day)
        if known is None:
            known = self._known_days[day] = (
                day.weekday() in self.weekdays
                and day not in self._holidays
                and day not in self.extra_holidays
            )
        return known

    def holiday_name(self, day: date) -> str | None:
        return self._holidays.get(day)

    def is_open(self, moment: datetime) -> bool:
        local = moment.astimezone(self.tz)
        return self.is_working_day(local.date()) and self.start <= local.time() < self.end

    def next_opening(self, moment: datetime) -> datetime:
        """The moment itself when open, else when the city next starts work."""
        local = moment.astimezone(self.tz)
        day = local.date()
        if self.is_working_day(day) and local.time() < self.end:
            opening = datetime.combine(day, self.start, self.tz)
            return max(local, opening)
        for _ in range(400):
            day += timedelta(days=1)
            if self.is_working_day(day):
                return datetime.combine(day, self.start, self.tz)
        raise ValueError("no working day within 400 days")

    def add(self, moment: datetime, duration: timedelta) -> datetime:
        """The moment `duration` of working time after `moment`. Whole days count as day_length."""
        remaining = _as_working(duration, self.day_length)
        current = self.next_opening(moment)
        for _ in range(4000):
            closing = datetime.combine(current.date(), self.end, self.tz)
            available = closing - current
            if remaining <= available:
                return current + remaining
            remaining -= available
            current = self.next_opening(closing)
        raise ValueError("duration too long for the calendar")

    def working_time_between(self, start: datetime, end: datetime) -> timedelta:
        total = timedelta(0)
        current = self.next_opening(start)
        while current < end:
            closing = datetime.combine(current.date(), self.end, self.tz)
            total += min(closing, end) - current
            current = self.next_opening(closing)
        return total


def _as_working(duration: timedelta, day_length: timedelta) -> timedelta:
    return duration.days * day_length + timedelta(seconds=duration.seconds)


def calendar_for(
    tz: str,
    start: time,
    end: time,
    weekdays: Iterable[int],
    country: str,
    extra_holidays: Iterable[date] = (),
) -> WorkingCalendar:
    return WorkingCalendar(
        tz=ZoneInfo(tz),
        start=start,
        end=end,
        weekdays=frozenset(weekdays),
        country=country,
        extra_holidays=frozenset(extra_holidays),
    )
