"""`laksa load-demo`: a whole demo city whose every report has a true history."""

from __future__ import annotations

import itertools
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from laksa.demo.city import parse_duration
from laksa.org.models import Area, Jurisdiction, Membership
from laksa.reports.models import PhotoKind, Report
from laksa.reports.statuses import Status
from tests.test_import_areas import SHARED, needs_real_data


def _load(tmp_dir: Path | None, reports: int = 40) -> str:
    out = StringIO()
    args = ["load_demo", "--reports", str(reports)]
    if tmp_dir is not None:
        args += ["--areas-dir", str(tmp_dir)]
    call_command(*args, stdout=out)
    return out.getvalue()


def _assert_whole(reports: int) -> None:
    city = Jurisdiction.objects.get(slug="kota-tangerang")
    assert city.areas.filter(level="kecamatan").count() == 13
    assert city.areas.filter(level="kelurahan").count() == 104
    assert city.categories.count() == 30
    assert city.agencies.filter(kind="opd").count() == 13
    assert city.agencies.filter(kind="area").count() == 117
    assert Membership.objects.filter(role="operator").count() == 2
    assert Report.objects.count() >= reports * 0.9
    assert not Report.objects.filter(kelurahan__isnull=True).exists()
    for report in Report.objects.prefetch_related("events", "photos"):
        moves = [e for e in report.events.all() if e.to_status]
        assert moves[-1].to_status == report.status
        for before, after in itertools.pairwise(moves):
            assert after.from_status == before.to_status
            assert after.created_at >= before.created_at
        if report.status in (Status.DONE, Status.CLOSED):
            assert any(p.kind == PhotoKind.PROOF for p in report.photos.all())


@needs_real_data
@pytest.mark.django_db
def test_it_loads_the_real_boundaries_and_reports_in_every_status():
    out = _load(SHARED, reports=90)
    assert "real boundaries" in out and "operator1" in out
    _assert_whole(90)
    assert not Jurisdiction.objects.get().areas_approximate
    statuses = set(Report.objects.values_list("status", flat=True))
    assert statuses >= {"new", "verified", "dispatched", "in_progress", "done", "closed"}


@pytest.mark.django_db
def test_it_builds_approximate_areas_without_boundary_files(tmp_path):
    out = _load(tmp_path, reports=20)
    assert "APPROXIMATE" in out
    assert Jurisdiction.objects.get().areas_approximate
    _assert_whole(20)
    # Every kelurahan's own centre point falls in its approximate cell.
    from laksa.org.geo import locate

    city = Jurisdiction.objects.get()
    for area in Area.objects.filter(level="kelurahan")[:20]:
        assert locate(city, area.centroid_lat, area.centroid_lng).area_id == area.pk


@pytest.mark.django_db
def test_it_keeps_existing_data_when_asked_if_empty(tmp_path):
    _load(tmp_path, reports=5)
    before = Report.objects.count()
    out = StringIO()
    call_command("load_demo", "--if-empty", stdout=out)
    assert "already" in out.getvalue() and Report.objects.count() == before


def test_it_reads_the_duration_table():
    assert parse_duration("P1D").days == 1
    assert parse_duration("PT30M").total_seconds() == 1800
    assert parse_duration("PT24H").total_seconds() == 86400
    with pytest.raises(ValueError):
        parse_duration("soon")
