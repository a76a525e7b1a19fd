"""A closed request's updated_datetime is the time it was closed (the spec's words): the work
done, or the rejection, merge or referral; a later rating or the done -> closed sweep does not
move it. It was Report.updated_at, which both moved. Read from the list's own row: no query more."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from laksa.reports import actions
from laksa.reports.models import Report
from laksa.reports.statuses import Status
from tests.conftest import processed

V2 = "/open311/v2"
FINISHED_AT = "2026-12-08T05:00:00+07:00"


def shown(api: Client, report: Report) -> dict[str, Any]:
    [single] = api.get(f"{V2}/requests/{report.code}.json").json()
    [listed] = api.get(f"{V2}/requests.json", {"service_request_id": report.code}).json()
    assert single == listed
    return single  # type: ignore[no-any-return]


def finished(
    make_report: Any, operator: Any, supervisor_a: Any, clock: Any, seed: int = 1
) -> Report:
    clock.at("2026-12-07T09:00")
    report = make_report(seed=seed)
    actions.verify_report(report, by=operator)
    actions.accept_job(report, by=supervisor_a)
    clock.at(FINISHED_AT)
    actions.finish_job(report, by=supervisor_a, proof=[processed(77)], note="Sudah ditambal")
    report.refresh_from_db()
    return report


def test_it_keeps_the_time_the_work_was_done_after_a_rating_and_the_sweep(
    api: Client, make_report: Any, operator: Any, supervisor_a: Any, clock: Any
) -> None:
    report = finished(make_report, operator, supervisor_a, clock)
    assert shown(api, report)["updated_datetime"] == FINISHED_AT
    clock.at("2026-12-09T10:00")
    actions.rate_service(report, secret=report.secret, stars=4)
    assert shown(api, report)["updated_datetime"] == FINISHED_AT
    actions.accept_proof(report, by=operator)  # its proof photo has no location
    clock.at("2026-12-30T10:00")
    assert actions.close_unconfirmed() == 1
    report.refresh_from_db()
    assert report.status == Status.CLOSED and report.updated_at > report.done_at
    request = shown(api, report)
    assert request["status"] == "closed" and request["updated_datetime"] == FINISHED_AT


def test_it_dates_a_referral_when_it_was_referred(
    api: Client, make_report: Any, operator: Any, pln: Any, clock: Any
) -> None:
    clock.at("2026-12-07T09:00")
    report = make_report()
    clock.at("2026-12-07T11:30")
    actions.refer_report(report, by=operator, to=pln)
    request = shown(api, Report.objects.get(pk=report.pk))
    assert request["status"] == "closed"
    assert request["updated_datetime"] == "2026-12-07T11:30:00+07:00"


def test_it_dates_an_open_request_by_its_last_change(
    api: Client, make_report: Any, operator: Any, clock: Any
) -> None:
    clock.at("2026-12-07T09:00")
    report = make_report()
    clock.at("2026-12-07T10:15")
    actions.verify_report(report, by=operator)
    request = shown(api, Report.objects.get(pk=report.pk))
    assert request["status"] == "open"
    assert request["updated_datetime"] == "2026-12-07T10:15:00+07:00"


def test_it_reads_no_more_for_many_closed_requests(
    api: Client, make_report: Any, operator: Any, supervisor_a: Any, pln: Any, clock: Any
) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert len(api.get(f"{V2}/requests.json").json()) == len(made)
        return len(captured)

    made = [finished(make_report, operator, supervisor_a, clock)]
    one = queries()
    for seed in range(2, 5):
        made.append(finished(make_report, operator, supervisor_a, clock, seed=seed))
        made.append(make_report(seed=seed + 10))
        actions.refer_report(made[-1], by=operator, to=pln)
    assert queries() == one
