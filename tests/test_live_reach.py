"""The live stream reaches a staff member's reports by the same rule as every other door
(dispatch/reach.py): a supervisor with an area gets the staff projection, internal notes
included, of their agency's reports in that area, and nothing of the rest."""

from __future__ import annotations

import json
from typing import Any

import pytest

from laksa.dispatch.reach import reach_of, staff_reports
from laksa.live.projection import PUBLIC, STAFF, Viewer, render
from laksa.org.models import Membership, Role
from laksa.reports import actions
from laksa.reports.feed import events_after
from tests.conftest import IN_EAST, IN_WEST

pytestmark = pytest.mark.django_db


@pytest.fixture
def west_supervisor(city: Any, agency_a: Any, west: Any) -> Any:
    from django.contrib.auth.models import User

    user = User.objects.create_user("pengawas_barat")
    Membership.objects.create(
        user=user, jurisdiction=city, role=Role.SUPERVISOR, agency=agency_a, area=west
    )
    return user


def test_a_supervisor_with_an_area_follows_that_areas_reports_with_their_notes(
    make_report: Any, operator: Any, west_supervisor: Any, worker_a: Any, city: Any
) -> None:
    mine = make_report(seed=1, at=IN_WEST)
    theirs = make_report(seed=2, at=IN_EAST)
    for report in (mine, theirs):
        actions.add_internal_note(report, by=operator, text=f"Catatan {report.code}")
    viewer = Viewer(STAFF, reach=reach_of(west_supervisor))
    shown = [json.loads(t) for i in events_after(0) if (t := render(i, viewer))]
    assert {e["code"] for e in shown} == {mine.code}
    assert f"Catatan {mine.code}" in {e.get("internal_note") for e in shown}
    # The same reports as the console and the API give the same person.
    scoped = staff_reports(west_supervisor, city).values_list("code", flat=True)
    assert set(scoped) == {mine.code}
    assert not reach_of(worker_a)  # a worker's crews' jobs: the public stream
    assert Viewer(PUBLIC).may_see(events_after(0)[0])
