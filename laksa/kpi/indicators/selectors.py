"""Reads shared by the indicator pages, the API and the exports: who may see which agencies,
the period to show, and each agency's figures and lights for a month."""

from __future__ import annotations

import calendar
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from laksa.kpi.indicators import lights
from laksa.kpi.indicators.models import (
    BudgetLine,
    BudgetMonth,
    ContractStatus,
    Light,
    ProcurementPackage,
    ProgressReport,
    Project,
    Stage,
    Thresholds,
)
from laksa.lib import clock
from laksa.org import permissions
from laksa.org.models import Agency, AgencyKind, Jurisdiction, Role

CITY_ROLES = {Role.EXECUTIVE, Role.OPERATOR, Role.ADMINISTRATOR}
IMPORT_ROLES = {Role.OPERATOR, Role.ADMINISTRATOR}
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Scope:
    """What a user may see of the indicators: the whole city (`agency_ids` None) or some
    agencies; and for which agencies they may import (`import_ids`, None = any, empty = none)."""

    agency_ids: frozenset[int] | None
    import_ids: frozenset[int] | None

    @property
    def whole_city(self) -> bool:
        return self.agency_ids is None

    @property
    def can_import(self) -> bool:
        return self.import_ids is None or bool(self.import_ids)

    def sees(self, agency_id: int) -> bool:
        return self.agency_ids is None or agency_id in self.agency_ids


def indicator_scope(user: Any) -> Scope | None:
    """Executives, operators and administrators see the city (the latter two import for any
    agency); an agency head sees and imports for their agency; anyone else nothing (None)."""
    roles = permissions.roles(user)
    heads = frozenset(
        m.agency_id
        for m in permissions.memberships(user)
        if m.role == Role.AGENCY_HEAD and m.agency_id
    )
    if roles & CITY_ROLES:
        return Scope(None, None if roles & IMPORT_ROLES else heads)
    if heads:
        return Scope(heads, heads)
    return None


def visible_agencies(city: Jurisdiction, scope: Scope) -> QuerySet[Agency]:
    """The city's OPDs, and any other agency of the city (an area office) that has indicators."""
    has_figures = (
        Exists(BudgetLine.objects.filter(agency=OuterRef("pk")))
        | Exists(Project.objects.filter(agency=OuterRef("pk")))
        | Exists(ProcurementPackage.objects.filter(agency=OuterRef("pk")))
    )
    qs = Agency.objects.filter(jurisdiction=city, active=True).exclude(kind=AgencyKind.EXTERNAL)
    qs = qs.filter(Q(kind=AgencyKind.OPD) | has_figures)
    if scope.agency_ids is not None:
        qs = qs.filter(pk__in=scope.agency_ids)
    return qs.order_by("abbreviation")


def latest_period(city: Jurisdiction, agency_ids: Any = None) -> tuple[int, int]:
    """The latest (year, month) with budget figures up to today, else today's."""
    today = clock.today(city.tz)
    qs = BudgetMonth.objects.filter(line__agency__jurisdiction=city, line__year__lte=today.year)
    if agency_ids is not None:
        qs = qs.filter(line__agency_id__in=agency_ids)
    qs = qs.exclude(line__year=today.year, month__gt=today.month)
    found = qs.order_by("-line__year", "-month").values_list("line__year", "month").first()
    return found if found else (today.year, today.month)


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


@dataclass
class Budget:
    ceiling: Decimal = Decimal(0)
    target: Decimal = Decimal(0)
    realised: Decimal = Decimal(0)
    lines: int = 0
    light: Light = Light.NONE

    @property
    def absorption_pct(self) -> Decimal | None:
        return self.realised * HUNDRED / self.ceiling if self.ceiling else None

    @property
    def target_pct(self) -> Decimal | None:
        return self.target * HUNDRED / self.ceiling if self.ceiling else None

    @property
    def remaining(self) -> Decimal:
        return self.ceiling - self.realised


@dataclass
class ProjectState:
    project: Project
    planned: Decimal | None
    actual: Decimal | None
    status: ContractStatus
    as_of: date | None

    @property
    def deviation(self) -> Decimal | None:
        if self.planned is None or self.actual is None:
            return None
        return self.actual - self.planned


@dataclass
class Physical:
    projects: list[ProjectState] = field(default_factory=list)
    light: Light = Light.NONE

    def count(self, status: str) -> int:
        return sum(1 for p in self.projects if p.status == status)

    @property
    def critical(self) -> int:
        return self.count(ContractStatus.CRITICAL)

    @property
    def late(self) -> int:
        return self.count(ContractStatus.LATE)

    @property
    def mean_deviation(self) -> Decimal | None:
        found = [p.deviation for p in self.projects if p.deviation is not None]
        return sum(found, Decimal(0)) / len(found) if found else None

    @property
    def value(self) -> Decimal:
        return sum((p.project.contract_value for p in self.projects), Decimal(0))


@dataclass
class Procurement:
    counts: dict[str, int] = field(default_factory=lambda: {s.value: 0 for s in Stage})
    values: dict[str, Decimal] = field(default_factory=lambda: {s.value: Decimal(0) for s in Stage})
    troubled: int = 0
    light: Light = Light.NONE

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def total_value(self) -> Decimal:
        return sum(self.values.values(), Decimal(0))

    def stages(self) -> list[tuple[Stage, int, Decimal]]:
        return [(s, self.counts[s.value], self.values[s.value]) for s in Stage]


@dataclass
class AgencyFigures:
    agency: Agency
    budget: Budget = field(default_factory=Budget)
    physical: Physical = field(default_factory=Physical)
    procurement: Procurement = field(default_factory=Procurement)
    demo: bool = False


@dataclass
class Overview:
    year: int
    month: int
    rows: list[AgencyFigures]
    thresholds: Thresholds

    @property
    def demo(self) -> bool:
        return any(r.demo for r in self.rows)

    @property
    def total(self) -> AgencyFigures:
        """The city's sums (lights recomputed from the sums)."""
        total = AgencyFigures(agency=Agency(abbreviation="", name=""))
        for row in self.rows:
            total.budget.ceiling += row.budget.ceiling
            total.budget.target += row.budget.target
            total.budget.realised += row.budget.realised
            total.budget.lines += row.budget.lines
            total.physical.projects.extend(row.physical.projects)
            for stage in Stage:
                total.procurement.counts[stage.value] += row.procurement.counts[stage.value]
                total.procurement.values[stage.value] += row.procurement.values[stage.value]
            total.procurement.troubled += row.procurement.troubled
        if total.budget.lines:
            total.budget.light = lights.budget_light(
                total.budget.realised, total.budget.target, self.thresholds
            )
        total.physical.light = lights.worst([p.status for p in total.physical.projects])
        total.procurement.light = lights.procurement_light(
            total.procurement.troubled, total.procurement.total, self.thresholds
        )
        return total


def overview(city: Jurisdiction, agencies: list[Agency], year: int, month: int) -> Overview:
    """Each agency's figures and lights at the end of `month` of fiscal year `year`, in a fixed
    number of queries (three, plus the thresholds)."""
    thresholds = Thresholds.for_city(city)
    rows = {a.pk: AgencyFigures(agency=a) for a in agencies}
    _fill_budget(rows, year, month, thresholds)
    _fill_physical(rows, year, month, thresholds)
    _fill_procurement(rows, city, year, month, thresholds)
    return Overview(year=year, month=month, rows=list(rows.values()), thresholds=thresholds)


def _fill_budget(
    rows: dict[int, AgencyFigures], year: int, month: int, thresholds: Thresholds
) -> None:
    latest: dict[int, Any] = {}
    months = (
        BudgetMonth.objects.filter(line__agency_id__in=rows, line__year=year, month__lte=month)
        .values(
            "line_id", "line__agency_id", "line__demo", "month", "ceiling", "planned", "realised"
        )
        .order_by("line_id", "month")
    )
    for m in months:
        latest[m["line_id"]] = m  # ordered by month: the last one wins
    for m in latest.values():
        row = rows[m["line__agency_id"]]
        row.budget.ceiling += m["ceiling"]
        row.budget.realised += m["realised"]
        row.budget.target += lights.budget_target(m["ceiling"], m["planned"], month)
        row.budget.lines += 1
        row.demo = row.demo or m["line__demo"]
    for row in rows.values():
        if row.budget.lines:
            row.budget.light = lights.budget_light(
                row.budget.realised, row.budget.target, thresholds
            )


def project_states(
    projects: list[Project], as_of: date, thresholds: Thresholds
) -> list[ProjectState]:
    """Each project's latest reported progress up to `as_of` and its kontrak kritis status."""
    latest: dict[int, ProgressReport] = {}
    reports = ProgressReport.objects.filter(
        project__in=projects, period_end__lte=as_of, actual_pct__isnull=False
    ).order_by("project_id", "period_end")
    for report in reports:
        latest[report.project_id] = report
    states = []
    for project in projects:
        found = latest.get(project.pk)
        planned = found.planned_pct if found else None
        actual = found.actual_pct if found else None
        status = lights.contract_status(
            planned, actual, thresholds, ends_on=project.ends_on, fiscal_year=project.year
        )
        states.append(
            ProjectState(project, planned, actual, status, found.period_end if found else None)
        )
    return states


def _fill_physical(
    rows: dict[int, AgencyFigures], year: int, month: int, thresholds: Thresholds
) -> None:
    projects = list(
        Project.objects.filter(agency_id__in=rows, year=year)
        .select_related("agency")
        .order_by("code")
    )
    for state in project_states(projects, month_end(year, month), thresholds):
        row = rows[state.project.agency_id]
        row.physical.projects.append(state)
        row.demo = row.demo or state.project.demo
    for row in rows.values():
        row.physical.light = lights.worst([p.status for p in row.physical.projects])


def is_troubled(package: Any, as_of: date) -> bool:
    """Failed, or still only planned after its selection should have started."""
    get = package.get if isinstance(package, dict) else lambda k: getattr(package, k)
    if get("stage") == Stage.FAILED:
        return True
    starts = get("selection_starts_on")
    return get("stage") == Stage.PLANNED and starts is not None and starts < as_of


def _fill_procurement(
    rows: dict[int, AgencyFigures],
    city: Jurisdiction,
    year: int,
    month: int,
    thresholds: Thresholds,
) -> None:
    as_of = min(month_end(year, month), clock.today(city.tz))
    packages = ProcurementPackage.objects.filter(agency_id__in=rows, year=year).values(
        "agency_id", "stage", "ceiling", "contract_value", "selection_starts_on", "demo"
    )
    for p in packages:
        row = rows[p["agency_id"]]
        row.procurement.counts[p["stage"]] += 1
        row.procurement.values[p["stage"]] += p["contract_value"] or p["ceiling"]
        row.procurement.troubled += is_troubled(p, as_of)
        row.demo = row.demo or p["demo"]
    for row in rows.values():
        row.procurement.light = lights.procurement_light(
            row.procurement.troubled, row.procurement.total, thresholds
        )


def budget_trend(agency_ids: list[int], year: int, up_to: int) -> list[dict[str, Any]]:
    """Per month of the year up to `up_to`: the agencies' pagu, plan and realisation, summed
    over the lines reporting that month (the lines' latest month carried forward)."""
    rows = (
        BudgetMonth.objects.filter(
            line__agency_id__in=agency_ids, line__year=year, month__lte=up_to
        )
        .values("line_id", "month", "ceiling", "planned", "realised")
        .order_by("month")
    )
    by_line: dict[int, dict[int, Any]] = defaultdict(dict)
    for r in rows:
        by_line[r["line_id"]][r["month"]] = r
    trend = []
    for month in range(1, up_to + 1):
        ceiling = target = realised = Decimal(0)
        for months in by_line.values():
            known = [m for m in months if m <= month]
            if not known:
                continue
            r = months[max(known)]
            ceiling += r["ceiling"]
            realised += r["realised"]
            target += lights.budget_target(r["ceiling"], r["planned"], month)
        trend.append({"month": month, "ceiling": ceiling, "target": target, "realised": realised})
    return trend
