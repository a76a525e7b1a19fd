"""A DM that shares a place carries only the place's id: the worker looks the place up at X as
the city's account and puts a small place's centre on the report; a city-sized place gives no
point (the citizen is asked where), and X busy leaves the row to be tried again."""

from typing import Any

from laksa.intake.models import ChannelAccount, InboxMessage
from laksa.reports.models import Report
from tests.intake.x.conftest import drain, payload, post
from tests.intake.x.fake_x import PLACE_ID, FakeX, place

LOOKUP = f"/1.1/geo/id/{PLACE_ID}.json"


def _text_and_photo(clock: Any) -> None:
    for name in ("dm_text.json", "dm_photo.json"):
        assert post(payload(name)).status_code == 200
        drain()
        clock.shift(minutes=1)


def test_a_small_place_puts_its_centre_on_the_report(
    x_account: ChannelAccount, fake_x: FakeX, clock: Any
) -> None:
    clock.at("2026-12-06T09:00")
    _text_and_photo(clock)
    assert post(payload("dm_place.json")).status_code == 200
    drain()
    report = Report.objects.get()
    assert (round(report.lat, 6), round(report.lng, 6)) == (-6.175, 106.625)
    assert report.kelurahan is not None and report.kelurahan.name == "Barat"
    assert ("GET", LOOKUP) in fake_x.requests  # as the city's account: the fake answers 401 else


def test_a_city_sized_place_says_nothing_and_the_citizen_is_asked_where(
    x_account: ChannelAccount, fake_x: FakeX, clock: Any
) -> None:
    clock.at("2026-12-06T09:00")
    ring = [[106.5, -6.3], [106.8, -6.3], [106.8, -6.0], [106.5, -6.0]]
    fake_x.places[PLACE_ID] = place(PLACE_ID, "city", ring)
    _text_and_photo(clock)
    post(payload("dm_place.json"))
    drain()
    assert not Report.objects.exists()
    assert InboxMessage.objects.order_by("id").last().outcome == "asked"


def test_a_place_x_cannot_give_now_is_tried_again(
    x_account: ChannelAccount, fake_x: FakeX, clock: Any
) -> None:
    clock.at("2026-12-06T09:00")
    _text_and_photo(clock)
    fake_x.media_status = 503
    post(payload("dm_place.json"))
    drain()
    row = InboxMessage.objects.order_by("id").last()
    assert row.handled_at is None and "MediaUnavailable" in row.last_error
    fake_x.media_status = 200
    clock.shift(minutes=5)
    drain()
    assert Report.objects.get().lat is not None
