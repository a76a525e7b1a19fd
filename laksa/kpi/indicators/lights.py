"""The traffic-light rules, as pure functions of figures and the city's thresholds."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from laksa.kpi.indicators.models import BUDGET_BANDS, ContractStatus, Light, Thresholds

HUNDRED = Decimal(100)


def budget_target(ceiling: Decimal, planned: Decimal | None, month: int) -> Decimal:
    """What should have been spent by the end of `month`: the cash plan when there is one, else
    the lower bound of the month's absorption band applied to the pagu."""
    if planned is not None:
        return planned
    return ceiling * Decimal(BUDGET_BANDS[month][0]) / HUNDRED


def budget_light(realised: Decimal, target: Decimal, thresholds: Thresholds) -> Light:
    """Green when realisation reaches `budget_green_pct` of the target to date, yellow from
    `budget_yellow_pct`, else red; no target yet is green (nothing was due)."""
    if target <= 0:
        return Light.GREEN
    share = realised * HUNDRED / target
    if share >= thresholds.budget_green_pct:
        return Light.GREEN
    if share >= thresholds.budget_yellow_pct:
        return Light.YELLOW
    return Light.RED


def contract_status(
    planned: Decimal | None,
    actual: Decimal | None,
    thresholds: Thresholds,
    *,
    ends_on: date | None = None,
    fiscal_year: int | None = None,
) -> ContractStatus:
    """The kontrak kritis rule (reference §2.2): kritis when, with planned progress up to the
    boundary (70%), actual lags by more than 10 points; above it, by more than 5 points, or by
    any amount when the work runs past the fiscal year. Behind otherwise is terlambat."""
    if planned is None or actual is None:
        return ContractStatus.NONE
    lag = planned - actual
    if lag <= thresholds.physical_tolerance:
        return ContractStatus.NORMAL
    if planned <= thresholds.physical_boundary_pct:
        critical = lag > thresholds.physical_lag_early
    else:
        past_year = ends_on is not None and fiscal_year is not None and ends_on.year > fiscal_year
        critical = lag > thresholds.physical_lag_late or past_year
    return ContractStatus.CRITICAL if critical else ContractStatus.LATE


def worst(statuses: list[ContractStatus]) -> Light:
    """An agency's physical light: red if any contract is kritis, yellow if any is late."""
    lights = {s.light for s in statuses}
    for light in (Light.RED, Light.YELLOW, Light.GREEN):
        if light in lights:
            return light
    return Light.NONE


def procurement_light(troubled: int, total: int, thresholds: Thresholds) -> Light:
    """By the share of packages that failed or whose selection should have started and has
    not: above `procurement_red_pct` red, above `procurement_yellow_pct` yellow."""
    if total == 0:
        return Light.NONE
    share = Decimal(troubled) * HUNDRED / Decimal(total)
    if share > thresholds.procurement_red_pct:
        return Light.RED
    if share > thresholds.procurement_yellow_pct:
        return Light.YELLOW
    return Light.GREEN
