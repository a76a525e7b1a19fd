"""Open311 GeoReport v2, method by method, format by format, error by error; the real `georeport`
client in JSON and XML; and a FixMyStreet-style XML exchange."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any
from xml.etree import ElementTree as ET

import pytest
import xmltodict
from django.test import Client
from django.utils import timezone

from laksa.org.models import ApiRequest, Application, Jurisdiction
from laksa.reports import actions
from laksa.reports.models import Channel, EventKind, Report, ReportEvent
from tests.conftest import IN_WEST, login
from tests.images import make_image

V2 = "/open311/v2"


def post(api: Client, key: str | None, fmt: str = "json", **data: Any) -> Any:
    body = {"service_code": "INF-JLN", "lat": IN_WEST[0], "long": IN_WEST[1], **data}
    if key is not None:
        body["api_key"] = key
    body = {k: v for k, v in body.items() if v is not None}
    return api.post(f"{V2}/requests.{fmt}", body)


def xml(response: Any) -> ET.Element:
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    return ET.fromstring(response.content)


# --- discovery, services, definitions ------------------------------------------------------------


def test_discovery_in_both_formats(api: Client, city: Jurisdiction) -> None:
    data = api.get(f"{V2}/discovery.json").json()
    assert set(data) == {"changeset", "contact", "key_service", "endpoints"}
    endpoint = data["endpoints"][0]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["formats"] == ["text/xml", "application/json"]
    root = xml(api.get(f"{V2}/discovery.xml"))
    assert root.tag == "discovery"
    assert [f.text for f in root.findall("endpoints/endpoint/formats/format")] == [
        "text/xml",
        "application/json",
    ]


def test_service_list(api: Client, pothole: Any, streetlight: Any) -> None:
    services = api.get(f"{V2}/services.json").json()
    by_code = {s["service_code"]: s for s in services}
    assert by_code["INF-JLN"]["metadata"] is True  # it has a question
    assert by_code[streetlight.code]["metadata"] is False
    assert set(by_code["INF-JLN"]) == {
        "service_code", "service_name", "description", "metadata", "type", "keywords", "group",
    }  # fmt: skip
    assert by_code["INF-JLN"]["type"] == "realtime"
    root = xml(api.get(f"{V2}/services.xml"))
    assert root.tag == "services"
    assert {s.findtext("service_code") for s in root.findall("service")} == set(by_code)
    assert root.find("service[service_code='INF-JLN']/metadata").text == "true"


def test_service_definition_in_both_formats(api: Client, pothole: Any) -> None:
    data = api.get(f"{V2}/services/INF-JLN.json").json()
    assert data["service_code"] == "INF-JLN"
    [attribute] = data["attributes"]
    assert attribute["code"] == "ukuran" and attribute["datatype"] == "singlevaluelist"
    assert attribute["variable"] is True and attribute["order"] == 1
    assert {v["key"] for v in attribute["values"]} == {"kecil", "besar"}
    root = xml(api.get(f"{V2}/services/INF-JLN.xml"))
    assert root.tag == "service_definition"
    assert len(root.findall("attributes/attribute/values/value")) == 2
    assert api.get(f"{V2}/service/INF-JLN.json").status_code == 200  # the open311 library's path


def test_every_attribute_datatype_is_described_and_validated(
    api: Client, app_key: str, pothole: Any
) -> None:
    from laksa.catalog.models import Datatype, Question

    kinds = {
        "jumlah": (Datatype.NUMBER, []),
        "kapan": (Datatype.DATETIME, []),
        "catatan": (Datatype.TEXT, []),
        "nama_jalan": (Datatype.STRING, []),
        "sisi": (
            Datatype.MULTIVALUELIST,
            [{"key": "kiri", "name_id": "Kiri", "name_en": "Left"},
             {"key": "kanan", "name_id": "Kanan", "name_en": "Right"}],
        ),
    }  # fmt: skip
    for order, (code, (datatype, values)) in enumerate(kinds.items(), start=2):
        Question.objects.create(
            category=pothole, code=code, datatype=datatype, values=values, order=order,
            prompt_id=code, prompt_en=code,
        )  # fmt: skip
    described = {
        a["code"]: a["datatype"]
        for a in api.get(f"{V2}/services/INF-JLN.json").json()["attributes"]
    }
    assert set(described.values()) == set(Datatype.values)
    good = post(
        api, app_key,
        **{"attribute[ukuran]": "besar", "attribute[jumlah]": "3", "attribute[kapan]": "2026-11-01T08:00:00+07:00",
           "attribute[catatan]": "baris 1\nbaris 2", "attribute[nama_jalan]": "Jl. Merdeka",
           "attribute[sisi][]": ["kiri", "kanan"]},
    )  # fmt: skip
    assert good.status_code == 200, good.content
    report = Report.objects.get(code=good.json()[0]["service_request_id"])
    assert report.answers["sisi"] == ["kiri", "kanan"] and report.answers["jumlah"] == 3.0
    bad = post(api, app_key, **{"attribute[ukuran]": "raksasa", "attribute[jumlah]": "banyak"})
    assert bad.status_code == 400
    assert {e["description"].split(":")[0] for e in bad.json()} == {
        "attribute[ukuran]", "attribute[jumlah]",
    }  # fmt: skip


# --- POST service request ---------------------------------------------------------------------------


def test_post_creates_a_report_through_the_same_action(
    api: Client, app_key: str, pothole: Any, west: Any
) -> None:
    response = post(
        api, app_key, description="Lubang besar", email="warga@example.id", first_name="Siti",
        last_name="Rahma", phone="0812-3456-7890", **{"attribute[ukuran]": "besar"},
    )  # fmt: skip
    assert response.status_code == 200
    [answer] = response.json()
    report = Report.objects.get(code=answer["service_request_id"])
    assert "token" not in answer
    assert report.channel == Channel.OPEN311
    assert report.application.name == "Aplikasi Uji"
    assert report.kelurahan == west and report.agency == pothole.agency
    assert report.contact.name == "Siti Rahma" and report.contact.email == "warga@example.id"
    assert report.contact.phone == "+6281234567890"
    assert report.answers == {"ukuran": "besar"}
    assert ReportEvent.objects.get(report=report).kind == EventKind.CREATED
    assert ApiRequest.objects.filter(application=report.application, status=200).count() == 1


def test_post_answers_in_xml(api: Client, app_key: str, pothole: Any, west: Any) -> None:
    root = xml(post(api, app_key, "xml", **{"attribute[ukuran]": "kecil"}))
    assert root.tag == "service_requests"
    code = root.findtext("request/service_request_id")
    assert Report.objects.filter(code=code).exists()


def test_api_key_from_the_query_string_and_an_empty_jurisdiction(
    api: Client, app_key: str, pothole: Any, west: Any
) -> None:
    response = api.post(
        f"{V2}/requests.json?api_key={app_key}&jurisdiction_id=",
        {
            "service_code": "INF-JLN",
            "lat": IN_WEST[0],
            "long": IN_WEST[1],
            "attribute[ukuran]": "besar",
        },
    )
    assert response.status_code == 200


@pytest.mark.parametrize("key", [None, "", "salah"])
def test_post_without_a_valid_key_is_403(
    api: Client, key: str | None, pothole: Any, west: Any
) -> None:
    for fmt in ("json", "xml"):
        response = post(api, key, fmt, **{"attribute[ukuran]": "besar"})
        assert response.status_code == 403
    assert Report.objects.count() == 0


def test_a_revoked_key_is_403(api: Client, city: Any, app_key: str, pothole: Any) -> None:
    Application.objects.update(active=False)
    assert post(api, app_key, **{"attribute[ukuran]": "besar"}).status_code == 403


@pytest.mark.parametrize(
    ("data", "status", "says"),
    [
        ({"service_code": None}, 400, "service_code"),
        ({"service_code": "TIDAKADA"}, 404, "service_code"),
        ({"lat": None, "long": None}, 400, "Lokasi"),
        ({"long": None}, 400, "lat"),
        ({"lat": "abc"}, 400, "lat"),
        ({"lat": "95", "long": "200"}, 400, "lat"),
        ({"description": "x" * 4001}, 400, "4.000"),
        ({"attribute[ukuran]": None}, 400, "attribute[ukuran]"),
    ],
)
def test_post_refusals(
    api: Client, app_key: str, pothole: Any, west: Any, data: dict, status: int, says: str
) -> None:
    body = {"attribute[ukuran]": "besar", **data}
    for fmt in ("json", "xml"):
        response = post(api, app_key, fmt, **body)
        assert response.status_code == status
        if fmt == "json":
            [error] = response.json()[:1]
            assert error["code"] == status and says in error["description"]
        else:
            assert xml(response).tag == "errors"
    assert Report.objects.count() == 0


def test_address_string_or_address_id_place_the_report_in_that_area(
    api: Client, app_key: str, pothole: Any, west: Any, east: Any
) -> None:
    by_name = post(
        api, app_key, lat=None, long=None, address_string="Jl. Melati 3, Timur, Kota Uji",
        **{"attribute[ukuran]": "besar"},
    )  # fmt: skip
    by_id = post(
        api, app_key, lat=None, long=None, address_id=west.code, **{"attribute[ukuran]": "besar"}
    )
    assert by_name.status_code == by_id.status_code == 200
    first = Report.objects.get(code=by_name.json()[0]["service_request_id"])
    second = Report.objects.get(code=by_id.json()[0]["service_request_id"])
    assert first.kelurahan == east and first.address.startswith("Jl. Melati 3")
    assert second.kelurahan == west


def test_an_address_naming_no_known_area_is_kept_for_the_live_room_to_place(
    api: Client, app_key: str, pothole: Any, west: Any
) -> None:
    response = post(
        api, app_key, lat=None, long=None, address_string="Jl. Entah 5, Kota Lain",
        **{"attribute[ukuran]": "besar"},
    )  # fmt: skip
    assert response.status_code == 200, response.content
    report = Report.objects.get(code=response.json()[0]["service_request_id"])
    assert report.needs_place and report.place_source == "none"
    assert (report.lat, report.lng, report.kelurahan) == (None, None, None)
    assert report.address == "Jl. Entah 5, Kota Lain"
    [answer] = api.get(f"{V2}/requests/{report.code}.json").json()
    assert answer["lat"] is None and answer["long"] is None
    assert answer["address"] == "Jl. Entah 5, Kota Lain"
    again = api.get(f"{V2}/requests/{report.code}.xml")
    assert again.status_code == 200


def test_multipart_photo_goes_through_the_photo_pipeline(
    api: Client, app_key: str, pothole: Any, west: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    photo = SimpleUploadedFile(
        "lubang.jpg", make_image(seed=3, gps=(-6.175, 106.625)), "image/jpeg"
    )
    response = post(api, app_key, media=photo, **{"attribute[ukuran]": "besar"})
    assert response.status_code == 200
    report = Report.objects.get(code=response.json()[0]["service_request_id"])
    assert report.photos.count() == 1
    bogus = SimpleUploadedFile("x.jpg", b"bukan foto", "image/jpeg")
    refused = post(api, app_key, media=bogus, **{"attribute[ukuran]": "besar"})
    assert refused.status_code == 400 and Report.objects.count() == 1


def test_idempotency_key_makes_one_report(
    api: Client, app_key: str, pothole: Any, west: Any
) -> None:
    first = api.post(
        f"{V2}/requests.json",
        {"api_key": app_key, "service_code": "INF-JLN", "lat": IN_WEST[0], "long": IN_WEST[1],
         "attribute[ukuran]": "besar"},
        headers={"Idempotency-Key": "abc-1"},
    )  # fmt: skip
    again = api.post(
        f"{V2}/requests.json",
        {"api_key": app_key, "service_code": "INF-JLN", "lat": IN_WEST[0], "long": IN_WEST[1],
         "attribute[ukuran]": "besar"},
        headers={"Idempotency-Key": "abc-1"},
    )  # fmt: skip
    assert first.json() == again.json() and Report.objects.count() == 1
    other = api.post(
        f"{V2}/requests.json",
        {"api_key": app_key, "service_code": "INF-JLN", "lat": IN_WEST[0], "long": IN_WEST[1],
         "attribute[ukuran]": "kecil"},
        headers={"Idempotency-Key": "abc-1"},
    )  # fmt: skip
    assert other.status_code == 400 and "idempotensi" in other.json()[0]["description"]
    assert Report.objects.count() == 1


@pytest.mark.usefixtures("rate_window")
def test_the_rate_limit_answers_429(api: Client, city: Any, app_key: str, pothole: Any) -> None:
    Application.objects.update(requests_per_minute=2)
    assert post(api, app_key, **{"attribute[ukuran]": "besar"}).status_code == 200
    assert post(api, app_key, **{"attribute[ukuran]": "besar"}).status_code == 200
    limited = post(api, app_key, **{"attribute[ukuran]": "besar"})
    assert limited.status_code == 429 and limited.json()[0]["code"] == 429
    assert ApiRequest.objects.filter(status=429).count() == 1


# --- GET service requests ---------------------------------------------------------------------------


def test_get_requests_shapes_and_statuses(
    api: Client, make_report: Any, operator: Any, supervisor_a: Any
) -> None:
    first = make_report(seed=1, contact=actions.ContactInput(name="Rahasia", phone="0819999"))
    second = make_report(seed=2)
    actions.verify_report(second, by=operator, internal_note="catatan dalam")
    actions.reject_report(make_report(seed=3), by=operator, reason="Spam")
    data = api.get(f"{V2}/requests.json").json()
    assert [r["service_request_id"] for r in data] == [second.code, first.code]  # newest first
    assert data[1]["status"] == "open" and data[1]["media_url"].startswith(
        "http://testserver/foto/"
    )
    assert data[0]["agency_responsible"] and data[0]["status_notes"]
    assert data[0]["requested_datetime"].endswith("+07:00")
    text = json.dumps(data)
    assert "Rahasia" not in text and "0819999" not in text and "catatan dalam" not in text
    root = xml(api.get(f"{V2}/requests.xml"))
    assert root.tag == "service_requests" and len(root.findall("request")) == 2
    assert root.findtext("request/long") and root.find("request/zipcode") is not None


def test_get_requests_filters(
    api: Client, make_report: Any, streetlight: Any, operator: Any, supervisor_a: Any
) -> None:
    pothole_report = make_report(seed=1)
    light = make_report(seed=2, category=streetlight)
    done = make_report(seed=4)
    Report.objects.filter(pk=done.pk).update(status="closed")
    codes = lambda q: [r["service_request_id"] for r in api.get(f"{V2}/requests.json{q}").json()]  # noqa: E731
    assert codes(f"?service_code={streetlight.code}") == [light.code]
    assert codes(f"?service_code=INF-JLN,{streetlight.code}&status=closed") == [done.code]
    assert set(codes("?status=open")) == {pothole_report.code, light.code}
    # service_request_id overrides the rest
    assert codes(f"?service_request_id={light.code},{done.code}&status=open") == [
        done.code,
        light.code,
    ]
    assert codes("?page_size=1&page=2") == [light.code]
    old = timezone.now() - timedelta(days=200)
    Report.objects.filter(pk=pothole_report.pk).update(created_at=old)
    assert pothole_report.code not in codes("")
    window = f"?start_date={(old - timedelta(days=1)).isoformat()}".replace("+", "%2B")
    assert pothole_report.code in codes(window)


@pytest.mark.parametrize(
    "query",
    [
        "?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z",  # over 90 days
        "?start_date=2026-03-01T00:00:00Z&end_date=2026-02-01T00:00:00Z",  # inverted
        "?start_date=kemarin",
        "?status=pending",
        "?page=0",
        "?page_size=1001",
        "?page=x",
        "?jurisdiction_id=tidak-ada",
    ],
)
def test_get_requests_refusals(api: Client, city: Any, query: str) -> None:
    for fmt in ("json", "xml"):
        response = api.get(f"{V2}/requests.{fmt}{query}")
        expected = 404 if "jurisdiction" in query else 400
        assert response.status_code == expected
        body = response.json() if fmt == "json" else xmltodict.parse(response.content)
        assert body[0]["code"] == expected if fmt == "json" else body["errors"]["error"]


def test_empty_parameters_count_as_absent(api: Client, make_report: Any) -> None:
    make_report(seed=1)
    plain = api.get(f"{V2}/requests.json").json()
    empty = api.get(
        f"{V2}/requests.json?jurisdiction_id=&service_code=&status=&start_date=&end_date=&page="
    ).json()
    assert plain == empty and len(plain) == 1


def test_one_request_is_a_list_of_one_and_extensions_add_the_history(
    api: Client, make_report: Any, operator: Any
) -> None:
    report = make_report(seed=1)
    actions.verify_report(report, by=operator)
    [one] = api.get(f"{V2}/requests/{report.code}.json").json()
    assert one["service_request_id"] == report.code and "notes" not in one
    [extended] = api.get(f"{V2}/requests/{report.code}.json?extensions=true").json()
    assert [n["type"] for n in extended["notes"]] == ["created", "routed"]
    assert extended["extended_attributes"]["detailed_status"] == "verified"
    root = xml(api.get(f"{V2}/requests/{report.code}.xml?extensions=true"))
    assert root.findtext("request/extended_attributes/detailed_status") == "verified"
    assert len(root.findall("request/notes/note")) == 2


def test_unknown_or_private_requests_are_404(
    api: Client, make_report: Any, streetlight: Any
) -> None:
    streetlight.public = False
    streetlight.save()
    hidden = make_report(seed=1, category=streetlight)
    for code in ("TIDAK-ADA", hidden.code):
        for fmt in ("json", "xml"):
            assert api.get(f"{V2}/requests/{code}.{fmt}").status_code == 404
    assert api.get(f"{V2}/requests.json").json() == []


def test_tokens_are_never_issued(api: Client, city: Any) -> None:
    response = api.get(f"{V2}/tokens/123.xml")
    assert response.status_code == 404 and xml(response).tag == "errors"


def test_no_html_no_redirect_no_csrf_no_500(api: Client, city: Any, pothole: Any) -> None:
    for path, expected in [
        (f"{V2}/requests.json/", 404), (f"{V2}/nothing.xml", 404), (f"{V2}/", 404),
        (f"{V2}/services/%00.json", 404), (f"{V2}/requests.json?page_size=%F0%9F%98%80", 400),
    ]:  # fmt: skip
        response = api.get(path)
        assert response.status_code == expected, path
        assert "html" not in response["Content-Type"]
    assert api.delete(f"{V2}/requests.json").status_code == 405
    assert api.put(f"{V2}/services.xml").status_code == 405


def test_several_jurisdictions_on_one_server(api: Client, city: Any, pothole: Any) -> None:
    city.open311_id = "kota-uji.go.id"
    city.save()
    assert api.get(f"{V2}/services.json").status_code == 200  # one city: optional
    Jurisdiction.objects.create(slug="kota-lain", name="Kota Lain", code_prefix="LAN")
    assert api.get(f"{V2}/services.json").status_code == 400  # now required
    assert api.get(f"{V2}/services.json?jurisdiction_id=kota-uji.go.id").json()
    assert api.get(f"{V2}/services.json?jurisdiction_id=kota-lain").json() == []
    assert api.get(f"{V2}/services.xml?jurisdiction_id=nowhere").status_code == 404


# --- FixMyStreet's request updates ------------------------------------------------------------------


def test_fixmystreet_style_exchange_in_xml(
    api: Client, app_key: str, pothole: Any, west: Any, operator: Any
) -> None:
    # FixMyStreet posts a report with an attribute, in XML, key in the body...
    created = xml(post(api, app_key, "xml", description="Lubang", **{"attribute[ukuran]": "kecil"}))
    code = created.findtext("request/service_request_id")
    report = Report.objects.get(code=code)
    actions.verify_report(report, by=operator)
    # ... fetches the updates since then ...
    start = (timezone.now() - timedelta(hours=1)).isoformat().replace("+", "%2B")
    end = (timezone.now() + timedelta(minutes=5)).isoformat().replace("+", "%2B")
    root = xml(
        api.get(
            f"{V2}/servicerequestupdates.xml?start_date={start}&end_date={end}&api_key={app_key}"
        )
    )
    [update] = root.findall("request_update")
    assert update.findtext("service_request_id") == code and update.findtext("status") == "open"
    assert update.findtext("update_id") and update.findtext("updated_datetime").endswith("+07:00")
    # ... and posts its own update on it, twice (a retry): one note.
    body = {"api_key": app_key, "service_request_id": code, "update_id": "fms-77",
            "updated_datetime": "2026-11-28T10:00:00+07:00", "status": "OPEN",
            "description": "Warga: lubang makin besar", "first_name": "A", "last_name": "B"}  # fmt: skip
    first = xml(api.post(f"{V2}/servicerequestupdates.xml", body))
    again = xml(api.post(f"{V2}/servicerequestupdates.xml", body))
    assert first.findtext("request_update/update_id") == again.findtext("request_update/update_id")
    notes = ReportEvent.objects.filter(report=report, kind=EventKind.COMMENT)
    assert [n.public_note for n in notes] == ["Warga: lubang makin besar"]
    assert report.status == Report.objects.get(pk=report.pk).status  # an update never moves it
    assert api.post(f"{V2}/servicerequestupdates.xml", {**body, "api_key": ""}).status_code == 403
    missing = api.post(f"{V2}/servicerequestupdates.json", {**body, "service_request_id": "X"})
    assert missing.status_code == 404


# --- the real georeport client ----------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_the_georeport_client_works_unchanged(
    live_server: Any, fmt: str, make_report: Any, operator: Any
) -> None:
    from georeport import GeoReport

    report = make_report(seed=1)
    actions.verify_report(report, by=operator)
    client = GeoReport(f"{live_server.url}{V2}/", output_format=fmt)
    services = client.get_service_list()
    codes = [s["service_code"] for s in (services if isinstance(services, list) else [services])]
    assert "INF-JLN" in codes
    definition = client.get_service_definition("INF-JLN")
    attributes = (
        definition["attributes"] if fmt == "json" else definition["attributes"]["attribute"]
    )
    assert (attributes[0] if isinstance(attributes, list) else attributes)["code"] == "ukuran"
    listed = client.get_service_requests(service_code="INF-JLN", status="open")
    one = listed[0] if isinstance(listed, list) else listed
    assert one["service_request_id"] == report.code
    single = client.get_service_request(report.code)
    assert single["service_request_id"] == report.code and single["status"] == "open"


def test_staff_session_is_not_needed_and_not_used(make_report: Any, operator: Any) -> None:
    make_report(seed=1)
    as_staff = login(operator).get(f"{V2}/requests.json").json()
    assert as_staff == Client().get(f"{V2}/requests.json").json()


def test_xml_stays_well_formed_whatever_the_citizen_typed(api: Client, make_report: Any) -> None:
    make_report(seed=1, description='Lubang <b>"besar"</b> & dalam \x07\x0b di Jl. A&B')
    root = xml(api.get(f"{V2}/requests.xml"))
    assert root.findtext("request/description") == 'Lubang <b>"besar"</b> & dalam  di Jl. A&B'
