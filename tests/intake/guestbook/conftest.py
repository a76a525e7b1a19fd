"""What the guest book's tests share: the city's catch-all category and a filled-in form."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.urls import reverse

from laksa.catalog.models import Category
from laksa.org.models import Agency, Area, Jurisdiction

URL = "/buku-tamu/"
MESSAGE = "Kapan taman kota di Cikokol dibuka lagi setelah renovasi?"


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    cache.clear()  # another test's posts per minute
    yield
    cache.clear()


@pytest.fixture
def catch_all(city: Jurisdiction, agency_a: Agency, west: Area, east: Area) -> Category:
    return Category.objects.create(
        jurisdiction=city,
        code="LAIN",
        group="Lainnya",
        name_id="Lainnya",
        name_en="Other",
        agency=agency_a,
        catch_all=True,
    )


def entry(**changes: Any) -> dict[str, Any]:
    """A guest book post as the page sends it (without the CSRF token)."""
    return {
        "form_token": str(uuid.uuid4()),
        "message": MESSAGE,
        "name": "",
        "contact": "",
        "address": "",
        "lat": "",
        "lng": "",
        "website": "",
    } | changes


def thanks_url() -> str:
    return reverse("intake:guestbook_thanks")
