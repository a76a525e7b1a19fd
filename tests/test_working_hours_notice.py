"""The citizen's confirmation after /lapor/: outside working hours it says when staff will read the
report; for an emergency category it gives the emergency number."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone

from laksa.catalog.models import Category
from tests.conftest import IN_WEST
from tests.images import make_image, upload

WIB = ZoneInfo("Asia/Jakarta")


def at(monkeypatch: Any, *moment: int) -> None:
    fixed = datetime(*moment, tzinfo=WIB)
    monkeypatch.setattr(timezone, "now", lambda: fixed)


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


@pytest.fixture
def fire(city, agency_b) -> Category:
    return Category.objects.create(
        jurisdiction=city,
        code="DRT-KBK",
        group="Darurat",
        name_id="Kebakaran",
        name_en="Fire",
        agency=agency_b,
        emergency=True,
    )


def test_it_says_nothing_extra_within_working_hours(monkeypatch, citizen, pothole, west):
    at(monkeypatch, 2026, 11, 30, 10, 0)  # Monday 10:00
    body = submit(citizen, pothole)
    assert "akan dibaca petugas" not in body and "keadaan darurat" not in body


def test_it_says_when_the_report_will_be_read_in_the_evening(monkeypatch, citizen, pothole, west):
    at(monkeypatch, 2026, 11, 28, 20, 30)  # Saturday evening; every day is a working day
    body = submit(citizen, pothole)
    assert "Laporan Anda akan dibaca petugas mulai Minggu 08:00 WIB." in body


def test_it_skips_days_off_and_public_holidays(monkeypatch, citizen, pothole, west, city):
    city.work_days = "0,1,2,3,4"
    city.save(update_fields=["work_days"])
    at(monkeypatch, 2026, 11, 28, 7, 0)  # Saturday morning, Monday to Friday city
    assert "mulai Senin 08:00 WIB" in submit(citizen, pothole)
    city.work_days = "0,1,2,3,4,5,6"
    city.save(update_fields=["work_days"])
    at(monkeypatch, 2026, 12, 24, 19, 0)  # Christmas Eve; the 25th is a holiday
    assert "mulai Sabtu 08:00 WIB" in submit(citizen, pothole)


def test_it_gives_the_emergency_number_for_an_emergency(monkeypatch, citizen, fire, west, city):
    city.emergency_number = "112"
    city.save(update_fields=["emergency_number"])
    at(monkeypatch, 2026, 11, 28, 23, 0)
    body = submit(citizen, fire)
    assert "segera hubungi 112" in body and "akan dibaca petugas" not in body
    at(monkeypatch, 2026, 11, 30, 10, 0)  # within hours too: a fire does not wait for a reply
    assert "segera hubungi 112" in submit(citizen, fire)


def test_it_says_it_in_english_too(monkeypatch, pothole, west):
    client = Client(headers={"Accept-Language": "en"})
    client.cookies["django_language"] = "en"
    at(monkeypatch, 2026, 11, 28, 20, 30)
    body = submit(client, pothole)
    assert "will be read by staff from Sunday 08:00 WIB" in body
