"""What the reporter may do to their report is one answer (reports/available.py): the private
tracking page, the API's can_* flags and the actions agree, within the confirmation window and
after it, when the job's proof waits for the LIVE Room and the report stays done."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client

from laksa.reports import actions
from laksa.reports.available import reporter_actions
from laksa.reports.errors import IllegalTransition
from laksa.reports.models import Report
from laksa.reports.statuses import Status
from tests.api_helpers import post_json

pytestmark = pytest.mark.django_db


def _page(client: Client, report: Report) -> str:
    return client.get(f"/r/{report.code}/{report.secret}/").content.decode()


def _flags(client: Client, report: Report) -> dict[str, bool]:
    body = post_json(
        client, "/reports/mine", {"reports": [{"code": report.code, "secret": report.secret}]}
    )
    [mine] = body.json()["results"]
    return {name: mine[f"can_{name}"] for name in ("confirm", "dispute", "rate")}


def test_it_offers_confirm_dispute_and_rating_while_the_window_is_open(
    citizen: Client, done_report: Report, clock: Any
) -> None:
    clock.at(done_report.done_at + timedelta(days=done_report.jurisdiction.confirm_days))
    page = _page(citizen, done_report)
    assert "Konfirmasi selesai" in page and "Belum selesai" in page and "Kirim penilaian" in page
    assert _flags(citizen, done_report) == {"confirm": True, "dispute": True, "rate": True}
    actions.dispute_fix(done_report, secret=done_report.secret, reason="Masih berlubang")
    done_report.refresh_from_db()
    assert done_report.status == Status.DISPATCHED


def test_after_the_window_the_dispute_is_neither_offered_nor_taken(
    citizen: Client, done_report: Report, clock: Any
) -> None:
    # A job whose proof had no location is not auto-closed: it can stay done past the window.
    window = timedelta(days=done_report.jurisdiction.confirm_days)
    clock.at(done_report.done_at + window + timedelta(minutes=1))
    assert reporter_actions(done_report) == reporter_actions(done_report, now=clock.now())
    page = _page(citizen, done_report)
    assert "Belum selesai" not in page and 'name="reason"' not in page
    assert "Masa sanggah sudah lewat" in page
    assert "Konfirmasi selesai" in page and "Kirim penilaian" in page
    assert _flags(citizen, done_report) == {"confirm": True, "dispute": False, "rate": True}
    with pytest.raises(IllegalTransition):
        actions.dispute_fix(done_report, secret=done_report.secret, reason="Masih berlubang")
    refused = citizen.post(
        f"/r/{done_report.code}/{done_report.secret}/sanggah/", {"reason": "Masih"}, follow=True
    )
    assert "Masa sanggah sudah lewat." in refused.content.decode()
    done_report.refresh_from_db()
    assert done_report.status == Status.DONE


def test_a_closed_report_can_be_rated_but_not_confirmed_or_disputed(
    citizen: Client, done_report: Report
) -> None:
    actions.confirm_fix(done_report, secret=done_report.secret)
    done_report.refresh_from_db()
    page = _page(citizen, done_report)
    assert "Konfirmasi selesai" not in page and "Belum selesai" not in page
    assert "Kirim penilaian" in page
    assert _flags(citizen, done_report) == {"confirm": False, "dispute": False, "rate": True}
    with pytest.raises(IllegalTransition):
        actions.confirm_fix(done_report, secret=done_report.secret)


def test_nothing_is_offered_before_the_work_is_done(citizen: Client, make_report: Any) -> None:
    report = make_report()
    page = _page(citizen, report)
    assert "Konfirmasi selesai" not in page and "Kirim penilaian" not in page
    assert _flags(citizen, report) == {"confirm": False, "dispute": False, "rate": False}
    for refused in (
        lambda: actions.confirm_fix(report, secret=report.secret),
        lambda: actions.dispute_fix(report, secret=report.secret, reason="Belum"),
        lambda: actions.rate_service(report, secret=report.secret, stars=4),
    ):
        with pytest.raises(IllegalTransition):
            refused()
    report.refresh_from_db()
    assert report.status == Status.NEW and report.rating is None
