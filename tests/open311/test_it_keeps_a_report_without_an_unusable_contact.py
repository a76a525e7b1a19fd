"""An optional submitter field Laksa cannot keep (a phone it cannot read that does not fit, an
invalid e-mail address, a media_url too long or not http) is left out and the report made, with
a note for the LIVE Room in its creation event; the whole report was refused with 400. The note
says why a phone or an e-mail address was left out, never its value: field crews and executives
read internal notes, a reporter's contact is for the roles that triage."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from laksa.reports.models import EventKind, Report
from tests.conftest import IN_WEST

V2 = "/open311/v2"


def posted(api: Client, key: str, fmt: str = "json", **data: str) -> Any:
    body = {"api_key": key, "service_code": "INF-JLN", "attribute[ukuran]": "kecil",
            "lat": IN_WEST[0], "long": IN_WEST[1], "first_name": "Budi", **data}  # fmt: skip
    return api.post(f"{V2}/requests.{fmt}", body)


def made(answer: Any) -> Report:
    assert answer.status_code == 200
    return Report.objects.get(code=answer.json()[0]["service_request_id"])


def created_note(report: Report) -> str:
    return report.events.get(kind=EventKind.CREATED).internal_note


@pytest.mark.parametrize(
    "written", ["+1 (555) 123-4567 ext. 12", "telepon kantor kelurahan barat", "0" * 21]
)
def test_it_leaves_out_a_phone_it_cannot_keep_whole(
    api: Client, app_key: str, pothole: Any, west: Any, written: str
) -> None:
    report = made(posted(api, app_key, phone=written, email="budi@example.com"))
    assert report.contact.phone == ""
    assert report.contact.email == "budi@example.com" and report.contact.name == "Budi"
    note = created_note(report)
    assert note == (
        "Nomor telepon pelapor tidak disimpan: tidak terbaca sebagai nomor dan lebih dari 20 "
        "karakter."
    )
    assert written not in note and "555" not in note and "000" not in note


@pytest.mark.parametrize("written", ["not-an-email", "budi@", "a" * 250 + "@example.com"])
def test_it_leaves_out_an_invalid_email(
    api: Client, app_key: str, pothole: Any, west: Any, written: str
) -> None:
    report = made(posted(api, app_key, email=written, phone="081234567890"))
    assert report.contact.email == "" and report.contact.phone == "+6281234567890"
    note = created_note(report)
    why = "lebih dari 254 karakter" if len(written) > 254 else "tidak valid"
    assert note == f"Alamat surel pelapor tidak disimpan: {why}."
    assert written[:5] not in note


@pytest.mark.parametrize("written", ["https://example.com/" + "a" * 481, "javascript:alert(1)"])
def test_it_leaves_out_a_media_url_it_cannot_keep(
    api: Client, app_key: str, pothole: Any, west: Any, written: str
) -> None:
    report = made(posted(api, app_key, media_url=written))
    assert report.media_url == ""
    note = created_note(report)
    assert "media_url tidak bisa dipakai, tidak disimpan: " in note
    assert written[:50] in note and len(note) < 300


def test_it_notes_every_field_it_left_out(
    api: Client, app_key: str, pothole: Any, west: Any
) -> None:
    report = made(posted(api, app_key, phone="x" * 30, email="x@",
                         media_url="ftp://example.com/a.jpg"))  # fmt: skip
    note = created_note(report)
    assert "Nomor telepon" in note and "Alamat surel" in note and "media_url" in note
    assert report.contact.name == "Budi"


def test_it_keeps_usable_fields_and_notes_nothing(
    api: Client, app_key: str, pothole: Any, west: Any
) -> None:
    report = made(posted(api, app_key, phone="555-1234", email="budi@example.com",
                         media_url="https://example.com/a.jpg"))  # fmt: skip
    assert report.contact.phone == "555-1234" and report.contact.email == "budi@example.com"
    assert report.media_url == "https://example.com/a.jpg"
    assert created_note(report) == ""


def test_it_still_refuses_an_outside_update_with_a_bad_media_url(
    api: Client, app_key: str, make_report: Any
) -> None:
    report = make_report()
    answer = api.post(f"{V2}/servicerequestupdates.json",
                      {"api_key": app_key, "service_request_id": report.code,
                       "description": "x", "media_url": "javascript:alert(1)"})  # fmt: skip
    assert answer.status_code == 400 and b"media_url" in answer.content


def test_it_still_refuses_an_invalid_email_on_the_web_form(city: Any, pothole: Any) -> None:
    from laksa.intake.errors import Rejected
    from laksa.intake.inbound import Inbound
    from laksa.intake.receive import receive
    from laksa.reports.actions import ContactInput

    inbound = Inbound(channel="web", text="Lubang", category=pothole, lat=IN_WEST[0],
                      lng=IN_WEST[1], answers={"ukuran": "kecil"},
                      contact=ContactInput(email="not-an-email"))  # fmt: skip
    with pytest.raises(Rejected):
        receive(inbound, jurisdiction=city)
