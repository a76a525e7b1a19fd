"""`laksa load-demo`: a whole demo city whose every report has a true history."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from laksa.catalog.models import Category
from laksa.org.geo import locate
from laksa.org.models import Agency, Area, Jurisdiction, Membership
from laksa.reports.models import Photo, PhotoKind, Report, ReportEvent
from laksa.reports.statuses import Status
from laksa.reports.transitions import can_move
from tests.conftest import SHARED_DATA

STAFF = [
    "admin",
    "operator1",
    "operator2",
    *[
        f"{role}_{a}"
        for a in ("dpupr", "dishub", "dlh", "disbudpar", "bpbd", "satpolpp")
        for role in ("pengawas", "petugas")
    ],
    "kepala_dpupr",
    "camat_tangerang",
    "lurah_sukasari",
    "walikota",
]


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    # The real hasher takes half a second a password by design; the tests check rows, not hashes.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _load(areas_dir: Path, reports: int = 30, *extra: str) -> str:
    out = StringIO()
    call_command(
        "load_demo", "--reports", str(reports), "--areas-dir", str(areas_dir), *extra, stdout=out
    )
    return out.getvalue()


def _assert_whole_city(out: str, reports: int) -> None:
    city = Jurisdiction.objects.get(slug="kota-tangerang")
    assert (city.code_prefix, city.timezone, city.open311_id) == (
        "TNG",
        "Asia/Jakarta",
        "tangerangkota.go.id",
    )
    assert city.areas.filter(level="kecamatan").count() == 13
    assert city.areas.filter(level="kelurahan").count() == 104
    assert not city.areas.filter(level="kelurahan", parent__isnull=True).exists()
    assert city.agencies.filter(kind="opd").count() == 13
    assert city.agencies.filter(kind="external").count() == 4
    assert city.agencies.filter(kind="area", area__isnull=False).count() == 117
    assert Agency.objects.get(code="DPUPR").name == "Dinas Pekerjaan Umum dan Penataan Ruang"

    assert city.categories.count() == 30
    road = Category.objects.get(code="INF-JLN")
    assert road.respond_target == timedelta(days=1) and road.resolve_target == timedelta(days=7)
    assert [a.code for a in road.support_agencies.all()] == ["PUPR-BANTEN"]
    size = road.questions.get(code="ukuran")
    assert size.required and [v["key"] for v in size.values] == ["kecil", "sedang", "besar"]
    flood = Category.objects.get(code="BCN-BJR")
    assert flood.emergency and flood.respond_target == timedelta(minutes=30)
    assert flood.questions.get(code="tinggi_air_cm").required
    assert not Category.objects.get(code="PLY-ASN").public
    # Cuti bersama: Christmas Eve 2026 is a day off the national calendar does not list.
    assert not city.calendar.is_working_day(date(2026, 12, 24))

    for username in STAFF:
        user = User.objects.get(username=username)
        assert Membership.objects.filter(user=user, jurisdiction=city).exists(), username
        assert username in out
    assert User.objects.get(username="admin").is_superuser
    lurah = Membership.objects.get(user__username="lurah_sukasari")
    assert (lurah.role, lurah.area.name) == ("area_official", "Sukasari")
    assert Membership.objects.get(user__username="camat_tangerang").area.level == "kecamatan"

    assert Report.objects.count() == reports
    assert set(Report.objects.values_list("status", flat=True)) == set(Status.values)
    assert Report.objects.values("channel").distinct().count() >= 4
    assert not Report.objects.filter(kelurahan__isnull=True).exists()
    assert not Report.objects.filter(outside_area=True).exists()


def _assert_true_histories() -> None:
    for report in Report.objects.prefetch_related("events", "photos"):
        events = list(report.events.all())
        moves = [e for e in events if e.to_status]
        assert (moves[0].from_status, moves[0].to_status) == ("", Status.NEW)
        for before, after in itertools.pairwise(moves):
            assert after.from_status == before.to_status
            assert can_move(before.to_status, after.to_status)
        assert moves[-1].to_status == report.status
        assert all(e.created_at >= report.created_at for e in events)
        if report.status in (Status.DONE, Status.CLOSED):
            proof = [p for p in report.photos.all() if p.kind == PhotoKind.PROOF]
            assert proof and all(p.created_at >= report.dispatched_at for p in proof)
        if report.status == Status.DUPLICATE:
            assert report.duplicate_of.created_at < report.created_at
    # One city-wide timeline: events are numbered in the order they happened, over 60 days.
    times = list(ReportEvent.objects.order_by("id").values_list("created_at", flat=True))
    assert times == sorted(times)
    oldest = Report.objects.order_by("created_at").first()
    assert oldest is not None and (times[-1] - oldest.created_at).days >= 20


@pytest.mark.needs_real_data
@pytest.mark.django_db
def test_it_loads_the_real_boundaries_and_reports_in_every_status():
    out = _load(SHARED_DATA, reports=30)
    assert "real boundaries" in out and "APPROXIMATE" not in out
    _assert_whole_city(out, 30)
    _assert_true_histories()
    city = Jurisdiction.objects.get()
    assert not city.areas_approximate
    sukasari = Area.objects.get(name="Sukasari")
    assert locate(city, -6.1783, 106.6319).area_id == sukasari.pk  # type: ignore[union-attr]


@pytest.mark.needs_real_data
@pytest.mark.django_db
def test_it_never_replaces_real_boundaries_with_approximate_ones(tmp_path):
    _load(SHARED_DATA, reports=0)
    sukasari = Area.objects.get(name="Sukasari").geometry
    out = _load(tmp_path, reports=0)
    assert "kept the real ones" in out
    assert Area.objects.get(name="Sukasari").geometry == sukasari
    assert not Jurisdiction.objects.get().areas_approximate


@pytest.mark.django_db
def test_it_builds_approximate_areas_without_boundary_files(tmp_path):
    out = _load(tmp_path, reports=30)
    assert "APPROXIMATE" in out
    city = Jurisdiction.objects.get()
    assert city.areas_approximate
    _assert_whole_city(out, 30)
    _assert_true_histories()
    # Every kelurahan's own centre point falls in its approximate cell.
    for area in Area.objects.filter(level="kelurahan"):
        located = locate(city, area.centroid_lat, area.centroid_lng)
        assert located is not None and located.area_id == area.pk, area.name
        assert located.parent_id == area.parent_id


@pytest.mark.django_db
def test_it_keeps_existing_data_when_asked_if_empty(tmp_path):
    _load(tmp_path, reports=10)
    tables = [Jurisdiction, Area, Agency, Category, User, Membership, Report, ReportEvent, Photo]
    before = [model.objects.count() for model in tables]
    last_event = ReportEvent.objects.order_by("id").last()
    out = StringIO()
    call_command("load_demo", "--if-empty", stdout=out)
    assert "already loaded" in out.getvalue()
    # Every later `make run` says how to sign in, since the passwords were shown only once.
    assert "laksa changepassword USERNAME" in out.getvalue() and "operator1" in out.getvalue()
    assert [model.objects.count() for model in tables] == before
    assert ReportEvent.objects.order_by("id").last() == last_event


@pytest.mark.django_db
def test_it_prints_each_new_password_once_in_a_table(tmp_path):
    out = _load(tmp_path, reports=0)
    lines = [line.split() for line in out.splitlines() if line.strip().startswith("operator1")]
    assert len(lines) == 1
    password = lines[0][-1]
    assert User.objects.get(username="operator1").check_password(password)
    again = _load(tmp_path, reports=0)
    assert password not in again and "(tidak diubah)" in again
    assert User.objects.get(username="operator1").check_password(password)
