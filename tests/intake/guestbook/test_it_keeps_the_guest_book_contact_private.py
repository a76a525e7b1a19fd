"""The name and contact left in the guest book appear on no public page: not the thank-you page,
not the entry's tracking page, not the home page, not the public map's data."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from laksa.catalog.models import Category
from laksa.reports.models import Report
from tests.conftest import IN_WEST
from tests.intake.guestbook.conftest import URL, entry, thanks_url

NAME, EMAIL, PHONE = "Rahasia Wijaya", "rahasia.wijaya@example.id", "081299887766"


def test_it_shows_the_contact_on_no_public_page(
    catch_all: Category, citizen: Client, clock: Any
) -> None:
    clock.at("2026-12-01T10:00")
    citizen.post(URL, entry(name=NAME, contact=EMAIL, lat=str(IN_WEST[0]), lng=str(IN_WEST[1])))
    # The map's data while only the entry with a point exists (one without a point is not on
    # the map; public/map_data.py does not yet skip such reports).
    map_data = citizen.get(reverse("public:map_data"))
    citizen.post(URL, entry(name=NAME, contact=PHONE))
    first, second = Report.objects.order_by("id")
    assert first.contact is not None and first.contact.email == EMAIL
    assert second.contact is not None and second.contact.phone == "+6281299887766"

    pages = [
        citizen.get(thanks_url()),
        citizen.get(reverse("public:track", args=[first.code])),
        citizen.get(reverse("public:track", args=[second.code])),
        citizen.get(reverse("public:home")),
        map_data,
        citizen.get(URL),
    ]

    # The entries are not public (their tracking pages say "not found"); the contact is on none.
    assert [p.status_code for p in pages] == [200, 404, 404, 200, 200, 200]
    for page in pages:
        text = page.content.decode()
        for secret in (NAME, "Rahasia", EMAIL, PHONE, "81299887766"):
            assert secret not in text, (page.request["PATH_INFO"], secret)
