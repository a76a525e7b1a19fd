"""The verbs judge a user's roles in the report's own city, not in the city the site serves: a
command or task (load-demo) acting for another city's staff on that city's reports works, and an
operator or supervisor of the site's city is nobody on them. Here the site serves `city` (made
first); `other_city` plays the demo's city."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from laksa.dispatch import actions as field_actions
from laksa.dispatch.available import available_actions
from laksa.org.models import Jurisdiction, Membership, Role
from laksa.org.selectors import city_or_none
from laksa.reports import actions
from laksa.reports.errors import NotAllowed
from laksa.reports.models import Report
from laksa.reports.statuses import Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def their_supervisor(their_report: Report) -> User:
    """A supervisor of the agency the other city's report goes to."""
    user = User.objects.create_user("pengawas_lain", password="rahasia-uji-123")
    Membership.objects.create(
        user=user, jurisdiction=their_report.jurisdiction, role=Role.SUPERVISOR,
        agency=their_report.category.agency,
    )  # fmt: skip
    return user


def test_it_lets_a_citys_operator_triage_its_report_on_another_citys_site(
    city: Jurisdiction, outsider: Any, operator: Any, their_report: Report
) -> None:
    assert city_or_none() == city != their_report.jurisdiction
    assert "verify" in available_actions(outsider, their_report)
    assert not available_actions(operator, their_report)
    with pytest.raises(NotAllowed):
        actions.verify_report(their_report, by=operator)
    event = actions.verify_report(their_report, by=outsider)
    assert event.actor_label == Role.OPERATOR.label  # their role there, not "Administrator"
    actions.add_internal_note(their_report, by=outsider, text="Cek ke lokasi")
    with pytest.raises(NotAllowed):
        actions.reply_to_citizen(their_report, by=operator, text="Kami cek")
    their_report.refresh_from_db()
    assert their_report.status == Status.VERIFIED


def test_it_refuses_the_other_citys_operator_on_this_citys_report(
    outsider: Any, private_report: Report
) -> None:
    assert not available_actions(outsider, private_report)
    with pytest.raises(NotAllowed):
        actions.reject_report(private_report, by=outsider, reason="Spam")
    private_report.refresh_from_db()
    assert private_report.status == Status.NEW


def test_it_lets_a_citys_supervisor_take_its_job_on_another_citys_site(
    outsider: Any, supervisor_a: Any, their_supervisor: User, their_report: Report
) -> None:
    actions.verify_report(their_report, by=outsider)
    assert field_actions.part_of(their_supervisor, their_report) is not None
    assert "accept" in available_actions(their_supervisor, their_report)
    assert not available_actions(supervisor_a, their_report)
    with pytest.raises(NotAllowed):
        field_actions.accept_job(their_report, by=supervisor_a)
    event = field_actions.accept_job(their_report, by=their_supervisor)
    assert event.to_status == Status.DISPATCHED
    field_actions.start_job(their_report, by=their_supervisor)
    their_report.refresh_from_db()
    assert their_report.status == Status.IN_PROGRESS


@pytest.mark.parametrize("named", [False, True])
def test_it_loads_the_demo_when_the_site_serves_another_city(
    settings: Any, tmp_path: Path, named: bool
) -> None:
    # Another city with a lower id, or named by LAKSA_JURISDICTION: the site's city is not the
    # demo's, and its operators' and supervisors' verbs must still be theirs.
    first = Jurisdiction.objects.create(slug="kota-pertama", name="Kota Pertama", code_prefix="PRT")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    if named:
        settings.LAKSA_JURISDICTION = first.slug
    call_command("load_demo", "--reports", "30", "--areas-dir", str(tmp_path), stdout=StringIO())
    assert city_or_none() == first
    demo = Jurisdiction.objects.get(slug="kota-tangerang")
    assert Report.objects.filter(jurisdiction=demo).count() == 30
    assert set(Report.objects.values_list("status", flat=True)) == set(Status.values)
