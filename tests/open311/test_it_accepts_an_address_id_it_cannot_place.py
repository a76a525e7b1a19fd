"""An address_id that names no area (FixMyStreet sends `#NOTPINPOINTED#` as its only location)
makes a report without a point, with address_string if given, for the LIVE Room to place; it was
refused with 400. A request with no location at all is still refused."""

from __future__ import annotations

from typing import Any
from xml.etree import ElementTree as ET

import pytest
from django.test import Client

from laksa.reports.models import EventKind, PlaceSource, Report

V2 = "/open311/v2"


def posted(api: Client, key: str, fmt: str = "xml", **data: str) -> Any:
    body = {"api_key": key, "service_code": "INF-JLN", "attribute[ukuran]": "kecil", **data}
    return api.post(f"{V2}/requests.{fmt}", body)


def created_note(report: Report) -> str:
    return report.events.get(kind=EventKind.CREATED).internal_note


def test_it_makes_a_report_to_place_from_fixmystreets_notpinpointed(
    api: Client, app_key: str, pothole: Any, west: Any
) -> None:
    answer = posted(api, app_key, address_id="#NOTPINPOINTED#", description="Lubang di jalan")
    assert answer.status_code == 200
    code = ET.fromstring(answer.content).findtext("request/service_request_id")
    report = Report.objects.get(code=code)
    assert report.needs_place and report.place_source == PlaceSource.NONE
    assert report.address == "" and report.kelurahan is None
    assert "address_id tidak cocok dengan wilayah mana pun: #NOTPINPOINTED#" in created_note(report)


def test_it_keeps_the_address_string_sent_with_it(
    api: Client, app_key: str, pothole: Any, west: Any
) -> None:
    answer = posted(api, app_key, "json", address_id="00.00", address_string="Jl. Merdeka 5")
    assert answer.status_code == 200
    report = Report.objects.get(code=answer.json()[0]["service_request_id"])
    assert report.address == "Jl. Merdeka 5" and report.needs_place


def test_it_places_a_report_by_a_known_address_id_as_before(
    api: Client, app_key: str, pothole: Any, west: Any
) -> None:
    answer = posted(api, app_key, "json", address_id=west.code)
    report = Report.objects.get(code=answer.json()[0]["service_request_id"])
    assert report.kelurahan == west and report.place_source == PlaceSource.AREA
    assert "address_id" not in created_note(report)


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_it_still_refuses_a_request_with_no_location(
    api: Client, app_key: str, pothole: Any, west: Any, fmt: str
) -> None:
    answer = posted(api, app_key, fmt, address_id="", address_string=" ")
    assert answer.status_code == 400
    assert b"Lokasi wajib" in answer.content
    assert Report.objects.count() == 0
