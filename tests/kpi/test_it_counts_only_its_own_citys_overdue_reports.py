"""The live overdue figures count the open reports of the dashboard's own city only (the query
reads the open reports by their status, and compares the city without its index)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from laksa.catalog.models import Category
from laksa.kpi import selectors
from laksa.org.models import Agency, AgencyKind, Jurisdiction
from laksa.reports.models import Channel, Report

pytestmark = pytest.mark.django_db


def test_it_leaves_another_citys_late_reports_out(city, agency_a, make_report, clock):
    clock.at("2026-11-02T09:00")
    ours = make_report(seed=1)
    other = Jurisdiction.objects.create(slug="kota-lain", name="Kota Lain", code_prefix="LAN")
    works = Agency.objects.create(
        jurisdiction=other, code="DPU", abbreviation="DPU", name="Dinas PU", kind=AgencyKind.OPD
    )
    category = Category.objects.create(
        jurisdiction=other,
        code="INF-JLN",
        group="Infrastruktur",
        name_id="Jalan rusak",
        agency=works,
    )
    now = clock.now()
    Report.objects.create(
        jurisdiction=other,
        code="LAN-0001",
        category=category,
        agency=works,
        description="Lubang di kota lain",
        channel=Channel.WEB,
        created_at=now,
        updated_at=now,
        respond_due_at=now + timedelta(hours=1),
        resolve_due_at=now + timedelta(days=2),
    )
    clock.at("2026-11-20T09:00")
    assert selectors.overdue_by(city, "agency") == {agency_a.pk: 1}
    assert [r.pk for r in selectors.worst_overdue(city)] == [ours.pk]
    assert selectors.overdue_by(other, "agency") == {works.pk: 1}
