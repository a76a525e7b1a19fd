"""The citizen's confirmation after /lapor/: outside working hours it says when staff will read the
report; for an emergency category it gives the emergency number."""

from __future__ import annotations

import uuid
from zoneinfo import ZoneInfo

from django.test import Client

from laksa.catalog.models import Category
from tests.conftest import IN_WEST
from tests.images import make_image, upload

WIB = ZoneInfo("Asia/Jakarta")


def submit(client: Client, category: Category) -> str:
    response = client.post(
        "/lapor/",
        {
            "form_token": str(uuid.uuid4()),
            "category": str(category.pk),
            "description": "Lampu mati sepanjang jalan",
            "lat": str(IN_WEST[0]),
            "lng": str(IN_WEST[1]),
            "q_ukuran": "besar",
            "photos": [upload(make_image(seed=1))],
        },
        follow=True,
    )
    assert response.status_code == 200 and response.redirect_chain[-1][1] == 303
    return response.content.decode()


def test_it_says_nothing_extra_within_working_hours(clock, citizen, pothole, west):
    clock.at("2026-11-30T10:00")  # Monday 10:00
    body = submit(citizen, pothole)
    assert "akan dibaca petugas" not in body and "keadaan darurat" not in body


def test_it_says_when_the_report_will_be_read_in_the_evening(clock, citizen, pothole, west):
    clock.at("2026-11-28T20:30")  # Saturday evening; every day is a working day
    body = submit(citizen, pothole)
    assert "Laporan Anda akan dibaca petugas mulai Minggu 08:00 WIB." in body


def test_it_skips_days_off_and_public_holidays(clock, citizen, pothole, west, city):
    city.work_days = "0,1,2,3,4"
    city.save(update_fields=["work_days"])
    clock.at("2026-11-28T07:00")  # Saturday morning, Monday to Friday city
    assert "mulai Senin 08:00 WIB" in submit(citizen, pothole)
    city.work_days = "0,1,2,3,4,5,6"
    city.save(update_fields=["work_days"])
    clock.at("2026-12-24T19:00")  # Christmas Eve; the 25th is a holiday
    assert "mulai Sabtu 08:00 WIB" in submit(citizen, pothole)


def test_it_gives_the_emergency_number_for_an_emergency(clock, citizen, fire, west, city):
    city.emergency_number = "112"
    city.save(update_fields=["emergency_number"])
    clock.at("2026-11-28T23:00")
    body = submit(citizen, fire)
    assert "segera hubungi 112" in body and "akan dibaca petugas" not in body
    clock.at("2026-11-30T10:00")  # within hours too: a fire does not wait for a reply
    assert "segera hubungi 112" in submit(citizen, fire)


def test_it_says_it_in_english_too(clock, pothole, west):
    client = Client(headers={"Accept-Language": "en"})
    client.cookies["django_language"] = "en"
    clock.at("2026-11-28T20:30")
    body = submit(client, pothole)
    assert "will be read by staff from Sunday 08:00 WIB" in body
