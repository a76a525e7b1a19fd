"""A report the LIVE Room files under a non-public category (a complaint about an officer that
came by WhatsApp under a guessed public one) leaves every public door at once; a category change
never publishes a report that is not public."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from laksa.catalog.models import Category
from laksa.reports import actions
from laksa.reports.models import EventKind, Report

pytestmark = pytest.mark.django_db


def _public_doors(code: str) -> list[str]:
    return [f"/r/{code}/", f"/api/v1/reports/{code}", f"/open311/v2/requests/{code}.json"]


def test_it_hides_a_report_verified_into_a_private_category(
    make_report: Any, operator: Any, sensitive: Category
) -> None:
    report = make_report(description="Petugas parkir X memeras saya")
    citizen = Client()
    assert citizen.get(f"/r/{report.code}/").status_code == 200
    event = actions.verify_report(report, by=operator, category=sensitive)
    report.refresh_from_db()
    assert report.public is False and report.category == sensitive
    for url in _public_doors(report.code):
        answer = citizen.get(url)
        assert answer.status_code == 404, url
        assert "Perilaku petugas" not in answer.content.decode()
    assert report.code not in citizen.get("/peta/data.json").content.decode()
    assert report.code not in citizen.get("/api/v1/reports").content.decode()
    # The LIVE Room reads why the report went private on its history.
    assert event.kind == EventKind.ROUTED and event.data["public"] is False
    assert "Perilaku petugas tidak publik" in event.internal_note


def test_it_keeps_the_operators_internal_note_beside_the_reason(
    make_report: Any, operator: Any, sensitive: Category
) -> None:
    report = make_report()
    event = actions.verify_report(
        report, by=operator, category=sensitive, internal_note="Pelapor minta dirahasiakan"
    )
    assert event.internal_note.startswith("Pelapor minta dirahasiakan\n")
    assert "disembunyikan dari publik" in event.internal_note


def test_it_hides_a_report_rerouted_into_a_private_category(
    make_report: Any, operator: Any, sensitive: Category
) -> None:
    report = make_report()
    actions.verify_report(report, by=operator)
    report.refresh_from_db()
    assert report.public is True
    actions.verify_report(report, by=operator, category=sensitive)
    report.refresh_from_db()
    assert report.public is False


def test_it_never_publishes_a_private_report_moved_to_a_public_category(
    make_report: Any, operator: Any, pothole: Category, sensitive: Category
) -> None:
    letter = make_report(public=False)
    event = actions.verify_report(letter, by=operator, category=pothole)
    letter.refresh_from_db()
    assert letter.public is False
    assert "public" not in event.data and event.internal_note == ""
    complaint = make_report(category=sensitive, seed=2)
    assert complaint.public is False
    actions.verify_report(complaint, by=operator, category=pothole)
    complaint.refresh_from_db()
    assert complaint.public is False
    assert Client().get(f"/r/{complaint.code}/").status_code == 404


def test_it_keeps_a_hidden_report_hidden_when_verified_from_a_stale_copy(
    make_report: Any, operator: Any, pothole: Category
) -> None:
    report = make_report()
    actions.set_public(Report.objects.get(pk=report.pk), by=operator, public=False)
    assert report.public is True  # the caller's copy, read before it was hidden
    actions.verify_report(report, by=operator, category=pothole)
    assert Report.objects.get(pk=report.pk).public is False


def test_it_leaves_a_public_report_public_in_a_public_category(
    make_report: Any, operator: Any, pothole: Category
) -> None:
    report = make_report()
    event = actions.verify_report(report, by=operator, category=pothole)
    report.refresh_from_db()
    assert report.public is True
    assert "public" not in event.data and event.internal_note == ""
