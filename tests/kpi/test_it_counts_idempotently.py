"""Running the job again changes nothing; a rebuild gives the same rows as the runs did."""

from __future__ import annotations

from typing import Any

import pytest

from laksa.kpi import counting
from laksa.kpi.models import COUNT_FIELDS, DailyCount, MonthlyCount, Watermark
from laksa.reports import actions

pytestmark = pytest.mark.django_db

KEY = (
    "grain",
    "day",
    "agency_id",
    "category_id",
    "kecamatan_id",
    "kelurahan_id",
    "channel",
    "public",
)


MONTH_KEY = ("grain", "month", "agency_id", "kecamatan_id", "kelurahan_id", "public")


def snapshot() -> list[tuple[Any, ...]]:
    """Every day row and every month row."""
    days = DailyCount.objects.values_list(*KEY, *COUNT_FIELDS)
    months = MonthlyCount.objects.values_list(*MONTH_KEY, *COUNT_FIELDS)
    return sorted([*days, *months], key=repr)


def test_it_changes_nothing_when_run_again(story):
    counting.count_new_events()
    first = snapshot()
    mark = Watermark.objects.get().last_event_id
    again = counting.count_new_events()
    assert snapshot() == first and first
    assert again.last_event_id == mark


def test_it_counts_in_steps_as_in_one_go(clock, make_report, operator, supervisor_a):
    clock.at("2026-11-03T08:00")
    a = make_report(seed=1)
    counting.count_new_events()
    clock.at("2026-11-03T09:00")
    actions.verify_report(a, by=operator)
    counting.count_new_events()
    clock.at("2026-11-05T09:00")
    actions.accept_job(a, by=supervisor_a)
    counting.count_new_events()
    stepwise = snapshot()
    counting.rebuild()
    assert snapshot() == stepwise


def test_it_moves_a_rerouted_reports_history_with_it(
    clock, make_report, operator, agency_a, agency_b, streetlight
):
    clock.at("2026-11-03T08:00")
    a = make_report(seed=1)
    actions.verify_report(a, by=operator)
    counting.count_new_events()
    clock.at("2026-11-06T09:00")
    actions.verify_report(a, by=operator, agency=agency_b, category=streetlight)
    counting.count_new_events()
    received = DailyCount.objects.filter(grain="agency", received__gt=0)
    assert [(r.agency_id, r.received) for r in received] == [(agency_b.pk, 1)]
    incremental = snapshot()
    counting.rebuild()
    assert snapshot() == incremental


def test_it_drops_its_work_when_another_run_moved_on(story, monkeypatch):
    """Two runs from the same watermark: the later one wrote first, so the earlier one's counts
    (from fewer events) must not replace them."""
    counting.count_new_events()
    before = snapshot()
    original = counting.count_days

    def slow_count(city, days):
        counted = original(city, days)
        Watermark.objects.update(last_event_id=Watermark.objects.get().last_event_id + 1)
        return counted

    monkeypatch.setattr(counting, "count_days", slow_count)
    result = counting.count_new_events()
    assert result.days == 0 and snapshot() == before
