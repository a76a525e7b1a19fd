"""The demo's LIVE Room operators come from six agencies, as Tangerang's do (Dinkes, DLH, Dishub,
Satpol PP, DPUPR, BPBD), and each still sees and triages the whole city."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from laksa.catalog.models import Category
from laksa.dispatch.reach import staff_reports
from laksa.org import permissions
from laksa.org.models import Area, AreaLevel, Jurisdiction, Membership, Role
from laksa.reports import actions
from laksa.reports.models import Channel, Report
from laksa.reports.statuses import WAITING, Status
from tests.conftest import login
from tests.images import processed

pytestmark = pytest.mark.django_db

SEED_AGENCIES = {"DINKES", "DLH", "DISHUB", "SATPOLPP", "DPUPR", "BPBD"}


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo(tmp_path: Path) -> str:
    out = StringIO()
    call_command("load_demo", "--reports", "30", "--areas-dir", str(tmp_path), stdout=out)
    return out.getvalue()


def _operators() -> list[Membership]:
    return list(
        Membership.objects.filter(role=Role.OPERATOR)
        .select_related("user", "agency")
        .order_by("user__username")
    )


def test_it_spreads_the_operators_over_the_six_agencies(demo: str) -> None:
    operators = _operators()
    assert [m.user.username for m in operators] == [f"operator{n}" for n in range(1, 7)]
    assert {m.agency.code for m in operators if m.agency} == SEED_AGENCIES
    assert all(m.area is None for m in operators)
    # The account table says where each comes from, and that they see the city.
    line = next(row for row in demo.splitlines() if row.strip().startswith("operator1 "))
    assert "Kota Tangerang (Dinkes)" in line


def test_every_operator_still_triages_the_whole_city(demo: str) -> None:
    city = Jurisdiction.objects.get(slug="kota-tangerang")
    # A fresh report for each of the six agencies, waiting for the LIVE Room.
    place = Area.objects.filter(jurisdiction=city, level=AreaLevel.KELURAHAN).first()
    assert place is not None
    for n, code in enumerate(sorted(SEED_AGENCIES)):
        category = (
            Category.objects.filter(agency__code=code).exclude(questions__required=True).first()
        )
        assert category is not None, code
        new_report = actions.NewReport(
            category=category, description="Laporan uji untuk antrean operator",
            lat=place.centroid_lat, lng=place.centroid_lng, channel=Channel.WEB,
            photos=[processed(n + 1)],
        )  # fmt: skip
        actions.create_report(new_report)
    everything = Report.objects.filter(jurisdiction=city).count()
    waiting = Report.objects.filter(status__in=WAITING).select_related("category__agency")
    new = [r for r in waiting if r.status == Status.NEW]
    for membership in _operators():
        user = membership.user
        assert permissions.can_triage(user) and permissions.sees_everything(user)
        assert staff_reports(user, city).count() == everything
        # The triage queue is the city's, not their agency's: other agencies' reports are in it.
        queue = login(user).get("/console/")
        assert queue.status_code == 200
        others = [r for r in waiting if r.category.agency_id != membership.agency_id]
        assert others and all(r.code in queue.content.decode() for r in others)
    # And they act on any agency's report: the Dinkes operator routes a road report.
    dinkes = next(m.user for m in _operators() if m.agency and m.agency.code == "DINKES")
    road = next(r for r in new if r.category.agency.code != "DINKES")
    actions.verify_report(road, by=dinkes)
    assert Report.objects.get(pk=road.pk).status == Status.VERIFIED


@pytest.mark.django_db
def test_an_operator_from_an_agency_acts_in_the_citys_name(
    make_report: Any, city: Any, agency_b: Any
) -> None:
    from django.contrib.auth.models import User

    from laksa.org.models import Membership, Role
    from laksa.reports import actions

    user = User.objects.create_user("operator_dishub")
    Membership.objects.create(user=user, jurisdiction=city, role=Role.OPERATOR, agency=agency_b)
    report = make_report()
    event = actions.verify_report(report, by=user)
    assert event.actor_label == "Operator LIVE Room"  # not "... Dinas Perhubungan"
