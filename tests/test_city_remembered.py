"""The city a site serves is read on every request: a process remembers it, and forgets it the
moment a jurisdiction is saved or deleted here."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from laksa.org.models import Jurisdiction
from laksa.org.selectors import current_jurisdiction, forget_city


def test_it_reads_the_city_once(city: Jurisdiction) -> None:
    with CaptureQueriesContext(connection) as queries:  # read when it was saved
        assert current_jurisdiction() == city
    assert len(queries) == 0


def test_it_sees_a_saved_change_at_once(city: Jurisdiction) -> None:
    assert current_jurisdiction().name == "Kota Uji"
    city.name = "Kota Uji Baru"
    city.save(update_fields=["name"])
    assert current_jurisdiction().name == "Kota Uji Baru"


def test_it_follows_the_configured_city(city: Jurisdiction, settings: Any) -> None:
    other = Jurisdiction.objects.create(slug="kota-lain", name="Kota Lain", code_prefix="LAN")
    assert current_jurisdiction() == city
    settings.LAKSA_JURISDICTION = "kota-lain"
    assert current_jurisdiction() == other


def test_a_page_asks_for_the_city_no_more_than_once(client: Any, city: Jurisdiction) -> None:
    forget_city()
    client.get("/")  # the first request of the process reads it
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    assert not [q for q in queries if 'FROM "org_jurisdiction"' in q["sql"]]
