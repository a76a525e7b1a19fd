"""A report hidden from the public later leaves the public figures of every day it has events
on, not only the day it was hidden: its whole history is recounted, as for a re-routed one."""

from __future__ import annotations

from typing import Any

import pytest

from laksa.kpi import counting, selectors
from laksa.reports import actions
from tests.kpi.conftest import DAY1, DAY2

pytestmark = pytest.mark.django_db


def test_it_recounts_every_day_of_a_hidden_report(
    city: Any, clock: Any, make_report: Any, operator: Any, monkeypatch: Any
) -> None:
    # The report's first day is long past what each run reads again (OVERLAP_IDS), as in a
    # city with other reports between: only the hiding event can bring it back.
    monkeypatch.setattr(counting, "OVERLAP_IDS", 0)
    clock.at("2026-11-03T08:00")
    report = make_report()
    counting.count_new_events()
    assert selectors.totals(city, DAY1, DAY1, public=True).received == 1
    clock.at("2026-11-04T09:00")
    actions.set_public(report, by=operator, public=False)
    counting.count_new_events()
    assert selectors.totals(city, DAY1, DAY2, public=True).received == 0
    assert selectors.totals(city, DAY1, DAY1, public=False).received == 1
    assert selectors.totals(city, DAY1, DAY2).received == 1
