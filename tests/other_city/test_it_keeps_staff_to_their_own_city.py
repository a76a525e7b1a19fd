"""A role counts in its own city only (org.permissions): an operator of another city is nobody on
this city's console, staff API and private photos, and keeps seeing their own city's reports.
Superusers see every city."""

from __future__ import annotations

from typing import Any

import pytest

from laksa.dispatch.reach import reach_of, staff_can_see, staff_reports
from laksa.org import permissions
from laksa.org.models import Jurisdiction
from laksa.reports.models import Report
from tests.conftest import login

pytestmark = pytest.mark.django_db


def test_it_gives_another_citys_operator_no_role_here(
    city: Jurisdiction, other_city: Jurisdiction, outsider: Any
) -> None:
    for check in (
        permissions.is_staff_member,
        permissions.can_triage,
        permissions.sees_everything,
        permissions.can_view_console,
        permissions.can_view_escalations,
    ):
        assert not check(outsider), check.__name__
        assert check(outsider, other_city), check.__name__
    assert not reach_of(outsider)
    assert reach_of(outsider, other_city).everything


def test_it_refuses_another_citys_operator_the_console(
    outsider: Any, private_report: Report
) -> None:
    client = login(outsider)
    page = client.get(f"/console/r/{private_report.code}/")
    assert page.status_code in (403, 404)
    assert "081299990000" not in page.content.decode()
    queue = client.get("/console/")
    assert queue.status_code == 403
    assert private_report.code not in queue.content.decode()


def test_it_refuses_another_citys_operator_the_staff_api(
    outsider: Any, private_report: Report
) -> None:
    answer = login(outsider).get(f"/api/v1/staff/reports/{private_report.code}")
    assert answer.status_code in (403, 404)
    assert "081299990000" not in answer.content.decode()
    assert login(outsider).get("/api/v1/staff/reports").status_code in (403, 404)


def test_it_hides_a_private_photo_from_another_citys_operator(
    outsider: Any, private_report: Report
) -> None:
    photo = private_report.photos.get()
    assert login(outsider).get(f"/foto/{photo.uuid}.jpg").status_code == 404
    assert not staff_can_see(outsider, private_report)


def test_it_lets_the_operator_see_their_own_citys_reports(
    settings: Any,
    city: Jurisdiction,
    other_city: Jurisdiction,
    outsider: Any,
    private_report: Report,
    their_report: Report,
) -> None:
    # A report's own city decides, whichever city the site serves.
    assert staff_can_see(outsider, their_report)
    assert list(staff_reports(outsider, other_city)) == [their_report]
    assert not staff_reports(outsider, city).exists()
    photo = their_report.photos.get()
    assert login(outsider).get(f"/foto/{photo.uuid}.jpg").status_code == 200
    # On the site that serves their city, their console and API are theirs, contact included.
    settings.LAKSA_JURISDICTION = other_city.slug
    client = login(outsider)
    page = client.get(f"/console/r/{their_report.code}/")
    assert page.status_code == 200 and "081299990000" in page.content.decode()
    api = client.get(f"/api/v1/staff/reports/{their_report.code}")
    assert api.status_code == 200 and api.json()["contact"]["phone"] == "081299990000"
    # ... and this city's reports are as unknown there as theirs are here.
    assert client.get(f"/console/r/{private_report.code}/").status_code == 404


def test_it_keeps_superusers_seeing_every_city(
    admin_user: Any, other_city: Jurisdiction, private_report: Report, their_report: Report
) -> None:
    assert admin_user.is_superuser
    assert staff_can_see(admin_user, private_report)
    assert staff_can_see(admin_user, their_report)
    assert reach_of(admin_user).everything and reach_of(admin_user, other_city).everything
