"""The report form's hidden token is in the page, so whoever sees the page after the citizen (a
shared phone, the back button, a cache) can post it again. The same form again from the browser
that sent it (a double tap, a retry after a lost answer) gets its own report's private link; any
other browser learns only that it was sent, and other content under a used token is refused."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from laksa.catalog.models import Category
from laksa.org.models import Area
from laksa.public.views import SESSION_REPORTS
from laksa.reports.models import Report
from tests.conftest import IN_WEST
from tests.images import make_image, upload

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="form_token" value="([0-9a-f-]{36})"')


def _token(page: Any) -> str:
    found = TOKEN.search(page.content.decode())
    assert found is not None
    return found.group(1)


def _form(category: Category, token: str, **changes: Any) -> dict[str, Any]:
    return {
        "form_token": token,
        "category": str(category.pk),
        "description": "Lubang besar di depan SD Negeri 3",
        "lat": str(IN_WEST[0]),
        "lng": str(IN_WEST[1]),
        "address": "depan SDN 3",
        "name": "Budi",
        "phone": "0812 3456 7890",
        "email": "budi@example.com",
        "q_ukuran": "besar",
        "photos": [upload(make_image(seed=1))],
    } | changes


def test_it_gives_the_sender_its_own_link_on_a_double_submit(pothole: Category, west: Area) -> None:
    browser = Client()
    token = _token(browser.get("/lapor/"))

    first = browser.post("/lapor/", _form(pothole, token))
    # The second post may be read before the first one's session is saved: the form's token,
    # issued with the page, still says whose it is.
    session = browser.session
    del session[SESSION_REPORTS]
    session.save()
    second = browser.post("/lapor/", _form(pothole, token))

    report = Report.objects.get()
    assert first.status_code == second.status_code == 303
    assert first["Location"] == second["Location"] == f"/r/{report.code}/{report.secret}/"


def test_it_tells_another_browser_only_that_the_form_was_sent(
    pothole: Category, west: Area
) -> None:
    reporter = Client()
    token = _token(reporter.get("/lapor/"))
    reporter.post("/lapor/", _form(pothole, token))
    report = Report.objects.get()

    stranger = Client()
    answer = stranger.post("/lapor/", _form(pothole, token))

    html = answer.content.decode()
    assert answer.status_code == 200
    assert "Laporan sudah terkirim" in html
    assert report.secret not in html and report.code not in html
    assert "no-store" in answer["Cache-Control"]
    assert Report.objects.count() == 1


def test_it_refuses_other_content_under_a_used_token(pothole: Category, west: Area) -> None:
    reporter = Client()
    token = _token(reporter.get("/lapor/"))
    reporter.post("/lapor/", _form(pothole, token))
    report = Report.objects.get()

    stranger = Client()
    refused = stranger.post(
        "/lapor/",
        _form(
            pothole,
            token,
            description="apa saja",
            name="X",
            phone="",
            email="",
            photos=[upload(make_image(seed=5))],
        ),
    )

    html = refused.content.decode()
    assert refused.status_code == 400
    assert "Formulir ini sudah pernah dikirim dengan isi yang lain." in html
    assert report.secret not in html and report.code not in html
    assert Report.objects.count() == 1
    # The form comes back with a new token: sent again, it is a new report of its own.
    fresh = _token(refused)
    assert fresh != token
    again = stranger.post(
        "/lapor/",
        _form(pothole, fresh, description="apa saja", photos=[upload(make_image(seed=5))]),
    )
    second = Report.objects.exclude(pk=report.pk).get()
    assert again.status_code == 303
    assert again["Location"] == f"/r/{second.code}/{second.secret}/"


def test_it_refuses_the_sender_other_content_under_its_used_token(
    pothole: Category, west: Area
) -> None:
    """The back button, the form changed, sent again: not silently the first report."""
    reporter = Client()
    token = _token(reporter.get("/lapor/"))
    reporter.post("/lapor/", _form(pothole, token))

    changed = reporter.post("/lapor/", _form(pothole, token, description="Lubang kedua di gang"))

    assert changed.status_code == 400
    assert "Formulir ini sudah pernah dikirim dengan isi yang lain." in changed.content.decode()
    assert Report.objects.count() == 1


def test_it_keeps_the_form_page_out_of_every_cache(pothole: Category) -> None:
    response = Client().get("/lapor/")

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
