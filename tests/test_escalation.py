"""The escalation sweep: late reports are raised up the ladder step by step, each step once, from
the stored due times (working hours, weekends and holidays counted), configurable per category."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from laksa.dispatch.escalation import escalated_to, sweep
from laksa.dispatch.models import Escalation, EscalationRule, Level, Target
from laksa.reports import actions
from laksa.reports.models import EventKind, Report, ReportEvent
from laksa.reports.sla import due_times

WIB = ZoneInfo("Asia/Jakarta")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=WIB)


def levels(report: Report) -> list[tuple[str, str]]:
    return list(
        Escalation.objects.filter(report=report).order_by("at", "id").values_list("target", "level")
    )


def test_due_times_count_working_hours_weekends_and_holidays(pothole: Any) -> None:
    pothole.respond_target = timedelta(hours=10)  # one working day of 08:00-18:00
    # Jurisdiction default: every day is a working day; make it Monday to Friday.
    city = pothole.jurisdiction
    city.work_days = "0,1,2,3,4"
    city.save()
    respond, _resolve = due_times(pothole, at("2026-11-27T17:00"))  # a Friday, one hour left
    assert respond == at("2026-11-30T17:00")  # Monday: 1 h on Friday + 9 h on Monday
    respond, _resolve = due_times(pothole, at("2026-12-24T17:00"))  # Christmas Eve, a Thursday
    assert respond == at("2026-12-28T17:00")  # 25 Dec holiday, then the weekend


def test_emergencies_count_around_the_clock(pothole: Any) -> None:
    pothole.emergency = True
    pothole.respond_target = timedelta(hours=1)
    respond, _ = due_times(pothole, at("2026-11-28T23:30"))
    assert respond == at("2026-11-29T00:30")


def test_a_late_report_climbs_the_ladder_one_step_at_a_time(make_report: Any) -> None:
    report = make_report(seed=1)
    due = report.respond_due_at
    assert sweep(due - timedelta(minutes=1)) == 0
    assert sweep(due + timedelta(minutes=1)) == 1  # the response is late; the fix is not yet due
    assert levels(report)[0] == (Target.RESPOND, Level.SUPERVISOR)


def test_each_step_happens_once(make_report: Any) -> None:
    report = make_report(seed=1)
    late = report.respond_due_at + timedelta(hours=9)
    first = sweep(late)
    assert sweep(late) == 0 and sweep(late + timedelta(minutes=5)) == 0
    assert first == len(levels(report))
    events = ReportEvent.objects.filter(report=report, kind=EventKind.ESCALATED)
    assert events.count() == first
    assert all(e.public_note == "" and e.internal_note for e in events)  # staff only


def test_the_whole_ladder_and_the_executives_list(make_report: Any) -> None:
    report = make_report(seed=1)
    much_later = report.resolve_due_at + timedelta(days=4)
    sweep(much_later)
    assert {level for _target, level in levels(report)} == {
        Level.SUPERVISOR, Level.AGENCY_HEAD, Level.AREA_OFFICIAL, Level.EXECUTIVE,
    }  # fmt: skip
    assert {t for t, _ in levels(report)} == {Target.RESPOND, Target.RESOLVE}
    assert list(Report.objects.filter(escalated_to(Level.EXECUTIVE)).distinct()) == [report]


def test_answered_reports_stop_climbing_for_the_response(
    make_report: Any, operator: Any, supervisor_a: Any
) -> None:
    report = make_report(seed=1)
    actions.verify_report(report, by=operator)
    actions.dispatch_report(report, by=supervisor_a)
    sweep(report.respond_due_at + timedelta(days=1))  # in hand: the response target is met
    assert all(target == Target.RESOLVE for target, _ in levels(report))


def test_closed_reports_are_never_escalated(make_report: Any, operator: Any) -> None:
    report = make_report(seed=1)
    actions.reject_report(report, by=operator, reason="Bukan keluhan")
    assert sweep(report.resolve_due_at + timedelta(days=10)) == 0


def test_a_category_can_have_its_own_ladder(make_report: Any, pothole: Any, city: Any) -> None:
    EscalationRule.objects.create(
        jurisdiction=city, category=pothole, level=Level.EXECUTIVE, after=timedelta(0)
    )
    report = make_report(seed=1)
    sweep(report.respond_due_at + timedelta(minutes=1))
    assert levels(report) == [(Target.RESPOND, Level.EXECUTIVE)]


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_take_each_step_once(make_report: Any) -> None:
    import threading

    from django.db import connection

    reports = [make_report(seed=i) for i in range(1, 6)]
    late = max(r.resolve_due_at for r in reports) + timedelta(days=5)
    counts: list[int] = []

    def run() -> None:
        try:
            counts.append(sweep(late))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(counts) == Escalation.objects.count() == 5 * 8
    assert ReportEvent.objects.filter(kind=EventKind.ESCALATED).count() == 5 * 8
