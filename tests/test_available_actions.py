"""What a staff member may do now is answered in one place (dispatch/available.py), and it agrees
with the verbs themselves: every action offered is accepted, every action not offered is refused,
through the same `verbs.perform` that the console, SIGAP and the API call."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from laksa.dispatch import actions as field_actions
from laksa.dispatch import verbs
from laksa.dispatch.available import available_actions
from laksa.reports import actions
from laksa.reports.models import Report
from laksa.reports.statuses import Status
from tests.conftest import login
from tests.images import processed

pytestmark = pytest.mark.django_db

FIELD = ("accept", "assign", "start", "progress", "reroute", "complete")


def field_arguments(name: str, crew: Any, seed: int) -> dict[str, Any]:
    return {
        "accept": {},
        "assign": {"crew": crew},
        "start": {},
        "progress": {"note": "Bahan datang"},
        "reroute": {"reason": "Bukan jalan kota"},
        "complete": {"proof": [processed(seed)], "note": "Selesai"},
    }[name]


def stages(
    make_report: Any, operator: Any, supervisor_a: Any, crew_a: Any
) -> dict[str, Callable[[int], Report]]:
    """Fresh reports at each point of a job, one per call (a verb that works changes it)."""

    def verified(seed: int) -> Report:
        report = make_report(seed=seed)
        actions.verify_report(report, by=operator)
        return Report.objects.get(pk=report.pk)

    def accepted(seed: int) -> Report:
        report = verified(seed)
        field_actions.accept_job(report, by=supervisor_a, crew=crew_a)
        return Report.objects.get(pk=report.pk)

    def started(seed: int) -> Report:
        report = accepted(seed)
        field_actions.start_job(report, by=supervisor_a)
        return Report.objects.get(pk=report.pk)

    return {"verified": verified, "accepted": accepted, "started": started}


@pytest.mark.parametrize("persona", ["supervisor_a", "worker_a"])
@pytest.mark.parametrize("stage", ["verified", "accepted", "started"])
def test_every_field_action_offered_is_accepted_and_every_other_refused(
    request: Any,
    persona: str,
    stage: str,
    make_report: Any,
    operator: Any,
    supervisor_a: Any,
    crew_a: Any,
) -> None:
    user = request.getfixturevalue(persona)
    make = stages(make_report, operator, supervisor_a, crew_a)[stage]
    offered = available_actions(user, make(1))
    assert offered <= set(FIELD) | {"reply", "note"}
    for seed, name in enumerate(FIELD, start=10):
        report = make(seed)
        outcome = verbs.perform(
            name, user=user, report=report, arguments=field_arguments(name, crew_a, seed + 50)
        )
        assert outcome.ok == (name in offered), (name, outcome.message, sorted(offered))


def test_the_offers_follow_the_job(
    make_report: Any, operator: Any, supervisor_a: Any, worker_a: Any, crew_a: Any
) -> None:
    make = stages(make_report, operator, supervisor_a, crew_a)
    assert available_actions(supervisor_a, make["verified"](1)) == {"accept", "reroute"}
    assert available_actions(worker_a, make["verified"](2)) == set()  # no crew sent yet
    assert available_actions(supervisor_a, make["accepted"](3)) == {
        "assign",
        "start",
        "progress",
        "reroute",
        "complete",
    }
    assert available_actions(worker_a, make["started"](4)) == {"progress", "reroute", "complete"}


def test_a_worker_is_offered_nothing_on_another_crews_job_and_no_door_lets_them_act(
    make_report: Any, operator: Any, supervisor_a: Any, worker_a: Any, crew_a: Any
) -> None:
    other = make_report(seed=1)
    actions.verify_report(other, by=operator)
    field_actions.accept_job(other, by=supervisor_a)  # no crew: not the worker's job
    other = Report.objects.get(pk=other.pk)
    assert available_actions(worker_a, other) == set()
    for name in FIELD:
        outcome = verbs.perform(
            name, user=worker_a, report=other, arguments=field_arguments(name, crew_a, 90)
        )
        assert not outcome.ok and outcome.refusal == "forbidden", name
    client = login(worker_a)
    assert client.get(reverse("console:report", args=[other.code])).status_code in (403, 404)
    assert client.post(reverse("field:act", args=[other.code, "start"]), {}).status_code == 404
    assert Report.objects.get(pk=other.pk).status == Status.DISPATCHED


@pytest.mark.parametrize("stage", ["new", "verified", "started", "closed"])
def test_the_console_shows_the_live_rooms_actions_that_would_be_accepted(
    stage: str, make_report: Any, operator: Any, supervisor_a: Any, crew_a: Any
) -> None:
    report = make_report(seed=1)
    if stage != "new":
        actions.verify_report(report, by=operator)
    if stage in ("started", "closed"):
        field_actions.accept_job(report, by=supervisor_a, crew=crew_a)
        field_actions.start_job(report, by=supervisor_a)
    if stage == "closed":
        field_actions.finish_job(report, by=supervisor_a, proof=[processed(70)])
        actions.confirm_fix(Report.objects.get(pk=report.pk), secret=report.secret)
    report = Report.objects.get(pk=report.pk)
    offered = available_actions(operator, report)
    page = login(operator).get(reverse("console:report", args=[report.code])).content.decode()
    for name, url in (
        ("verify", "console:verify"),
        ("reject", "console:reject"),
        ("priority", "console:priority"),
    ):
        shown = f'action="{reverse(url, args=[report.code])}"' in page
        assert shown == (name in offered), (name, stage)
    outcome = verbs.perform(
        "reject", user=operator, report=report, arguments={"reason": "Bukan pengaduan"}
    )
    assert outcome.ok == ("reject" in offered)
