"""The demo's indicators: a year of figures for every OPD, all flagged as demo data, and the
pages say so."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from laksa.demo.indicators import DemoIndicators
from laksa.kpi.indicators.models import (
    BudgetLine,
    BudgetMonth,
    Import,
    ImportSource,
    ProcurementPackage,
    Project,
)
from tests.conftest import login


def test_it_loads_a_year_marked_as_demo(
    city: Any, agencies: Any, west: Any, mayor: Any, clock: Any
) -> None:
    clock.at("2026-12-06T09:00")
    made = DemoIndicators(city).load()
    assert set(made) == {"keuangan", "fisik", "pengadaan"} and all(made.values())
    assert Import.objects.filter(source=ImportSource.DEMO, demo=True).count() == 3
    assert not Import.objects.filter(demo=False).exists()
    assert BudgetLine.objects.filter(demo=False).count() == 0
    # January to November of 2026: the last complete month.
    assert set(BudgetLine.objects.values_list("year", flat=True)) == {2026}
    months = set(BudgetMonth.objects.values_list("month", flat=True))
    assert months == set(range(1, 12))
    assert Project.objects.filter(agency__code="DPUPR", demo=True).count() == 4
    assert Project.objects.exclude(lat=None).count() == Project.objects.count()
    assert ProcurementPackage.objects.filter(demo=True).count() >= 8
    page = login(mayor).get(reverse("kpi:indicators:overview"))
    assert page.context["year"] == 2026 and page.context["month"] == 11
    assert "data contoh" in page.content.decode()


def test_it_adds_the_year_before_early_in_the_year(city: Any, agencies: Any, clock: Any) -> None:
    clock.at("2027-02-10T09:00")
    DemoIndicators(city).load()
    assert set(BudgetLine.objects.values_list("year", flat=True)) == {2026, 2027}
    assert BudgetMonth.objects.filter(line__year=2026).values("month").distinct().count() == 12
