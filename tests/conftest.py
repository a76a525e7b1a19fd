"""The personas of every test (STYLE.md §12): a small city with two kelurahan, two agencies,
an outside body, and one user per role. Photos are written to a temporary folder.

Time (STYLE.md §16): a test that needs "now" says which now through the `clock` fixture. The
whole session can be moved to another moment with LAKSA_TEST_NOW (an ISO time, the city's zone
when it names none): CI runs the suite a second time on a holiday night more than a year ahead,
so a test that silently depends on the real date, weekday or hour fails there.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import User
from django.test import Client
from django.utils import translation

from laksa.catalog.models import Category, Datatype, Question
from laksa.intake.accounts import forget_accounts
from laksa.lib import clock as domain_clock
from laksa.lib.memo import forget_all as forget_memos
from laksa.org import request_log
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
from laksa.org.selectors import forget_city
from laksa.reports.actions import NewReport, create_report
from laksa.reports.models import Channel, Report
from tests.images import processed

# Two side-by-side kelurahan, each 0.01 degrees (~1.1 km) square, in one kecamatan.
WEST = [[106.62, -6.18], [106.63, -6.18], [106.63, -6.17], [106.62, -6.17], [106.62, -6.18]]
EAST = [[106.63, -6.18], [106.64, -6.18], [106.64, -6.17], [106.63, -6.17], [106.63, -6.18]]
IN_WEST = (-6.175, 106.625)
IN_EAST = (-6.175, 106.635)
OUTSIDE = (-6.30, 106.90)


WIB = ZoneInfo("Asia/Jakarta")
TEST_NOW = os.environ.get("LAKSA_TEST_NOW", "")


def moment(text: str | datetime) -> datetime:
    """An aware moment from ISO text; without a zone it is the test city's (WIB)."""
    value = text if isinstance(text, datetime) else datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=WIB)


_session_travel: time_machine.travel | None = None


def pytest_configure(config: pytest.Config) -> None:
    """With LAKSA_TEST_NOW, the whole session (every xdist worker too) runs from that moment on,
    the clock ticking as usual."""
    global _session_travel
    if TEST_NOW and _session_travel is None:
        _session_travel = time_machine.travel(moment(TEST_NOW), tick=True)
        _session_travel.start()


def pytest_unconfigure(config: pytest.Config) -> None:
    global _session_travel
    if _session_travel is not None:
        _session_travel.stop()
        _session_travel = None


def pytest_report_header(config: pytest.Config) -> str:
    return f"laksa: the session runs at {TEST_NOW} (LAKSA_TEST_NOW)" if TEST_NOW else ""


class TestClock:
    """The clock of one test, on time-machine: `at` stops it at a moment, `shift` moves it on.
    Everything that asks laksa.lib.clock (and Django, and the database rows it writes) sees it."""

    __test__ = False  # not a test class, whatever its name

    def __init__(self) -> None:
        self._travel: time_machine.travel | None = None
        self._coordinates: Any = None

    def at(self, when: str | datetime, *, tick: bool = False) -> datetime:
        self.stop()
        self._travel = time_machine.travel(moment(when), tick=tick)
        self._coordinates = self._travel.start()
        return domain_clock.now()

    def shift(self, delta: timedelta | None = None, **parts: float) -> datetime:
        if self._coordinates is None:
            raise RuntimeError("clock.at(...) first: a test says which now it starts from")
        self._coordinates.shift(delta if delta is not None else timedelta(**parts))
        return domain_clock.now()

    def now(self) -> datetime:
        return domain_clock.now()

    def stop(self) -> None:
        if self._travel is not None:
            self._travel.stop()
            self._travel = self._coordinates = None


@pytest.fixture
def clock() -> Iterator[TestClock]:
    """The test's one clock (STYLE.md §16): `clock.at("2026-12-01T09:00")` (WIB) stops time
    there; `clock.shift(hours=2)` moves it on. Unused, time runs from the session's now."""
    pinned = TestClock()
    yield pinned
    pinned.stop()


@pytest.fixture
def rate_window(clock: TestClock) -> datetime:
    """Rates are counted in fixed windows of the clock (laksa.lib.throttle): a test that counts
    up to a limit starts on the hour (a window's first second for every rate of whole minutes),
    time running, so no window's edge falls among its requests whatever the session's now."""
    hour = domain_clock.now().replace(minute=0, second=0, microsecond=0)
    return clock.at(hour, tick=True)


def _polygon(ring: list[list[float]]) -> str:
    return json.dumps({"type": "Polygon", "coordinates": [ring]})


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    forget_indexes()
    forget_city()  # a rolled-back test's city is gone without a signal
    forget_accounts()
    forget_memos()  # what a process remembers of the catalog, areas, holidays and accounts
    # The API request log (org.request_log): each row written right after its answer, by the
    # request itself, never by a timer thread beside the test's transaction; a rolled-back
    # test's waiting rows are dropped. tests/write_path exercise the batches and the timer.
    settings.LAKSA_API_LOG_BATCH = 1
    settings.LAKSA_API_LOG_SECONDS = 0
    request_log.forget()


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
def head_a(city: Jurisdiction, agency_a: Agency) -> User:
    return _staff("kepala_a", city, Role.AGENCY_HEAD, agency=agency_a)


@pytest.fixture
def mayor(city: Jurisdiction) -> User:
    return _staff("walikota", city, Role.EXECUTIVE)


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
def _fresh_rates() -> Any:
    """Rate counts and sign-in locks live in the cache (laksa.lib.throttle): one test's posts
    must not use up the next test's allowance."""
    from django.core.cache import cache

    from laksa.lib import kept

    cache.clear()
    kept.forget_all()  # each process's copies of the cache's entries (laksa.lib.kept)
    yield
    cache.clear()
    kept.forget_all()


@pytest.fixture(autouse=True)
def _language_back() -> Any:
    """LocaleMiddleware leaves the last request's language active in the thread: a test asking
    for English must not turn the next test's lazy Indonesian messages into English."""
    yield
    translation.deactivate()


@pytest.fixture
def fire(city: Jurisdiction, agency_b: Agency) -> Category:
    """An emergency category: pinned first in the queue, the emergency number for the citizen."""
    return Category.objects.create(
        jurisdiction=city,
        code="DRT-KBK",
        group="Darurat",
        name_id="Kebakaran",
        name_en="Fire",
        agency=agency_b,
        emergency=True,
    )


@pytest.fixture
def done_report(make_report: Any, operator: User, supervisor_a: User) -> Report:
    """A report in Barat, verified, dispatched and done with a proof photo, green for the citizen
    to confirm, dispute or rate. It carries what must never be shown in public: the reporter's
    contact (Siti Rahma, 081299990000) and the operator's internal note (RAHASIA-OPERATOR); the
    public note is "Sudah ditambal"."""
    from laksa.reports import actions

    report = make_report(contact=actions.ContactInput(name="Siti Rahma", phone="081299990000"))
    actions.verify_report(report, by=operator, internal_note="RAHASIA-OPERATOR")
    actions.accept_job(report, by=supervisor_a)
    actions.finish_job(report, by=supervisor_a, proof=[processed(77)], note="Sudah ditambal")
    report.refresh_from_db()
    return report


SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
"""The real city's boundary files (Kota Tangerang), kept beside the project, not in it."""
REAL_DATA_FILES = ("tangerang_kecamatan.geojson", "tangerang_kelurahan.geojson")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests marked `needs_real_data` are skipped, saying why, when ../shared/data lacks the
    boundary files. In CI (CI=true) the run fails instead, as a missing Chromium does under
    LAKSA_REQUIRE_BROWSER=1: there the real-city tests must not quietly stop running."""
    wanting = [item for item in items if item.get_closest_marker("needs_real_data")]
    missing = [name for name in REAL_DATA_FILES if not (SHARED_DATA / name).is_file()]
    if not wanting or not missing:
        return
    lack = f"no {', '.join(missing)} in {SHARED_DATA}"
    if os.environ.get("CI") == "true":
        raise pytest.UsageError(f"CI=true but {lack} for {len(wanting)} needs_real_data tests")
    skip = pytest.mark.skip(reason=lack)
    for item in wanting:
        item.add_marker(skip)
