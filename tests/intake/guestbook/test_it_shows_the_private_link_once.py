"""Review 4, finding 5: the tablet in a kelurahan office is one browser. The thank-you page shows
the entry's private link once; opened again (a reload, the next visitor through the history or
the back button) it says the letter came, with its code, and without the link. Posting the same
form again from that browser does not bring the link back."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client
from django.urls import reverse

from laksa.catalog.models import Category
from laksa.reports.models import Report
from tests.intake.guestbook.conftest import URL, entry, thanks_url

TOKEN = re.compile(r'name="form_token" value="([0-9a-f-]{36})"')
LETTER = {"name": "Siti", "contact": "081299990000", "message": "Keluhan tentang petugas X"}
ONCE = "Tautan pribadi pesan ini hanya ditampilkan sekali"


def _token(page: Any) -> str:
    found = TOKEN.search(page.content.decode())
    assert found is not None
    return found.group(1)


def test_it_shows_the_link_on_the_first_thank_you_page_only(catch_all: Category) -> None:
    tablet = Client()
    tablet.post(URL, entry(form_token=_token(tablet.get(URL)), **LETTER))
    report = Report.objects.get()
    private = reverse("public:track_private", args=[report.code, report.secret])

    first = tablet.get(thanks_url()).content.decode()
    later = tablet.get(thanks_url())

    assert private in first and ONCE not in first
    html = later.content.decode()
    assert later.status_code == 200
    assert report.secret not in html and private not in html
    assert report.code in html and ONCE in html


def test_it_does_not_give_the_link_back_to_the_same_form_posted_again(
    catch_all: Category,
) -> None:
    tablet = Client()
    filled = entry(form_token=_token(tablet.get(URL)), **LETTER)
    tablet.post(URL, filled)
    tablet.get(thanks_url())  # the writer saw the link, and left

    again = tablet.post(URL, filled)  # the next visitor, back on the restored form
    html = tablet.get(thanks_url()).content.decode()

    report = Report.objects.get()
    assert again.status_code == 303
    assert report.secret not in html and report.code in html


def test_it_shows_a_new_letters_link_to_the_next_writer(catch_all: Category) -> None:
    tablet = Client()
    tablet.post(URL, entry(form_token=_token(tablet.get(URL)), **LETTER))
    tablet.get(thanks_url())

    tablet.post(URL, entry(form_token=_token(tablet.get(URL)), message="Terima kasih, Pak Lurah"))
    html = tablet.get(thanks_url()).content.decode()

    first, second = Report.objects.order_by("id")
    assert second.secret in html and second.code in html
    assert first.secret not in html and first.code not in html
