"""An event recorded after the watermark with an earlier time reopens its day, once."""

from __future__ import annotations

import pytest

from laksa.kpi import counting, selectors
from laksa.kpi.models import DailyCount, Watermark
from laksa.reports.models import ReportEvent
from tests.kpi.conftest import DAY1, DAY2

pytestmark = pytest.mark.django_db


def test_it_counts_a_late_report_on_its_own_day_once(story, city, clock, make_report):
    counting.count_new_events()
    mark = Watermark.objects.get().last_event_id
    # A report taken on paper on the first day, entered with its own time after the count.
    clock.at("2026-11-03T15:00")
    late = make_report(seed=9)
    event = ReportEvent.objects.get(report=late)
    assert event.pk > mark
    clock.at("2026-11-04T14:00")
    counting.count_new_events()
    counting.count_new_events()
    assert selectors.totals(city, DAY1, DAY1).received == 4
    assert selectors.totals(city, DAY2, DAY2).received == 0
    assert selectors.totals(city, DAY1, DAY2).received == 4


def test_it_reads_again_below_the_watermark(story, city):
    """An event that committed after a run read past its id is still counted (the overlap)."""
    counting.count_new_events()
    first_day = selectors.totals(city, DAY1, DAY1).received
    # As if the run had read past the last event before it committed.
    Watermark.objects.update(last_event_id=ReportEvent.objects.order_by("-id")[0].pk + 5)
    DailyCount.objects.all().delete()
    counting.count_new_events()
    assert selectors.totals(city, DAY1, DAY1).received == first_day == 3
