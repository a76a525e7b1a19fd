"""The LIVE Room hides a report from the public at any status (personal data in its text, a
sensitive matter), with the reason as an internal note, and may show it again unless its category
is not public."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from laksa.catalog.models import Category
from laksa.reports import actions
from laksa.reports.errors import InvalidInput, NotAllowed, StaleReport
from laksa.reports.models import EventKind, Report

pytestmark = pytest.mark.django_db


def test_it_hides_a_report_with_an_event(clock: Any, make_report: Any, operator: Any) -> None:
    now = clock.at("2026-11-03T09:00")
    report = make_report(description="Hubungi saya 081377771234")
    version = report.version
    event = actions.set_public(
        report, by=operator, public=False, note="Nomor HP di deskripsi", expected_version=version
    )
    stored = Report.objects.get(pk=report.pk)
    assert stored.public is False and report.public is False
    assert stored.version == version + 1 and stored.updated_at == now
    assert event.kind == EventKind.VISIBILITY and event.actor == operator
    assert event.internal_note == "Nomor HP di deskripsi" and event.public_note == ""
    assert event.data == {"public": False} and event.created_at == now
    citizen = Client()
    assert citizen.get(f"/r/{report.code}/").status_code == 404
    assert citizen.get(f"/api/v1/reports/{report.code}").status_code == 404
    assert "081377771234" not in citizen.get("/api/v1/reports").content.decode()


def test_it_hides_a_closed_report(make_report: Any, operator: Any) -> None:
    report = make_report()
    actions.reject_report(report, by=operator, reason="Bukan pengaduan")
    event = actions.set_public(report, by=operator, public=False)
    assert Report.objects.get(pk=report.pk).public is False
    assert event.internal_note == "Disembunyikan dari publik."


def test_it_shows_a_hidden_report_again(make_report: Any, operator: Any) -> None:
    report = make_report()
    actions.set_public(report, by=operator, public=False)
    event = actions.set_public(report, by=operator, public=True)
    assert Report.objects.get(pk=report.pk).public is True
    assert event.internal_note == "Ditampilkan lagi untuk publik."
    assert Client().get(f"/r/{report.code}/").status_code == 200


def test_it_never_shows_a_report_of_a_private_category(
    make_report: Any, operator: Any, sensitive: Category
) -> None:
    report = make_report(category=sensitive)
    with pytest.raises(InvalidInput, match="tidak publik"):
        actions.set_public(report, by=operator, public=True)
    assert Report.objects.get(pk=report.pk).public is False


def test_it_refuses_what_changes_nothing(make_report: Any, operator: Any) -> None:
    report = make_report()
    with pytest.raises(InvalidInput):
        actions.set_public(report, by=operator, public=True)
    assert not report.events.filter(kind=EventKind.VISIBILITY).exists()


def test_it_lets_only_the_live_room_hide_a_report(
    make_report: Any, supervisor_a: Any, mayor: Any
) -> None:
    report = make_report()
    for user in (supervisor_a, mayor, None):
        with pytest.raises(NotAllowed):
            actions.set_public(report, by=user, public=False)
    assert Report.objects.get(pk=report.pk).public is True


def test_it_refuses_a_stale_page(make_report: Any, operator: Any) -> None:
    report = make_report()
    with pytest.raises(StaleReport):
        actions.set_public(report, by=operator, public=False, expected_version=report.version - 1)
    assert Report.objects.get(pk=report.pk).public is True
