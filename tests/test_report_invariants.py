"""Random sequences of actions, by every persona, never break the lifecycle's invariants:
the history replays to the current status, green only with proof, no event lost, and a refused
action changes nothing."""

from __future__ import annotations

import itertools
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from laksa.reports import actions
from laksa.reports.errors import ActionError
from laksa.reports.models import PhotoKind, Report
from laksa.reports.statuses import Status, StatusType, status_type
from tests.images import processed

STEPS = [
    "verify",
    "reroute",
    "reject",
    "merge",
    "refer",
    "dispatch",
    "dispatch_wrong_agency",
    "start",
    "complete",
    "complete_without_proof",
    "confirm",
    "dispute",
    "rate",
    "forged_confirm",
    "auto_close",
]
_PROOFS = [processed(1000 + i) for i in range(6)]


def _history_replays(report: Report) -> None:
    moves = list(report.events.exclude(to_status="").order_by("id"))
    assert moves[0].from_status == "" and moves[0].to_status == Status.NEW
    for before, after in itertools.pairwise(moves):
        assert after.from_status == before.to_status
    assert moves[-1].to_status == report.status


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=st.lists(st.sampled_from(STEPS), min_size=1, max_size=14))
def test_it_keeps_the_invariants_for_any_sequence(
    steps: list[str],
    make_report: Any,
    operator: Any,
    supervisor_a: Any,
    supervisor_b: Any,
    agency_a: Any,
    agency_b: Any,
    pln: Any,
) -> None:
    report = make_report(seed=1)
    other = make_report(seed=2)
    proofs = itertools.cycle(_PROOFS)
    calls: dict[str, Any] = {
        "verify": lambda: actions.verify_report(report, by=operator, agency=agency_a),
        "reroute": lambda: actions.verify_report(report, by=operator, agency=agency_b),
        "reject": lambda: actions.reject_report(report, by=operator, reason="Bukan pengaduan"),
        "merge": lambda: actions.merge_duplicate(report, into=other, by=operator),
        "refer": lambda: actions.refer_report(report, by=operator, to=pln),
        "dispatch": lambda: actions.accept_job(report, by=supervisor_a),
        "dispatch_wrong_agency": lambda: actions.accept_job(report, by=supervisor_b),
        "start": lambda: actions.start_job(report, by=supervisor_a),
        "complete": lambda: actions.finish_job(report, by=supervisor_a, proof=[next(proofs)]),
        "complete_without_proof": lambda: actions.finish_job(report, by=supervisor_a, proof=[]),
        "confirm": lambda: actions.confirm_fix(report, secret=report.secret),
        "dispute": lambda: actions.dispute_fix(report, secret=report.secret, reason="Belum"),
        "rate": lambda: actions.rate_service(report, secret=report.secret, stars=4),
        "forged_confirm": lambda: actions.confirm_fix(report, secret="bukan-rahasia"),
        "auto_close": lambda: actions.close_unconfirmed(),
    }
    expected_events = 1
    for step in steps:
        before = Report.objects.get(pk=report.pk)
        events_before = report.events.count()
        try:
            result = calls[step]()
        except ActionError:
            after = Report.objects.get(pk=report.pk)
            assert (after.status, after.version, after.agency_id) == (
                before.status,
                before.version,
                before.agency_id,
            )
            assert report.events.count() == events_before
            report.refresh_from_db()
            continue
        if step != "auto_close" or result:
            expected_events += 1
        report.refresh_from_db()
        assert report.events.count() == expected_events
        _history_replays(report)
        if status_type(report.status) == StatusType.DONE:
            assert report.photos.filter(kind=PhotoKind.PROOF).exists()
