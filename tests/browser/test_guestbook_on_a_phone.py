"""The guest book (buku tamu) on a phone: a citizen writes a message with a contact and sees the
code; the page fits the screen, and the message waits in the LIVE Room's queue."""

from __future__ import annotations

from typing import Any

import pytest

from laksa.catalog.models import Category
from laksa.reports.models import Channel, Report
from tests.browser.conftest import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_citizen_writes_in_the_guest_book_on_a_phone(
    live_server: Any, phone: Any, city: Any, agency_a: Any
) -> None:
    Category.objects.create(
        jurisdiction=city, code="LAIN", group="Lain", name_id="Lainnya", name_en="Other",
        agency=agency_a, catch_all=True, public=False,
    )  # fmt: skip
    page = phone()
    page.goto(f"{live_server.url}/buku-tamu/")
    shot(page, "guestbook-phone")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    page.fill("textarea[name=message]", "Terima kasih, pelayanan KTP di kecamatan cepat sekali.")
    page.fill("input[name=name]", "Ibu Sari")
    page.fill("input[name=contact]", "0812 1111 2222")
    page.click("main button[type=submit]")
    page.wait_for_url("**/terima-kasih/**")
    shot(page, "guestbook-thanks-phone")
    report = Report.objects.get()
    assert report.channel == Channel.GUESTBOOK and report.code in page.content()
    assert "0812" not in page.content()  # the contact is never shown back
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
