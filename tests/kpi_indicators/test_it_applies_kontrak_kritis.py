"""The traffic-light rules on hand-computed cases: the kontrak kritis rule (Permen PU
07/PRT/M/2011), budget absorption against the cash plan, procurement trouble shares."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from laksa.kpi.indicators.lights import (
    budget_light,
    budget_target,
    contract_status,
    procurement_light,
)
from laksa.kpi.indicators.models import ContractStatus, Light, Thresholds

T = Thresholds()


@pytest.mark.parametrize(
    ("planned", "actual", "status"),
    [
        (D(40), D(45), ContractStatus.NORMAL),  # ahead
        (D(40), D(40), ContractStatus.NORMAL),  # on plan
        (D(40), D(30), ContractStatus.LATE),  # period I, 10 points behind: not yet kritis
        (D(40), D("29.99"), ContractStatus.CRITICAL),  # period I, more than 10 behind
        (D(70), D(60), ContractStatus.LATE),  # 70% is still period I
        (D(70), D("59.5"), ContractStatus.CRITICAL),
        (D(80), D(75), ContractStatus.LATE),  # period II, 5 behind: not yet kritis
        (D(80), D("74.9"), ContractStatus.CRITICAL),  # period II, more than 5 behind
        (D(100), D(94), ContractStatus.CRITICAL),
    ],
)
def test_it_applies_the_deviation_thresholds(planned: D, actual: D, status: str) -> None:
    assert (
        contract_status(planned, actual, T, ends_on=date(2026, 12, 20), fiscal_year=2026) == status
    )


def test_it_marks_period_two_kritis_when_work_runs_past_the_fiscal_year() -> None:
    assert (
        contract_status(D(80), D(78), T, ends_on=date(2027, 1, 15), fiscal_year=2026)
        == ContractStatus.CRITICAL
    )
    assert (
        contract_status(D(80), D(78), T, ends_on=date(2026, 12, 15), fiscal_year=2026)
        == ContractStatus.LATE
    )
    # In period I a late end date alone does not make a contract kritis.
    assert (
        contract_status(D(50), D(45), T, ends_on=date(2027, 1, 15), fiscal_year=2026)
        == ContractStatus.LATE
    )


def test_it_uses_the_citys_thresholds() -> None:
    strict = Thresholds(physical_lag_early=D(5), physical_tolerance=D(1))
    assert contract_status(D(40), D(39), strict) == ContractStatus.NORMAL
    assert contract_status(D(40), D("34.5"), strict) == ContractStatus.CRITICAL


def test_it_has_no_status_without_a_report() -> None:
    assert contract_status(D(40), None, T) == ContractStatus.NONE


def test_it_colours_absorption_against_the_cash_plan() -> None:
    assert budget_light(D(90), D(100), T) == Light.GREEN
    assert budget_light(D("89.9"), D(100), T) == Light.YELLOW
    assert budget_light(D(75), D(100), T) == Light.YELLOW
    assert budget_light(D("74.9"), D(100), T) == Light.RED
    assert budget_light(D(0), D(0), T) == Light.GREEN


def test_it_falls_back_to_the_monthly_band_without_a_cash_plan() -> None:
    assert budget_target(D(1000), D(300), 6) == D(300)
    assert budget_target(D(1000), None, 6) == D(100)  # June's band starts at 10%
    assert budget_target(D(1000), None, 12) == D(700)


def test_it_colours_procurement_by_the_share_in_trouble() -> None:
    assert procurement_light(1, 10, T) == Light.GREEN  # 10% is not more than 10%
    assert procurement_light(2, 10, T) == Light.YELLOW
    assert procurement_light(3, 10, T) == Light.RED
    assert procurement_light(0, 0, T) == Light.NONE
