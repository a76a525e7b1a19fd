"""The counting job against the story in conftest.py, every figure counted by hand."""

from __future__ import annotations

import pytest

from laksa.kpi import counting, selectors
from laksa.kpi.models import DailyCount, Grain
from tests.kpi.conftest import DAY1, DAY2

pytestmark = pytest.mark.django_db


def test_it_counts_the_first_day(story, city):
    counting.count_new_events()
    day = selectors.totals(city, DAY1, DAY1)
    assert (day.received, day.verified, day.dispatched, day.rejected) == (3, 1, 1, 1)
    assert (day.done, day.closed, day.referred, day.duplicates, day.disputes) == (0, 0, 0, 0, 0)
    assert (day.respond_n, day.respond_within) == (1, 1)
    assert day.respond_b2 == 1  # 2 working hours: the bucket "1-2 jam"
    assert day.respond_median_label == "1-2 jam" and day.respond_share == 100
    assert (day.waiting_net, day.in_hand_net, day.done_net, day.closed_net) == (1, 1, 0, 1)


def test_it_counts_the_second_day(story, city):
    counting.count_new_events()
    day = selectors.totals(city, DAY2, DAY2)
    assert (day.received, day.done, day.disputes) == (0, 1, 1)
    # 08:00-18:00 on the 3rd and 08:00-10:00 on the 4th: 12 working hours, bucket "10-20 jam".
    assert (day.resolve_n, day.resolve_within, day.resolve_b6) == (1, 1, 1)
    assert day.resolve_median_label == "10-20 jam" and day.resolve_p90_label == "10-20 jam"
    assert (day.ratings, day.rating_sum, day.ratings_good) == (1, 5, 1)
    assert day.rating_mean == 5.0 and day.good_share == 100
    assert (day.waiting_net, day.in_hand_net, day.done_net, day.closed_net) == (0, 0, 0, 0)


def test_it_gives_the_status_of_every_report_at_the_end(story, city):
    counting.count_new_events()
    total, tiles = selectors.status_now(city, end=DAY2)
    assert total == 3
    assert {t.type: t.count for t in tiles} == {
        "waiting": 1,  # B
        "in_hand": 1,  # A, disputed back to the agency
        "done": 0,
        "closed": 1,  # C, rejected
    }
    total, tiles = selectors.status_now(city, end=DAY2, public=True)
    assert total == 2 and {t.type: t.count for t in tiles}["closed"] == 0


def test_it_splits_by_agency_category_place_and_channel(
    story, city, agency_a, agency_b, pothole, streetlight, west, east
):
    counting.count_new_events()
    by_agency = selectors.grouped(city, "agency", DAY1, DAY2)
    assert {k: f.received for k, f in by_agency.items()} == {agency_a.pk: 2, agency_b.pk: 1}
    by_category = selectors.grouped(city, "category", DAY1, DAY2)
    assert {k: f.received for k, f in by_category.items()} == {pothole.pk: 2, streetlight.pk: 1}
    by_kelurahan = selectors.grouped(city, "kelurahan", DAY1, DAY2)
    assert {k: f.received for k, f in by_kelurahan.items()} == {west.pk: 2, east.pk: 1}
    by_channel = selectors.grouped(city, "channel", DAY1, DAY2)
    assert {k: f.received for k, f in by_channel.items()} == {"web": 2, "phone": 1}


def test_it_rolls_every_grain_up_to_the_same_totals(story, city):
    counting.count_new_events()
    for grain in Grain.values:
        rows = DailyCount.objects.filter(grain=grain)
        assert sum(r.received for r in rows) == 3, grain
        assert sum(r.done for r in rows) == 1, grain
        assert sum(r.respond_b2 for r in rows) == 1, grain
