"""The figures the pages ask for, read from the KPI tables only (plus the small live query of
overdue open reports): totals over a date range, rankings per agency and area, trends, the
status of all reports at the end of a day, and median and p90 durations from the histograms."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Case, Count, F, Q, QuerySet, Sum, When
from django.db.models.functions import Least, TruncWeek
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from laksa.catalog.models import Category
from laksa.kpi.models import (
    BUCKET_EDGES_HOURS,
    BUCKETS,
    COUNT_FIELDS,
    MONTH_GRAINS,
    NET_FIELDS,
    RESOLVE_BUCKETS,
    RESPOND_BUCKETS,
    DailyCount,
    Grain,
    MonthlyCount,
    next_month,
)
from laksa.lib import clock
from laksa.org.models import Agency, Area, AreaLevel, Jurisdiction
from laksa.reports.models import Channel, Report
from laksa.reports.sla import overdue_q
from laksa.reports.statuses import COLOUR, HEX, OPEN_STATUSES, WAITING, StatusType

TYPE_NET = {
    StatusType.WAITING: "waiting_net",
    StatusType.IN_HAND: "in_hand_net",
    StatusType.DONE: "done_net",
    StatusType.CLOSED: "closed_net",
}

TYPE_MEANING = {
    StatusType.WAITING: gettext_lazy("baru atau terverifikasi, belum diterima instansi"),
    StatusType.IN_HAND: gettext_lazy("diterima instansi atau sedang dikerjakan"),
    StatusType.DONE: gettext_lazy("selesai dikerjakan, dikonfirmasi atau belum"),
    StatusType.CLOSED: gettext_lazy("ditutup tanpa pengerjaan: duplikat atau dirujuk"),
}
"""What each status tile counts, said under it."""


@dataclass(frozen=True)
class Scope:
    """Whose figures a page shows: the whole city, one agency, or one area (a kecamatan or a
    kelurahan, with every agency's reports located there)."""

    agency_id: int | None = None
    area_id: int | None = None
    area_level: str = ""
    """The area's AreaLevel: its rows are then read by that one column (its index); without it,
    by either column."""

    @classmethod
    def of_area(cls, area: Area) -> Scope:
        return cls(area_id=area.pk, area_level=area.level)

    @property
    def is_city(self) -> bool:
        return self.agency_id is None and self.area_id is None

    def area_q(self, kecamatan: str = "kecamatan_id", kelurahan: str = "kelurahan_id") -> Q:
        """The rows located in the area, by the columns named: a kecamatan's id is never a
        kelurahan's, so its level's one column gives what both give."""
        if self.area_level == AreaLevel.KECAMATAN:
            return Q(**{kecamatan: self.area_id})
        if self.area_level == AreaLevel.KELURAHAN:
            return Q(**{kelurahan: self.area_id})
        return Q(**{kecamatan: self.area_id}) | Q(**{kelurahan: self.area_id})


CITY = Scope()


class Figures:
    """Sums of the count columns over some rows, with what is derived from them."""

    def __init__(self, sums: Mapping[str, Any] | None = None) -> None:
        self.sums = {name: int((sums or {}).get(name) or 0) for name in COUNT_FIELDS}

    def __getattr__(self, name: str) -> int:
        try:
            return self.__dict__["sums"][name]
        except KeyError:
            raise AttributeError(name) from None

    def add(self, other: Figures) -> None:
        for name, n in other.sums.items():
            self.sums[name] += n

    @property
    def received_public(self) -> int:
        """Received less rejected (spam never counts on public pages)."""
        return self.sums["received"] - self.sums["rejected"]

    @property
    def respond_median(self) -> int | None:
        return quantile_bucket([self.sums[f] for f in RESPOND_BUCKETS], 0.5)

    @property
    def respond_p90(self) -> int | None:
        return quantile_bucket([self.sums[f] for f in RESPOND_BUCKETS], 0.9)

    @property
    def resolve_median(self) -> int | None:
        return quantile_bucket([self.sums[f] for f in RESOLVE_BUCKETS], 0.5)

    @property
    def resolve_p90(self) -> int | None:
        return quantile_bucket([self.sums[f] for f in RESOLVE_BUCKETS], 0.9)

    @property
    def respond_share(self) -> int | None:
        """Per cent of responses within the category's target."""
        return _percent(self.sums["respond_within"], self.sums["respond_n"])

    @property
    def resolve_share(self) -> int | None:
        return _percent(self.sums["resolve_within"], self.sums["resolve_n"])

    @property
    def rating_mean(self) -> float | None:
        n = self.sums["ratings"]
        return round(self.sums["rating_sum"] / n, 1) if n else None

    @property
    def good_share(self) -> int | None:
        """Per cent of ratings that gave 4 or 5 stars."""
        return _percent(self.sums["ratings_good"], self.sums["ratings"])

    # Labels for templates and CSV.
    @property
    def respond_median_label(self) -> str:
        return band_label(self.respond_median)

    @property
    def respond_p90_label(self) -> str:
        return band_label(self.respond_p90)

    @property
    def resolve_median_label(self) -> str:
        return band_label(self.resolve_median)

    @property
    def resolve_p90_label(self) -> str:
        return band_label(self.resolve_p90)


def _percent(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


def quantile_bucket(counts: list[int], q: float) -> int | None:
    """The histogram bucket holding the q-quantile of the durations, or None without any."""
    total = sum(counts)
    if not total:
        return None
    wanted = q * total
    running = 0
    for i, n in enumerate(counts):
        running += n
        if running >= wanted:
            return i
    return len(counts) - 1


def _hours(h: float) -> str:
    if h < 1:
        return _("%(n)d menit") % {"n": round(h * 60)}
    return _("%(n)s jam") % {"n": f"{h:g}"}


def band_label(bucket: int | None) -> str:
    """A bucket as people read it: '1-2 jam', '≤ 30 menit', '> 300 jam'."""
    if bucket is None:
        return "—"
    if bucket == 0:
        return _("≤ %(upper)s") % {"upper": _hours(BUCKET_EDGES_HOURS[0])}
    if bucket >= BUCKETS - 1:
        return _("> %(lower)s") % {"lower": _hours(BUCKET_EDGES_HOURS[-1])}
    lower, upper = BUCKET_EDGES_HOURS[bucket - 1], BUCKET_EDGES_HOURS[bucket]
    if lower >= 1:
        return _("%(lower)s-%(upper)s jam") % {"lower": f"{lower:g}", "upper": f"{upper:g}"}
    return f"{_hours(lower)} - {_hours(upper)}"


# --- reading the tables -------------------------------------------------------------------------


def _scoped(qs: QuerySet[Any], scope: Scope, public: bool | None) -> QuerySet[Any]:
    if public is not None:
        qs = qs.filter(public=public)
    if scope.agency_id is not None:
        qs = qs.filter(agency_id=scope.agency_id)
    if scope.area_id is not None:
        qs = qs.filter(scope.area_q())
    return qs


def _rows(
    city: Jurisdiction,
    grain: str,
    scope: Scope,
    start: date | None,
    end: date | None,
    public: bool | None,
) -> QuerySet[DailyCount]:
    """The day rows of a grain from start to end (either open)."""
    qs = DailyCount.objects.filter(jurisdiction=city, grain=grain)
    if start is not None:
        qs = qs.filter(day__gte=start)
    if end is not None:
        qs = qs.filter(day__lte=end)
    return _scoped(qs, scope, public)


def _month_rows(
    city: Jurisdiction,
    grain: str,
    scope: Scope,
    first: date | None,
    stop: date | None,
    public: bool | None,
) -> QuerySet[MonthlyCount]:
    """The month rows of a grain from the month starting on `first` to the one before `stop`."""
    qs = MonthlyCount.objects.filter(jurisdiction=city, grain=grain)
    if first is not None:
        qs = qs.filter(month__gte=first)
    if stop is not None:
        qs = qs.filter(month__lt=stop)
    return _scoped(qs, scope, public)


def _parts(
    city: Jurisdiction,
    grain: str,
    scope: Scope,
    start: date | None,
    end: date | None,
    public: bool | None,
) -> list[QuerySet[Any]]:
    """The rows holding the figures of the days from start to end (either open): the whole
    calendar months among them from the month rows, where the grain has them, and the days
    before and after those months from the day rows."""
    if grain not in MONTH_GRAINS:
        return [_rows(city, grain, scope, start, end, public)]
    first = start if start is None or start.day == 1 else next_month(start)
    stop = None if end is None else (end + timedelta(days=1)).replace(day=1)
    if first is not None and stop is not None and first >= stop:
        return [_rows(city, grain, scope, start, end, public)]
    parts: list[QuerySet[Any]] = [_month_rows(city, grain, scope, first, stop, public)]
    if start is not None and first is not None and start < first:
        parts.append(_rows(city, grain, scope, start, first - timedelta(days=1), public))
    if end is not None and stop is not None and stop <= end:
        parts.append(_rows(city, grain, scope, stop, end, public))
    return parts


_SUMS = {name: Sum(name) for name in COUNT_FIELDS}


def _summed(
    city: Jurisdiction,
    grain: str,
    scope: Scope,
    start: date | None,
    end: date | None,
    public: bool | None,
    by: tuple[str, ...] = (),
    fields: tuple[str, ...] = COUNT_FIELDS,
) -> dict[tuple[Any, ...], dict[str, int]]:
    """The `fields` summed over the days from start to end by the database, per value of the
    columns `by` (one key, (), without them): a query per part of the range (_parts)."""
    sums = _SUMS if fields is COUNT_FIELDS else {name: Sum(name) for name in fields}
    out: dict[tuple[Any, ...], dict[str, int]] = {}
    for qs in _parts(city, grain, scope, start, end, public):
        rows = qs.values(*by).annotate(**sums).order_by() if by else [qs.aggregate(**sums)]
        for row in rows:
            key = tuple(row[column] for column in by)
            into = out.get(key)
            if into is None:
                out[key] = {name: int(row[name] or 0) for name in fields}
            else:
                for name in fields:
                    into[name] += int(row[name] or 0)
    return out


def _totals_grain(scope: Scope) -> str:
    if scope.area_id is not None:
        return Grain.AREA if scope.agency_id is None else Grain.PLACE
    return Grain.AGENCY if scope.agency_id is not None else Grain.CITY


def totals(
    city: Jurisdiction,
    start: date | None,
    end: date | None,
    scope: Scope = CITY,
    *,
    public: bool | None = None,
) -> Figures:
    """Every figure summed over the days from start to end (either open)."""
    return Figures(_summed(city, _totals_grain(scope), scope, start, end, public).get(()))


def grouped(
    city: Jurisdiction,
    by: str,
    start: date | None,
    end: date | None,
    scope: Scope = CITY,
    *,
    public: bool | None = None,
) -> dict[Any, Figures]:
    """Figures per agency, kecamatan, kelurahan, category or channel (`by`), keyed by its id."""
    if by in ("category", "channel"):
        # The city's and an agency's from their roll-up (agency with category or channel); an
        # area's from its own detail rows (the kecamatan and kelurahan indexes).
        if scope.area_id is not None:
            grain = Grain.DETAIL
        else:
            grain = Grain.CATEGORY if by == "category" else Grain.CHANNEL
    elif by == "agency":
        grain = Grain.AGENCY if scope.area_id is None else Grain.PLACE
    else:
        grain = Grain.AREA if scope.agency_id is None else Grain.PLACE
    column = by if by == "channel" else f"{by}_id"
    rows = _summed(city, grain, scope, start, end, public, by=(column,))
    return {key[0]: Figures(sums) for key, sums in rows.items()}


@dataclass
class Ranked:
    key: Any
    name: str
    figures: Figures
    overdue: int = 0
    share: int = 0
    """The row's received as a per cent of the largest row's, for the bar."""
    detail: str = ""


def ranking(
    city: Jurisdiction,
    by: str,
    start: date | None,
    end: date | None,
    scope: Scope = CITY,
    *,
    public: bool | None = None,
    now: datetime | None = None,
    overdue: dict[Any, int] | None = None,
) -> list[Ranked]:
    """Rows per `by` (agency, kecamatan, kelurahan, category, channel) with names, most received
    first; agencies also carry their overdue reports now (`overdue`, when already read)."""
    figures = grouped(city, by, start, end, scope, public=public)
    names = _names(by, [k for k in figures if k is not None])
    late: dict[Any, int] = {}
    if by == "agency":
        late = overdue if overdue is not None else overdue_by(city, "agency", scope, now)
    rows = [
        Ranked(
            key=key,
            name=names.get(key, ("", ""))[0] or _none_name(by),
            detail=names.get(key, ("", ""))[1],
            figures=f,
            overdue=late.get(key, 0),
        )
        for key, f in figures.items()
    ]
    if by == "agency":
        # Agencies with overdue reports and nothing counted in the range still belong on the board.
        for key in set(late) - set(figures):
            name, detail = _names("agency", [key]).get(key, ("", ""))
            rows.append(Ranked(key, name or _none_name(by), Figures(), late[key], detail=detail))
    received = (lambda r: r.figures.received_public) if public else (lambda r: r.figures.received)
    rows.sort(key=lambda r: (-received(r), -r.overdue, r.name))
    biggest = max([received(r) for r in rows] or [0]) or 1
    for row in rows:
        row.share = round(100 * max(received(row), 0) / biggest)
    return rows


def place_rankings(
    city: Jurisdiction,
    start: date | None,
    end: date | None,
    scope: Scope = CITY,
    *,
    public: bool | None = None,
) -> tuple[list[Ranked], list[Ranked]]:
    """Rows per kecamatan and per kelurahan from one query (the kecamatan summed from their
    kelurahan), most received first."""
    grain = Grain.AREA if scope.agency_id is None else Grain.PLACE
    rows = _summed(city, grain, scope, start, end, public, by=("kecamatan_id", "kelurahan_id"))
    kecamatan: dict[Any, Figures] = {}
    kelurahan: dict[Any, Figures] = {}
    for (kecamatan_id, kelurahan_id), sums in rows.items():
        figures = Figures(sums)
        kecamatan.setdefault(kecamatan_id, Figures()).add(figures)
        kelurahan.setdefault(kelurahan_id, Figures()).add(figures)
    return _ranked("kecamatan", kecamatan, public), _ranked("kelurahan", kelurahan, public)


def _ranked(by: str, figures: dict[Any, Figures], public: bool | None) -> list[Ranked]:
    names = _names(by, [k for k in figures if k is not None])
    rows = [
        Ranked(
            key=key,
            name=names.get(key, ("", ""))[0] or _none_name(by),
            detail=names.get(key, ("", ""))[1],
            figures=f,
        )
        for key, f in figures.items()
    ]
    received = (lambda r: r.figures.received_public) if public else (lambda r: r.figures.received)
    rows.sort(key=lambda r: (-received(r), r.name))
    biggest = max([received(r) for r in rows] or [0]) or 1
    for row in rows:
        row.share = round(100 * max(received(row), 0) / biggest)
    return rows


def _none_name(by: str) -> str:
    return {
        "agency": _("Belum diteruskan"),
        "kecamatan": _("Di luar wilayah / belum ditempatkan"),
        "kelurahan": _("Di luar wilayah / belum ditempatkan"),
    }.get(by, "—")


def _names(by: str, keys: Iterable[Any]) -> dict[Any, tuple[str, str]]:
    keys = list(keys)
    if by == "agency":
        return {
            a.pk: (a.abbreviation, a.name)
            for a in Agency.objects.filter(pk__in=keys).only("abbreviation", "name")
        }
    if by in ("kecamatan", "kelurahan"):
        # Names only: an area's row holds its boundary, some kilobytes of GeoJSON.
        return {
            pk: (name, parent or "")
            for pk, name, parent in Area.objects.filter(pk__in=keys).values_list(
                "pk", "name", "parent__name"
            )
        }
    if by == "category":
        return {c.pk: (c.name, c.group) for c in Category.objects.filter(pk__in=keys)}
    if by == "channel":
        return {k: (str(Channel(k).label) if k in Channel.values else k, "") for k in keys}
    return {}


# --- trends ---------------------------------------------------------------------------------------


@dataclass
class Period:
    start: date
    label: str
    figures: Figures = field(default_factory=Figures)


def period_start(day: date, period: str) -> date:
    if period == "month":
        return day.replace(day=1)
    return day - timedelta(days=day.weekday())


def trend(
    city: Jurisdiction,
    period: str,
    count: int,
    scope: Scope = CITY,
    *,
    today: date | None = None,
    public: bool | None = None,
) -> list[Period]:
    """The last `count` weeks (Monday first) or months up to today, oldest first."""
    today = today or clock.today(city.tz)
    starts = [period_start(today, period)]
    for _i in range(count - 1):
        prev = starts[-1] - timedelta(days=1)
        starts.append(period_start(prev, period))
    starts.reverse()
    periods = {s: Period(s, _period_label(s, period)) for s in starts}
    grain = _totals_grain(scope)
    if period == "month":
        # The months before this one from their rows, this one (up to today) from its days.
        months = (
            _month_rows(city, grain, scope, starts[0], starts[-1], public)
            .values("month")
            .annotate(**_SUMS)
            .order_by()
        )
        for month in months:
            periods[month["month"]].figures.add(Figures(month))
        current = _rows(city, grain, scope, starts[-1], today, public).aggregate(**_SUMS)
        periods[starts[-1]].figures.add(Figures(current))
        return list(periods.values())
    rows = (
        _rows(city, grain, scope, starts[0], today, public)
        .annotate(period=TruncWeek("day"))
        .values("period")
        .annotate(**_SUMS)
        .order_by()
    )
    for row in rows:
        start = row["period"]
        start = start.date() if isinstance(start, datetime) else start
        periods[period_start(start, period)].figures.add(Figures(row))
    return list(periods.values())


MONTHS = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")


def _period_label(start: date, period: str) -> str:
    if period == "month":
        return f"{MONTHS[start.month - 1]} {start:%y}"
    return f"{start.day}/{start.month}"


# --- status of all reports, overdue now --------------------------------------------------------


@dataclass
class TypeTile:
    type: str
    label: str
    meaning: str
    count: int
    colour: str
    hex: str
    percent: int = 0


def status_now(
    city: Jurisdiction,
    scope: Scope = CITY,
    *,
    end: date | None = None,
    public: bool | None = None,
) -> tuple[int, list[TypeTile]]:
    """All reports received up to the end of `end` (today without it), one tile per status type
    they were in then; the tiles add up to the total. Public pages leave rejected reports out."""
    sums = _summed(
        city, _totals_grain(scope), scope, None, end, public, fields=(*NET_FIELDS, "rejected")
    ).get((), {})
    counts = {t: sums.get(TYPE_NET[StatusType(t)], 0) for t in StatusType.values}
    if public:
        counts[StatusType.CLOSED] -= sums.get("rejected", 0)
    total = sum(counts.values())
    meaning = dict(TYPE_MEANING)
    if not public:
        meaning[StatusType.CLOSED] = gettext_lazy(
            "ditutup tanpa pengerjaan: ditolak, duplikat atau dirujuk"
        )
    tiles = [
        TypeTile(
            type=t,
            label=str(StatusType(t).label),
            meaning=str(meaning[StatusType(t)]),
            count=n,
            colour=COLOUR[StatusType(t)],
            hex=HEX[COLOUR[StatusType(t)]],
            percent=round(100 * n / total) if total else 0,
        )
        for t, n in counts.items()
    ]
    return total, tiles


def _scoped_reports(city: Jurisdiction, scope: Scope) -> QuerySet[Report]:
    # The city, the agency and the area compared as `column + 0`, which no index serves: SQLite
    # (no statistics) otherwise walked every report of the city, of the agency or of the
    # kecamatan by their indexes (10-60 ms a query at 100,000 reports, growing with them)
    # instead of the open ones by the status index (about a millisecond).
    qs = Report.objects.alias(city_id=F("jurisdiction_id") + 0).filter(
        city_id=city.pk, status__in=OPEN_STATUSES
    )
    if scope.agency_id is not None:
        qs = qs.alias(agency_of=F("agency_id") + 0).filter(agency_of=scope.agency_id)
    if scope.area_id is not None:
        qs = qs.alias(
            kecamatan_of=F("kecamatan_id") + 0, kelurahan_of=F("kelurahan_id") + 0
        ).filter(scope.area_q("kecamatan_of", "kelurahan_of"))
    return qs


def overdue_by(
    city: Jurisdiction, by: str, scope: Scope = CITY, now: datetime | None = None
) -> dict[Any, int]:
    """Open reports past their target now, per agency (or kelurahan): a live count over the
    open reports only (the status index), never over all reports."""
    rows = (
        _scoped_reports(city, scope)
        .filter(overdue_q(now or clock.now()))
        .values(f"{by}_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row[f"{by}_id"]: row["n"] for row in rows}


def worst_overdue(
    city: Jurisdiction, scope: Scope = CITY, now: datetime | None = None, limit: int = 15
) -> list[Report]:
    """The open reports furthest past their target, the latest due time first missed."""
    now = now or clock.now()
    due = Case(
        When(status__in=WAITING, then=Least(F("respond_due_at"), F("resolve_due_at"))),
        default=F("resolve_due_at"),
    )
    return list(
        _scoped_reports(city, scope)
        .filter(overdue_q(now))
        .annotate(missed=due)
        .select_related("category", "agency", "kelurahan", "kecamatan")
        .order_by("missed", "id")[:limit]
    )


def open_by_agency(city: Jurisdiction, *, end: date | None = None) -> dict[int | None, int]:
    """Reports waiting or in hand per agency at the end of `end` (today), from the counts."""
    rows = _summed(
        city, Grain.AGENCY, CITY, None, end, None, by=("agency_id",), fields=_OPEN_FIELDS
    )
    return {key[0]: sums["waiting_net"] + sums["in_hand_net"] for key, sums in rows.items()}


_OPEN_FIELDS = ("waiting_net", "in_hand_net")


# --- the wall's board ---------------------------------------------------------------------------


def quantile_seconds(counts: list[int], q: float) -> float | None:
    """The q-quantile of the durations in seconds, interpolated inside its bucket (the open last
    bucket gives its lower edge): an estimate for one short figure, like the wall's median."""
    bucket = quantile_bucket(counts, q)
    if bucket is None:
        return None
    edges = [0.0, *(h * 3600 for h in BUCKET_EDGES_HOURS)]
    if bucket >= BUCKETS - 1:
        return edges[-1]
    before = sum(counts[:bucket])
    inside = counts[bucket] or 1
    fraction = min(max((q * sum(counts) - before) / inside, 0.0), 1.0)
    return edges[bucket] + fraction * (edges[bucket + 1] - edges[bucket])


def wall_board(city: Jurisdiction, now: datetime | None = None) -> dict[str, Any]:
    """Today's counters and the per-agency table of the LIVE Room wall, from the counts (open
    reports at the end of today, received, done and responses today) and the live overdue count.
    At most five queries, whatever the size of the city."""
    now = now or clock.now()
    today = now.astimezone(city.tz).date()
    stock = _summed(
        city, Grain.AGENCY, CITY, None, today, None, by=("agency_id",), fields=_OPEN_FIELDS
    )
    today_rows = (
        _rows(city, Grain.AGENCY, CITY, today, today, None)
        .values("agency_id")
        .annotate(
            received=Sum("received"),
            done=Sum("done"),
            **{name: Sum(name) for name in RESPOND_BUCKETS},
        )
        .order_by()
    )
    rows: dict[Any, dict[str, Any]] = {
        key[0]: {"waiting": sums["waiting_net"], "in_hand": sums["in_hand_net"]}
        for key, sums in stock.items()
    }
    for line in today_rows:
        rows.setdefault(line["agency_id"], {"waiting": 0, "in_hand": 0}).update(line)
    late = overdue_by(city, "agency", CITY, now)
    counters = {"new": 0, "waiting": 0, "in_hand": 0, "done": 0, "overdue": sum(late.values())}
    board: dict[int, dict[str, Any]] = {}
    for agency_id, sums in rows.items():
        waiting, in_hand = int(sums["waiting"] or 0), int(sums["in_hand"] or 0)
        counters["new"] += int(sums.get("received") or 0)
        counters["waiting"] += waiting
        counters["in_hand"] += in_hand
        counters["done"] += int(sums.get("done") or 0)
        if agency_id is None:
            continue
        median = quantile_seconds([int(sums.get(n) or 0) for n in RESPOND_BUCKETS], 0.5)
        board[agency_id] = {
            "open": waiting + in_hand,
            "median_response": None if median is None else round(median / 60),
        }
    names = dict(
        Agency.objects.filter(pk__in=set(board) | {k for k in late if k}).values_list(
            "pk", "abbreviation"
        )
    )
    agencies = [
        {
            "agency": names.get(pk, "?"),
            "open": board.get(pk, {}).get("open", 0),
            "overdue": late.get(pk, 0),
            "median_response": board.get(pk, {}).get("median_response"),
        }
        for pk in set(board) | {k for k in late if k}
    ]
    agencies = [
        a for a in agencies if a["open"] or a["overdue"] or a["median_response"] is not None
    ]
    agencies.sort(key=lambda row: (-row["overdue"], -row["open"], row["agency"]))
    return {"counters": counters, "agencies": agencies}
