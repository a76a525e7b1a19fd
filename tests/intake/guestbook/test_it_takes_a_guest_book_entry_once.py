"""The same form sent twice (a double tap, a reload after a lost answer) is one entry, and both
answers thank for the same code."""

from __future__ import annotations

from django.test import Client

from laksa.catalog.models import Category
from laksa.reports.models import Report
from tests.intake.guestbook.conftest import URL, entry, thanks_url


def test_it_stores_a_re_posted_form_once(catch_all: Category, citizen: Client) -> None:
    posted = entry(contact="warga@example.id")

    first = citizen.post(URL, posted)
    first_thanks = citizen.get(thanks_url()).content.decode()
    again = citizen.post(URL, posted)
    again_thanks = citizen.get(thanks_url()).content.decode()

    assert first.status_code == again.status_code == 303
    report = Report.objects.get()
    assert report.code in first_thanks and report.code in again_thanks
