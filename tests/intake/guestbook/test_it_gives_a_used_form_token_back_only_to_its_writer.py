"""The guest book stands on a shared tablet too: its form's token, posted again from another
browser, gives back neither the entry's code nor its private link; other content under a used
token is refused; and no page holding a token or a link is kept by a cache."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client

from laksa.catalog.models import Category
from laksa.intake.guestbook.views import SESSION_THANKS
from laksa.reports.models import Report
from tests.intake.guestbook.conftest import URL, entry, thanks_url

TOKEN = re.compile(r'name="form_token" value="([0-9a-f-]{36})"')
LETTER = {"name": "Siti", "contact": "081299990000", "message": "Keluhan tentang petugas X"}


def _token(page: Any) -> str:
    found = TOKEN.search(page.content.decode())
    assert found is not None
    return found.group(1)


def test_it_thanks_the_writer_with_the_link_on_a_double_tap(catch_all: Category) -> None:
    writer = Client()
    token = _token(writer.get(URL))

    writer.post(URL, entry(form_token=token, **LETTER))
    # The second post may be read before the first one's session is saved.
    session = writer.session
    del session[SESSION_THANKS]
    session.save()
    again = writer.post(URL, entry(form_token=token, **LETTER))

    report = Report.objects.get()
    assert again.status_code == 303
    assert report.secret in writer.get(thanks_url()).content.decode()


def test_it_tells_another_browser_only_that_the_entry_came(catch_all: Category) -> None:
    writer = Client()
    token = _token(writer.get(URL))
    writer.post(URL, entry(form_token=token, **LETTER))
    report = Report.objects.get()

    stranger = Client()
    answer = stranger.post(URL, entry(form_token=token, **LETTER))
    html = answer.content.decode()

    assert answer.status_code == 200
    assert "Pesan Anda sudah kami terima." in html
    assert report.secret not in html and report.code not in html
    assert stranger.get(thanks_url()).status_code == 302  # nothing kept for this browser
    assert Report.objects.count() == 1


def test_it_refuses_other_content_under_a_used_token(catch_all: Category) -> None:
    writer = Client()
    token = _token(writer.get(URL))
    writer.post(URL, entry(form_token=token, **LETTER))
    report = Report.objects.get()

    stranger = Client()
    refused = stranger.post(URL, entry(form_token=token, message="halo"))
    html = refused.content.decode()

    assert refused.status_code == 400
    assert "Formulir ini sudah pernah dikirim dengan isi yang lain." in html
    assert report.secret not in html and report.code not in html
    assert _token(refused) != token  # sent again, it is a new entry
    assert stranger.get(thanks_url()).status_code == 302
    assert Report.objects.count() == 1


def test_it_keeps_the_form_and_the_thanks_out_of_every_cache(catch_all: Category) -> None:
    writer = Client()
    form = writer.get(URL)
    writer.post(URL, entry(form_token=_token(form), **LETTER))
    thanks = writer.get(thanks_url())

    for page in (form, thanks):
        assert page.status_code == 200
        assert "no-store" in page["Cache-Control"] and "private" in page["Cache-Control"]
