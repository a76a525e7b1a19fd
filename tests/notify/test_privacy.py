"""The reporter's address, copied into every message to them, is on no public page, map data,
Open311 answer or API response; staff see it masked."""

from __future__ import annotations

from laksa.notify.models import Message
from laksa.notify.outbox import drain
from laksa.reports import actions
from tests.conftest import login

PHONE_DIGITS = ("081234567293", "81234567293", "+6281234567293", "0812-3456-7293")
EMAIL = "siti.rahasia@contoh.id"


def public_answers(client, report) -> list[tuple[str, str]]:
    urls = [
        "/",
        f"/r/{report.code}/",
        f"/r/{report.code}/{report.secret}/",
        "/peta/data.json",
        "/open311/v2/requests.json",
        "/open311/v2/requests.xml",
        f"/open311/v2/requests/{report.code}.json",
        f"/open311/v2/requests/{report.code}.xml",
        "/open311/v2/servicerequestupdates.json",
        "/api/v1/reports",
        f"/api/v1/reports/{report.code}",
        f"/api/v1/reports/{report.code}/timeline",
        f"/r/kirim-tautan/?code={report.code}",
    ]
    found = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        found.append((url, response.content.decode()))
    asked = client.post("/r/kirim-tautan/", {"code": report.code, "contact": EMAIL})
    found.append(("/r/kirim-tautan/ (POST)", asked.content.decode()))
    return found


def test_it_keeps_the_address_off_every_public_answer(
    citizen, make_report, operator, sms_account, gateway, clock
):
    clock.at("2026-12-01T09:00")
    contact = actions.ContactInput(name="Siti", phone="0812-3456-7293", email=EMAIL)
    report = make_report(contact=contact)
    actions.verify_report(report, by=operator)
    actions.reply_to_citizen(report, by=operator, text="Petugas datang besok.")
    drain()
    assert Message.objects.filter(recipient="+6281234567293").count() == 3
    for url, body in public_answers(citizen, report):
        for secret in (*PHONE_DIGITS, EMAIL, "siti.rahasia"):
            assert secret not in body, f"{secret} shown at {url}"


def test_it_shows_staff_the_address_masked(make_report, operator, clock):
    clock.at("2026-12-01T09:00")
    report = make_report(contact=actions.ContactInput(phone="0812-3456-7293"))
    html = login(operator).get(f"/console/r/{report.code}/pesan/").content.decode()
    assert "+62 812****293" in html
    assert "81234567293" not in html
    assert report.code in html


def test_it_masks_an_email_address(make_report, operator):
    report = make_report(contact=actions.ContactInput(email=EMAIL))
    html = login(operator).get(f"/console/r/{report.code}/pesan/").content.decode()
    assert "si***@contoh.id" in html
    assert EMAIL not in html
