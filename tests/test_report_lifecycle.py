"""The report loop through the actions, with the personas' permissions."""

from __future__ import annotations

import pytest

from laksa.reports import actions
from laksa.reports.errors import IllegalTransition, InvalidInput, NotAllowed
from laksa.reports.models import EventKind, PhotoKind, Report, ReportEvent
from laksa.reports.statuses import Status
from tests.conftest import IN_EAST, IN_WEST, OUTSIDE
from tests.images import processed


def test_it_creates_a_located_report_with_code_photo_and_event(make_report, west, kecamatan):
    report = make_report()
    assert report.code.startswith("UJI-") and report.code.endswith("-00001")
    assert report.status == Status.NEW and report.colour == "red"
    assert report.kelurahan == west and report.kecamatan == kecamatan
    assert not report.outside_area
    assert report.photos.filter(kind=PhotoKind.BEFORE).count() == 1
    events = list(report.events.all())
    assert [e.kind for e in events] == [EventKind.CREATED]
    assert events[0].to_status == Status.NEW


def test_it_numbers_codes_in_sequence(make_report):
    first, second = make_report(seed=1), make_report(seed=2)
    assert int(second.code[-5:]) == int(first.code[-5:]) + 1


def test_it_finds_the_east_kelurahan(make_report, east):
    assert make_report(at=IN_EAST).kelurahan == east


def test_it_keeps_a_report_outside_every_area_and_flags_it(make_report):
    report = make_report(at=OUTSIDE)
    assert report.pk and report.outside_area and report.kelurahan is None
    assert "luar wilayah" in report.events.get().internal_note


def test_it_returns_the_first_report_for_a_repeated_idempotency_key(make_report):
    first = make_report(idempotency_key="wa-123")
    again = make_report(idempotency_key="wa-123", seed=5)
    assert again.pk == first.pk and Report.objects.count() == 1


def test_it_walks_the_whole_loop(make_report, operator, supervisor_a, agency_a):
    report = make_report()
    actions.verify_report(report, by=operator)
    assert report.status == Status.VERIFIED and report.agency == agency_a
    actions.accept_job(report, by=supervisor_a)
    assert report.colour == "yellow"
    actions.start_job(report, by=supervisor_a)
    actions.finish_job(report, by=supervisor_a, proof=[processed(99)], note="Sudah ditambal")
    report.refresh_from_db()
    assert report.status == Status.DONE and report.colour == "green"
    assert report.photos.filter(kind=PhotoKind.PROOF).count() == 1
    actions.confirm_fix(report, secret=report.secret)
    actions.rate_service(report, secret=report.secret, stars=5, comment="Cepat")
    report.refresh_from_db()
    assert report.status == Status.CLOSED and report.rating == 5
    statuses = [e.to_status for e in report.events.exclude(to_status="")]
    assert statuses == ["new", "verified", "dispatched", "in_progress", "done", "closed"]


def test_it_refuses_completion_without_proof(make_report, operator, supervisor_a):
    report = make_report()
    actions.verify_report(report, by=operator)
    actions.accept_job(report, by=supervisor_a)
    with pytest.raises(InvalidInput):
        actions.finish_job(report, by=supervisor_a, proof=[])
    report.refresh_from_db()
    assert report.status == Status.DISPATCHED


def test_it_refuses_the_reports_own_photo_as_proof(make_report, operator, supervisor_a):
    report = make_report(seed=7)
    actions.verify_report(report, by=operator)
    actions.accept_job(report, by=supervisor_a)
    with pytest.raises(InvalidInput, match="sama dengan foto laporan"):
        actions.finish_job(report, by=supervisor_a, proof=[processed(7)])
    assert Report.objects.get(pk=report.pk).status == Status.DISPATCHED


def test_it_refuses_a_supervisor_of_another_agency(make_report, operator, supervisor_b):
    report = make_report()
    actions.verify_report(report, by=operator)
    with pytest.raises(NotAllowed):
        actions.accept_job(report, by=supervisor_b)
    assert ReportEvent.objects.filter(report=report).count() == 2


def test_it_refuses_triage_by_a_supervisor(make_report, supervisor_a):
    with pytest.raises(NotAllowed):
        actions.verify_report(make_report(), by=supervisor_a)


def test_it_refuses_an_illegal_transition(make_report, supervisor_a, agency_a):
    report = make_report()  # still new: the agency has not been routed by an operator
    with pytest.raises(IllegalTransition):
        actions.accept_job(report, by=supervisor_a)
    assert Report.objects.get(pk=report.pk).status == Status.NEW


def test_it_lets_the_lurah_handle_reports_routed_to_the_kelurahan(
    make_report, operator, lurah, west_office
):
    report = make_report()
    actions.verify_report(report, by=operator, agency=west_office)
    actions.accept_job(report, by=lurah)
    assert report.status == Status.DISPATCHED


def test_it_rejects_with_a_reason_only(make_report, operator):
    report = make_report()
    with pytest.raises(InvalidInput):
        actions.reject_report(report, by=operator, reason="  ")
    actions.reject_report(report, by=operator, reason="Bukan pengaduan")
    assert report.status == Status.REJECTED
    assert report.events.last().public_note == "Bukan pengaduan"


def test_it_merges_a_duplicate_and_adds_support(make_report, operator):
    original, copy = make_report(seed=1), make_report(seed=2)
    actions.merge_duplicate(copy, into=original, by=operator)
    original.refresh_from_db()
    assert copy.status == Status.DUPLICATE and copy.duplicate_of == original
    assert original.support_count == 1
    assert original.events.filter(kind=EventKind.SUPPORT).exists()


def test_it_refers_only_to_an_outside_body(make_report, operator, pln, agency_a):
    report = make_report()
    with pytest.raises(InvalidInput):
        actions.refer_report(report, by=operator, to=agency_a)
    actions.refer_report(report, by=operator, to=pln)
    assert report.status == Status.REFERRED and report.referred_to == pln


def test_it_sends_a_disputed_fix_back_to_the_agency(make_report, operator, supervisor_a):
    report = make_report()
    actions.verify_report(report, by=operator)
    actions.accept_job(report, by=supervisor_a)
    actions.finish_job(report, by=supervisor_a, proof=[processed(50)])
    with pytest.raises(NotAllowed):
        actions.dispute_fix(report, secret="tebakan", reason="Masih berlubang")
    actions.dispute_fix(report, secret=report.secret, reason="Masih berlubang")
    assert report.status == Status.DISPATCHED
    assert "Masih berlubang" in report.events.last().public_note


def test_it_reroutes_before_done(make_report, operator, supervisor_a, agency_b):
    report = make_report()
    actions.verify_report(report, by=operator)
    actions.accept_job(report, by=supervisor_a)
    actions.verify_report(report, by=operator, agency=agency_b)
    assert report.status == Status.VERIFIED and report.agency == agency_b


def test_it_closes_done_reports_after_the_confirmation_window(
    make_report, operator, supervisor_a, city
):
    from datetime import timedelta

    from django.utils import timezone

    from laksa.reports.tasks import close_unconfirmed_reports

    report = make_report()
    actions.verify_report(report, by=operator)
    actions.accept_job(report, by=supervisor_a)
    actions.finish_job(report, by=supervisor_a, proof=[processed(60, gps=IN_WEST)])
    assert close_unconfirmed_reports.call_local() == 0
    Report.objects.filter(pk=report.pk).update(
        done_at=timezone.now() - timedelta(days=city.confirm_days, minutes=1)
    )
    assert close_unconfirmed_reports.call_local() == 1
    assert close_unconfirmed_reports.call_local() == 0
    report.refresh_from_db()
    assert report.status == Status.CLOSED
    assert "otomatis" in report.events.last().public_note


def test_it_refuses_a_supervisor_reopening_a_done_job(make_report, operator, supervisor_a):
    report = make_report()
    actions.verify_report(report, by=operator)
    actions.accept_job(report, by=supervisor_a)
    actions.finish_job(report, by=supervisor_a, proof=[processed(61)])
    with pytest.raises(IllegalTransition):
        actions.accept_job(report, by=supervisor_a)
    report.refresh_from_db()
    assert report.status == Status.DONE and report.done_at is not None


def test_a_reporter_can_only_dispute_a_done_report(make_report, operator):
    from laksa.reports.errors import IllegalTransition

    report = make_report(seed=1)
    actions.verify_report(report, by=operator)
    report.refresh_from_db()
    with pytest.raises(IllegalTransition, match="Hanya laporan selesai"):
        actions.dispute_fix(report, secret=report.secret, reason="Belum dikerjakan")
    report.refresh_from_db()
    assert report.status == Status.VERIFIED
