"""One way in (laksa/intake): every door reads its input into an Inbound and `receive` validates
and creates the report, with one key scheme per channel and account; a message without a point
is kept and waits for the LIVE Room to place it."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from laksa.api.models import PersonalToken
from laksa.catalog.models import Category
from laksa.dispatch.available import available_actions
from laksa.intake.errors import Rejected
from laksa.intake.inbound import Inbound
from laksa.intake.receive import KeyReused, receive
from laksa.reports import actions
from laksa.reports.errors import IllegalTransition, NotAllowed
from laksa.reports.models import EventKind, PlaceSource, Report
from laksa.reports.statuses import Status
from tests.api_helpers import bearer, post_json
from tests.conftest import IN_EAST, IN_WEST, login
from tests.images import processed

pytestmark = pytest.mark.django_db


@pytest.fixture
def other(city: Any, agency_a: Any) -> Category:
    """The city's catch-all: where a message lands when no keyword names its category."""
    return Category.objects.create(
        jurisdiction=city, code="LAIN", group="Lain", name_id="Lainnya", name_en="Other",
        agency=agency_a, catch_all=True, public=False,
    )  # fmt: skip


def sms(text: str, **kwargs: Any) -> Inbound:
    return Inbound(channel="sms", text=text, account="modem-1", sender="0812 3456 7890", **kwargs)


def test_it_keys_a_message_by_channel_account_and_id(city: Any, pothole: Any, other: Any) -> None:
    first = receive(sms("Sampah menumpuk", message_id="17"), jurisdiction=city)
    again = receive(sms("Sampah menumpuk", message_id="17"), jurisdiction=city)
    assert (first.created, again.created) == (True, False)
    assert again.report == first.report
    other_modem = Inbound(channel="sms", text="Sampah menumpuk", account="modem-2", message_id="17")
    assert receive(other_modem, jurisdiction=city).report != first.report
    assert Report.objects.count() == 2
    assert first.report.idempotency_key == "modem-1:17"


def test_it_refuses_a_key_sent_again_with_another_request(city: Any, pothole: Any) -> None:
    base = {"channel": "app", "account": "api:1", "message_id": "k", "category": pothole,
            "answers": {"ukuran": "besar"}, "lat": IN_WEST[0], "lng": IN_WEST[1]}  # fmt: skip
    receive(Inbound(text="Lubang", fingerprint="a" * 64, **base), jurisdiction=city)
    with pytest.raises(KeyReused):
        receive(Inbound(text="Lubang lain", fingerprint="b" * 64, **base), jurisdiction=city)
    assert Report.objects.count() == 1


def test_it_guesses_the_category_from_keywords_else_the_catch_all(
    city: Any, pothole: Any, other: Any
) -> None:
    pothole.keywords = "lubang, jalan rusak"
    pothole.save()
    guessed = receive(sms("Ada lubang besar di jalan", message_id="1"), jurisdiction=city).report
    unknown = receive(sms("Tolong bantu kami", message_id="2"), jurisdiction=city).report
    assert guessed.category == pothole and guessed.answers == {}
    assert unknown.category == other
    assert guessed.contact.phone == "+6281234567890"  # the sender, normalised, is the contact


def test_it_refuses_every_problem_at_once_and_stores_nothing(city: Any, pothole: Any) -> None:
    with pytest.raises(Rejected) as refused:
        receive(
            Inbound(
                channel="web", text="  ", category=pothole, lat=95.0, lng=106.6,
                photos=[processed(s) for s in range(9)],
            ),
            jurisdiction=city,
        )  # fmt: skip
    fields = {p.field for p in refused.value.problems}
    assert fields == {"description", "answers.ukuran", "point", "photos"}
    assert not Report.objects.exists()


def test_it_places_an_address_in_the_area_it_names_or_leaves_it_for_the_live_room(
    city: Any, pothole: Any, other: Any, west: Any, east: Any
) -> None:
    named = receive(sms("Lampu mati #Timur", message_id="1", address="Timur"), jurisdiction=city)
    nowhere = receive(sms("Lampu mati dekat masjid", message_id="2"), jurisdiction=city)
    assert named.report.place_source == PlaceSource.AREA and named.report.kelurahan == east
    assert (named.report.lat, named.report.lng) == (east.centroid_lat, east.centroid_lng)
    report = nowhere.report
    assert report.needs_place and report.place_source == PlaceSource.NONE
    assert (report.lat, report.lng, report.h3_r9, report.kelurahan) == (None, None, None, None)


def test_the_live_room_places_a_report_before_routing_it(
    city: Any, pothole: Any, other: Any, west: Any, operator: Any, supervisor_a: Any
) -> None:
    report = receive(sms("Pohon tumbang", message_id="1"), jurisdiction=city).report
    assert "verify" not in available_actions(operator, report)
    assert "place" in available_actions(operator, report)
    with pytest.raises(IllegalTransition):
        actions.verify_report(report, by=operator)
    with pytest.raises(NotAllowed):
        actions.place_report(report, by=supervisor_a, lat=IN_WEST[0], lng=IN_WEST[1])
    event = actions.place_report(
        report, by=operator, lat=IN_WEST[0], lng=IN_WEST[1], address="Depan masjid"
    )
    report.refresh_from_db()
    assert event.kind == EventKind.PLACED and event.public_note == ""
    assert report.place_source == PlaceSource.POINT and report.kelurahan == west
    assert report.address == "Depan masjid" and report.h3_r9 is not None
    actions.verify_report(report, by=operator)
    assert Report.objects.get(pk=report.pk).status == Status.VERIFIED


def test_every_door_places_a_report_alike(
    city: Any, pothole: Any, other: Any, west: Any, east: Any, operator: Any
) -> None:
    """The console's map click and the API's endpoint are the same verb."""
    first = receive(sms("Banjir", message_id="1"), jurisdiction=city).report
    second = receive(sms("Banjir lagi", message_id="2"), jurisdiction=city).report
    client = login(operator)
    page = client.get(reverse("console:report", args=[first.code])).content.decode()
    assert 'id="place-form"' in page and "Belum ada titik lokasi" in page
    assert 'action="' + reverse("console:verify", args=[first.code]) not in page
    posted = client.post(
        reverse("console:place", args=[first.code]),
        {"version": first.version, "lat": IN_EAST[0], "lng": IN_EAST[1], "address": ""},
    )
    assert posted.status_code == 302
    _token, key = PersonalToken.create_with_key(operator, "uji")
    answer = post_json(
        Client(),
        f"/staff/reports/{second.code}/place",
        {"lat": IN_WEST[0], "lng": IN_WEST[1], "expected_version": second.version},
        **bearer(key),
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["place"] == "point" and answer.json()["kelurahan"] == "Barat"
    assert Report.objects.get(pk=first.pk).kelurahan == east


def test_a_report_not_placed_yet_is_on_no_map_but_in_the_queue(
    city: Any, pothole: Any, other: Any, operator: Any
) -> None:
    other.public = True
    other.save()
    report = receive(sms("Jalan gelap", message_id="1"), jurisdiction=city).report
    client = Client()
    placed = receive(
        Inbound(channel="web", text="Gelap", category=other, lat=IN_WEST[0], lng=IN_WEST[1]),
        jurisdiction=city,
    ).report
    points = client.get(reverse("public:map_data"))
    assert points.status_code == 200
    assert placed.code in points.content.decode() and report.code not in points.content.decode()
    assert client.get(reverse("public:track", args=[report.code])).status_code == 200
    staff = login(operator)
    assert report.code in staff.get(reverse("console:queue")).content.decode()
    wanting = staff.get(reverse("console:queue"), {"needs_place": "on"}).content.decode()
    assert report.code in wanting and "perlu lokasi" in wanting and placed.code not in wanting
    api = Client().get("/api/v1/reports/" + report.code)
    assert api.status_code == 200 and api.json()["lat"] is None and api.json()["place"] == "none"
