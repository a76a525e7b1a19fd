"""After a completion sent by the phone's queue (JSON; the phone then reloads), the next page
says at its top that it worked, in the user's language."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse

from tests.conftest import login
from tests.field.helpers import NEAR, accepted_job, complete, proof_file


def top_messages(body: str) -> str:
    """The messages list, which the base layout puts above the page's main content."""
    start = body.index('<ul class="messages">')
    assert start < body.index("<main")
    return body[start : body.index("</ul>", start)]


def test_it_confirms_on_the_page_the_phone_opens_next(
    make_report: Any, operator: Any, supervisor_a: Any
) -> None:
    report = accepted_job(make_report, operator, supervisor_a, seed=1)
    client = login(supervisor_a)
    assert complete(client, report, proof_file(60, gps=NEAR), queued=True).status_code == 200
    body = client.get(reverse("field:report", args=[report.code])).content.decode()
    shown = top_messages(body)
    assert 'class="msg-success"' in shown
    assert "Pekerjaan selesai; warga sekarang melihat foto bukti." in shown
    again = client.get(reverse("field:report", args=[report.code])).content.decode()
    assert '<ul class="messages">' not in again  # said once


def test_it_confirms_in_english_for_an_english_user(
    make_report: Any, operator: Any, supervisor_a: Any
) -> None:
    report = accepted_job(make_report, operator, supervisor_a, seed=1)
    client = login(supervisor_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    complete(client, report, proof_file(60, gps=NEAR), queued=True)
    body = client.get(reverse("field:report", args=[report.code])).content.decode()
    assert "Job done; the citizen can now see the proof photos." in top_messages(body)
