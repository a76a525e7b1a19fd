"""Open311 at its edges: dates at the ends of the calendar, NUL bytes, paths with a slash too many
or an id too few, and free-text addresses that name more than one area."""

from __future__ import annotations

import logging
from typing import Any

import pytest
import xmltodict
from django.test import Client

from laksa.org.models import Area
from laksa.reports.models import Report
from tests.conftest import IN_WEST
from tests.test_open311 import V2, post, xml


def error(response: Any, fmt: str) -> tuple[int, str]:
    """(code, description) of the first error, from JSON or XML."""
    if fmt == "json":
        first = response.json()[0]
        return first["code"], first["description"]
    first = xmltodict.parse(response.content)["errors"]["error"]
    return int(first["code"]), first["description"]


@pytest.mark.parametrize(
    "query",
    [
        "end_date=0001-01-02T00:00:00Z",
        "start_date=9999-12-30T00:00:00Z",
        "start_date=0001-01-01T00:00:00%2B07:00",
        "end_date=9999-12-31T23:00:00-07:00",
        "updated_after=0001-01-01T00:00:00%2B07:00",
    ],
)
@pytest.mark.parametrize("resource", ["requests", "servicerequestupdates"])
def test_it_answers_dates_at_the_ends_of_the_calendar_with_a_plain_400(
    api: Client, city: Any, query: str, resource: str, caplog: Any
) -> None:
    if resource == "servicerequestupdates" and query.startswith("updated_after"):
        return
    for fmt in ("json", "xml"):
        with caplog.at_level(logging.ERROR, logger="laksa.open311"):
            response = api.get(f"{V2}/{resource}.{fmt}?{query}")
        assert response.status_code == 400
        code, description = error(response, fmt)
        assert code == 400 and "bermasalah" not in description
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


@pytest.mark.parametrize(
    "field",
    [
        {"description": "Lubang\x00besar"},
        {"attribute[ukuran]": "besar\x00"},
        {"attribute[uk\x00uran]": "besar"},
        {"first_name": "\x00"},
    ],
)
def test_it_refuses_a_nul_byte_in_a_post_with_400(
    api: Client, app_key: str, pothole: Any, west: Any, field: dict
) -> None:
    for fmt in ("json", "xml"):
        response = post(api, app_key, fmt, **{"attribute[ukuran]": "besar", **field})
        assert response.status_code == 400 and error(response, fmt)[0] == 400
    assert Report.objects.count() == 0


def test_it_refuses_a_nul_byte_in_a_query_or_an_update_with_400(
    api: Client, app_key: str, make_report: Any
) -> None:
    report = make_report(seed=1)
    for path in (f"{V2}/requests.xml?service_code=A%00", f"{V2}/services.json?jurisdiction_id=%00"):
        assert api.get(path).status_code == 400
    body = {"api_key": app_key, "service_request_id": report.code, "update_id": "u\x00",
            "description": "Catatan"}  # fmt: skip
    response = api.post(f"{V2}/servicerequestupdates.xml", body)
    assert response.status_code == 400 and xml(response).tag == "errors"
    assert not report.events.filter(kind="comment").exists()


def test_it_answers_a_trailing_slash_in_the_format_asked(api: Client, city: Any) -> None:
    response = api.get(f"{V2}/requests.xml/")
    assert response.status_code == 404 and xml(response).tag == "errors"
    assert api.get(f"{V2}/requests.json/").json()[0]["code"] == 404


@pytest.mark.parametrize("resource", ["services", "service", "tokens"])
def test_it_answers_a_missing_id_with_400_not_provided(
    api: Client, pothole: Any, resource: str
) -> None:
    for fmt in ("json", "xml"):
        response = api.get(f"{V2}/{resource}/.{fmt}")
        assert response.status_code == 400
        code, description = error(response, fmt)
        assert code == 400 and "wajib diisi" in description


def test_it_never_redirects_the_endpoint_without_its_slash(api: Client, city: Any) -> None:
    response = api.get("/open311/v2")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json()[0]["code"] == 404


@pytest.mark.parametrize(
    ("address", "area"),
    [
        ("Jl. Barat Daya 5, Timur", "east"),
        ("Jl. Barat Daya 5, Timur, Tengah, Kota Uji", "east"),
        ("Jl. Timur Raya 2, Kel. Barat, Kec. Tengah", "west"),
        ("Gg. Mawar, Barat", "west"),
        ("Jl. Melati 3, Timur Laut", "northeast"),
        ("Jl. Melati 3 Timur Laut", "northeast"),
    ],
)
def test_it_places_an_address_in_the_kelurahan_it_names_last(
    api: Client, app_key: str, pothole: Any, west: Any, east: Any, address: str, area: str
) -> None:
    northeast = Area.objects.create(
        jurisdiction=east.jurisdiction, level=east.level, parent=east.parent, name="Timur Laut",
        code=f"{east.code}9", centroid_lat=east.centroid_lat + 0.001,
        centroid_lng=east.centroid_lng + 0.001,
    )  # fmt: skip
    expected = {"west": west, "east": east, "northeast": northeast}[area]
    response = post(
        api, app_key, "xml", lat=None, long=None, address_string=address,
        **{"attribute[ukuran]": "besar"},
    )  # fmt: skip
    assert response.status_code == 200
    report = Report.objects.get(code=xml(response).findtext("request/service_request_id"))
    assert report.address == address
    # The report is placed at the centre of the area the address names.
    [answer] = api.get(f"{V2}/requests/{report.code}.json").json()
    assert (answer["lat"], answer["long"]) == (expected.centroid_lat, expected.centroid_lng)


@pytest.mark.parametrize("when", ["9999-12-31T23:59:59-23:00", "0001-01-01T00:00:00+23:00"])
def test_it_refuses_a_datetime_attribute_past_the_calendar_as_the_attribute_s_400(
    api: Client, app_key: str, pothole: Any, west: Any, when: str
) -> None:
    from laksa.catalog.models import Datatype, Question

    Question.objects.create(
        category=pothole, code="kapan", datatype=Datatype.DATETIME, required=False,
        prompt_id="Kapan", prompt_en="When",
    )  # fmt: skip
    for fmt in ("json", "xml"):
        response = post(
            api, app_key, fmt, **{"attribute[ukuran]": "besar", "attribute[kapan]": when}
        )
        assert response.status_code == 400
        code, description = error(response, fmt)
        assert code == 400 and description.startswith("attribute[kapan]:")
    assert Report.objects.count() == 0


@pytest.mark.parametrize(
    "written", ["0812-3456-7890", "+62 812 - 3456 - 7890", "(0812) 3456.7890", "6281234567890"]
)
def test_it_stores_an_open311_phone_whole_in_one_form(
    api: Client, app_key: str, pothole: Any, west: Any, written: str
) -> None:
    response = post(api, app_key, phone=written, **{"attribute[ukuran]": "besar"})
    assert response.status_code == 200
    report = Report.objects.get(code=response.json()[0]["service_request_id"])
    assert report.contact.phone == "+6281234567890"


@pytest.mark.parametrize("written", ["kantor", "0812", "555-1234", "0812345678901234567"])
def test_it_keeps_a_short_open311_phone_it_cannot_read_as_written(
    api: Client, app_key: str, pothole: Any, west: Any, written: str
) -> None:
    response = post(api, app_key, phone=written, **{"attribute[ukuran]": "besar"})
    assert response.status_code == 200
    report = Report.objects.get(code=response.json()[0]["service_request_id"])
    assert report.contact.phone == written


def test_it_refuses_an_idempotency_key_over_100_characters_rather_than_cutting_it(
    api: Client, app_key: str, pothole: Any, west: Any
) -> None:
    body = {"service_code": "INF-JLN", "lat": IN_WEST[0], "long": IN_WEST[1],
            "attribute[ukuran]": "besar", "api_key": app_key}  # fmt: skip
    for fmt in ("json", "xml"):
        for sent in (
            {"headers": {"Idempotency-Key": "k" * 101}},
            {"data": {"idempotency_key": "k" * 101}},
        ):
            response = api.post(f"{V2}/requests.{fmt}", {**body, **sent.get("data", {})},
                                headers=sent.get("headers", {}))  # fmt: skip
            assert response.status_code == 400
            code, description = error(response, fmt)
            assert code == 400 and "Idempotency-Key" in description
    assert Report.objects.count() == 0
    response = api.post(f"{V2}/requests.json", body, headers={"Idempotency-Key": "k" * 100})
    assert response.status_code == 200
