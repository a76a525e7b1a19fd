"""A bot that fills the hidden field gets a thank-you and stores nothing; more than a few posts a
minute from one address are refused (429) until the minute is over."""

from __future__ import annotations

from typing import Any

from django.test import Client

from laksa.catalog.models import Category
from laksa.intake.guestbook.throttle import LIMIT
from laksa.reports.models import Report
from tests.intake.guestbook.conftest import URL, entry


def test_it_stores_nothing_when_the_honeypot_is_filled(
    catch_all: Category, citizen: Client
) -> None:
    response = citizen.post(URL, entry(website="http://spam.example"))

    assert response.status_code == 200
    assert "Pesan Anda sudah kami terima" in response.content.decode()
    assert not Report.objects.exists()


def test_it_refuses_too_many_posts_a_minute_from_one_address(
    catch_all: Category, citizen: Client, clock: Any
) -> None:
    clock.at("2026-12-01T10:00:05")
    for _ in range(LIMIT):
        assert citizen.post(URL, entry(), REMOTE_ADDR="203.0.113.9").status_code == 303

    refused = citizen.post(URL, entry(), REMOTE_ADDR="203.0.113.9")
    elsewhere = citizen.post(URL, entry(), REMOTE_ADDR="198.51.100.4")
    clock.shift(minutes=1)
    later = citizen.post(URL, entry(), REMOTE_ADDR="203.0.113.9")

    assert refused.status_code == 429
    assert "Terlalu banyak pesan" in refused.content.decode()
    assert elsewhere.status_code == 303 and later.status_code == 303
    assert Report.objects.count() == LIMIT + 2
