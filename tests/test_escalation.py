"""The escalation sweep: late reports are raised up the ladder step by step, each step once, from
the stored due times (working hours, weekends and holidays counted), configurable per category."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

import pytest

from laksa.dispatch.escalation import escalated_to, sweep
from laksa.dispatch.models import Escalation, EscalationRule, Level, Target
from laksa.org.models import Holiday
from laksa.reports import actions
from laksa.reports.models import EventKind, Report, ReportEvent
from laksa.reports.sla import due_times
from tests.conftest import moment as at


def due_to_answer_at(report: Report, respond: datetime) -> None:
    """Pins the report's response target to a fixed moment (a frozen clock); the fix is far off."""
    Report.objects.filter(pk=report.pk).update(
        respond_due_at=respond,
        resolve_due_at=respond + timedelta(days=60),
        next_escalation_at=respond,
    )


def steps_at(report: Report, *moments: str) -> list[list[str]]:
    """Sweeps at each moment in turn; the levels the response escalated to at each."""
    taken = []
    for moment in moments:
        before = len(levels(report))
        sweep(at(moment))
        taken.append([level for _target, level in levels(report)[before:]])
    return taken


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
    actions.accept_job(report, by=supervisor_a)
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


def test_a_job_rerouted_from_the_field_escalates_at_its_new_response_deadline(
    make_report: Any, operator: Any, supervisor_a: Any, agency_b: Any, clock: Any
) -> None:
    from laksa.dispatch.models import Assignment

    clock.at("2026-11-30T09:00")
    report = make_report(seed=1)
    actions.verify_report(report, by=operator)
    actions.accept_job(report, by=supervisor_a)  # answered in time
    assert sweep(clock.at("2026-12-01T09:00")) == 0  # in hand: the sweep watches only the fix
    rerouted = clock.at("2026-12-02T10:00")
    actions.verify_report(report, by=operator, agency=agency_b, internal_note="Lampu, bukan jalan")
    report.refresh_from_db()
    respond_due, _resolve = due_times(report.category, rerouted)
    assert report.respond_due_at == respond_due  # the new agency's clock starts at the re-route
    assert Assignment.objects.get(report=report, ended_at=None).respond_due_at == respond_due
    assert sweep(respond_due - timedelta(minutes=1)) == 0
    assert sweep(respond_due + timedelta(minutes=1)) == 1
    assert levels(report) == [(Target.RESPOND, Level.SUPERVISOR)]


def test_a_late_job_rerouted_with_a_new_deadline_climbs_a_new_ladder(
    make_report: Any, operator: Any, supervisor_a: Any, agency_b: Any, clock: Any
) -> None:
    from laksa.dispatch.selectors import escalated_levels

    clock.at("2026-11-30T09:00")
    report = make_report(seed=1)
    actions.verify_report(report, by=operator)
    report.refresh_from_db()
    first_due = report.respond_due_at
    sweep(clock.at(first_due + timedelta(days=2)))  # answered late: the old ladder is climbed
    assert escalated_levels([report.pk])[report.pk] == Level.AREA_OFFICIAL
    actions.accept_job(report, by=supervisor_a)
    actions.verify_report(report, by=operator, agency=agency_b, internal_note="Bukan jalan")
    report.refresh_from_db()
    assert report.respond_due_at > first_due  # the new agency's own deadline
    assert escalated_levels([report.pk]) == {}  # the old steps no longer mark the job
    sweep(report.respond_due_at + timedelta(minutes=1))
    assert escalated_levels([report.pk])[report.pk] == Level.SUPERVISOR  # a new ladder
    assert (
        Escalation.objects.filter(report=report, target=Target.RESPOND, level=Level.SUPERVISOR)
        .values("due_at")
        .distinct()
        .count()
        == 2
    )


def test_a_new_rule_applies_to_reports_already_scheduled(
    make_report: Any, pothole: Any, city: Any, clock: Any
) -> None:
    clock.at("2026-11-30T09:00")  # a Monday morning: the response is due within the day
    report = make_report(seed=1)
    due = report.respond_due_at
    sweep(clock.at(due + timedelta(minutes=1)))  # the supervisor is told; the head 8 hours on
    assert levels(report) == [(Target.RESPOND, Level.SUPERVISOR)]
    EscalationRule.objects.create(
        jurisdiction=city, category=pothole, level=Level.EXECUTIVE, after=timedelta(hours=1)
    )
    sweep(due + timedelta(hours=2))
    assert levels(report)[-1] == (Target.RESPOND, Level.EXECUTIVE)


def test_the_ladder_waits_in_working_time_over_the_weekend(make_report: Any, city: Any) -> None:
    city.work_days = "0,1,2,3,4"  # Monday to Friday, 08:00-18:00
    city.save()
    report = make_report(seed=1)
    due_to_answer_at(report, at("2026-11-27T16:00"))  # a Friday afternoon
    assert steps_at(
        report,
        "2026-11-27T16:01",  # the supervisor at once
        "2026-11-28T01:00",  # Saturday night: nobody has worked since
        "2026-11-29T20:00",  # Sunday evening
        "2026-11-30T13:59",  # Monday: 2 h on Friday + 5 h 59 so far
        "2026-11-30T14:00",  # 8 working hours: the agency head
        "2026-11-30T16:00",  # one working day (10 h): the area official
        "2026-12-02T15:59",
        "2026-12-02T16:00",  # three working days: the executive's list
    ) == [
        [Level.SUPERVISOR], [], [], [], [Level.AGENCY_HEAD], [Level.AREA_OFFICIAL], [],
        [Level.EXECUTIVE],
    ]  # fmt: skip
    report.refresh_from_db()
    assert report.next_escalation_at == report.resolve_due_at  # the response's ladder is done


def test_a_short_working_day_does_not_put_a_level_before_the_one_below(
    make_report: Any, city: Any
) -> None:
    city.work_start, city.work_end = time(8), time(15)  # "1 day" is 7 working hours here
    city.save()
    report = make_report(seed=1)
    due_to_answer_at(report, at("2026-11-30T09:00"))  # a Monday
    assert steps_at(report, "2026-11-30T09:01", "2026-12-01T09:30", "2026-12-01T10:00") == [
        [Level.SUPERVISOR],
        [],  # the area official's day has passed, but the agency head's 8 hours have not
        [Level.AGENCY_HEAD, Level.AREA_OFFICIAL],
    ]


def test_the_ladder_waits_over_a_national_holiday(make_report: Any) -> None:
    report = make_report(seed=1)  # the city works every day, 08:00-18:00
    due_to_answer_at(report, at("2026-08-16T17:00"))  # the eve of Independence Day
    assert steps_at(
        report, "2026-08-16T17:30", "2026-08-17T15:00", "2026-08-18T14:59", "2026-08-18T15:00"
    ) == [[Level.SUPERVISOR], [], [], [Level.AGENCY_HEAD]]


def test_the_ladder_waits_over_a_city_holiday_added_later(
    make_report: Any, city: Any, clock: Any
) -> None:
    clock.at("2026-12-01T12:00")
    report = make_report(seed=1)
    due_to_answer_at(report, at("2026-12-01T17:00"))  # a Tuesday
    assert steps_at(report, "2026-12-01T17:01") == [[Level.SUPERVISOR]]
    # The agency head was due on Wednesday 15:00; that evening the city declares Wednesday off.
    clock.at("2026-12-01T19:00")
    Holiday.objects.create(jurisdiction=city, date=at("2026-12-02").date(), name="Cuti bersama")
    assert steps_at(report, "2026-12-02T15:00", "2026-12-03T14:59", "2026-12-03T15:00") == [
        [],
        [],
        [Level.AGENCY_HEAD],
    ]


def test_a_city_holiday_taken_back_brings_the_next_step_forward(
    make_report: Any, city: Any, clock: Any
) -> None:
    clock.at("2026-11-30T12:00")
    day_off = Holiday.objects.create(
        jurisdiction=city, date=at("2026-12-02").date(), name="Cuti bersama"
    )
    report = make_report(seed=1)
    due_to_answer_at(report, at("2026-12-01T17:00"))  # a Tuesday; Wednesday is off
    assert steps_at(report, "2026-12-01T17:01") == [[Level.SUPERVISOR]]
    report.refresh_from_db()
    assert report.next_escalation_at == at("2026-12-03T15:00")  # the agency head, on Thursday
    clock.at("2026-12-01T19:00")
    day_off.delete()  # that evening: the city works on Wednesday after all
    assert steps_at(report, "2026-12-02T15:00") == [[Level.AGENCY_HEAD]]


def test_emergencies_escalate_around_the_clock(make_report: Any, pothole: Any, city: Any) -> None:
    city.work_days = "0,1,2,3,4"
    city.save()
    pothole.emergency = True
    pothole.save()
    report = make_report(seed=1)
    due_to_answer_at(report, at("2026-11-29T22:00"))  # Sunday night
    assert steps_at(
        report, "2026-11-29T22:01", "2026-11-30T05:59", "2026-11-30T06:00", "2026-11-30T22:00"
    ) == [[Level.SUPERVISOR], [], [Level.AGENCY_HEAD], [Level.AREA_OFFICIAL]]
