"""Finding 7 of issue 16: dates at the ends of the calendar, deeply nested JSON, other scripts'
digits and points nowhere near the city are clean refusals, never a server error, at every door."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from laksa.reports.models import Report
from tests.api_helpers import API, form
from tests.conftest import IN_WEST, login
from tests.images import make_image, upload

pytestmark = pytest.mark.django_db

FAR = ("-90", "180")
ARABIC_INDIC = (
    "-\u0666.\u0661\u0667\u0665",
    "\u0661\u0660\u0666.\u0666\u0662\u0665",
)  # -6.175, 106.625 in Arabic-Indic digits
EXTENDED = (
    "-\u06f6.\u06f1\u06f7\u06f5",
    "\u06f1\u06f0\u06f6.\u06f6\u06f2\u06f5",
)  # the same in Persian digits


@pytest.mark.parametrize(
    "query",
    [
        {"date_to": "9999-12-31"},
        {"date_from": "0001-01-01"},
        {"date_from": "0001-01-01", "date_to": "9999-12-31"},
    ],
)
def test_the_map_data_refuses_dates_at_the_ends_of_the_calendar(citizen, city, query):
    response = citizen.get("/peta/data.json", query)
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"] == "Tanggal di luar rentang yang bisa dipakai."


@pytest.mark.parametrize("query", [{"date_to": "9999-12-31"}, {"date_from": "0001-01-01"}])
def test_the_statistics_refuse_dates_at_the_ends_of_the_calendar(citizen, city, query):
    response = citizen.get("/statistik/", query)
    assert response.status_code == 400
    assert "Tanggal di luar rentang yang bisa dipakai." in response.content.decode()


def test_deeply_nested_answers_are_invalid_not_a_server_error(citizen, pothole, west, east):
    nested = "[" * 5000 + "]" * 5000
    response = citizen.post(f"{API}/reports", form(answers=nested))
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "answers"
    assert not Report.objects.exists()


def test_a_deeply_nested_json_body_is_invalid_not_a_server_error(citizen, city):
    body = '{"reports": ' + "[" * 100_000 + "]" * 100_000 + "}"
    response = citizen.post(f"{API}/reports/mine", body, content_type="application/json")
    assert 400 <= response.status_code < 500
    assert "errors" in response.json()


def web_report(client: Client, category: Any, lat: str, lng: str) -> Any:
    return client.post(
        "/lapor/",
        {
            "form_token": str(uuid.uuid4()),
            "category": str(category.pk),
            "description": "Lubang besar",
            "lat": lat,
            "lng": lng,
            "q_ukuran": "besar",
            "photos": [upload(make_image(seed=1, size=(200, 150)))],
        },
    )


def open311(api: Client, key: str, lat: str, lng: str, fmt: str = "json") -> Any:
    body = {"api_key": key, "service_code": "INF-JLN", "lat": lat, "long": lng,
            "description": "Lubang", "attribute[ukuran]": "besar"}  # fmt: skip
    return api.post(f"/open311/v2/requests.{fmt}", body)


def call_centre(client: Client, category: Any, lat: str, lng: str) -> Any:
    return client.post(
        reverse("console:call"),
        {
            "form_token": str(uuid.uuid4()),
            "how": "phone",
            "category": category.pk,
            "q_ukuran": "besar",
            "phone": "0812 3456 7890",
            "description": "Lubang di jalan depan pasar",
            "lat": lat,
            "lng": lng,
            "kelurahan": "",
        },
    )


@pytest.mark.parametrize("digits", [ARABIC_INDIC, EXTENDED])
def test_other_scripts_digits_are_not_coordinates(
    digits, citizen, api, app_key, operator, pothole, west, east
):
    lat, lng = digits
    web = web_report(citizen, pothole, lat, lng)
    by_api = citizen.post(f"{API}/reports", form(lat=lat, lng=lng))
    by_open311 = open311(api, app_key, lat, lng)
    by_phone = call_centre(login(operator), pothole, lat, lng)
    nearby = citizen.get("/lapor/dekat/", {"category": pothole.pk, "lat": lat, "lng": lng})
    map_box = citizen.get("/peta/data.json", {"bbox": f"{lng},{lat},{lng},{lat}"})

    assert web.status_code == 400
    assert by_api.status_code == 422
    assert by_open311.status_code == 400
    assert by_phone.status_code == 400
    assert nearby.status_code == 200 and "Lubang" not in nearby.content.decode()
    assert map_box.status_code == 400
    assert not Report.objects.exists()


def test_a_point_nowhere_near_the_city_is_refused_at_every_door(
    citizen, api, app_key, operator, pothole, west, east
):
    lat, lng = FAR
    web = web_report(citizen, pothole, lat, lng)
    by_api = citizen.post(f"{API}/reports", form(lat=lat, lng=lng))
    by_open311 = open311(api, app_key, lat, lng)
    by_phone = call_centre(login(operator), pothole, lat, lng)

    assert web.status_code == 400 and "Lokasi terlalu jauh dari Kota Uji" in web.content.decode()
    assert by_api.status_code == 422
    assert by_api.json()["errors"][0]["message"].startswith("Lokasi terlalu jauh dari Kota Uji")
    assert by_open311.status_code == 400
    assert "Lokasi terlalu jauh" in by_open311.json()[0]["description"]
    assert by_phone.status_code == 400
    assert not Report.objects.exists()


def test_the_distance_allowed_outside_the_city_is_a_setting(settings, citizen, pothole, west, east):
    # 0.2 degrees of longitude east of the test city: about 22 km outside its box.
    lat, lng = str(IN_WEST[0]), "106.84"
    settings.LAKSA_MAX_KM_OUTSIDE_CITY = 10
    refused = citizen.post(f"{API}/reports", form(lat=lat, lng=lng, seed=1))
    settings.LAKSA_MAX_KM_OUTSIDE_CITY = 50
    accepted = citizen.post(f"{API}/reports", form(lat=lat, lng=lng, seed=2))
    assert refused.status_code == 422
    assert accepted.status_code == 201
    assert Report.objects.get().kelurahan is None  # outside every area, placed by the LIVE Room


def test_a_report_by_channel_is_refused_far_away_too(city, pothole, west):
    from laksa.intake.errors import Rejected
    from laksa.intake.inbound import Inbound
    from laksa.intake.receive import receive

    inbound = Inbound(channel="whatsapp", text="Lubang", sender="6281234567890",
                      lat=-90.0, lng=180.0, message_id="wamid.far")  # fmt: skip
    with pytest.raises(Rejected) as refused:
        receive(inbound, jurisdiction=city)
    assert "point" in [problem.field for problem in refused.value.problems]
