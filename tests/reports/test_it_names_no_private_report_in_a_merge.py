"""A merge writes each report's public history: it names the other report's code only when that
report is public too (a code is enough to point at a guest-book letter), and a public page never
links a private report that a report was merged into."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from laksa.reports import actions
from laksa.reports.models import EventKind
from tests.conftest import login

pytestmark = pytest.mark.django_db


def test_it_names_no_private_report_merged_into_a_public_one(
    make_report: Any, operator: Any
) -> None:
    private = make_report(public=False, seed=1)
    public = make_report(seed=2)
    actions.merge_duplicate(private, into=public, by=operator)
    note = public.events.get(kind=EventKind.SUPPORT).public_note
    assert note == "Laporan serupa digabungkan ke laporan ini."
    citizen = Client()
    assert private.code not in citizen.get(f"/r/{public.code}/").content.decode()
    assert private.code not in citizen.get(f"/api/v1/reports/{public.code}").content.decode()
    assert (
        private.code not in citizen.get(f"/api/v1/reports/{public.code}/timeline").content.decode()
    )


def test_it_names_no_private_report_a_public_one_was_merged_into(
    make_report: Any, operator: Any
) -> None:
    private = make_report(public=False, seed=1)
    public = make_report(seed=2)
    event = actions.merge_duplicate(public, into=private, by=operator)
    assert private.code not in event.public_note
    citizen = Client()
    page = citizen.get(f"/r/{public.code}/")
    assert page.status_code == 200
    assert private.code not in page.content.decode()
    assert "ditangani di laporan lain" in page.content.decode()
    api = citizen.get(f"/api/v1/reports/{public.code}").json()
    assert api["duplicate_of"] is None
    # Staff still see where it went.
    assert event.data == {"into": private.code}
    staff = login(operator).get(f"/api/v1/staff/reports/{public.code}").json()
    assert staff["duplicate_of"] == private.code


def test_it_still_names_public_reports_both_ways(make_report: Any, operator: Any) -> None:
    first = make_report(seed=1)
    second = make_report(seed=2)
    event = actions.merge_duplicate(second, into=first, by=operator)
    assert first.code in event.public_note
    assert second.code in first.events.get(kind=EventKind.SUPPORT).public_note
    page = Client().get(f"/r/{second.code}/").content.decode()
    assert f'href="/r/{first.code}/"' in page
    assert Client().get(f"/api/v1/reports/{second.code}").json()["duplicate_of"] == first.code
