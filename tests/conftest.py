"""The personas of every test (STYLE.md §12): a small city with two kelurahan, two agencies,
an outside body, and one user per role. Photos are written to a temporary folder."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import translation

from laksa.catalog.models import Category, Datatype, Question
from laksa.org.geo import forget_indexes
from laksa.org.models import (
    Agency,
    AgencyKind,
    Application,
    Area,
    AreaLevel,
    Jurisdiction,
    Membership,
    Role,
)
from laksa.reports.actions import NewReport, create_report
from laksa.reports.models import Channel, Report
from tests.images import processed

# Two side-by-side kelurahan, each 0.01 degrees (~1.1 km) square, in one kecamatan.
WEST = [[106.62, -6.18], [106.63, -6.18], [106.63, -6.17], [106.62, -6.17], [106.62, -6.18]]
EAST = [[106.63, -6.18], [106.64, -6.18], [106.64, -6.17], [106.63, -6.17], [106.63, -6.18]]
IN_WEST = (-6.175, 106.625)
IN_EAST = (-6.175, 106.635)
OUTSIDE = (-6.30, 106.90)


def _polygon(ring: list[list[float]]) -> str:
    return json.dumps({"type": "Polygon", "coordinates": [ring]})


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    forget_indexes()


@pytest.fixture
def city(db: Any) -> Jurisdiction:
    return Jurisdiction.objects.create(slug="kota-uji", name="Kota Uji", code_prefix="UJI")


@pytest.fixture
def kecamatan(city: Jurisdiction) -> Area:
    return Area.objects.create(
        jurisdiction=city,
        level=AreaLevel.KECAMATAN,
        code="99.01.01",
        name="Tengah",
        centroid_lat=-6.175,
        centroid_lng=106.63,
        geometry=_polygon(
            [[106.62, -6.18], [106.64, -6.18], [106.64, -6.17], [106.62, -6.17], [106.62, -6.18]]
        ),
    )


@pytest.fixture
def west(city: Jurisdiction, kecamatan: Area) -> Area:
    return Area.objects.create(
        jurisdiction=city,
        level=AreaLevel.KELURAHAN,
        code="99.01.01.1001",
        name="Barat",
        parent=kecamatan,
        centroid_lat=IN_WEST[0],
        centroid_lng=IN_WEST[1],
        geometry=_polygon(WEST),
    )


@pytest.fixture
def east(city: Jurisdiction, kecamatan: Area) -> Area:
    return Area.objects.create(
        jurisdiction=city,
        level=AreaLevel.KELURAHAN,
        code="99.01.01.1002",
        name="Timur",
        parent=kecamatan,
        centroid_lat=IN_EAST[0],
        centroid_lng=IN_EAST[1],
        geometry=_polygon(EAST),
    )


@pytest.fixture
def agency_a(city: Jurisdiction) -> Agency:
    return Agency.objects.create(
        jurisdiction=city,
        code="DPUPR",
        abbreviation="DPUPR",
        name="Dinas PUPR",
        kind=AgencyKind.OPD,
    )


@pytest.fixture
def agency_b(city: Jurisdiction) -> Agency:
    return Agency.objects.create(
        jurisdiction=city,
        code="DISHUB",
        abbreviation="Dishub",
        name="Dinas Perhubungan",
        kind=AgencyKind.OPD,
    )


@pytest.fixture
def west_office(city: Jurisdiction, west: Area) -> Agency:
    return Agency.objects.create(
        jurisdiction=city,
        code="KEL-99.01.01.1001",
        abbreviation="Kel. Barat",
        name="Kantor Kelurahan Barat",
        kind=AgencyKind.AREA,
        area=west,
    )


@pytest.fixture
def pln(city: Jurisdiction) -> Agency:
    return Agency.objects.create(
        jurisdiction=city, code="PLN", abbreviation="PLN", name="PLN UP3", kind=AgencyKind.EXTERNAL
    )


@pytest.fixture
def pothole(city: Jurisdiction, agency_a: Agency) -> Category:
    category = Category.objects.create(
        jurisdiction=city,
        code="INF-JLN",
        group="Infrastruktur",
        name_id="Jalan rusak",
        name_en="Damaged road",
        agency=agency_a,
    )
    Question.objects.create(
        category=category,
        code="ukuran",
        datatype=Datatype.SINGLEVALUELIST,
        required=True,
        prompt_id="Ukuran lubang",
        prompt_en="Size of the hole",
        values=[
            {"key": "kecil", "name_id": "Kecil", "name_en": "Small"},
            {"key": "besar", "name_id": "Besar", "name_en": "Large"},
        ],
    )
    return category


@pytest.fixture
def streetlight(city: Jurisdiction, agency_b: Agency) -> Category:
    return Category.objects.create(
        jurisdiction=city,
        code="PJU-MTI",
        group="Penerangan",
        name_id="Lampu PJU mati",
        name_en="Street light out",
        agency=agency_b,
        respond_target=timedelta(days=1),
    )


def _staff(username: str, city: Jurisdiction, role: str, **scope: Any) -> User:
    user = User.objects.create_user(username, password="rahasia-uji-123")
    Membership.objects.create(user=user, jurisdiction=city, role=role, **scope)
    return user


@pytest.fixture
def operator(city: Jurisdiction) -> User:
    return _staff("operator", city, Role.OPERATOR)


@pytest.fixture
def supervisor_a(city: Jurisdiction, agency_a: Agency) -> User:
    return _staff("pengawas_a", city, Role.SUPERVISOR, agency=agency_a)


@pytest.fixture
def supervisor_b(city: Jurisdiction, agency_b: Agency) -> User:
    return _staff("pengawas_b", city, Role.SUPERVISOR, agency=agency_b)


@pytest.fixture
def worker_a(city: Jurisdiction, agency_a: Agency) -> User:
    return _staff("petugas_a", city, Role.WORKER, agency=agency_a)


@pytest.fixture
def crew_a(agency_a: Agency, worker_a: User) -> Any:
    from laksa.dispatch.models import Crew

    crew = Crew.objects.create(agency=agency_a, name="Regu Tambal 1")
    crew.members.add(worker_a)
    return crew


@pytest.fixture
def lurah(city: Jurisdiction, west: Area, west_office: Agency) -> User:
    return _staff("lurah_barat", city, Role.AREA_OFFICIAL, area=west)


@pytest.fixture
def admin_user(db: Any) -> User:
    return User.objects.create_superuser("admin", password="rahasia-uji-123")


@pytest.fixture
def citizen() -> Client:
    return Client()


@pytest.fixture
def app_key(city: Jurisdiction) -> str:
    """An Open311 application's key for the test city."""
    _app, key = Application.create_with_key(city, "Aplikasi Uji")
    return key


@pytest.fixture
def api() -> Client:
    """A client as Open311 apps are: no CSRF token, ever."""
    return Client(enforce_csrf_checks=True)


def login(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def make_report(pothole: Category, west: Area, east: Area) -> Any:
    """Creates a report through the real action, at a point in Barat unless told otherwise."""

    def make(
        *,
        category: Category | None = None,
        at: tuple[float, float] = IN_WEST,
        seed: int = 1,
        **kwargs: Any,
    ) -> Report:
        return create_report(
            NewReport(
                category=category or pothole,
                description=kwargs.pop("description", "Lubang besar di depan sekolah"),
                lat=at[0],
                lng=at[1],
                channel=kwargs.pop("channel", Channel.WEB),
                photos=[processed(seed)],
                **kwargs,
            )
        )

    return make


@pytest.fixture(autouse=True)
def _language_back() -> Any:
    """LocaleMiddleware leaves the last request's language active in the thread: a test asking
    for English must not turn the next test's lazy Indonesian messages into English."""
    yield
    translation.deactivate()
