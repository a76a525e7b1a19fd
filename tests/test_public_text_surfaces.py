"""A phone number and an e-mail address the reporter typed (in the description, the address, a
dispute reason, a confirm note) or an outside app posted are masked on every public surface: the
tracking page and the private link's page, the citizen API, Open311 and the live stream's public
and wall projections. A note a staff member wrote (a reply giving the city's hotline, a verify
note) is shown as written, staff screens show everything as written, and an Open311 answer
without personal data is unchanged."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from laksa.live.projection import PUBLIC, STAFF, WALL, Viewer, render
from laksa.reports import actions
from laksa.reports.feed import events_after
from laksa.reports.models import Report
from tests.api_helpers import API, post_json
from tests.conftest import login
from tests.test_open311 import V2
from tests.test_open311_updates import window

pytestmark = pytest.mark.django_db

TYPED = "Lubang dalam. Hubungi saya Budi 0813-7777-1234 / budi.rahasia@contoh.id"
SHOWN = "Lubang dalam. Hubungi saya Budi [nomor disembunyikan] / [surel disembunyikan]"
REASON = "Belum, telp saya 081299990000"
PLACE = "Jl Merdeka 5 Cipondoh. Budi 081234567890"
PLACE_SHOWN = "Jl Merdeka 5 Cipondoh. Budi [nomor disembunyikan]"
SECRETS = ("0813-7777-1234", "budi.rahasia@contoh.id", "081299990000", "081234567890")
OFFICIAL = "Silakan hubungi UPT PJU 021-5587-1234 atau pengaduan@tangerangkota.go.id"


def leaks(text: str) -> list[str]:
    return [s for s in SECRETS if s in text]


def test_it_masks_the_description_on_every_public_surface(
    citizen: Client, make_report: Any, operator: Any
) -> None:
    report = make_report(description=TYPED)
    pages = {
        "track": citizen.get(f"/r/{report.code}/"),
        "private": citizen.get(f"/r/{report.code}/{report.secret}/"),
        "api": citizen.get(f"{API}/reports/{report.code}"),
        "api list": citizen.get(f"{API}/reports"),
        "open311 json": citizen.get(f"{V2}/requests/{report.code}.json"),
        "open311 xml": citizen.get(f"{V2}/requests/{report.code}.xml"),
    }
    for name, response in pages.items():
        assert response.status_code == 200, name
        text = response.content.decode()
        assert not leaks(text), name
        assert "[nomor disembunyikan]" in text and "[surel disembunyikan]" in text, name
    assert citizen.get(f"{API}/reports/{report.code}").json()["description"] == SHOWN
    assert citizen.get(f"{V2}/requests/{report.code}.json").json()[0]["description"] == SHOWN


def test_it_masks_the_address_on_the_page_the_api_and_open311(
    citizen: Client, make_report: Any, operator: Any
) -> None:
    """The SMS `#place`, the web form's "Alamat atau patokan" and Open311's address_string are
    free text the reporter typed, as the description is."""
    report = make_report(address=PLACE)
    code = report.code
    page = citizen.get(f"/r/{code}/").content.decode()
    assert PLACE_SHOWN in page and not leaks(page)
    assert citizen.get(f"{API}/reports/{code}").json()["address"] == PLACE_SHOWN
    assert citizen.get(f"{V2}/requests/{code}.json").json()[0]["address"] == PLACE_SHOWN
    assert not leaks(citizen.get(f"{V2}/requests/{code}.xml").content.decode())
    staff = login(operator).get(f"{API}/staff/reports/{code}").json()
    assert staff["address"] == PLACE


def test_a_staff_members_notes_are_shown_as_written(
    citizen: Client, make_report: Any, operator: Any
) -> None:
    """The hotline and the office address an operator gives are meant for the public."""
    report = make_report()
    actions.verify_report(report, by=operator, public_note=f"Diteruskan. {OFFICIAL}")
    actions.reply_to_citizen(report, by=operator, text=OFFICIAL)
    code = report.code
    page = citizen.get(f"/r/{code}/").content.decode()
    timeline = citizen.get(f"{API}/reports/{code}/timeline").json()
    updates = citizen.get(f"{V2}/servicerequestupdates.json?{window()}").json()
    request = citizen.get(f"{V2}/requests/{code}.json?extensions=true").json()[0]
    assert page.count(OFFICIAL) == 2
    assert [e["note"] for e in timeline["events"]][-2:] == [f"Diteruskan. {OFFICIAL}", OFFICIAL]
    assert [u["description"] for u in updates][-2:] == [f"Diteruskan. {OFFICIAL}", OFFICIAL]
    assert request["status_notes"] == OFFICIAL
    assert [n["description"] for n in request["notes"]][-2:] == [
        f"Diteruskan. {OFFICIAL}",
        OFFICIAL,
    ]
    item = [i for i in events_after(0) if i.report_id == report.pk][-1]
    for viewer in (Viewer(PUBLIC), Viewer(WALL, everything=True)):
        assert json.loads(render(item, viewer) or "{}")["note"] == OFFICIAL


def test_it_masks_an_outside_apps_update(
    citizen: Client, api: Client, app_key: str, make_report: Any, operator: Any
) -> None:
    report = make_report()
    actions.verify_report(report, by=operator)
    body = {"api_key": app_key, "service_request_id": report.code, "update_id": "fms-9",
            "description": "Warga: hubungi 0813-7777-1234"}  # fmt: skip
    assert api.post(f"{V2}/servicerequestupdates.json", body).status_code == 200
    updates = citizen.get(f"{V2}/servicerequestupdates.json?{window()}").json()
    assert updates[-1]["description"] == "Warga: hubungi [nomor disembunyikan]"
    page = citizen.get(f"/r/{report.code}/").content.decode()
    assert "Warga: hubungi [nomor disembunyikan]" in page and not leaks(page)


def test_staff_screens_keep_the_description_as_written(make_report: Any, operator: Any) -> None:
    report = make_report(description=TYPED)
    staff = login(operator)
    assert TYPED in staff.get(f"/console/r/{report.code}/").content.decode()
    assert staff.get(f"{API}/staff/reports/{report.code}").json()["description"] == TYPED


def test_it_masks_a_dispute_reason_on_the_page_the_timeline_and_open311(
    citizen: Client, done_report: Report
) -> None:
    actions.dispute_fix(done_report, secret=done_report.secret, reason=REASON)
    code = done_report.code
    page = citizen.get(f"/r/{code}/").content.decode()
    timeline = citizen.get(f"{API}/reports/{code}/timeline").json()
    updates = citizen.get(f"{V2}/servicerequestupdates.json?{window()}").json()
    request = citizen.get(f"{V2}/requests/{code}.json?extensions=true").json()[0]
    for text in (page, json.dumps(timeline), json.dumps(updates), json.dumps(request)):
        assert not leaks(text)
    shown = "Pelapor menyanggah: Belum, telp saya [nomor disembunyikan]"
    assert shown in page
    assert shown in [e["note"] for e in timeline["events"]]
    assert shown in [u["description"] for u in updates]
    assert request["status_notes"] == shown
    assert shown in [n["description"] for n in request["notes"]]


def test_it_masks_a_confirm_note_in_the_reporters_answer(
    citizen: Client, done_report: Report, operator: Any
) -> None:
    answer = post_json(
        citizen,
        f"/reports/{done_report.code}/confirm",
        {"secret": done_report.secret, "note": "Beres, makasih. WA 0813-7777-1234"},
    )
    assert answer.status_code == 200
    assert "Beres, makasih. WA [nomor disembunyikan]" in [
        e["note"] for e in answer.json()["events"]
    ]
    assert not leaks(citizen.get(f"/r/{done_report.code}/").content.decode())
    staff = login(operator).get(f"{API}/staff/reports/{done_report.code}").json()
    assert "Beres, makasih. WA 0813-7777-1234" in [e["public_note"] for e in staff["events"]]


def test_the_live_stream_masks_notes_for_the_public_and_the_wall_not_for_staff(
    done_report: Report,
) -> None:
    actions.dispute_fix(done_report, secret=done_report.secret, reason=REASON)
    item = [i for i in events_after(0) if i.report_id == done_report.pk][-1]
    public = json.loads(render(item, Viewer(PUBLIC)) or "{}")
    wall = json.loads(render(item, Viewer(WALL, everything=True)) or "{}")
    staff = json.loads(render(item, Viewer(STAFF, everything=True)) or "{}")
    masked = "Pelapor menyanggah: Belum, telp saya [nomor disembunyikan]"
    assert public["note"] == wall["note"] == masked
    assert staff["note"] == f"Pelapor menyanggah: {REASON}"


def test_open311_answers_without_personal_data_are_byte_for_byte_the_same(
    citizen: Client, done_report: Report, monkeypatch: Any
) -> None:
    """Sanity for the fast path: a description with dates, codes and street numbers, and a
    note, read once through the filter and once with the filter taken out."""
    Report.objects.filter(pk=done_report.pk).update(
        description="Lubang di Jl. Melati No. 12 RT 003/RW 005 sejak 02-08-2026, lihat UJI-2612-00009",
        address="Jl. Melati No. 12, Rp 850.000.000, tiang 8123 4567",
    )
    actions.dispute_fix(
        done_report, secret=done_report.secret, reason="Masih ada lubang di 2 titik"
    )
    urls = [
        f"{V2}/requests/{done_report.code}.json?extensions=true",
        f"{V2}/requests/{done_report.code}.xml?extensions=true",
        f"{V2}/servicerequestupdates.json?{window()}",
        f"{V2}/servicerequestupdates.xml?{window()}",
    ]
    filtered = [citizen.get(url).content for url in urls]
    monkeypatch.setattr("laksa.open311.shapes.for_public", lambda text: text)
    monkeypatch.setattr("laksa.open311.shapes.note_for_public", lambda note, actor_id: note)
    assert [citizen.get(url).content for url in urls] == filtered
