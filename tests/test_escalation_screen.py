"""The escalation list (/console/eskalasi/): each role sees its level in its scope, those who see
everything pick the level (the executive's list by default), and a finished report drops off."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from laksa.console.escalations import escalations_for, late_until
from laksa.dispatch.escalation import sweep
from laksa.dispatch.models import Escalation, Level, Target
from laksa.org.models import Membership, Role
from laksa.reports import actions
from laksa.reports.models import Report
from tests.conftest import IN_EAST, login
from tests.images import processed

WIB = ZoneInfo("Asia/Jakarta")
URL = reverse("console:escalations")
FAR = timedelta(days=60)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=WIB)


T0 = at("2026-11-02T09:00")


def due(report: Report, respond: datetime, resolve: datetime | None = None) -> None:
    """Fix the report's targets on a known clock (the sweep reads them from the row)."""
    Report.objects.filter(pk=report.pk).update(
        respond_due_at=respond, resolve_due_at=resolve or respond + FAR, next_escalation_at=respond
    )


def shown(user: User, **params: str) -> list[tuple[str, str]]:
    """(code, level) of each row, in the order shown."""
    response = login(user).get(URL, params)
    assert response.status_code == 200
    body = response.content.decode()
    rows = []
    for chunk in body.split('<tr data-code="')[1:]:
        code, rest = chunk.split('"', 1)
        rows.append((code, rest.split('data-level="', 1)[1].split('"', 1)[0]))
    return rows


def member(username: str, city, role: str, **scope) -> User:
    user = User.objects.create_user(username)
    Membership.objects.create(user=user, jurisdiction=city, role=role, **scope)
    return user


@pytest.fixture
def camat(city, kecamatan) -> User:
    return member("camat", city, Role.AREA_OFFICIAL, area=kecamatan)


@pytest.fixture
def late(make_report, operator, streetlight):
    """Two routed reports late to be answered: `west` (DPUPR, kelurahan Barat) from T0 and
    `east` (Dishub, kelurahan Timur) a day later; both swept up to the executive's list."""
    west = make_report(seed=1)
    east = make_report(seed=2, category=streetlight, at=IN_EAST)
    for report in (west, east):
        actions.verify_report(report, by=operator)
    due(west, T0)
    due(east, T0 + timedelta(days=1))
    sweep(T0 + timedelta(days=3, minutes=1))  # west reaches the executive, east the area official
    sweep(T0 + timedelta(days=4, minutes=1))  # east reaches the executive
    return Report.objects.get(pk=west.pk), Report.objects.get(pk=east.pk)


def test_executives_see_their_list_by_default_newest_first(late, mayor):
    west, east = late
    assert shown(mayor) == [(east.code, Level.EXECUTIVE), (west.code, Level.EXECUTIVE)]
    body = login(mayor).get(URL).content.decode()
    assert "Daftar pimpinan" in body and 'aria-current="page"' in body
    assert reverse("console:report", args=[west.code]) in body  # read-only console page
    assert "Jalan rusak" in body and "Lampu PJU mati" in body
    assert "DPUPR" in body and "Dishub" in body
    assert "Barat" in body and "Timur" in body and "tanggapan" in body
    assert "2 Nov 2026 09:00" in body  # west's due time, in the city's time


def test_the_mayor_can_reach_it_from_the_navigation(mayor, city):
    body = login(mayor).get(reverse("console:queue")).content.decode()
    assert f'href="{URL}"' in body
    assert login(mayor).get(URL).status_code == 200


@pytest.mark.parametrize("persona", ["operator", "admin_user", "mayor"])
def test_those_who_see_everything_can_pick_a_level(request, persona, late):
    west, east = late
    user = request.getfixturevalue(persona)
    assert shown(user, level="supervisor") == [
        (east.code, Level.SUPERVISOR),
        (west.code, Level.SUPERVISOR),
    ]
    assert {level for _code, level in shown(user, level="area_official")} == {"area_official"}
    assert shown(user, level="nonsense") == shown(user)  # an unknown level: the default list
    body = login(user).get(URL, {"level": "agency_head"}).content.decode()
    assert all(f"?level={level}" in body for level in Level.values)


def test_an_agency_head_sees_their_agencys_reports_at_their_level(late, head_a):
    west, _east = late
    assert shown(head_a) == [(west.code, Level.AGENCY_HEAD)]
    assert shown(head_a, level="executive") == [(west.code, Level.AGENCY_HEAD)]  # no picking
    assert "?level=" not in login(head_a).get(URL).content.decode()


def test_supervisors_see_their_agencys_reports_at_their_level(late, supervisor_a, supervisor_b):
    west, east = late
    assert shown(supervisor_a) == [(west.code, Level.SUPERVISOR)]
    assert shown(supervisor_b) == [(east.code, Level.SUPERVISOR)]
    body = login(supervisor_a).get(URL).content.decode()
    assert reverse("field:report", args=[west.code]) in body  # their job, in the field app
    assert reverse("console:report", args=[west.code]) not in body  # a page they cannot open


def test_a_supervisor_with_an_area_sees_only_its_reports(late, city, agency_b, east, west):
    _west_report, east_report = late
    in_east = member("pengawas_timur", city, Role.SUPERVISOR, agency=agency_b, area=east)
    in_west = member("pengawas_barat", city, Role.SUPERVISOR, agency=agency_b, area=west)
    assert shown(in_east) == [(east_report.code, Level.SUPERVISOR)]
    assert shown(in_west) == []


def test_area_officials_see_their_areas_reports_at_their_level(late, lurah, camat):
    west, east = late
    assert shown(lurah) == [(west.code, Level.AREA_OFFICIAL)]
    assert shown(camat) == [(east.code, Level.AREA_OFFICIAL), (west.code, Level.AREA_OFFICIAL)]


def test_a_user_with_two_roles_sees_both(late, city, agency_b, west):
    west_report, east_report = late
    both = member("ganda", city, Role.SUPERVISOR, agency=agency_b)
    Membership.objects.create(user=both, jurisdiction=city, role=Role.AREA_OFFICIAL, area=west)
    assert set(shown(both)) == {
        (east_report.code, Level.SUPERVISOR),
        (west_report.code, Level.AREA_OFFICIAL),
    }


def test_workers_and_citizens_are_kept_out(late, worker_a, crew_a, city):
    assert login(worker_a).get(URL).status_code == 403
    no_role = User.objects.create_user("warga")
    assert login(no_role).get(URL).status_code == 403
    response = Client().get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/masuk/")
    jobs = login(worker_a).get(reverse("field:jobs")).content.decode()
    assert f'href="{URL}"' not in jobs  # not in their navigation either


def test_the_navigation_offers_it_to_the_roles_that_see_it(late, supervisor_a, lurah, head_a):
    for user in (supervisor_a, lurah):
        assert f'href="{URL}"' in login(user).get(reverse("field:jobs")).content.decode()
    assert f'href="{URL}"' in login(head_a).get(reverse("console:queue")).content.decode()


def test_a_report_that_is_done_drops_off(late, operator, supervisor_a, mayor):
    west, east = late
    actions.accept_job(west, by=supervisor_a)
    assert (west.code, Level.EXECUTIVE) in shown(mayor)  # answered late: still late to fix
    actions.finish_job(west, by=supervisor_a, proof=[processed(77)])
    assert shown(mayor) == [(east.code, Level.EXECUTIVE)]
    assert shown(supervisor_a) == []
    actions.reject_report(Report.objects.get(pk=east.pk), by=operator, reason="Bukan keluhan")
    assert shown(mayor) == []
    assert "Tidak ada laporan yang dieskalasi ke sini." in login(mayor).get(URL).content.decode()


def test_one_row_per_report_and_level_the_latest_step(make_report, operator, mayor):
    report = make_report(seed=1)
    actions.verify_report(report, by=operator)
    due(report, T0, T0 + timedelta(hours=4))
    sweep(T0 + timedelta(days=5))  # both targets reach every level in one sweep
    assert Escalation.objects.filter(report=report, level=Level.EXECUTIVE).count() == 2
    rows = list(escalations_for(mayor, report.jurisdiction, Level.EXECUTIVE))
    assert [(e.report_id, e.target) for e in rows] == [(report.pk, Target.RESOLVE)]


def test_how_late_runs_to_now_or_to_a_late_answer(make_report, operator, supervisor_a, mayor):
    report = make_report(seed=1)
    actions.verify_report(report, by=operator)
    due(report, T0)
    sweep(T0 + timedelta(days=3, hours=5))
    now = T0 + timedelta(days=3, hours=5)  # a fixed clock for the list
    (step,) = escalations_for(mayor, report.jurisdiction, Level.EXECUTIVE)
    assert late_until(step, now) - step.due_at == timedelta(days=3, hours=5)
    actions.accept_job(Report.objects.get(pk=report.pk), by=supervisor_a)
    Report.objects.filter(pk=report.pk).update(dispatched_at=T0 + timedelta(hours=2, minutes=30))
    (step,) = escalations_for(mayor, report.jurisdiction, Level.EXECUTIVE)
    assert late_until(step, now) - step.due_at == timedelta(hours=2, minutes=30)
    body = login(mayor).get(URL).content.decode()
    assert "2\xa0jam, 30\xa0menit" in body  # shown as the answer's lateness, not still growing


def test_it_lists_in_a_fixed_number_of_queries(
    make_report, operator, mayor, django_assert_num_queries
):
    def late_reports(seeds: range) -> None:
        for seed in seeds:
            report = make_report(seed=seed)
            actions.verify_report(report, by=operator)
            due(report, T0 + timedelta(minutes=seed))
        sweep(T0 + timedelta(days=4))

    late_reports(range(1, 3))
    client = login(mayor)
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL).status_code == 200
    late_reports(range(3, 15))
    with django_assert_num_queries(len(few.captured_queries)):
        body = client.get(URL).content.decode()
    assert body.count("<tr data-code=") == 14


def test_a_late_report_nobody_verified_is_on_the_executives_list(make_report, mayor):
    """Not answered at all is the lateness the mayor most needs to see."""
    report = make_report(seed=3)
    due(report, T0)
    sweep(T0 + timedelta(days=3, minutes=1))
    assert Report.objects.get(pk=report.pk).status == "new"
    assert shown(mayor) == [(report.code, Level.EXECUTIVE)]
