"""The LIVE Room hides a report from the public, or shows it again, from the report's page and
through the staff API: the one verb (dispatch/verbs.py "visibility") behind both."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from laksa.reports import actions
from laksa.reports.errors import InvalidInput
from laksa.reports.models import Channel, EventKind, Report
from tests.api_helpers import post_json
from tests.conftest import login
from tests.test_api_staff import token_for


def _public(report: Report) -> bool:
    return Report.objects.get(pk=report.pk).public


def test_an_operator_hides_and_shows_a_report_from_its_page(
    make_report: Any, operator: Any
) -> None:
    report = make_report()
    client = login(operator)
    page = reverse("console:report", args=[report.code])
    assert 'class="card visibility"' in client.get(page).content.decode()
    assert "Sembunyikan dari publik" in client.get(page).content.decode()

    response = client.post(
        reverse("console:visibility", args=[report.code]),
        {"version": report.version, "public": "False", "note": "Foto memuat wajah warga"},
    )
    assert response.status_code == 302
    assert not _public(report)
    assert Client().get(reverse("public:track", args=[report.code])).status_code == 404
    event = report.events.filter(kind=EventKind.VISIBILITY).get()
    assert (event.internal_note, event.public_note) == ("Foto memuat wajah warga", "")
    assert "Tampilkan untuk publik" in client.get(page).content.decode()

    report.refresh_from_db()
    client.post(
        reverse("console:visibility", args=[report.code]),
        {"version": report.version, "public": "True"},
    )
    assert _public(report)
    assert Client().get(reverse("public:track", args=[report.code])).status_code == 200


def test_a_stale_form_changes_nothing(make_report: Any, operator: Any) -> None:
    report = make_report()
    response = login(operator).post(
        reverse("console:visibility", args=[report.code]),
        {"version": report.version + 1, "public": "False"},
        follow=True,
    )
    assert "sudah diubah orang lain" in response.content.decode()
    assert _public(report)
    assert not report.events.filter(kind=EventKind.VISIBILITY).exists()


def test_only_the_live_room_may(make_report: Any, supervisor_a: Any, mayor: Any) -> None:
    report = make_report()
    for user in (supervisor_a, mayor):
        client = login(user)
        response = client.post(
            reverse("console:visibility", args=[report.code]),
            {"version": report.version, "public": "False"},
        )
        assert response.status_code in (403, 404)
        assert _public(report)


def test_the_staff_api_hides_a_report(make_report: Any, operator: Any) -> None:
    report = make_report()
    client, auth = Client(), token_for(operator)
    hidden = post_json(
        client,
        f"/staff/reports/{report.code}/visibility",
        {"expected_version": report.version, "public": False, "note": "Data pribadi"},
        **auth,
    )
    assert hidden.status_code == 200, hidden.content
    assert hidden.json()["public"] is False
    again = post_json(
        client,
        f"/staff/reports/{report.code}/visibility",
        {"expected_version": report.version + 1, "public": False},
        **auth,
    )
    assert again.status_code == 422  # already hidden: nothing to do


def test_a_guest_book_letter_is_never_offered_to_the_public(
    make_report: Any, operator: Any
) -> None:
    """Its writer was told only they may open it: no button shows it, and the action refuses."""
    letter = make_report()
    Report.objects.filter(pk=letter.pk).update(channel=Channel.GUESTBOOK, public=False)
    letter.refresh_from_db()
    client = login(operator)
    page = client.get(reverse("console:report", args=[letter.code])).content.decode()
    assert 'class="card visibility"' not in page
    with pytest.raises(InvalidInput):
        actions.set_public(letter, by=operator, public=True)
    assert not _public(letter)
