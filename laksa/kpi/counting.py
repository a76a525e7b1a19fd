"""The counting job: turns report events into DailyCount rows, idempotently.

Each run reads the events added since the watermark (and OVERLAP_IDS before it, in case an event
with a lower id committed after the last run read past it), finds the city days they fall on, and
recounts those days wholly from all their events: the day's rows are deleted and inserted again in
the same transaction that moves the watermark on. Running it twice changes nothing; an event that
arrives late, with an earlier time, reopens its own day and is counted once.

An event is counted on its own day, under the report's agency, category, place and channel as they
are when counted. When an event moves a report (routed to another agency, placed in a kelurahan),
every day that report has events on is recounted too, so its whole history follows it.

The months of the recounted days are summed again from their days' rows in the same transaction
(MonthlyCount), so a month's row never disagrees with its days.
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import Max, Min, Q

from laksa.catalog.models import TargetBasis
from laksa.kpi.models import (
    BUCKET_EDGES_HOURS,
    COUNT_FIELDS,
    MONTH_GRAINS,
    DailyCount,
    Grain,
    MonthlyCount,
    Watermark,
    next_month,
)
from laksa.lib import clock
from laksa.lib.working_time import WorkingCalendar
from laksa.org.models import Jurisdiction
from laksa.reports.models import EventKind, ReportEvent
from laksa.reports.statuses import STATUS_TYPE, Status, StatusType

WATERMARK = "report-events"
OVERLAP_IDS = 200
"""Events below the watermark read again each run (their days recounted): ids are handed out in
commit order (reports/events.py), and this margin covers a writer that does not take the lock."""
MOVING_KINDS = (EventKind.ROUTED, EventKind.PLACED, EventKind.VISIBILITY)
"""Events that change a report's agency, category, place or publicness: its whole history is
recounted."""
DAYS_PER_QUERY = 400

_IDX = {name: i for i, name in enumerate(COUNT_FIELDS)}
_EDGES = [h * 3600 for h in BUCKET_EDGES_HOURS]
_NET = {
    StatusType.WAITING: _IDX["waiting_net"],
    StatusType.IN_HAND: _IDX["in_hand_net"],
    StatusType.DONE: _IDX["done_net"],
    StatusType.CLOSED: _IDX["closed_net"],
}
_ARRIVED = {
    Status.CLOSED: _IDX["closed"],
    Status.REJECTED: _IDX["rejected"],
    Status.REFERRED: _IDX["referred"],
    Status.DUPLICATE: _IDX["duplicates"],
}
_RESPOND0 = _IDX["respond_b0"]
_RESOLVE0 = _IDX["resolve_b0"]

Key = tuple[date, int | None, int | None, int | None, int | None, str, bool]
"""(day, agency, category, kecamatan, kelurahan, channel, public)"""


@dataclass(frozen=True)
class CountResult:
    days: int
    rows: int
    last_event_id: int


def bucket_of(seconds: float) -> int:
    """The histogram bucket of a duration: the first whose upper edge it does not pass."""
    return bisect.bisect_left(_EDGES, seconds)


def count_new_events(now: datetime | None = None) -> CountResult:
    """Recount the days touched by events since the last run and move the watermark on.

    The counting reads without a lock; only the swap of the days' rows and the watermark is one
    short transaction, so SQLite's writers (new reports) wait for a moment, not for the count.
    A run that finds the watermark moved meanwhile drops its work: the other run started later
    from the same watermark, so it counted the same days from newer events.
    """
    now = now or clock.now()
    start = _watermark().last_event_id
    head = ReportEvent.objects.aggregate(m=Max("id"))["m"] or 0
    touched = _touched_days(max(0, start - OVERLAP_IDS), start, head)
    cities = Jurisdiction.objects.in_bulk(list(touched))
    counted = {pk: count_days(cities[pk], days) for pk, days in touched.items()}
    with transaction.atomic():
        mark = _locked_watermark()
        if mark.last_event_id != start:
            return CountResult(days=0, rows=0, last_event_id=mark.last_event_id)
        for pk, rows in counted.items():
            replace_days(cities[pk], touched[pk], rows)
        mark.last_event_id = max(head, start)
        mark.counted_at = now
        mark.save(update_fields=["last_event_id", "counted_at"])
    return CountResult(
        days=sum(len(d) for d in touched.values()),
        rows=sum(len(r) for r in counted.values()),
        last_event_id=mark.last_event_id,
    )


def catch_up(now: datetime | None = None) -> bool:
    """Count at once if events came since the last run (two small reads when none did): the
    wall's counters move a moment after a report arrives, not at the next minute's run."""
    head = ReportEvent.objects.aggregate(m=Max("id"))["m"] or 0
    if head <= _watermark().last_event_id:
        return False
    count_new_events(now)
    return True


def rebuild(now: datetime | None = None) -> CountResult:
    """Recount every day from the first event, a calendar month per transaction, then set the
    watermark. The pages show the old figures of a month until its new ones replace them."""
    now = now or clock.now()
    head = ReportEvent.objects.aggregate(m=Max("id"))["m"] or 0
    days = rows = 0
    for city in Jurisdiction.objects.all():
        bounds = ReportEvent.objects.filter(report__jurisdiction=city).aggregate(
            first=Min("created_at"), last=Max("created_at")
        )
        if bounds["first"] is None:
            DailyCount.objects.filter(jurisdiction=city).delete()
            MonthlyCount.objects.filter(jurisdiction=city).delete()
            continue
        first = _local_day(bounds["first"], city)
        last = _local_day(bounds["last"], city)
        # Days without events count nothing. Their rows go first, so that the month row of the
        # first and of the last month is summed from counted days only.
        with transaction.atomic():
            DailyCount.objects.filter(
                Q(day__lt=first) | Q(day__gt=last), jurisdiction=city
            ).delete()
            MonthlyCount.objects.filter(
                Q(month__lt=first.replace(day=1)) | Q(month__gt=last), jurisdiction=city
            ).delete()
        day = first
        while day <= last:
            until = min(last, next_month(day) - timedelta(days=1))
            chunk = {day + timedelta(days=i) for i in range((until - day).days + 1)}
            counted = count_days(city, chunk)
            with transaction.atomic():
                _locked_watermark()
                replace_days(city, chunk, counted)
            days += len(chunk)
            rows += len(counted)
            day = until + timedelta(days=1)
    with transaction.atomic():
        mark = _locked_watermark()
        mark.last_event_id = head
        mark.counted_at = now
        mark.save(update_fields=["last_event_id", "counted_at"])
    # Events committed during the rebuild are above `head`: the next ordinary run counts them.
    return CountResult(days=days, rows=rows, last_event_id=head)


def _watermark() -> Watermark:
    mark, _created = Watermark.objects.get_or_create(name=WATERMARK)
    return mark


def _locked_watermark() -> Watermark:
    _watermark()
    return Watermark.objects.select_for_update().get(name=WATERMARK)


def _local_day(moment: datetime, city: Jurisdiction) -> date:
    return moment.astimezone(city.tz).date()


def _touched_days(since: int, start: int, head: int) -> dict[int, set[date]]:
    """City days that hold an event with an id in (since, head], and every day of a report
    moved by a new one (above `start`; one in the overlap was followed when it was new)."""
    tzs = {
        pk: Jurisdiction(timezone=tz).tz
        for pk, tz in Jurisdiction.objects.values_list("pk", "timezone")
    }
    touched: dict[int, set[date]] = {}
    moved: set[int] = set()
    for pk, report_id, kind, at, city_id in ReportEvent.objects.filter(
        id__gt=since, id__lte=head
    ).values_list("pk", "report_id", "kind", "created_at", "report__jurisdiction_id"):
        touched.setdefault(city_id, set()).add(at.astimezone(tzs[city_id]).date())
        if kind in MOVING_KINDS and pk > start:
            moved.add(report_id)
    moved_list = sorted(moved)
    for i in range(0, len(moved_list), 500):
        for at, city_id in (
            ReportEvent.objects.filter(report_id__in=moved_list[i : i + 500])
            .values_list("created_at", "report__jurisdiction_id")
            .distinct()
        ):
            touched.setdefault(city_id, set()).add(at.astimezone(tzs[city_id]).date())
    return touched


def _spans(days: Iterable[date]) -> Iterator[tuple[date, date]]:
    """Runs of consecutive days, each at most DAYS_PER_QUERY long, as (first, last)."""
    ordered = sorted(set(days))
    if not ordered:
        return
    first = last = ordered[0]
    for day in ordered[1:]:
        if day == last + timedelta(days=1) and (day - first).days < DAYS_PER_QUERY:
            last = day
            continue
        yield first, last
        first = last = day
    yield first, last


Counted = dict[tuple[str, Key], list[int]]
"""The rows of some days: (grain, key) -> the values of COUNT_FIELDS."""


def count_days(city: Jurisdiction, days: set[date]) -> Counted:
    """The rows of these city days, counted from all their events (reads only)."""
    clock_ = WorkingClock(city.calendar)
    tz = city.tz
    detail: dict[Key, list[int]] = {}
    for first, last in _spans(days):
        start = datetime.combine(first, time.min, tzinfo=tz)
        end = datetime.combine(last + timedelta(days=1), time.min, tzinfo=tz)
        # The time range alone picks the events (their created_at index); filtering on the
        # report's city too let SQLite's planner walk every report of the city instead.
        events = (
            ReportEvent.objects.filter(created_at__gte=start, created_at__lt=end)
            .filter(Q(kind=EventKind.RATED) | ~Q(to_status=""))
            .values_list(*_EVENT_COLUMNS, "report__jurisdiction_id")
            .order_by()
        )
        for row in _raw_rows(events):
            if row[-1] == city.pk:
                _count(row, detail, tz, clock_)
    return _with_rollups(detail)


def replace_days(city: Jurisdiction, days: set[date], rows: Counted) -> None:
    """Delete the rows of these days and insert the counted ones, then their roll-ups (summed
    by the database from the detail rows just written) and the rows of their months (summed
    from the days' rows). Call inside atomic()."""
    ordered_days = sorted(days)
    for i in range(0, len(ordered_days), 500):
        # Every grain named, so that the index (city, grain, day) finds the rows: with the city
        # alone SQLite read all of the city's rows.
        DailyCount.objects.filter(
            jurisdiction=city, grain__in=Grain.values, day__in=ordered_days[i : i + 500]
        ).delete()
    _insert(city, rows)
    for i in range(0, len(ordered_days), 500):
        _roll_up(city, ordered_days[i : i + 500])
    _roll_up_months(city, {day.replace(day=1) for day in days})


def recount_days(city: Jurisdiction, days: set[date]) -> int:
    """Count and replace these days at once (inside atomic()); the number of rows written."""
    rows = count_days(city, days)
    replace_days(city, days, rows)
    return len(rows)


_TIME_COLUMNS = (3, 11, 12, 13)
"""created_at, report__created_at, report__respond_due_at, report__resolve_due_at"""
_EVENT_COLUMNS = (
    "kind",
    "from_status",
    "to_status",
    "created_at",
    "data",
    "report__agency_id",
    "report__category_id",
    "report__kecamatan_id",
    "report__kelurahan_id",
    "report__channel",
    "report__public",
    "report__created_at",
    "report__respond_due_at",
    "report__resolve_due_at",
    "report__category__emergency",
    "report__category__target_basis",
)


def _count(
    row: tuple[Any, ...], detail: dict[Key, list[int]], tz: Any, working: WorkingClock
) -> None:
    (
        kind,
        from_status,
        to_status,
        at,
        data,
        agency,
        category,
        kecamatan,
        kelurahan,
        channel,
        public,
        received_at,
        respond_due,
        resolve_due,
        emergency,
        basis,
        _city,
    ) = row
    key: Key = (at.astimezone(tz).date(), agency, category, kecamatan, kelurahan, channel, public)
    v = detail.get(key)
    if v is None:
        v = detail[key] = [0] * len(COUNT_FIELDS)
    if kind == EventKind.RATED:
        stars = int((data or {}).get("stars") or 0)
        if 1 <= stars <= 5:
            v[_IDX["ratings"]] += 1
            v[_IDX["rating_sum"]] += stars
            v[_IDX["ratings_good"]] += stars >= 4
        return
    if kind == EventKind.CREATED or not from_status:
        v[_IDX["received"]] += 1
        v[_NET[STATUS_TYPE[to_status]]] += 1
        return
    before, after = STATUS_TYPE[from_status], STATUS_TYPE[to_status]
    if before != after:
        v[_NET[before]] -= 1
        v[_NET[after]] += 1
    if to_status == Status.VERIFIED and from_status == Status.NEW:
        v[_IDX["verified"]] += 1
    elif to_status == Status.DISPATCHED and from_status == Status.DONE:
        # The citizen's dispute; the LIVE Room sending a job back (a proof event) is not one.
        v[_IDX["disputes"]] += kind != EventKind.PROOF
    elif to_status == Status.DISPATCHED:
        seconds = _span(received_at, at, emergency or basis == TargetBasis.CALENDAR, working)
        v[_IDX["dispatched"]] += 1
        v[_IDX["respond_n"]] += 1
        v[_IDX["respond_within"]] += respond_due is not None and at <= respond_due
        v[_RESPOND0 + bucket_of(seconds)] += 1
    elif to_status == Status.DONE:
        seconds = _span(received_at, at, emergency or basis == TargetBasis.CALENDAR, working)
        v[_IDX["done"]] += 1
        v[_IDX["resolve_n"]] += 1
        v[_IDX["resolve_within"]] += resolve_due is not None and at <= resolve_due
        v[_RESOLVE0 + bucket_of(seconds)] += 1
    elif to_status in _ARRIVED:
        v[_ARRIVED[to_status]] += 1


def _span(start: datetime, end: datetime, around_the_clock: bool, working: WorkingClock) -> float:
    """Seconds from start to end in the city's working time (calendar time when the category
    counts around the clock), as its service targets are counted."""
    if end <= start:
        return 0.0
    if around_the_clock:
        return (end - start).total_seconds()
    return working.at(end) - working.at(start)


class WorkingClock:
    """The city's working seconds since a base day, so the working time between two moments is
    one subtraction: the same sum as WorkingCalendar.working_time_between, without walking the
    days for every event of a recount."""

    def __init__(self, calendar: WorkingCalendar) -> None:
        self.calendar = calendar
        self.tz = calendar.tz
        self.day_seconds = calendar.day_length.total_seconds()
        self.base: date | None = None
        self.before: list[float] = []
        """Working seconds from the base day's midnight to each following day's midnight."""
        self.open: list[bool] = []

    def _index(self, day: date) -> int:
        if self.base is None or day < self.base:
            self.base = day - timedelta(days=31)
            self.before, self.open = [0.0], []
        i = (day - self.base).days
        while len(self.open) <= i:
            working = self.calendar.is_working_day(self.base + timedelta(days=len(self.open)))
            self.open.append(working)
            self.before.append(self.before[-1] + (self.day_seconds if working else 0.0))
        return i

    def at(self, moment: datetime) -> float:
        local = moment.astimezone(self.tz)
        day = local.date()
        i = self._index(day)
        if not self.open[i]:
            return self.before[i]
        opening = datetime.combine(day, self.calendar.start, tzinfo=self.tz)
        inside = (local - opening).total_seconds()
        return self.before[i] + min(max(inside, 0.0), self.day_seconds)


def _raw_rows(events: Any) -> Iterator[tuple[Any, ...]]:
    """The rows of a values_list query straight from the cursor: Django's per-value converters
    cost more than the counting. Times become aware UTC datetimes (SQLite gives text), the
    event's data a dict only where it is read (ratings)."""
    sql, params = events.query.get_compiler(connection=connection).as_sql()
    text_times = connection.vendor == "sqlite"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(5000):
            for row in batch:
                row = list(row)
                if text_times:
                    for i in _TIME_COLUMNS:
                        if row[i] is not None:
                            row[i] = _utc(row[i])
                data = row[4]
                if isinstance(data, str):
                    row[4] = json.loads(data) if row[0] == EventKind.RATED else None
                yield tuple(row)


def _utc(value: Any) -> datetime:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _with_rollups(detail: dict[Key, list[int]]) -> Counted:
    """The detail rows worth writing (a day's notes alone count nothing)."""
    return {(Grain.DETAIL, key): values for key, values in detail.items() if any(values)}


_ROLL_UPS = {
    # grain: the dimensions it keeps (the others are null, the channel empty)
    Grain.PLACE: ("agency_id", "kecamatan_id", "kelurahan_id"),
    Grain.AREA: ("kecamatan_id", "kelurahan_id"),
    Grain.AGENCY: ("agency_id",),
    Grain.CITY: (),
    # Per category and per channel, with the agency: the city's and an agency's tables of them
    # read a few rows a day, not every detail row (an area's read its own detail rows).
    Grain.CATEGORY: ("agency_id", "category_id"),
    Grain.CHANNEL: ("agency_id", "channel"),
}


def _roll_up(city: Jurisdiction, days: list[date]) -> None:
    q = connection.ops.quote_name
    table = q(DailyCount._meta.db_table)
    adapt = connection.ops.adapt_datefield_value
    sums = ", ".join(f"SUM({q(f)})" for f in COUNT_FIELDS)
    in_days = ", ".join(["%s"] * len(days))
    for grain, kept in _ROLL_UPS.items():
        dims = [q(d) if d in kept else "NULL" for d in _DIMENSIONS]
        channel = q("channel") if "channel" in kept else "''"
        group = ", ".join([q("jurisdiction_id"), q("day"), q("public"), *(q(d) for d in kept)])
        # Only quoted model names and placeholders go into the text; every value is a parameter.
        sql = (
            f"INSERT INTO {table} ({', '.join(q(c) for c in _COLUMNS)}) "  # noqa: S608
            f"SELECT {q('jurisdiction_id')}, {q('day')}, %s, {', '.join(dims)}, {channel}, "
            f"{q('public')}, "
            f"{sums} FROM {table} WHERE {q('jurisdiction_id')} = %s AND {q('grain')} = %s "
            f"AND {q('day')} IN ({in_days}) GROUP BY {group}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [grain, city.pk, Grain.DETAIL, *(adapt(d) for d in days)])


_DIMENSIONS = ("agency_id", "category_id", "kecamatan_id", "kelurahan_id")
_MONTH_DIMENSIONS = ("agency_id", "kecamatan_id", "kelurahan_id")


def _roll_up_months(city: Jurisdiction, months: set[date]) -> None:
    """Sum the day rows of these months (first days) into their month rows, every grain of
    MONTH_GRAINS at once: a rolled-up dimension is null in all its rows, so grouping by every
    dimension groups by the kept ones."""
    if not months:
        return
    q = connection.ops.quote_name
    adapt = connection.ops.adapt_datefield_value
    ordered = sorted(months)
    MonthlyCount.objects.filter(
        jurisdiction=city, grain__in=MONTH_GRAINS, month__in=ordered
    ).delete()
    kept = ", ".join(q(d) for d in _MONTH_DIMENSIONS)
    columns = ", ".join(
        q(c)
        for c in ("jurisdiction_id", "month", "grain", *_MONTH_DIMENSIONS, "public", *COUNT_FIELDS)
    )
    sums = ", ".join(f"SUM({q(f)})" for f in COUNT_FIELDS)
    in_grains = ", ".join(["%s"] * len(MONTH_GRAINS))
    # Only quoted model names and placeholders go into the text; every value is a parameter.
    sql = (
        f"INSERT INTO {q(MonthlyCount._meta.db_table)} ({columns}) "  # noqa: S608
        f"SELECT {q('jurisdiction_id')}, %s, {q('grain')}, {kept}, {q('public')}, {sums} "
        f"FROM {q(DailyCount._meta.db_table)} WHERE {q('jurisdiction_id')} = %s "
        f"AND {q('grain')} IN ({in_grains}) AND {q('day')} >= %s AND {q('day')} < %s "
        f"GROUP BY {q('jurisdiction_id')}, {q('grain')}, {kept}, {q('public')}"
    )
    with connection.cursor() as cursor:
        for month in ordered:
            cursor.execute(
                sql,
                [adapt(month), city.pk, *MONTH_GRAINS, adapt(month), adapt(next_month(month))],
            )


_COLUMNS = (
    "jurisdiction_id",
    "day",
    "grain",
    "agency_id",
    "category_id",
    "kecamatan_id",
    "kelurahan_id",
    "channel",
    "public",
    *COUNT_FIELDS,
)


def _insert(city: Jurisdiction, rows: Counted) -> None:
    """One INSERT statement run for every row (executemany: SQLite loops in C, psycopg sends
    them in a pipeline): the ORM's bulk_create spent most of a recount preparing 60 integer
    values per row one by one, and psycopg parses a many-row statement's placeholders slowly."""
    table = connection.ops.quote_name(DailyCount._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in _COLUMNS)
    one = "(" + ", ".join(["%s"] * len(_COLUMNS)) + ")"
    adapt = connection.ops.adapt_datefield_value
    values = [
        (city.pk, adapt(day), grain, agency, category, kecamatan, kelurahan, channel, public, *v)
        for (
            grain,
            (day, agency, category, kecamatan, kelurahan, channel, public),
        ), v in rows.items()
    ]
    if not values:
        return
    if connection.vendor == "postgresql":
        _copy(table, columns, values)
        return
    # Only quoted model names and placeholders go into the text; every value is a parameter.
    sql = f"INSERT INTO {table} ({columns}) VALUES {one}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, values)


def _copy(table: str, columns: str, values: list[tuple[Any, ...]]) -> None:
    """PostgreSQL's COPY, the rows written as text: a tenth of the time of an INSERT per row.
    Every value is a number, a date, a boolean, or a grain or channel code (no tab, no newline)."""

    def text(value: Any) -> str:
        if value is None:
            return "\\N"
        if isinstance(value, bool):
            return "t" if value else "f"
        return str(value)

    dims = len(_COLUMNS) - len(COUNT_FIELDS)
    lines = "".join(
        "\t".join(map(text, row[:dims])) + "\t" + "\t".join(map(str, row[dims:])) + "\n"
        for row in values
    )
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg's own cursor: Django's wrapper has no copy()
        with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            copy.write(lines)
